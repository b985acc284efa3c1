"""Money in and out of the platform: cards, top-ups, maturity of released funds, withdrawals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from .. import locks
from ..exceptions import ContractsError, IdentityNotVerified, InsufficientFunds, PaymentFailed
from ..ledger import account, balance_cents, format_cents, ledger_post
from ..models import Card, LedgerAccount, LedgerTransaction, PendingRelease, TopUp, Withdrawal
from ..payments import CardError, provider
from ._common import durable_service, notify_user

Kind = LedgerAccount.Kind
MAX_TOP_UP_CENTS = 5_000_000  # $50,000 per top-up


@durable_service
def card_add(*, user: Any, card_number: str) -> Card:
    try:
        tokenized = provider().tokenize(card_number)
    except CardError as error:
        raise ContractsError(str(error))
    card = Card(user=user, brand=tokenized.brand, last4=tokenized.last4, token=tokenized.token)
    card.full_clean()
    card.save()
    return card


def top_up(*, user: Any, card: Card, amount_cents: int, idempotency_key: str, currency: str | None = None) -> TopUp:
    """Charge the card and credit the client's funds. The charge and the ledger posting share the
    idempotency key, so a double-submitted form charges and credits once. A decline is recorded
    (TopUp row, no ledger movement) and raised as PaymentFailed."""
    currency = currency or settings.CONTRACTS_CURRENCY
    if card.user_id != user.pk:
        raise ContractsError("That card is not yours.")
    if not 0 < amount_cents <= MAX_TOP_UP_CENTS:
        raise ContractsError(f"Top up between $0.01 and {format_cents(MAX_TOP_UP_CENTS, currency)}.")
    return _once(
        TopUp,
        user=user,
        key=idempotency_key,
        failed=TopUp.Status.DECLINED,
        default_error="The card was declined.",
        create=lambda: _top_up_record(
            user=user,
            card=card,
            amount_cents=amount_cents,
            currency=currency,
            key=idempotency_key,
            result=provider().charge(card.token, amount_cents, idempotency_key),
        ),
    )


def _once(model: type[TopUp] | type[Withdrawal], *, user: Any, key: str, failed: str, default_error: str, create: Any):
    """The request with this key: made now, or the earlier one (double submit, or lost a race for
    the unique key). A failed provider call is recorded and raised as PaymentFailed."""
    existing = model.objects.filter(idempotency_key=key).first()
    if existing is None:
        try:
            existing = create()
        except IntegrityError:  # the same key raced us and won: theirs is the one
            existing = model.objects.get(idempotency_key=key)
    if existing.user_id != user.pk:
        raise ContractsError("This request was already used.")
    if existing.status == failed:
        raise PaymentFailed(existing.failure_reason or default_error)
    return existing


def _record(
    model: Any,
    *,
    user: Any,
    result: Any,
    ok: str,
    failed: str,
    txn_kind: str,
    txn_key: str,
    lines: list,
    memo: str,
    **fields: Any,
) -> Any:
    """Save the provider's answer; on success post the ledger transaction in the same transaction."""
    record = model(
        user=user,
        status=ok if result.ok else failed,
        provider_ref=result.reference,
        failure_reason=result.error[:200],
        **fields,
    )
    record.full_clean(validate_unique=False)
    record.save()
    if result.ok:
        record.transaction = ledger_post(
            kind=txn_kind, idempotency_key=txn_key, lines=lines, memo=memo, created_by=user
        )
        record.save(update_fields=["transaction", "updated_at"])
    return record


@durable_service
def _top_up_record(*, user: Any, card: Card, amount_cents: int, currency: str, key: str, result: Any) -> TopUp:
    return _record(
        TopUp,
        user=user,
        result=result,
        ok=TopUp.Status.SUCCEEDED,
        failed=TopUp.Status.DECLINED,
        txn_kind=LedgerTransaction.Kind.TOP_UP,
        txn_key=f"topup:{key}",
        lines=[
            (account(Kind.WORLD, currency=currency), -amount_cents),
            (account(Kind.CLIENT_FUNDS, user=user, currency=currency), amount_cents),
        ],
        memo=f"Top-up from {card}",
        card=card,
        amount_cents=amount_cents,
        currency=currency,
        idempotency_key=key,
    )


def _mature(user: Any, currency: str) -> int:
    """Move due pending releases to available, under the accounts' lock. Returns cents matured."""
    pending = account(Kind.PENDING, user=user, currency=currency)
    available = account(Kind.AVAILABLE, user=user, currency=currency)
    locks.accounts([pending, available])
    due = PendingRelease.objects.filter(
        user=user, currency=currency, matured_by__isnull=True, available_at__lte=timezone.now()
    ).order_by("pk")
    total = 0
    for item in due:
        txn = ledger_post(
            kind=LedgerTransaction.Kind.MATURE,
            idempotency_key=f"mature:{item.pk}",
            lines=[(pending, -item.amount_cents), (available, item.amount_cents)],
            memo="Security period over: funds available",
            contract=item.source.contract,
        )
        if PendingRelease.objects.filter(pk=item.pk, matured_by__isnull=True).update(matured_by=txn) != 1:
            raise ContractsError("These funds changed meanwhile; try again.")
        total += item.amount_cents
    return total


@durable_service
def funds_mature(*, user: Any, currency: str | None = None) -> int:
    return _mature(user, currency or settings.CONTRACTS_CURRENCY)


def funds_mature_all() -> int:
    """Periodic: mature every due release (selectors count due ones as available anyway)."""
    from accounts.models import User

    pairs = (
        PendingRelease.objects.filter(matured_by__isnull=True, available_at__lte=timezone.now())
        .values_list("user_id", "currency")
        .distinct()
    )
    total = 0
    for user_id, currency in list(pairs):
        total += funds_mature(user=User.objects.get(pk=user_id), currency=currency)
    return total


def withdrawal_create(
    *, user: Any, amount_cents: int, bank_account: str, idempotency_key: str, currency: str | None = None
) -> Withdrawal:
    """Pay out from the available balance to the user's bank. Identity-verified users only; never
    below zero (checked under the account lock). A failed payout is recorded and moves no money."""
    currency = currency or settings.CONTRACTS_CURRENCY
    if not user.is_identity_verified:
        raise IdentityNotVerified("Verify your identity before withdrawing (Account → Identity).")
    if amount_cents <= 0:
        raise ContractsError("Enter an amount above zero.")
    digits = "".join(ch for ch in bank_account if ch.isdigit())
    if len(digits) < 6:
        raise ContractsError("Enter your full bank account number (at least 6 digits).")
    return _once(
        Withdrawal,
        user=user,
        key=idempotency_key,
        failed=Withdrawal.Status.FAILED,
        default_error="The payout failed.",
        create=lambda: _withdraw(
            user=user, amount_cents=amount_cents, digits=digits, currency=currency, key=idempotency_key
        ),
    )


@durable_service
def _withdraw(*, user: Any, amount_cents: int, digits: str, currency: str, key: str) -> Withdrawal:
    _mature(user, currency)  # locks pending + available: due funds count, correctness never waits on beat
    available = account(Kind.AVAILABLE, user=user, currency=currency)
    balance = balance_cents(available)
    if amount_cents > balance:
        raise InsufficientFunds(f"You can withdraw at most {format_cents(balance, currency)} right now.")
    # The provider is idempotent on the key; under the lock no second payout can pass the check.
    # A real provider would be called from a task after commit with a reservation posted here.
    result = provider().payout(digits, amount_cents, key)
    record = _record(
        Withdrawal,
        user=user,
        result=result,
        ok=Withdrawal.Status.PAID,
        failed=Withdrawal.Status.FAILED,
        txn_kind=LedgerTransaction.Kind.WITHDRAWAL,
        txn_key=f"withdraw:{key}",
        lines=[(available, -amount_cents), (account(Kind.WORLD, currency=currency), amount_cents)],
        memo=f"Withdrawal to bank account •••• {digits[-4:]}",
        amount_cents=amount_cents,
        currency=currency,
        bank_last4=digits[-4:],
        idempotency_key=key,
    )
    if result.ok:
        notify_user(
            user,
            "Withdrawal sent",
            f"{format_cents(amount_cents, currency)} is on its way to your bank account •••• {digits[-4:]}.",
        )
    return record
