"""Why a message could not be sent, in words the sender can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core import errors

if TYPE_CHECKING:
    from trust.policy import Decision


class MessagingError(errors.DomainError):
    """Base for refusals the sender should see verbatim. `code` names the case for the socket."""

    code_name = "invalid"

    def __init__(self, message: str):
        super().__init__(message, code=self.code_name)
        self.text = message


class MessageBlocked(MessagingError):
    """Trust refused the text: nothing was stored or delivered. Carries the Decision to highlight."""

    code_name = "blocked"

    def __init__(self, decision: Decision, *, text: str):
        # The policy's reason, then what the refusal counted as (set by the trust write scope).
        super().__init__(" ".join(part for part in (decision.message, decision.outcome) if part))
        self.decision = decision
        self.body = text


class RateLimited(MessagingError, errors.RateLimited):
    code_name = "rate_limited"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Restricted(MessagingError, errors.NotAllowed):
    """A trust sanction forbids messaging (wraps trust.exceptions.UserRestricted)."""

    code_name = "restricted"


class NotAParty(MessagingError, errors.NotAllowed):
    code_name = "forbidden"


class EditNotAllowed(MessagingError, errors.NotAllowed):
    code_name = "edit_not_allowed"
