"""What public profiles show that reputation computes (ratings, job success, client stats, reviews).
Reputation reads accounts, so accounts never imports it: reputation fills these slots in its
`ready()` (core.providers). The defaults show a profile without those figures."""

from __future__ import annotations

from typing import Any

from core.providers import Provider


def _no_reputation(*, user: Any) -> Any:
    return None


def _no_reviews(*, user: Any, as_role: str, limit: int = 20) -> list[Any]:
    return []


freelancer_reputation: Provider[..., Any] = Provider("freelancer_reputation", default=_no_reputation)
client_reputation: Provider[..., Any] = Provider("client_reputation", default=_no_reputation)
# Public reviews of `user` in a role ("freelancer" or "client"), newest first.
public_reviews: Provider[..., list[Any]] = Provider("public_reviews", default=_no_reviews)
