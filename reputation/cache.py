"""The per-user reputation cache: what reputation.selectors derived, dropped when it changes.

Keys hold derived numbers only; whether a user's badges are withheld is never cached (a sanction
hides them at once). A contract event (funding, release, end, dispute decision...) or new feedback
drops both parties' entries; the TTL bounds what time alone changes (feedback revealed when the
reveal period passes).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache

if TYPE_CHECKING:
    from accounts.models import User
    from contracts.models import Contract, Feedback

_PREFIX = "reputation:v1"


def key(kind: str, user_id: int) -> str:
    return f"{_PREFIX}:{kind}:{user_id}"


def ttl() -> int:
    return int(getattr(settings, "REPUTATION_CACHE_SECONDS", 600))


def forget_users(*user_ids: int) -> None:
    cache.delete_many([key(kind, uid) for uid in user_ids if uid for kind in ("freelancer", "client")])


def forget_contract(sender: object = None, *, contract: Contract | None = None, **kwargs: object) -> None:
    """contract_event receiver (sent after commit)."""
    if contract is not None:
        forget_users(contract.client_id, contract.freelancer_id)


def forget_feedback(sender: object = None, *, instance: Feedback | None = None, **kwargs: object) -> None:
    """Feedback post_save receiver: the recipient's rating and, once revealed, both parties' records."""
    if instance is not None:
        forget_users(instance.author_id, instance.recipient_id)


def forget_sanctioned(sender: object = None, *, user: User | None = None, **kwargs: object) -> None:
    """trust.signals.user_sanctioned: badges are checked live, but the cached job-list pages and cards
    would show a withheld client's "Payment verified" until they expire; drop them after commit."""
    from django.db import transaction

    from marketplace.cache import job_list_changed

    if user is not None:
        transaction.on_commit(job_list_changed)
