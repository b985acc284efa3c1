"""What job cards and job pages show that reputation computes (client stats, proposal counts,
withheld badges). Reputation reads marketplace, so marketplace never imports it: reputation fills
these slots in its `ready()` (core.providers). The defaults show a page without those figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from core.providers import Provider

if TYPE_CHECKING:
    from accounts.models import User

    from .cards import CardRow


class ClientFacts(Protocol):
    """What a job card shows of its client (reputation.selectors.ClientReputation)."""

    @property
    def shown_payment_verified(self) -> bool: ...
    @property
    def rating(self) -> float | None: ...
    @property
    def rating_count(self) -> int: ...
    @property
    def spent_band(self) -> str: ...
    @property
    def hires(self) -> int: ...


class CardFacts(Protocol):
    """reputation.selectors.JobCardFacts, as a job card reads it."""

    @property
    def client(self) -> ClientFacts: ...
    @property
    def proposals_band(self) -> str: ...


def _no_facts(rows: Sequence[CardRow]) -> Mapping[int, CardFacts]:
    return {}


def _nobody_withheld(user_column: str) -> tuple[str, list[object]]:
    return "(1 = 0)", []


def _no_reputation(*, user: User) -> object:  # only handed to the job page's template
    return None


def _no_counts(job_ids: Iterable[int]) -> dict[int, int]:
    return {}


# {job id: facts} for a page of marketplace.cards.CardRow rows (the card's client stats and count).
job_card_facts: Provider[[Sequence[CardRow]], Mapping[int, CardFacts]] = Provider("job_card_facts", default=_no_facts)
# (SQL, params): true when the user in `user_column` has their badges withheld by a sanction.
withheld_sql: Provider[[str], tuple[str, list[object]]] = Provider("withheld_sql", default=_nobody_withheld)
# The client's stats on a job page.
client_reputation: Provider[..., object] = Provider("client_reputation", default=_no_reputation)
# {job id: live proposals}.
proposal_counts: Provider[[Iterable[int]], dict[int, int]] = Provider("proposal_counts", default=_no_counts)
