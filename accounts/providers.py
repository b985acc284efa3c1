"""What public profiles show that reputation computes (ratings, job success, client stats, reviews).
Reputation reads accounts, so accounts never imports it: reputation fills these slots in its
`ready()` (core.providers). The defaults show a profile without those figures.

The values are reputation's (FreelancerReputation, ClientReputation, Review), which accounts can't
name even for type checking (tests/test_architecture.py walks TYPE_CHECKING imports too); accounts
only hands them to templates, so they are `object` here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.providers import Provider

if TYPE_CHECKING:
    from .models import User


def _no_reputation(*, user: User) -> object:
    return None


def _no_reviews(*, user: User, as_role: str, limit: int = 20) -> Sequence[object]:
    return []


freelancer_reputation: Provider[..., object] = Provider("freelancer_reputation", default=_no_reputation)
client_reputation: Provider[..., object] = Provider("client_reputation", default=_no_reputation)
# Public reviews of `user` in a role ("freelancer" or "client"), newest first.
public_reviews: Provider[..., Sequence[object]] = Provider("public_reviews", default=_no_reviews)
