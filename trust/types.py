"""Names for annotations only: trust imports no other app, not even for type checkers.

`User` is django-stubs' alias for AUTH_USER_MODEL (`django.contrib.auth.models._User`): its mypy plugin
resolves it to the project's user model, so trust's signatures say "the user" without importing the
accounts app. It exists only for type checkers; import these names under `if TYPE_CHECKING:`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, TypedDict

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.auth.models import _User as User
    from django.http import HttpRequest

    # `request.user`: signed in or not (trust's checks answer "no" for anonymous visitors).
    Visitor: TypeAlias = User | AnonymousUser

    class AuthenticatedHttpRequest(HttpRequest):
        """The request of a view behind `login_required`: `request.user` is the user, never anonymous
        (accounts.http has the same for the other apps; trust imports no app)."""

        user: User

__all__ = ["AuthenticatedHttpRequest", "FindingDict", "SnapshotLine", "User", "Visitor"]


class FindingDict(TypedDict):
    """A finding as stored on a flag (`Flag.findings`), from trust.services.flags.finding_dict."""

    kind: str
    start: int
    end: int
    matched: str
    normalized: str
    confidence: float
    reason: str


class SnapshotLine(TypedDict):
    """One line of the conversation around a refusal, as stored on the flag (`Flag.extra["snapshot"]`)."""

    author: str
    author_id: int | None
    text: str
    created_at: str | None
