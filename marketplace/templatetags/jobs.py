"""Marketplace pieces other apps' pages show without importing marketplace (accounts sits below it)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from marketplace import selectors

if TYPE_CHECKING:
    from accounts.models import User
    from marketplace.models import JobPost

register = template.Library()


@register.simple_tag
def client_open_jobs(client: User, limit: int = 10) -> list[JobPost]:
    """`{% client_open_jobs person as open_jobs %}` on the client's public page."""
    return selectors.job_open_public_for_client(client=client, limit=limit)
