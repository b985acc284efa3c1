"""Reconciliation: every invariant of the ledger and of the money records around it, checked from
the database. `manage.py ledger_check` prints the result and exits non-zero on any discrepancy; CI
runs it after the suite on PostgreSQL. Each check is a few grouped queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum

from .models import (
    HourlyInvoice,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Milestone,
    PendingRelease,
    TopUp,
    Withdrawal,
)

Kind = LedgerAccount.Kind
TK = LedgerTransaction.Kind
LIMIT = 20  # discrepancies listed per check


@dataclass
class CheckResult:
    name: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _transactions_balance() -> list[str]:
    rows = (
        LedgerTransaction.objects.annotate(total=Sum("entries__amount_cents"), n=Count("entries"))
        .filter(Q(n__lt=2) | ~Q(total=0))
        .values_list("pk", "total", "n")[:LIMIT]
    )
    return [f"transaction {pk}: {n} entries summing to {total}" for pk, total, n in rows]


def _one_currency_per_transaction() -> list[str]:
    rows = (
        LedgerEntry.objects.values("transaction")
        .annotate(n=Count("account__currency", distinct=True))
        .filter(n__gt=1)
        .values_list("transaction", flat=True)[:LIMIT]
    )
    return [f"transaction {pk} mixes currencies" for pk in rows]


def _non_negative_accounts() -> list[str]:
    rows = (
        LedgerEntry.objects.filter(account__kind__in=LedgerAccount.NON_NEGATIVE)
        .values("account", "account__kind")
        .annotate(balance=Sum("amount_cents"))
        .filter(balance__lt=0)
        .values_list("account", "account__kind", "balance")[:LIMIT]
    )
    return [f"account {pk} ({kind}) is below zero: {balance}" for pk, kind, balance in rows]


def _world_matches_platform() -> list[str]:
    by_currency: dict[str, int] = defaultdict(int)
    for currency, total in LedgerEntry.objects.values_list("account__currency").annotate(t=Sum("amount_cents")):
        by_currency[currency] += total or 0
    return [f"{currency}: all accounts sum to {total}, not zero" for currency, total in by_currency.items() if total]


def _escrow_matches_held_work() -> list[str]:
    """A contract's escrow holds exactly its funded/submitted/disputed milestones and its
    billed/disputed weeks."""
    escrow = dict(
        LedgerEntry.objects.filter(account__kind=Kind.ESCROW)
        .values_list("account__contract")
        .annotate(t=Sum("amount_cents"))
    )
    held: dict[int, int] = defaultdict(int)
    for cid, total in (
        Milestone.objects.filter(status__in=Milestone.IN_ESCROW).values_list("contract").annotate(t=Sum("amount_cents"))
    ):
        held[cid] += total or 0
    for cid, total in (
        HourlyInvoice.objects.filter(status__in=[HourlyInvoice.Status.BILLED, HourlyInvoice.Status.DISPUTED])
        .values_list("contract")
        .annotate(t=Sum("amount_cents"))
    ):
        held[cid] += total or 0
    problems = []
    for cid in sorted(set(escrow) | set(held)):
        if (escrow.get(cid) or 0) != held.get(cid, 0):
            problems.append(f"contract {cid}: escrow {escrow.get(cid) or 0}, held work {held.get(cid, 0)}")
    return problems[:LIMIT]


def _closed_work_outcomes() -> list[str]:
    problems = []
    closed = [Milestone.Status.RELEASED, Milestone.Status.REFUNDED, Milestone.Status.SPLIT]
    for pk, amount, rel, ref in (
        Milestone.objects.filter(status__in=closed)
        .exclude(amount_cents=F("released_cents") + F("refunded_cents"))
        .values_list("pk", "amount_cents", "released_cents", "refunded_cents")[:LIMIT]
    ):
        problems.append(f"milestone {pk}: amount {amount} but released {rel} + refunded {ref}")
    open_ = Milestone.objects.exclude(status__in=closed).filter(Q(released_cents__gt=0) | Q(refunded_cents__gt=0))
    problems += [f"milestone {pk}: open but has an outcome" for pk in open_.values_list("pk", flat=True)[:LIMIT]]
    return problems


def _pending_matches_releases() -> list[str]:
    pending = dict(
        ((u, c), t or 0)
        for u, c, t in LedgerEntry.objects.filter(account__kind=Kind.PENDING)
        .values_list("account__user", "account__currency")
        .annotate(t=Sum("amount_cents"))
    )
    unmatured = dict(
        ((u, c), t or 0)
        for u, c, t in PendingRelease.objects.filter(matured_by__isnull=True)
        .values_list("user", "currency")
        .annotate(t=Sum("amount_cents"))
    )
    return [
        f"user {u} {c}: pending balance {pending.get((u, c), 0)}, unmatured releases {unmatured.get((u, c), 0)}"
        for u, c in sorted(set(pending) | set(unmatured))
        if pending.get((u, c), 0) != unmatured.get((u, c), 0)
    ][:LIMIT]


def _withdrawals_match_ledger() -> list[str]:
    problems = []
    in_transit = dict(
        ((u, c), t or 0)
        for u, c, t in LedgerEntry.objects.filter(account__kind=Kind.PAYOUTS)
        .values_list("account__user", "account__currency")
        .annotate(t=Sum("amount_cents"))
    )
    reserved = dict(
        ((u, c), t or 0)
        for u, c, t in Withdrawal.objects.filter(status=Withdrawal.Status.PENDING)
        .values_list("user", "currency")
        .annotate(t=Sum("amount_cents"))
    )
    for u, c in sorted(set(in_transit) | set(reserved)):
        if in_transit.get((u, c), 0) != reserved.get((u, c), 0):
            problems.append(
                f"user {u} {c}: {in_transit.get((u, c), 0)} in transit, {reserved.get((u, c), 0)} pending withdrawals"
            )
    expected: dict[str, str] = {Withdrawal.Status.PAID: TK.PAYOUT, Withdrawal.Status.FAILED: TK.PAYOUT_FAILED}
    for w in Withdrawal.objects.select_related("transaction", "settlement").iterator():
        if w.transaction is None and w.status != Withdrawal.Status.FAILED:
            problems.append(f"withdrawal {w.pk}: no reservation")
        if w.status in expected and w.transaction is not None and (
            w.settlement is None or w.settlement.kind != expected[w.status]
        ):
            problems.append(f"withdrawal {w.pk}: {w.status} without its {expected[w.status]} settlement")
        if len(problems) >= LIMIT:
            break
    return problems


def _top_ups_match_ledger() -> list[str]:
    problems = [
        f"top-up {pk}: succeeded without a ledger transaction"
        for pk in TopUp.objects.filter(status=TopUp.Status.SUCCEEDED, transaction__isnull=True).values_list(
            "pk", flat=True
        )[:LIMIT]
    ]
    problems += [
        f"top-up {pk}: declined but moved money"
        for pk in TopUp.objects.filter(status=TopUp.Status.DECLINED, transaction__isnull=False).values_list(
            "pk", flat=True
        )[:LIMIT]
    ]
    for pk, amount, credited in (
        TopUp.objects.filter(status=TopUp.Status.SUCCEEDED, transaction__isnull=False)
        .annotate(
            credited=Sum("transaction__entries__amount_cents", filter=Q(transaction__entries__amount_cents__gt=0))
        )
        .values_list("pk", "amount_cents", "credited")
        .iterator()
    ):
        if amount != credited:
            problems.append(f"top-up {pk}: charged {amount}, credited {credited}")
            if len(problems) >= LIMIT:
                break
    return problems


def _movements_match_states() -> list[str]:
    """Every funding has its milestone or week out of the unfunded states, and keys are scoped."""
    problems = [
        f"transaction {pk}: funds milestone {mid} which is {status}"
        for pk, mid, status in LedgerTransaction.objects.filter(
            kind=TK.FUND, milestone__status__in=[Milestone.Status.PENDING, Milestone.Status.CANCELLED]
        ).values_list("pk", "milestone", "milestone__status")[:LIMIT]
    ]
    problems += [
        f"transaction {pk}: bills week {iid} which is still due"
        for pk, iid in LedgerTransaction.objects.filter(
            kind=TK.HOURLY_BILL, invoice__status=HourlyInvoice.Status.DUE
        ).values_list("pk", "invoice")[:LIMIT]
    ]
    problems += [
        f"transaction {pk}: system-scope key {key!r} was posted by user {user} from a form"
        for pk, key, user in LedgerTransaction.objects.filter(
            scope=LedgerTransaction.SYSTEM_SCOPE, idempotency_key__regex=r"^[0-9a-f]{32}$"
        ).values_list("pk", "idempotency_key", "created_by")[:LIMIT]
    ]
    return problems


CHECKS: list[tuple[str, Callable[[], list[str]]]] = [
    ("every transaction has two or more entries summing to zero", _transactions_balance),
    ("one currency per transaction", _one_currency_per_transaction),
    ("no client, escrow, freelancer or in-transit balance below zero", _non_negative_accounts),
    ("money from the world equals money held, per currency", _world_matches_platform),
    ("each contract's escrow equals its funded work", _escrow_matches_held_work),
    ("closed milestones are fully paid out or refunded", _closed_work_outcomes),
    ("pending balances equal unmatured releases", _pending_matches_releases),
    ("withdrawals match their reservations and settlements", _withdrawals_match_ledger),
    ("top-ups match their ledger credits", _top_ups_match_ledger),
    ("movements match the state of what they pay for", _movements_match_states),
]


def ledger_check() -> list[CheckResult]:
    return [CheckResult(name, fn()) for name, fn in CHECKS]
