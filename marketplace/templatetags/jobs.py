"""Marketplace pieces other apps' pages show without importing marketplace (accounts sits below it)."""
from __future__ import annotations

from typing import Any

from django import template

from marketplace import selectors

register = template.Library()


@register.simple_tag
def client_open_jobs(client: Any, limit: int = 10) -> list[Any]:
    """`{% client_open_jobs person as open_jobs %}` on the client's public page."""
    return selectors.job_open_public_for_client(client=client, limit=limit)
