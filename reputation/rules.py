"""Every reputation rule in one place: the job success score, earnings bands, proposal bands, ratings.

Pure functions over plain numbers, so the rules are easy to read, test and change. The selectors
(reputation.selectors) gather the numbers from contracts; nothing else computes reputation.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# A job success score is shown once this many contracts have an outcome (fewer say too little).
JSS_MIN_OUTCOMES = 3
# Client ratings that count as a good or a bad outcome (1-5 stars; 3 is neutral).
JSS_POSITIVE_MIN_SCORE = 4
JSS_NEGATIVE_MAX_SCORE = 2

# (threshold in cents, label), highest first: the band is the first threshold reached.
EARNINGS_BANDS: list[tuple[int, str]] = [
    (100_000_000, "$1M+"),
    (10_000_000, "$100K+"),
    (1_000_000, "$10K+"),
    (100_000, "$1K+"),
    (10_000, "$100+"),
]

# (upper bound exclusive, label) for "Proposals: ..." on job cards, as marketplaces show it.
PROPOSAL_BANDS: list[tuple[int, str]] = [
    (5, "Less than 5"),
    (10, "5 to 10"),
    (15, "10 to 15"),
    (20, "15 to 20"),
    (50, "20 to 50"),
]

# Sanctions that withhold every badge (talent badges, job success score, payment verified) while in
# force; the same kinds trust.standing.badges_withheld checks.
WITHHOLDING_SANCTIONS = ("badge_loss", "suspension")


@dataclass(frozen=True)
class Outcome:
    """One ended contract as the freelancer's record sees it."""

    paid_cents: int
    client_score: int | None  # the client's rating of the freelancer, if given
    lost_dispute: bool  # a dispute on it was decided fully for the client (refund)


def outcome_kind(outcome: Outcome) -> str:
    """positive / negative / neutral / none (no outcome: nothing paid and nothing said).

    A low rating or a dispute lost is negative; a good rating is positive; paid work the client
    ended quietly (no rating) counts as positive, the way a finished job does; 3 stars is neutral.
    """
    if outcome.lost_dispute:
        return "negative"
    if outcome.client_score is not None:
        if outcome.client_score <= JSS_NEGATIVE_MAX_SCORE:
            return "negative"
        if outcome.client_score >= JSS_POSITIVE_MIN_SCORE:
            return "positive"
        return "neutral"
    return "positive" if outcome.paid_cents > 0 else "none"


def job_success_score(outcomes: list[Outcome]) -> int | None:
    """Percent of contracts with an outcome that went well; None until JSS_MIN_OUTCOMES have one."""
    kinds = [outcome_kind(o) for o in outcomes]
    counted = [k for k in kinds if k != "none"]
    if len(counted) < JSS_MIN_OUTCOMES:
        return None
    share = Decimal(counted.count("positive")) * 100 / len(counted)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def earnings_band(cents: int) -> str:
    """"$10K+" style band: public profiles show a band, never the exact amount."""
    for threshold, label in EARNINGS_BANDS:
        if cents >= threshold:
            return label
    return ""


def proposal_band(count: int) -> str:
    for bound, label in PROPOSAL_BANDS:
        if count < bound:
            return label
    return "50+"


def average_rating(total: int, count: int) -> float | None:
    """Mean of 1-5 star scores to one decimal place; None without ratings."""
    if count <= 0:
        return None
    mean = Decimal(total) / count
    return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
