"""Talent badges: every rule in one place.

A badge is earned from ended contracts with paid work, the private feedback scores freelancers
received, and lifetime earnings (released to them, before fees). Badges are lost when the rules no
longer hold and withheld entirely while a trust sanction says so (trust.standing.badges_withheld).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from accounts.models import TalentBadge

from .models import Contract, Feedback, HourlyInvoice, Milestone

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class BadgeRule:
    kind: str
    min_completed: int
    min_earnings_cents: int
    min_average_score: float
    min_reviews: int


RULES = [
    BadgeRule(
        TalentBadge.Kind.RISING_TALENT, min_completed=1, min_earnings_cents=10_000, min_average_score=4.5, min_reviews=1
    ),
    BadgeRule(
        TalentBadge.Kind.TOP_RATED, min_completed=5, min_earnings_cents=100_000, min_average_score=4.7, min_reviews=3
    ),
    BadgeRule(
        TalentBadge.Kind.TOP_RATED_PLUS,
        min_completed=10,
        min_earnings_cents=1_000_000,
        min_average_score=4.8,
        min_reviews=5,
    ),
]


@dataclass(frozen=True)
class TalentStats:
    completed: int
    earnings_cents: int
    average_score: float
    reviews: int


def talent_stats(user: User) -> TalentStats:
    earned = (Milestone.objects.filter(contract__freelancer=user).aggregate(t=Sum("released_cents"))["t"] or 0) + (
        HourlyInvoice.objects.filter(contract__freelancer=user).aggregate(t=Sum("released_cents"))["t"] or 0
    )
    completed = (
        Contract.objects.filter(freelancer=user, status=Contract.Status.ENDED)
        .filter(Q(milestones__released_cents__gt=0) | Q(invoices__released_cents__gt=0))
        .distinct()
        .count()
    )
    scores = Feedback.objects.filter(recipient=user, contract__freelancer=user).aggregate(a=Avg("score"), n=Count("pk"))
    return TalentStats(
        completed=completed, earnings_cents=earned, average_score=float(scores["a"] or 0), reviews=scores["n"]
    )


def _withheld(user: User) -> bool:
    from trust.standing import badges_withheld  # imported late: trust reads contracts too

    return bool(badges_withheld(user))


def earned_kinds(stats: TalentStats) -> set[str]:
    return {
        rule.kind
        for rule in RULES
        if stats.completed >= rule.min_completed
        and stats.earnings_cents >= rule.min_earnings_cents
        and stats.reviews >= rule.min_reviews
        and stats.average_score >= rule.min_average_score
    }


def badges_refresh(*, user: User) -> set[str]:
    """Award and remove badges to match the rules; none while a sanction withholds them."""
    kinds = set() if _withheld(user) else earned_kinds(talent_stats(user))
    TalentBadge.objects.filter(user=user).exclude(kind__in=kinds).delete()
    have = set(TalentBadge.objects.filter(user=user).values_list("kind", flat=True))
    for kind in kinds - have:
        TalentBadge.objects.get_or_create(user=user, kind=kind, defaults={"awarded_at": timezone.now()})
    return kinds
