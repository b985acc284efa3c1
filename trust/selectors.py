"""Reads for trust pages. `badges_withheld` lives in trust.standing (re-exported for contracts.badges)."""
from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.db.models import QuerySet
from django.utils import timezone

from trust.models import Appeal, Flag, Report, Sanction, Strike
from trust.standing import badges_withheld  # noqa: F401  (public seam)

if TYPE_CHECKING:
    from datetime import datetime

    from trust.types import User


def strike_list_for_user(*, user: User) -> QuerySet[Strike]:
    return Strike.objects.filter(user=user).select_related("flag").prefetch_related("sanctions").order_by("-created_at")


def sanction_list_for_user(*, user: User) -> QuerySet[Sanction]:
    return (
        Sanction.objects.filter(user=user)
        .select_related("strike__flag", "appeal")
        .order_by("-starts_at", "-pk")
    )


def report_list_for_reporter(*, user: User) -> QuerySet[Report]:
    """The reporter's own reports with their outcome; never anything about the reported side."""
    return Report.objects.filter(reporter=user).select_related("flag", "content_type").order_by("-created_at")


def pending_flags_for_user(*, user: User) -> QuerySet[Flag]:
    """Automatic refusals still waiting for review (shown so the user isn't surprised later)."""
    return Flag.objects.filter(user=user, source=Flag.Source.AUTOMATIC, status__in=["pending", "escalated"])


def appeal_for(*, sanction: Sanction) -> Appeal | None:
    return Appeal.objects.filter(sanction=sanction).first()


class FlagHistory(TypedDict):
    flags: list[Flag]
    flag_count: int
    strikes: list[Strike]
    sanctions: list[Sanction]
    now: datetime


def flag_history(*, user: User | None, exclude_pk: int | None = None) -> FlagHistory:
    """For the review screen: what this user did before."""
    flags = Flag.objects.filter(user=user).order_by("-created_at")
    if exclude_pk is not None:
        flags = flags.exclude(pk=exclude_pk)
    now = timezone.now()
    return {
        "flags": list(flags[:20]),
        "flag_count": flags.count(),
        "strikes": list(Strike.objects.filter(user=user).select_related("flag").order_by("-created_at")[:20]),
        "sanctions": list(Sanction.objects.filter(user=user).order_by("-starts_at")[:20]),
        "now": now,
    }
