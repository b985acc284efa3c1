"""What job cards and job pages show that reputation computes (client stats, proposal counts,
withheld badges). Reputation reads marketplace, so marketplace never imports it: reputation fills
these slots in its `ready()` (core.providers). The defaults show a page without those figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from core.providers import Provider

if TYPE_CHECKING:
    from accounts.models import User


def _no_facts(rows: Sequence[Any]) -> dict[int, Any]:
    return {}


def _nobody_withheld(user_column: str) -> tuple[str, list[Any]]:
    return "(1 = 0)", []


def _no_reputation(*, user: User) -> Any:
    return None


def _no_counts(job_ids: Iterable[int]) -> dict[int, int]:
    return {}


# {job id: facts} for a page of marketplace.cards.CardRow rows (the card's client stats and count).
job_card_facts: Provider[[Sequence[Any]], dict[int, Any]] = Provider("job_card_facts", default=_no_facts)
# (SQL, params): true when the user in `user_column` has their badges withheld by a sanction.
withheld_sql: Provider[[str], tuple[str, list[Any]]] = Provider("withheld_sql", default=_nobody_withheld)
# The client's stats on a job page.
client_reputation: Provider[..., Any] = Provider("client_reputation", default=_no_reputation)
# {job id: live proposals}.
proposal_counts: Provider[[Iterable[int]], dict[int, int]] = Provider("proposal_counts", default=_no_counts)
