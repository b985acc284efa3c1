from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class ContentBlocked(ValidationError):
    """Raised by the guard when text may not be saved. Carries what was found and an unsaved Flag
    (`flag`), recorded by `trust.services.flag_record` after the write rolls back. `decision` is the
    policy decision (for `{% include "trust/partials/blocked.html" with decision=blocked.decision %}`)."""

    def __init__(
        self,
        message: str,
        *,
        findings: list[Any],
        context: str,
        field: str = "",
        flag: Any = None,
        decision: Any = None,
    ):
        super().__init__(message, code="content_blocked")
        self.findings = findings
        self.context = context
        self.field = field
        self.flag = flag
        self.decision = decision


class UserRestricted(PermissionError):
    """The user is under a restriction or suspension that forbids this action; `message` says until when."""

    def __init__(self, message: str, *, until: Any = None):
        super().__init__(message)
        self.message = message
        self.until = until


class InvalidTransition(ValidationError):
    """A flag or appeal was asked to move to a status its current status does not allow."""
