from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "trust"
    verbose_name = "Trust & safety"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers trust.E001 / E002 / E003)
        from .uploads import checks as upload_checks  # trust.E001 for file fields

        upload_checks.register_upload_guard()
