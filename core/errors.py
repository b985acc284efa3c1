"""The error hierarchy every app's refusals share.

A `DomainError` is a refusal the user may read as is: `message` is a sentence fit for the page and
`code` names the case (for a socket frame, a JSON reply or a test). It is a Django `ValidationError`
on purpose, so forms, admin actions and views that already show `error.messages` keep working, and a
caller in another app can catch "the other app refused" without importing that app's classes.

Each app keeps its own names (`contracts.exceptions.InvalidTransition`, `marketplace.exceptions.
NotAllowed`, ...) as subclasses of these, so `except InvalidTransition` in contracts still catches only
contracts' refusals while `except core.errors.InvalidTransition` catches every app's.

Bugs are not DomainErrors: a broken invariant (`contracts.exceptions.LedgerError`) stays a
RuntimeError so no form ever shows it as a field error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DomainError(ValidationError):
    """Base: the action is refused; `message` says why in words the user understands."""

    default_code = "invalid"
    default_message = "This can't be done right now."

    def __init__(
        self,
        message: StrOrPromise | None = None,
        code: str | None = None,
        params: dict[str, Any] | None = None,  # Django's: %-format values for the message
    ):
        super().__init__(self.default_message if message is None else message, code=code or self.default_code,
                         params=params)

    @property
    def user_message(self) -> str:
        """One sentence (or several joined) for the page, whatever shape the error was built with."""
        return " ".join(str(m) for m in self.messages)


class NotAllowed(DomainError):
    """This user may not do this to this object (not a party, not the owner, wrong role, sanctioned)."""

    default_code = "not_allowed"
    default_message = "You can't do this."


class InvalidTransition(DomainError):
    """The object is not in a state that allows this move (see core.transitions)."""

    default_code = "invalid_transition"
    default_message = "This can't be done in the current state."


class Conflict(InvalidTransition):
    """Someone else changed the object meanwhile (the conditional update matched no row), or the same
    request was already used for something else: reload and try again."""

    default_code = "conflict"
    default_message = "This was changed meanwhile; reload the page and try again."


class RateLimited(DomainError):
    """Too many attempts in a window; `retry_after` seconds until the next one may pass."""

    default_code = "rate_limited"
    default_message = "Too many attempts; wait a moment and try again."

    def __init__(self, message: StrOrPromise | None = None, code: str | None = None, *, retry_after: int = 60):
        super().__init__(message, code)
        self.retry_after = retry_after
