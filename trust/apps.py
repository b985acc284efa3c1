from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "trust"
    verbose_name = "Trust & safety"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers trust.E001 / E002 / E003)
