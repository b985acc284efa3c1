"""Reads of contracts. `contract_started_between` and `contract_active_between` answer trust's
"contract_started" / "contract_active" questions (registered in contracts/apps.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet, Sum, Window
from django.utils import timezone

from accounts.models import User

from .models import Contract, Feedback, LedgerAccount, LedgerEntry, LedgerTransaction, PendingRelease


def contract_started_between(user_a: Any, user_b: Any) -> bool:
    """True once a contract between these two users (either role) has started (active, paused or ended)."""
    a, b = getattr(user_a, "pk", None), getattr(user_b, "pk", None)
    if a is None or b is None or a == b:
        return False
    return Contract.objects.filter(
        Q(client_id=a, freelancer_id=b) | Q(client_id=b, freelancer_id=a), status__in=Contract.STARTED
    ).exists()


def contract_active_between(user_a: Any, user_b: Any) -> bool:
    """True while a contract between these two users is active or paused (they must be able to talk)."""
    a, b = getattr(user_a, "pk", None), getattr(user_b, "pk", None)
    if a is None or b is None or a == b:
        return False
    return Contract.objects.filter(
        Q(client_id=a, freelancer_id=b) | Q(client_id=b, freelancer_id=a),
        status__in=[Contract.Status.ACTIVE, Contract.Status.PAUSED],
    ).exists()


def contracts_for_user(*, user: User, status: str = "") -> QuerySet[Contract]:
    qs = Contract.objects.filter(Q(client=user) | Q(freelancer=user)).select_related("client", "freelancer", "job")
    if status == "offers":
        qs = qs.filter(status=Contract.Status.OFFERED)
    elif status == "active":
        qs = qs.filter(status__in=[Contract.Status.ACTIVE, Contract.Status.PAUSED])
    elif status == "closed":
        qs = qs.exclude(status__in=[Contract.Status.OFFERED, Contract.Status.ACTIVE, Contract.Status.PAUSED])
    return qs.order_by("-updated_at", "-pk")


def contract_for_party(*, pk: int, user: User) -> Contract:
    """The contract if `user` is one of its two parties; raises Contract.DoesNotExist otherwise (404)."""
    return (
        Contract.objects.filter(Q(client=user) | Q(freelancer=user))
        .select_related("client", "freelancer", "job", "proposal")
        .get(pk=pk)
    )


def escrow_cents(contract: Contract) -> int:
    return (
        LedgerEntry.objects.filter(account__kind=LedgerAccount.Kind.ESCROW, account__contract=contract).aggregate(
            t=Sum("amount_cents")
        )["t"]
        or 0
    )


@dataclass(frozen=True)
class BalanceSummary:
    currency: str
    client_funds_cents: int
    pending_cents: int
    available_cents: int
    next_available_at: datetime | None = None

    @property
    def earnings_cents(self) -> int:
        return self.pending_cents + self.available_cents


def balance_summary(*, user: User, currency: str | None = None) -> BalanceSummary:
    """Balances from the ledger; released funds past their security period count as available even
    before the periodic task moved them (correctness never waits on beat)."""
    currency = currency or settings.CONTRACTS_CURRENCY
    sums = dict(
        LedgerEntry.objects.filter(account__user=user, account__currency=currency)
        .values_list("account__kind")
        .annotate(t=Sum("amount_cents"))
        .values_list("account__kind", "t")
    )
    now = timezone.now()
    unmatured = PendingRelease.objects.filter(user=user, currency=currency, matured_by__isnull=True)
    due = unmatured.filter(available_at__lte=now).aggregate(t=Sum("amount_cents"))["t"] or 0
    upcoming = unmatured.filter(available_at__gt=now).order_by("available_at").first()
    return BalanceSummary(
        currency=currency,
        client_funds_cents=sums.get(LedgerAccount.Kind.CLIENT_FUNDS, 0) or 0,
        pending_cents=(sums.get(LedgerAccount.Kind.PENDING, 0) or 0) - due,
        available_cents=(sums.get(LedgerAccount.Kind.AVAILABLE, 0) or 0) + due,
        next_available_at=upcoming.available_at if upcoming else None,
    )


def statement_entries(*, user: User, kind: str, currency: str | None = None) -> QuerySet[LedgerEntry]:
    """The user's entries on one account, newest first, each with `running_cents` (balance after it)."""
    currency = currency or settings.CONTRACTS_CURRENCY
    return (
        LedgerEntry.objects.filter(account__user=user, account__kind=kind, account__currency=currency)
        .select_related("transaction", "transaction__contract")
        .annotate(running_cents=Window(Sum("amount_cents"), order_by=["pk"]))
        .order_by("-pk")
    )


def transaction_for_user(*, pk: int, user: User) -> LedgerTransaction:
    """A receipt: the transaction if it touched one of the user's accounts or their contract's escrow."""
    return (
        LedgerTransaction.objects.filter(
            Q(entries__account__user=user) | Q(contract__client=user) | Q(contract__freelancer=user)
        )
        .select_related("contract", "milestone", "invoice", "created_by")
        .distinct()
        .get(pk=pk)
    )


def feedback_revealed(contract: Contract) -> bool:
    """Both left feedback, or the reveal period after the end passed."""
    if contract.feedback.count() >= 2:
        return True
    ended = contract.ended_at
    return bool(ended and ended + timedelta(days=settings.CONTRACTS_FEEDBACK_REVEAL_DAYS) <= timezone.now())


def public_feedback_for(*, user: User) -> QuerySet[Feedback]:
    """Revealed public comments about `user` (for profiles). Scores stay private."""
    cutoff = timezone.now() - timedelta(days=settings.CONTRACTS_FEEDBACK_REVEAL_DAYS)
    both = Contract.objects.filter(feedback__isnull=False).values("pk")
    from django.db.models import Count

    both = Contract.objects.annotate(n=Count("feedback")).filter(n__gte=2).values("pk")
    return (
        Feedback.objects.filter(recipient=user)
        .filter(Q(contract__in=both) | Q(contract__ended_at__lte=cutoff))
        .select_related("author", "contract")
    )


def contract_can_cancel(contract: Contract) -> bool:
    """Cancelling (no penalty, no feedback) is only for a contract nothing went into: no funding,
    no billed week, no logged time. The same rule as services.contract_cancel."""
    if contract.status not in (Contract.Status.ACTIVE, Contract.Status.PAUSED):
        return False
    funded = LedgerTransaction.objects.filter(
        contract=contract, kind__in=[LedgerTransaction.Kind.FUND, LedgerTransaction.Kind.HOURLY_BILL]
    ).exists()
    return not funded and not contract.time_entries.exists()


def statement_default_account(*, user: User, kinds: list[str]) -> str:
    """The statement tab to open: the account that moved last; with no movement yet, earnings for
    a freelancer and client funds for a client (never an empty tab when another has entries)."""
    last = (
        LedgerEntry.objects.filter(account__user=user, account__kind__in=kinds)
        .order_by("-pk")
        .values_list("account__kind", flat=True)
        .first()
    )
    if last:
        return last
    return LedgerAccount.Kind.AVAILABLE if getattr(user, "is_freelancer", False) else LedgerAccount.Kind.CLIENT_FUNDS
