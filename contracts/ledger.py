"""The double-entry ledger: accounts, posting, balances.

Every movement of money is one LedgerTransaction whose entries sum to zero. Balances are the Sum of
entries; nothing caches them. `ledger_post` locks the accounts it touches (pk order) and refuses a
posting that would take a non-negative account (client funds, escrow, freelancer balances) below
zero, so the check and the write happen under the same lock.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from . import locks
from .exceptions import InsufficientFunds
from .models import Contract, HourlyInvoice, LedgerAccount, LedgerEntry, LedgerTransaction, Milestone

Kind = LedgerAccount.Kind


def fee_cents(amount_cents: int, fee_bps: int) -> int:
    """The platform fee, computed in Decimal and rounded once, half up (CONVENTIONS §7)."""
    fee = Decimal(amount_cents) * Decimal(fee_bps) / Decimal(10_000)
    return int(fee.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def account(kind: str, *, currency: str, user=None, contract: Contract | None = None) -> LedgerAccount:
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


def user_balance_cents(user, kind: str, currency: str) -> int:
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
    created_by=None,
) -> LedgerTransaction:
    """Post one balanced transaction. Must run inside the caller's transaction (it locks rows).

    Raises InsufficientFunds, leaving nothing written, if a non-negative account would go below zero.
    """
    assert transaction.get_connection().in_atomic_block, "ledger_post needs the caller's transaction"
    merged: dict[int, int] = defaultdict(int)
    by_pk: dict[int, LedgerAccount] = {}
    for acct, amount in lines:
        assert isinstance(amount, int), "amounts are integer cents"
        merged[acct.pk] += amount
        by_pk[acct.pk] = acct
    merged = {pk: amount for pk, amount in merged.items() if amount}
    assert sum(merged.values()) == 0, f"ledger transaction does not balance: {merged}"
    assert merged, "empty ledger transaction"
    currencies = {by_pk[pk].currency for pk in merged}
    assert len(currencies) == 1, "one currency per transaction"

    with transaction.atomic():
        locks.accounts(by_pk[pk] for pk in merged)  # accounts last, in pk order
        txn = LedgerTransaction(
            kind=kind,
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
        assert entries_total == 0, "entries of a transaction must sum to zero"
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


def format_cents(amount_cents: int, currency: str = "USD") -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, "")
    sign = "-" if amount_cents < 0 else ""
    whole, cents = divmod(abs(int(amount_cents)), 100)
    text = f"{sign}{symbol}{whole:,}.{cents:02d}"
    return text if symbol else f"{text} {currency}"
