"""System checks: no text field of our apps escapes the guard (trust.E001) and no guarded model can
be bulk-written around it (trust.E002)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, register
from django.db import models

if TYPE_CHECKING:
    from django.apps import AppConfig

def project_apps() -> list[str]:
    """Every installed app that lives in this project (not in site-packages): a new app is checked
    from the day it is added, without being listed here (trust names no other app)."""
    base = str(settings.BASE_DIR)
    return [
        c.label for c in apps.get_app_configs() if str(c.path).startswith(base) and "site-packages" not in str(c.path)
    ]


@register()
def check_text_fields_guarded(app_configs: Sequence[AppConfig] | None = None, **kwargs: object) -> list[Error]:
    from trust.guards import spec_for

    exempt = set(getattr(settings, "TRUST_EXEMPT_FIELDS", ()))
    errors: list[Error] = []
    for label in project_apps():
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.proxy:
                continue
            spec = spec_for(model)
            guarded = set(spec.fields) if spec else set()
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField) or field.choices:
                    continue
                if getattr(field, "model", model) is not model:
                    continue  # inherited from a parent checked on its own
                name = f"{model._meta.label}.{field.name}"
                if field.name in guarded or name in exempt:
                    continue
                errors.append(
                    Error(
                        f"{name} holds text but is neither guarded nor exempt.",
                        hint=(
                            f"Register it with trust.guards.guard({model.__name__}, fields=[...]) in "
                            f"{label}/apps.py, or, if it carries no user prose, add \"{name}\" to "
                            "settings.TRUST_EXEMPT_FIELDS."
                        ),
                        obj=model,
                        id="trust.E001",
                    )
                )
    return errors


@register()
def check_guarded_managers(app_configs: Sequence[AppConfig] | None = None, **kwargs: object) -> list[Error]:
    from trust.guards import REGISTRY, GuardedManager

    errors: list[Error] = []
    for model in REGISTRY:
        if not isinstance(model._default_manager, GuardedManager):
            errors.append(
                Error(
                    f"{model._meta.label} is guarded but its default manager is "
                    f"{type(model._default_manager).__name__}, so update()/bulk_create()/bulk_update() skip the guard.",
                    hint="Declare `objects = GuardedManager()` (trust.guards) first on the model.",
                    obj=model,
                    id="trust.E002",
                )
            )
    return errors


@register()
def check_guarded_admins(app_configs: Sequence[AppConfig] | None = None, **kwargs: object) -> list[Error]:
    """trust.E003: every admin (and inline) of a guarded model runs its edits as staff writes."""
    from django.contrib import admin

    from trust.adminguard import GuardedAdmin, GuardedInline
    from trust.guards import spec_for

    errors: list[Error] = []
    for model, model_admin in admin.site._registry.items():
        inlines = [inline for inline in getattr(model_admin, "inlines", ()) if spec_for(inline.model) is not None]
        if (spec_for(model) is not None or inlines) and not isinstance(model_admin, GuardedAdmin):
            errors.append(Error(
                f"The admin of {model._meta.label} edits guarded text outside a staff write scope.",
                hint="Inherit trust.adminguard.GuardedAdmin first.", obj=type(model_admin), id="trust.E003",
            ))
        for inline in inlines:
            if not issubclass(inline, GuardedInline):
                errors.append(Error(
                    f"The inline {inline.__name__} edits guarded {inline.model._meta.label} text unchecked.",
                    hint="Inherit trust.adminguard.GuardedInline first.", obj=inline, id="trust.E003",
                ))
    return errors
