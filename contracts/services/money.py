"""Money in and out of the platform: cards, top-ups, maturity of released funds, withdrawals.

Like a real provider: a card number is tokenized once and never stored (the token is opaque);
a new card is saved only after a successful charge; a withdrawal reserves the amount in the
ledger in the request, and the provider is called after commit by a task, which then settles the
reservation (-> the world) or reverses it (-> back to available).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.transitions import transition as core_transition

from .. import locks
from ..exceptions import (
    ContractsError,
    IdentityNotVerified,
    InsufficientFunds,
    InvalidTransition,
    KeyReused,
    PaymentFailed,
)
from ..ledger import account, balance_cents, format_cents, ledger_post, user_scope
from ..models import Card, LedgerAccount, LedgerTransaction, PendingRelease, TopUp, Withdrawal
from ..payments import CardError, ProviderResult, TokenizedCard, provider
from ._common import durable_service, notify_user

if TYPE_CHECKING:
    from accounts.models import User

log = logging.getLogger(__name__)
Kind = LedgerAccount.Kind
MAX_TOP_UP_CENTS = 5_000_000  # 50,000 in major units per top-up


def card_tokenize(*, card_number: str) -> TokenizedCard:
    """The provider's opaque token for a card number (nothing is saved)."""
    try:
        return provider().tokenize(card_number)
    except CardError as error:
        raise ContractsError(str(error))


@durable_service
def card_add(*, user: User, card_number: str = "", tokenized: TokenizedCard | None = None) -> Card:
    tokenized = tokenized or card_tokenize(card_number=card_number)
    card = Card(user=user, brand=tokenized.brand, last4=tokenized.last4, token=tokenized.token)
    card.full_clean()
    card.save()
    return card


def top_up(
    *,
    user: User,
    amount_cents: int,
    idempotency_key: str,
    card: Card | None = None,
    new_card: TokenizedCard | None = None,
    currency: str | None = None,
) -> TopUp:
    """Charge a saved card (or a new, tokenized one) and credit the client's funds. The charge
    and the ledger posting share the user's key, so a double-submitted form charges and credits
    once; the same key with another amount is refused. A new card is saved only when the charge
    succeeds. A decline is recorded (TopUp row, no ledger movement) and raised as PaymentFailed."""
    currency = currency or settings.CONTRACTS_CURRENCY
    if (card is None) == (new_card is None):
        raise ContractsError("Choose a saved card or enter a card number.")
    if card is not None and card.user_id != user.pk:
        raise ContractsError("That card is not yours.")
    if not 0 < amount_cents <= MAX_TOP_UP_CENTS:
        raise ContractsError(
            f"Top up between {format_cents(1, currency)} and {format_cents(MAX_TOP_UP_CENTS, currency)}."
        )
    token = card.token if card is not None else new_card.token  # type: ignore[union-attr]

    def create() -> TopUp:
        result = provider().charge(token, amount_cents, f"topup:{user.pk}:{idempotency_key}")
        return _top_up_record(
            user=user,
            card=card,
            new_card=new_card,
            amount_cents=amount_cents,
            currency=currency,
            key=idempotency_key,
            result=result,
        )

    return _once(
        TopUp,
        user=user,
        key=idempotency_key,
        amount_cents=amount_cents,
        failed=TopUp.Status.DECLINED,
        default_error="The card was declined.",
        create=create,
    )


_Request = TypeVar("_Request", TopUp, Withdrawal)


def _once(
    model: type[_Request],
    *,
    user: User,
    key: str,
    amount_cents: int,
    failed: str,
    default_error: str,
    create: Callable[[], _Request],
) -> _Request:
    """The request with this user's key: made now, or the earlier one (double submit, or lost a
    race for the key). Keys are per user, so nobody else's request can ever answer. The same key
    for a different amount is refused rather than reported as the earlier request's success."""
    existing = model.objects.filter(user=user, idempotency_key=key).first()
    if existing is None:
        try:
            existing = create()
        except IntegrityError:  # the same key raced us and won: theirs is the one
            existing = model.objects.get(user=user, idempotency_key=key)
    if existing.amount_cents != amount_cents:
        raise KeyReused("This confirmation was already used for a different amount. Reload the page and try again.")
    if existing.status == failed:
        raise PaymentFailed(existing.failure_reason or default_error)
    return existing


@durable_service
def _top_up_record(
    *,
    user: User,
    card: Card | None,
    new_card: TokenizedCard | None,
    amount_cents: int,
    currency: str,
    key: str,
    result: ProviderResult,
) -> TopUp:
    if result.ok and card is None and new_card is not None:
        card = Card(user=user, brand=new_card.brand, last4=new_card.last4, token=new_card.token)
        card.full_clean()
        card.save()
    label = str(card) if card is not None else f"{new_card.brand} •••• {new_card.last4}"  # type: ignore[union-attr]
    record = TopUp(
        user=user,
        card=card,
        status=TopUp.Status.SUCCEEDED if result.ok else TopUp.Status.DECLINED,
        provider_ref=result.reference,
        failure_reason=result.error[:200],
        amount_cents=amount_cents,
        currency=currency,
        idempotency_key=key,
    )
    record.full_clean(exclude=["card"], validate_unique=False, validate_constraints=False)
    record.save()
    if result.ok:
        record.transaction = ledger_post(
            kind=LedgerTransaction.Kind.TOP_UP,
            scope=user_scope(user, "topup"),
            idempotency_key=key,
            lines=[
                (account(Kind.WORLD, currency=currency), -amount_cents),
                (account(Kind.CLIENT_FUNDS, user=user, currency=currency), amount_cents),
            ],
            memo=f"Top-up from {label}",
            created_by=user,
        )
        record.save(update_fields=["transaction", "updated_at"])
    return record


def _mature(user: User, currency: str) -> int:
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
def funds_mature(*, user: User, currency: str | None = None) -> int:
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


def bank_tokenize(*, bank_account: str) -> TokenizedCard:
    """The provider's opaque token for a bank account number (only the last four digits are kept)."""
    try:
        return provider().tokenize_bank(bank_account)
    except CardError as error:
        raise ContractsError(str(error))


def withdrawal_create(
    *,
    user: User,
    amount_cents: int,
    idempotency_key: str,
    bank_account: str = "",
    bank: TokenizedCard | None = None,
    currency: str | None = None,
) -> Withdrawal:
    """Request a payout from the available balance to the user's bank. Identity-verified users
    only; never below zero (checked under the account lock). The amount is reserved now; the
    provider is called after commit (`withdrawal_process`), which pays it out or returns it."""
    currency = currency or settings.CONTRACTS_CURRENCY
    if not user.is_identity_verified:
        raise IdentityNotVerified("Verify your identity before withdrawing (Account → Identity).")
    if amount_cents <= 0:
        raise ContractsError("Enter an amount above zero.")
    if bank is None and not Withdrawal.objects.filter(user=user, idempotency_key=idempotency_key).exists():
        bank = bank_tokenize(bank_account=bank_account)
    return _once(
        Withdrawal,
        user=user,
        key=idempotency_key,
        amount_cents=amount_cents,
        failed=Withdrawal.Status.FAILED,
        default_error="The payout failed.",
        create=lambda: _withdraw_reserve(
            user=user, amount_cents=amount_cents, bank=bank,  # type: ignore[arg-type]  # None only when the key's
            currency=currency, key=idempotency_key,  # withdrawal exists: then `create` is not called
        ),
    )


@durable_service
def _withdraw_reserve(*, user: User, amount_cents: int, bank: TokenizedCard, currency: str, key: str) -> Withdrawal:
    _mature(user, currency)  # locks pending + available: due funds count, correctness never waits on beat
    available = account(Kind.AVAILABLE, user=user, currency=currency)
    in_transit = account(Kind.PAYOUTS, user=user, currency=currency)
    balance = balance_cents(available)
    if amount_cents > balance:
        raise InsufficientFunds(f"You can withdraw at most {format_cents(balance, currency)} right now.")
    record = Withdrawal(
        user=user,
        status=Withdrawal.Status.PENDING,
        amount_cents=amount_cents,
        currency=currency,
        bank_last4=bank.last4,
        bank_token=bank.token,
        idempotency_key=key,
    )
    record.full_clean(validate_unique=False, validate_constraints=False)
    record.save()
    record.transaction = ledger_post(
        kind=LedgerTransaction.Kind.WITHDRAWAL,
        scope=user_scope(user, "withdraw"),
        idempotency_key=key,
        lines=[(available, -amount_cents), (in_transit, amount_cents)],
        memo=f"Withdrawal to bank account •••• {bank.last4}",
        created_by=user,
    )
    record.save(update_fields=["transaction", "updated_at"])
    transaction.on_commit(partial(enqueue_withdrawal, record.pk))
    return record


def enqueue_withdrawal(withdrawal_id: int) -> None:
    from ..tasks import process_withdrawal

    try:
        process_withdrawal.delay(withdrawal_id=withdrawal_id)
    except Exception:  # noqa: BLE001 - broker down: the reservation is committed, the retry pays it
        log.warning("could not queue withdrawal %s; the periodic retry will process it", withdrawal_id, exc_info=True)


def withdrawal_process(*, withdrawal_id: int) -> Withdrawal:
    """Call the provider for a reserved withdrawal (outside any transaction: a slow provider holds
    no lock), then settle or reverse. The provider is idempotent on the key, so a retry after a
    crash between the call and the settlement never pays twice."""
    record = Withdrawal.objects.get(pk=withdrawal_id)
    if record.status != Withdrawal.Status.PENDING:
        return record
    Withdrawal.objects.filter(pk=record.pk).update(attempts=record.attempts + 1)
    try:
        result = provider().payout(
            record.bank_token, record.amount_cents, f"withdraw:{record.user_id}:{record.idempotency_key}"
        )
    except Exception:  # noqa: BLE001 - provider unreachable: stays reserved, the periodic retry tries again
        log.warning("payout for withdrawal %s failed to reach the provider", record.pk, exc_info=True)
        return record
    return _withdrawal_settle(withdrawal_id=record.pk, result=result)


@durable_service
def _withdrawal_settle(*, withdrawal_id: int, result: ProviderResult) -> Withdrawal:
    record = locks.withdrawal(withdrawal_id)  # the withdrawal, then its accounts (ledger_post)
    if record.status != Withdrawal.Status.PENDING:
        return record
    user, currency, amount = record.user, record.currency, record.amount_cents
    in_transit = account(Kind.PAYOUTS, user=user, currency=currency)
    if result.ok:
        to_account, kind, status = account(Kind.WORLD, currency=currency), LedgerTransaction.Kind.PAYOUT, "paid"
        memo = f"Paid out to bank account •••• {record.bank_last4}"
    else:
        to_account = account(Kind.AVAILABLE, user=user, currency=currency)
        kind, status = LedgerTransaction.Kind.PAYOUT_FAILED, "failed"
        memo = f"Withdrawal returned: {result.error or 'the payout failed'}"
    txn = ledger_post(
        kind=kind,
        idempotency_key=f"{kind}:{record.pk}",
        lines=[(in_transit, -amount), (to_account, amount)],
        memo=memo,
        created_by=None,
    )
    core_transition(
        record, status, error=InvalidTransition, stale="This withdrawal changed meanwhile.",
        values={"settlement": txn, "provider_ref": result.reference, "failure_reason": result.error[:200]},
    )
    record.refresh_from_db()
    if result.ok:
        notify_user(
            user,
            "Withdrawal sent",
            f"{format_cents(amount, currency)} is on its way to your bank account •••• {record.bank_last4}.",
        )
    else:
        notify_user(
            user,
            "Withdrawal failed",
            f"Your withdrawal of {format_cents(amount, currency)} to bank account •••• {record.bank_last4} failed: "
            f"{result.error or 'the bank refused it'}. The money is back in your available balance.",
        )
    return record


def withdrawals_retry(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Periodic: process reserved withdrawals whose task never ran (broker down, worker crash)."""
    cutoff = timezone.now() - older_than
    pending = Withdrawal.objects.filter(status=Withdrawal.Status.PENDING, created_at__lte=cutoff).values_list(
        "pk", flat=True
    )
    done = 0
    for pk in list(pending):
        if withdrawal_process(withdrawal_id=pk).status != Withdrawal.Status.PENDING:
            done += 1
    return done
