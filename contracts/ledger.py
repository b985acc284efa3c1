"""The double-entry ledger: accounts, posting, balances.

Every movement of money is one LedgerTransaction whose entries sum to zero. Balances are the Sum of
entries; nothing caches them. `ledger_post` locks the accounts it touches (pk order) and refuses a
posting that would take a non-negative account (client funds, escrow, freelancer balances) below
zero, so the check and the write happen under the same lock.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Sum

from core.money import format_money

from . import locks
from .exceptions import InsufficientFunds, LedgerError
from .models import Contract, HourlyInvoice, LedgerAccount, LedgerEntry, LedgerTransaction, Milestone

if TYPE_CHECKING:
    from accounts.models import User

Kind = LedgerAccount.Kind


def fee_cents(amount_cents: int, fee_bps: int) -> int:
    """The platform fee, computed in Decimal and rounded once, half up (CONVENTIONS §7)."""
    fee = Decimal(amount_cents) * Decimal(fee_bps) / Decimal(10_000)
    return int(fee.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def account(kind: str, *, currency: str, user: User | None = None, contract: Contract | None = None) -> LedgerAccount:
    """The one account of this kind for this owner and currency, created on first use."""
    lookup = {"kind": kind, "currency": currency, "user": user, "contract": contract}
    found = LedgerAccount.objects.filter(**lookup).first()
    if found:
        return found
    try:
        with transaction.atomic():
            acct = LedgerAccount(**lookup)
            acct.full_clean(validate_constraints=False)
            acct.save()
            return acct
    except IntegrityError:  # created concurrently: use theirs
        return LedgerAccount.objects.get(**lookup)


def balance_cents(acct: LedgerAccount | None) -> int:
    if acct is None or acct.pk is None:
        return 0
    return LedgerEntry.objects.filter(account=acct).aggregate(total=Sum("amount_cents"))["total"] or 0


def user_balance_cents(user: User, kind: str, currency: str) -> int:
    total = LedgerEntry.objects.filter(account__user=user, account__kind=kind, account__currency=currency).aggregate(
        total=Sum("amount_cents")
    )["total"]
    return total or 0


def ledger_post(
    *,
    kind: str,
    idempotency_key: str,
    lines: list[tuple[LedgerAccount, int]],
    memo: str = "",
    contract: Contract | None = None,
    milestone: Milestone | None = None,
    invoice: HourlyInvoice | None = None,
    created_by: User | None = None,
    scope: str = LedgerTransaction.SYSTEM_SCOPE,
) -> LedgerTransaction:
    """Post one balanced transaction. Must run inside the caller's transaction (it locks rows).

    `scope` keeps keys apart: the services' own keys (`release:<id>`) live in the system scope, the
    key of a user's form in `user_scope(user, operation)`. Raises LedgerError for a posting that
    breaks an invariant (these are explicit checks, not asserts: they hold under `python -O`), and
    InsufficientFunds, leaving nothing written, if a non-negative account would go below zero.
    """
    if not transaction.get_connection().in_atomic_block:
        raise LedgerError("ledger_post needs the caller's transaction")
    merged: dict[int, int] = defaultdict(int)
    by_pk: dict[int, LedgerAccount] = {}
    for acct, amount in lines:
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise LedgerError(f"amounts are integer cents, got {amount!r}")
        if acct.pk is None:
            raise LedgerError("ledger accounts must be saved before posting")
        merged[acct.pk] += amount
        by_pk[acct.pk] = acct
    merged = {pk: amount for pk, amount in merged.items() if amount}
    if not merged:
        raise LedgerError("empty ledger transaction")
    if sum(merged.values()) != 0:
        raise LedgerError(f"ledger transaction does not balance: {merged}")
    currencies = {by_pk[pk].currency for pk in merged}
    if len(currencies) != 1:
        raise LedgerError(f"one currency per transaction, got {sorted(currencies)}")
    if not idempotency_key or not scope:
        raise LedgerError("a ledger transaction needs a scope and an idempotency key")

    with transaction.atomic():
        locks.accounts(by_pk[pk] for pk in merged)  # accounts last, in pk order
        txn = LedgerTransaction(
            kind=kind,
            scope=scope,
            idempotency_key=idempotency_key,
            memo=memo[:200],
            contract=contract,
            milestone=milestone,
            invoice=invoice,
            created_by=created_by,
        )
        txn.full_clean(validate_unique=False, validate_constraints=False)
        txn.save()
        LedgerEntry.objects.bulk_create(
            LedgerEntry(transaction=txn, account_id=pk, amount_cents=amount) for pk, amount in sorted(merged.items())
        )
        entries_total = LedgerEntry.objects.filter(transaction=txn).aggregate(t=Sum("amount_cents"))["t"]
        if entries_total != 0:
            raise LedgerError(f"entries of transaction {txn.pk} sum to {entries_total}, not zero")
        for pk, amount in merged.items():
            acct = by_pk[pk]
            if amount < 0 and acct.kind in LedgerAccount.NON_NEGATIVE:
                balance = balance_cents(acct)
                if balance < 0:
                    raise InsufficientFunds(
                        f"Not enough money in {acct.get_kind_display().lower()}: "
                        f"{format_cents(balance - amount, acct.currency)} available, "
                        f"{format_cents(-amount, acct.currency)} needed."
                    )
    return txn


def user_scope(user: User, operation: str) -> str:
    """The key scope of one user's one kind of operation ("user:12:fund"): derived on the server,
    so a key typed into a form can never reach a system key or another user's key."""
    pk = getattr(user, "pk", None)
    if pk is None:
        raise LedgerError("a user scope needs a saved user")
    return f"user:{pk}:{operation}"


def format_cents(amount_cents: int, currency: str) -> str:
    """Kept for callers: the one formatter is core.money.format_money (Babel, the currency's own symbol)."""
    return format_money(amount_cents, currency)
