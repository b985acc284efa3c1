"""Signed links for people who can't log in (a suspended account appeals from its email)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.core import signing

if TYPE_CHECKING:
    from trust.models import Sanction

APPEAL_LINK_MAX_AGE = 60 * 60 * 24 * 30  # seconds: 30 days, as the email says
_APPEAL_SALT = "trust.appeal-link"


def appeal_link_token(sanction: Sanction) -> str:
    return signing.dumps({"sanction": sanction.pk, "user": sanction.user_id}, salt=_APPEAL_SALT)


def appeal_link_data(token: str) -> dict[str, int]:
    """{"sanction": pk, "user": pk}; raises signing.BadSignature (or SignatureExpired) when not valid."""
    return signing.loads(token, salt=_APPEAL_SALT, max_age=APPEAL_LINK_MAX_AGE)
