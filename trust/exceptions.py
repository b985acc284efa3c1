from __future__ import annotations

from typing import TYPE_CHECKING

from core import errors

if TYPE_CHECKING:
    from datetime import datetime

    from django.db import models

    from trust.detection.findings import Finding
    from trust.models import Flag
    from trust.policy import Decision
    from trust.scope import WriteScope


class ContentBlocked(errors.DomainError):
    """Raised when text may not be saved or sent (by `WriteScope.check` or by the guard).

    `decision` is the policy decision (for `{% include "trust/partials/blocked.html" with
    decision=blocked.decision %}`); `field` the refused field. Once the write scope has recorded it,
    `flag` is the saved Flag and `outcome` says what the refusal counted as (also appended to the
    message, so every form, view and consumer shows it by showing the error).
    """

    def __init__(
        self,
        message: str,
        *,
        findings: list[Finding],
        context: str,
        field: str = "",
        flag: Flag | None = None,
        decision: Decision,  # the one raiser, WriteScope.refusal, always has it
    ):
        super().__init__(message, code="content_blocked")
        self.findings = findings
        self.context = context
        self.field = field
        self.flag = flag
        self.decision = decision
        self.target: models.Model | None = None
        self.scope: WriteScope | None = None
        self.recorded = False
        self.outcome = ""

    @property
    def text(self) -> str:
        """The message the author reads: what was found, the rule, and what it counted as."""
        return str(self.message)


class UserRestricted(errors.NotAllowed, PermissionError):
    """The user is under a restriction or suspension that forbids this action; `message` says until when.
    Still a PermissionError, as it always was, for callers that catch it as one."""

    default_code = "restricted"
    message: str

    def __init__(self, message: str, *, until: datetime | None = None):
        super().__init__(message)
        self.message = message
        self.until = until


class InvalidTransition(errors.InvalidTransition):
    """A flag or appeal was asked to move to a status its current status does not allow."""
