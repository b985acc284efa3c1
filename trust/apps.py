from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "trust"
    verbose_name = "Trust & safety"

    def ready(self) -> None:
        from django.contrib import admin

        from . import checks  # noqa: F401  (registers trust.E001 / trust.E002)
        from .uploads import checks as upload_checks  # trust.E001 for file fields

        upload_checks.register_upload_guard()
        from .forms import install_admin_guards

        # trust is the last app: every app's ready() has registered its guards and the admin has
        # autodiscovered every ModelAdmin, so each guarded admin form gets the field-level check.
        install_admin_guards(admin.site)
