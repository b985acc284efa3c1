"""Template helpers of the upload pipeline: may this viewer fetch that upload?"""
from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

if TYPE_CHECKING:
    from trust.types import Visitor
    from trust.uploads.models import Upload

register = template.Library()


@register.filter
def fetchable_by(upload: Upload | None, user: Visitor | None) -> bool:
    """True when trust.uploads.views would serve `upload` to `user` (public clean images too)."""
    if upload is None:
        return False
    from trust.uploads.views import is_public, may_fetch

    return is_public(upload) or may_fetch(user, upload)
