"""Invariants of the ledger, asserted by several tests (a handful of grouped queries)."""

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
    negative = (
        LedgerEntry.objects.filter(account__kind__in=LedgerAccount.NON_NEGATIVE)
        .values("account")
        .annotate(balance=Sum("amount_cents"))
        .filter(balance__lt=0)
    )
    assert list(negative) == []
    by_kind = dict(LedgerEntry.objects.values_list("account__kind").annotate(t=Sum("amount_cents")))
    world = by_kind.pop(LedgerAccount.Kind.WORLD, 0) or 0
    assert -world == sum(v or 0 for v in by_kind.values())
    from contracts.reconcile import ledger_check

    broken = {r.name: r.problems for r in ledger_check() if not r.ok}
    assert broken == {}
