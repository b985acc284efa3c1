"""Invariants of the ledger, asserted by several tests."""

from __future__ import annotations

from django.db.models import Sum

from contracts.models import LedgerAccount, LedgerEntry, LedgerTransaction


def assert_ledger_balanced() -> None:
    """Every transaction sums to zero; no non-negative account is below zero; money in from the
    world equals money held on the platform (client funds + escrow + freelancer + fees)."""
    unbalanced = (
        LedgerTransaction.objects.annotate(total=Sum("entries__amount_cents"))
        .exclude(total=0)
        .values_list("pk", "total")
    )
    assert list(unbalanced) == []
    for acct in LedgerAccount.objects.filter(kind__in=LedgerAccount.NON_NEGATIVE):
        balance = LedgerEntry.objects.filter(account=acct).aggregate(t=Sum("amount_cents"))["t"] or 0
        assert balance >= 0, f"{acct} is below zero: {balance}"
    world = (
        LedgerEntry.objects.filter(account__kind=LedgerAccount.Kind.WORLD).aggregate(t=Sum("amount_cents"))["t"] or 0
    )
    held = (
        LedgerEntry.objects.exclude(account__kind=LedgerAccount.Kind.WORLD).aggregate(t=Sum("amount_cents"))["t"] or 0
    )
    assert -world == held
