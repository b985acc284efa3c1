"""Deadlines honoured when read: everything that is due on a contract, settled before anyone acts
on it or looks at it. Beat runs the same steps periodically (so emails go out on time); the pages
and services call `contract_settle_due` first, so nobody's money ever waits on beat."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db.models import Model, QuerySet
from django.utils import timezone

from ..exceptions import InvalidTransition
from ..models import Contract, Dispute, HourlyInvoice, Milestone, TimeEntry


def contract_settle_due(*, contract_id: int | None) -> int:
    """Release submitted milestones past their review period, decide disputes past their response
    window, pay billed hourly weeks past their dispute window and bill finished hourly weeks.
    Each step is its own service: its own durable transaction, under the row locks. Returns how
    many steps ran (0 almost always: a few indexed queries)."""
    if not contract_id:
        return 0
    from .disputes import dispute_decide_overdue
    from .hourly import invoice_release, week_close, week_start
    from .milestones import milestone_auto_release

    now = timezone.now()
    done = 0
    steps: list[tuple[Callable[..., object], str, QuerySet[Model]]] = [
        (milestone_auto_release, "milestone_id", Milestone.objects.filter(
            contract_id=contract_id, status=Milestone.Status.SUBMITTED, auto_approve_at__lte=now
        )),
        (dispute_decide_overdue, "dispute_id", Dispute.objects.filter(
            contract_id=contract_id, status=Dispute.Status.OPEN, respond_by__lte=now
        )),
        (invoice_release, "invoice_id", HourlyInvoice.objects.filter(
            contract_id=contract_id, status=HourlyInvoice.Status.BILLED, dispute_until__lte=now
        )),
    ]
    for service, arg, queryset in steps:
        for pk in list(queryset.values_list("pk", flat=True)):
            try:
                service(**{arg: pk})
                done += 1
            except InvalidTransition:  # settled meanwhile by someone else
                continue
    this_monday = week_start(timezone.localdate())
    open_days = TimeEntry.objects.filter(
        contract_id=contract_id, invoice__isnull=True, date__lt=this_monday,
        contract__status__in=[Contract.Status.ACTIVE, Contract.Status.PAUSED],
    ).values_list("date", flat=True)
    for monday in sorted({week_start(day) for day in open_days}):
        if monday + timedelta(days=7) > timezone.localdate():
            continue
        try:
            if week_close(contract_id=contract_id, week=monday):
                done += 1
        except InvalidTransition:
            continue
    return done
