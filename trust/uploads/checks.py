"""trust.E001 for files: a FileField/ImageField in our apps stores bytes outside the upload pipeline
(no sniffing, no scan, served from /media/). Files are a ForeignKey to trust.Upload instead; only
Upload.file itself (and fields listed in TRUST_EXEMPT_FIELDS) may hold a file."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, register
from django.db import models

from trust.checks import project_apps

if TYPE_CHECKING:
    from django.apps import AppConfig

    from trust.types import User

    from .models import Upload

PIPELINE_FIELDS = {"trust.Upload.file"}


@register()
def check_file_fields_use_pipeline(app_configs: Sequence[AppConfig] | None = None, **kwargs: object) -> list[Error]:
    exempt = set(getattr(settings, "TRUST_EXEMPT_FIELDS", ())) | PIPELINE_FIELDS
    errors: list[Error] = []
    for label in project_apps():
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.proxy:
                continue
            for field in model._meta.get_fields():
                if not isinstance(field, models.FileField) or getattr(field, "model", model) is not model:
                    continue
                name = f"{model._meta.label}.{field.name}"
                if name in exempt:
                    continue
                errors.append(
                    Error(
                        f"{name} stores a file outside the upload pipeline (not sniffed, not scanned, not private).",
                        hint=(
                            "Use a ForeignKey to trust.Upload filled by trust.uploads.services.upload_accept(), with "
                            "a use registered by trust.uploads.registry.register_use() in the app's ready()."
                        ),
                        obj=model,
                        id="trust.E001",
                    )
                )
    return errors


def _parties(upload: Upload) -> tuple[User | None, User | None]:
    return upload.owner, upload.counterpart


def register_upload_guard() -> None:
    """The original name is text a viewer reads: guarded on every save path. upload_accept judges it
    in the use's own context first (a specific error); this backstop uses a two-party context
    ("contract_file"): for public uses there is no counterpart, so it denies contact details like a
    public context, and between two parties it opens up once their contract started, like the use."""
    from trust.guards import guard

    from .models import Upload

    guard(
        Upload,
        fields=["original_name"],
        context="contract_file",
        user_field="owner",
        parties=_parties,
    )
