"""Hourly contracts: a timesheet within the weekly limit, weekly invoices through escrow."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from .. import locks
from ..exceptions import ContractsError, InsufficientFunds, InvalidTransition
from ..ledger import format_cents, user_scope
from ..models import Contract, HourlyInvoice, LedgerTransaction, TimeEntry
from ._common import (
    durable_service,
    emit,
    notify,
    replayed,
    require_client,
    require_freelancer,
    same_operation_or_refuse,
    settle_first,
    transition,
)
from ._escrow import escrow_fund, escrow_settle

if TYPE_CHECKING:
    from accounts.models import User

IS = HourlyInvoice.Status


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def hourly_amount_cents(minutes: int, rate_cents: int) -> int:
    """Rate x hours in Decimal, rounded once, half up."""
    amount = Decimal(rate_cents) * Decimal(minutes) / Decimal(60)
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@settle_first
@durable_service
def time_log(*, contract_id: int, actor: User, date: date, minutes: int, memo: str) -> TimeEntry:
    contract = locks.contract(contract_id)  # serialises logging so the weekly limit holds
    require_freelancer(contract, actor)
    if not contract.is_hourly:
        raise ContractsError("Only hourly contracts have a timesheet.")
    if contract.status != Contract.Status.ACTIVE:
        raise InvalidTransition(f"The contract is {contract.get_status_display().lower()}.")
    today = timezone.localdate()
    if date > today:
        raise ContractsError("You can't log time in the future.")
    if contract.started_at and date < timezone.localtime(contract.started_at).date():
        raise ContractsError("That day is before the contract started.")
    if not 0 < minutes <= 24 * 60:
        raise ContractsError("Log between 1 minute and 24 hours for a day.")
    monday = week_start(date)
    if contract.invoices.filter(week_start=monday).exists():
        raise ContractsError("That week is already invoiced.")
    logged = (
        contract.time_entries.filter(date__gte=monday, date__lt=monday + timedelta(days=7)).aggregate(m=Sum("minutes"))[
            "m"
        ]
        or 0
    )
    limit = (contract.weekly_limit_hours or 0) * 60
    if logged + minutes > limit:
        left = max(limit - logged, 0)
        raise ContractsError(
            f"That is over the weekly limit of {contract.weekly_limit_hours} hours: "
            f"{left // 60}h {left % 60:02d}m left this week."
        )
    entry = TimeEntry(contract=contract, date=date, minutes=minutes, memo=memo)
    entry.full_clean()
    entry.save()
    return entry


@durable_service
def time_entry_delete(*, entry_id: int, actor: User) -> None:
    contract_id = TimeEntry.objects.values_list("contract_id", flat=True).get(pk=entry_id)
    contract = locks.contract(contract_id)
    require_freelancer(contract, actor)
    entry = TimeEntry.objects.select_for_update().get(pk=entry_id)
    if entry.invoice_id:
        raise ContractsError("Invoiced time can't be removed.")
    entry.delete()


def _close_week(contract: Contract, monday: date, actor: User | None) -> HourlyInvoice | None:
    entries = contract.time_entries.filter(invoice__isnull=True, date__gte=monday, date__lt=monday + timedelta(days=7))
    minutes = entries.aggregate(m=Sum("minutes"))["m"] or 0
    if not minutes:
        return None
    invoice = HourlyInvoice(
        contract=contract,
        week_start=monday,
        minutes=minutes,
        amount_cents=hourly_amount_cents(minutes, contract.hourly_rate_cents or 0),
    )
    invoice.full_clean()
    invoice.save()
    entries.update(invoice=invoice)
    try:
        _bill(invoice, actor=actor, key=f"hourly-bill:{invoice.pk}")
    except InsufficientFunds:
        notify(
            contract,
            contract.client,
            "Fund last week's hours",
            f"The week of {monday:%d %b} ({format_cents(invoice.amount_cents, contract.currency)}) is due. "
            "Top up your balance and pay it from the contract page.",
        )
    return invoice


def _bill(invoice: HourlyInvoice, *, actor: User | None, key: str, scope: str = LedgerTransaction.SYSTEM_SCOPE) -> None:
    """Client funds -> escrow, then the client has CONTRACTS_HOURLY_DISPUTE_DAYS to dispute."""
    contract = invoice.contract
    escrow_fund(
        contract=contract,
        amount_cents=invoice.amount_cents,
        key=key,
        scope=scope,
        kind=LedgerTransaction.Kind.HOURLY_BILL,
        actor=actor,
        invoice=invoice,
        memo=f"Hours for the week of {invoice.week_start:%d %b %Y}",
    )  # raises InsufficientFunds (the savepoint rolls back) before any state changes
    transition(invoice, to=IS.BILLED, actor=actor, contract=contract, verb="billed")
    invoice.billed_at = timezone.now()
    invoice.dispute_until = invoice.billed_at + timedelta(days=settings.CONTRACTS_HOURLY_DISPUTE_DAYS)
    invoice.save(update_fields=["billed_at", "dispute_until", "updated_at"])
    text = (
        f"The week of {invoice.week_start:%d %b} was billed: {format_cents(invoice.amount_cents, contract.currency)} "
        f"in escrow, paid out after {settings.CONTRACTS_HOURLY_DISPUTE_DAYS} days unless disputed."
    )
    emit(contract, "hourly_billed", text, actor)


@durable_service
def week_close(*, contract_id: int, week: date) -> HourlyInvoice | None:
    """Close a finished week into an invoice (periodic task; also on contract end)."""
    contract = locks.contract(contract_id)
    monday = week_start(week)
    if monday + timedelta(days=7) > timezone.localdate():
        raise InvalidTransition("That week has not ended yet.")
    if contract.invoices.filter(week_start=monday).exists():
        raise InvalidTransition("That week is already invoiced.")
    return _close_week(contract, monday, actor=None)


@settle_first
@durable_service
def invoice_fund(*, invoice_id: int, actor: User, idempotency_key: str | None = None) -> HourlyInvoice:
    """The client pays a week that was due for lack of funds."""
    invoice = locks.invoice(invoice_id)
    require_client(invoice.contract, actor)
    scope = user_scope(actor, "invoice-fund") if idempotency_key else LedgerTransaction.SYSTEM_SCOPE
    earlier = replayed(scope, idempotency_key)
    if earlier is not None:
        same_operation_or_refuse(earlier, invoice=invoice)
        return invoice
    if invoice.status != IS.DUE:
        raise InvalidTransition("This week is not awaiting payment.")
    _bill(invoice, actor=actor, key=idempotency_key or f"hourly-bill:{invoice.pk}", scope=scope)
    return invoice


@durable_service
def invoice_release(*, invoice_id: int) -> HourlyInvoice:
    """Pay out a billed week once its dispute window passed."""
    invoice = locks.invoice(invoice_id)
    if invoice.status != IS.BILLED or not invoice.dispute_until or invoice.dispute_until > timezone.now():
        raise InvalidTransition("This week is not due for payment.")
    contract = invoice.contract
    transition(invoice, to=IS.PAID, actor=None, contract=contract, verb="paid")
    escrow_settle(
        contract=contract,
        release_cents=invoice.amount_cents,
        refund_cents=0,
        key=f"hourly-release:{invoice.pk}",
        kind=LedgerTransaction.Kind.HOURLY_RELEASE,
        actor=None,
        invoice=invoice,
        memo=f"Hours for the week of {invoice.week_start:%d %b %Y}",
    )
    invoice.released_cents, invoice.closed_at = invoice.amount_cents, timezone.now()
    invoice.save(update_fields=["released_cents", "closed_at", "updated_at"])
    text = f"Payment for the week of {invoice.week_start:%d %b} was released."
    emit(contract, "hourly_released", text, None)
    notify(contract, contract.freelancer, "Payment released", text)
    return invoice


def hourly_close_due_weeks() -> int:
    """Periodic: invoice every finished week with unbilled time."""
    this_monday = week_start(timezone.localdate())
    pending = (
        TimeEntry.objects.filter(invoice__isnull=True, date__lt=this_monday)
        .values_list("contract_id", "date")
        .order_by("contract_id", "date")
    )
    weeks = sorted({(cid, week_start(day)) for cid, day in pending})
    closed = 0
    for contract_id, monday in weeks:
        try:
            if week_close(contract_id=contract_id, week=monday):
                closed += 1
        except InvalidTransition:
            continue
    return closed


def invoices_release_due() -> int:
    due = list(
        HourlyInvoice.objects.filter(status=IS.BILLED, dispute_until__lte=timezone.now()).values_list("pk", flat=True)
    )
    released = 0
    for pk in due:
        try:
            invoice_release(invoice_id=pk)
            released += 1
        except InvalidTransition:
            continue
    return released


def close_all_open_weeks(contract: Contract) -> None:
    """On contract end: bill every week with unbilled time now, the current one included."""
    mondays = sorted(
        {week_start(d) for d in contract.time_entries.filter(invoice__isnull=True).values_list("date", flat=True)}
    )
    for monday in mondays:
        if not contract.invoices.filter(week_start=monday).exists():
            _close_week(contract, monday, actor=None)
