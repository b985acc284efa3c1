"""The one place that sends mail for events: an HTML and a plain-text part from templates, links built
from SITE_URL (which `make run PORT=...` sets)."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def site_url(path: str = "") -> str:
    return settings.SITE_URL.rstrip("/") + (path if path.startswith("/") or not path else "/" + path)


def send_templated(*, to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    """Render `<template>.txt` and `<template>.html` and send both as one message."""
    context = {**context, "SITE_URL": site_url(), "SITE_NAME": settings.SITE_NAME}
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(f"[{settings.SITE_NAME}] {subject}", text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()
