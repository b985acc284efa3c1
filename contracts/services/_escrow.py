"""Escrow postings shared by milestones, hourly invoices and dispute decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from ..ledger import account, fee_cents, ledger_post
from ..models import Contract, HourlyInvoice, LedgerAccount, LedgerTransaction, Milestone, PendingRelease

if TYPE_CHECKING:
    from accounts.models import User

Kind = LedgerAccount.Kind


def escrow_fund(
    *,
    contract: Contract,
    amount_cents: int,
    key: str,
    kind: str,
    actor: User | None,
    milestone: Milestone | None = None,
    invoice: HourlyInvoice | None = None,
    memo: str = "",
    scope: str = LedgerTransaction.SYSTEM_SCOPE,
) -> LedgerTransaction:
    """Client funds -> escrow. Raises InsufficientFunds when the client's balance is short."""
    funds = account(Kind.CLIENT_FUNDS, user=contract.client, currency=contract.currency)
    escrow = account(Kind.ESCROW, contract=contract, currency=contract.currency)
    return ledger_post(
        kind=kind,
        idempotency_key=key,
        scope=scope,
        lines=[(funds, -amount_cents), (escrow, amount_cents)],
        memo=memo,
        contract=contract,
        milestone=milestone,
        invoice=invoice,
        created_by=actor,
    )


def escrow_settle(
    *,
    contract: Contract,
    release_cents: int,
    refund_cents: int,
    key: str,
    kind: str,
    actor: User | None,
    milestone: Milestone | None = None,
    invoice: HourlyInvoice | None = None,
    memo: str = "",
    scope: str = LedgerTransaction.SYSTEM_SCOPE,
) -> LedgerTransaction:
    """Escrow -> freelancer pending (minus the platform fee) and/or back to the client's funds.

    The released part stays pending for CONTRACTS_SECURITY_PERIOD_DAYS (a PendingRelease row)."""
    currency = contract.currency
    escrow = account(Kind.ESCROW, contract=contract, currency=currency)
    lines: list[tuple[LedgerAccount, int]] = [(escrow, -(release_cents + refund_cents))]
    net = 0
    if release_cents:
        fee = fee_cents(release_cents, settings.CONTRACTS_FEE_BPS)
        net = release_cents - fee
        if fee:
            lines.append((account(Kind.FEES, currency=currency), fee))
        if net:
            lines.append((account(Kind.PENDING, user=contract.freelancer, currency=currency), net))
    if refund_cents:
        lines.append((account(Kind.CLIENT_FUNDS, user=contract.client, currency=currency), refund_cents))
    txn = ledger_post(
        kind=kind,
        idempotency_key=key,
        scope=scope,
        lines=lines,
        memo=memo,
        contract=contract,
        milestone=milestone,
        invoice=invoice,
        created_by=actor,
    )
    if net:
        pending = PendingRelease(
            user=contract.freelancer,
            source=txn,
            amount_cents=net,
            currency=currency,
            available_at=timezone.now() + timedelta(days=settings.CONTRACTS_SECURITY_PERIOD_DAYS),
        )
        pending.full_clean(validate_constraints=False)
        pending.save()
    return txn
