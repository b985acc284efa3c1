"""Deployment-safety system checks, and the start-up gate that runs every check.

`manage.py` commands run system checks before they start; ASGI/WSGI servers (uvicorn) and Celery
don't, so config/asgi.py, config/wsgi.py and config/celery.py call `refuse_to_start_on_errors()`:
an Error-level check (a missing secret key, an unguarded text field, ...) stops the process with
the same report `manage.py check` prints.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.management.base import SystemCheckError

MIN_SECRET_KEY_LENGTH = 50


@checks.register(checks.Tags.security)
def secret_key_check(app_configs: Sequence[AppConfig] | None = None, **kwargs: object) -> list[checks.CheckMessage]:
    """config.E001: with DEBUG off, DJANGO_SECRET_KEY must be set to a long random value; the key
    committed in config/settings.py is public and would let anyone forge signed values (sessions,
    email-verification and password-reset links)."""
    if settings.DEBUG:
        return []
    key = settings.SECRET_KEY or ""
    if key == getattr(settings, "DEV_SECRET_KEY", None) or len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5:
        return [
            checks.Error(
                "DJANGO_SECRET_KEY is not set (or is short): with DEBUG off the site refuses to run on the "
                "public development key.",
                hint=(
                    "Set DJANGO_SECRET_KEY to at least 50 random characters, e.g. the output of "
                    "`python -c \"import secrets; print(secrets.token_urlsafe(50))\"`; "
                    "or set DJANGO_DEBUG=true for local development."
                ),
                id="config.E001",
            )
        ]
    return []


def startup_errors() -> list[checks.CheckMessage]:
    """Every registered check (no database or deployment-only checks) at Error level or above."""
    messages = checks.run_checks(include_deployment_checks=False)
    return [m for m in messages if m.level >= checks.ERROR and not m.is_silenced()]


def refuse_to_start_on_errors() -> None:
    """Raise SystemCheckError, formatted like `manage.py check`, when any check fails at Error level."""
    errors = startup_errors()
    if errors:
        lines = "\n".join(str(e) for e in errors)
        raise SystemCheckError(f"System check identified errors; refusing to start:\n{lines}")


@checks.register(checks.Tags.models)
def transition_tables_check(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """core.E002: a model's transition table (core.transitions) names only values its field allows,
    and lists every value as a state (an empty set for a final one), so a move is never refused or
    allowed by a typo."""
    from django.apps import apps

    from core.transitions import table_attribute

    found: list[checks.CheckMessage] = []
    configs = app_configs if app_configs is not None else apps.get_app_configs()
    for config in configs:
        for model in config.get_models():
            for field in model._meta.concrete_fields:
                table = model.__dict__.get(table_attribute(field.name))
                if table is None or not field.choices:
                    continue
                values = {str(v) for v, _ in field.flatchoices}
                named = {str(v) for v in table} | {str(t) for targets in table.values() for t in targets}
                unknown, missing = named - values, values - {str(v) for v in table}
                if unknown or missing:
                    found.append(checks.Error(
                        f"{model.__name__}.{table_attribute(field.name)} does not match the choices of "
                        f"{field.name!r}: unknown {sorted(unknown)}, no entry for {sorted(missing)}.",
                        obj=model, id="core.E002",
                    ))
    return found
