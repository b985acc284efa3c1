"""Pausing, ending and cancelling contracts; feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from .. import locks
from ..exceptions import ContractsError, InvalidTransition
from ..models import Contract, Feedback, HourlyInvoice, LedgerTransaction, Milestone
from ._common import (
    after_commit,
    durable_service,
    emit,
    notify,
    require_client,
    require_party,
    settle_first,
    transition,
)
from ._escrow import escrow_settle
from .hourly import close_all_open_weeks

if TYPE_CHECKING:
    from accounts.models import User

MS = Milestone.Status
CS = Contract.Status


@settle_first
@durable_service
def contract_pause(*, contract_id: int, actor: User, note: str = "") -> Contract:
    contract = locks.contract(contract_id)
    require_client(contract, actor)
    transition(contract, to=CS.PAUSED, actor=actor, contract=contract, note=note, verb="paused")
    emit(contract, "contract_paused", f"{actor.display_name} paused the contract.", actor)
    return contract


@settle_first
@durable_service
def contract_resume(*, contract_id: int, actor: User) -> Contract:
    contract = locks.contract(contract_id)
    require_client(contract, actor)
    transition(contract, to=CS.ACTIVE, actor=actor, contract=contract, verb="resumed")
    emit(contract, "contract_resumed", f"{actor.display_name} resumed the contract.", actor)
    return contract


@settle_first
@durable_service
def contract_end(*, contract_id: int, actor: User, note: str = "") -> Contract:
    """Either party ends the contract. The rules for money still held:
    - funded milestones without submitted work are refunded to the client;
    - submitted or disputed milestones must be reviewed or decided first (ending is refused);
    - unfunded milestones are cancelled; unbilled hours are billed now (normal review period applies).
    """
    contract = locks.contract(contract_id)  # contract first, then each milestone
    require_party(contract, actor)
    if contract.status not in (CS.ACTIVE, CS.PAUSED):
        raise InvalidTransition(f"The contract is {contract.get_status_display().lower()}.")
    blocking = contract.milestones.filter(status__in=[MS.SUBMITTED, MS.DISPUTED]).count()
    blocking += contract.invoices.filter(status=HourlyInvoice.Status.DISPUTED).count()
    if blocking:
        raise ContractsError(
            "Work under review or in dispute must be approved, sent back or decided before the contract can end."
        )
    transition(contract, to=CS.ENDED, actor=actor, contract=contract, note=note, verb="ended")
    for pk in contract.milestones.filter(status__in=[MS.FUNDED, MS.PENDING]).values_list("pk", flat=True):
        milestone = locks.milestone(pk)
        if milestone.status == MS.FUNDED:
            transition(
                milestone, to=MS.REFUNDED, actor=actor, contract=contract, note="Contract ended", verb="refunded"
            )
            escrow_settle(
                contract=contract,
                release_cents=0,
                refund_cents=milestone.amount_cents,
                key=f"end-refund:{milestone.pk}",
                kind=LedgerTransaction.Kind.REFUND,
                actor=actor,
                milestone=milestone,
                memo=f"Refund on contract end: {milestone.description[:100]}",
            )
            milestone.refunded_cents, milestone.closed_at = milestone.amount_cents, timezone.now()
            milestone.save(update_fields=["refunded_cents", "closed_at", "updated_at"])
        else:
            transition(milestone, to=MS.CANCELLED, actor=actor, contract=contract, note="Contract ended")
    if contract.is_hourly:
        close_all_open_weeks(contract)
    contract.ended_at, contract.ended_by = timezone.now(), actor
    contract.save(update_fields=["ended_at", "ended_by", "updated_at"])
    text = f"{actor.display_name} ended the contract. Please leave feedback."
    emit(contract, "contract_ended", text, actor)
    notify(contract, contract.counterpart(actor), "Contract ended", text)
    _refresh_badges(contract.freelancer)
    return contract


@settle_first
@durable_service
def contract_cancel(*, contract_id: int, actor: User, note: str = "") -> Contract:
    """Cancel without penalty (e.g. a contract made only to sign an NDA): only before any funding."""
    contract = locks.contract(contract_id)
    require_party(contract, actor)
    funded = LedgerTransaction.objects.filter(
        contract=contract, kind__in=[LedgerTransaction.Kind.FUND, LedgerTransaction.Kind.HOURLY_BILL]
    ).exists()
    if funded or contract.time_entries.exists():
        raise InvalidTransition("Money or time was already put into this contract; end it instead.")
    transition(contract, to=CS.CANCELLED, actor=actor, contract=contract, note=note, verb="cancelled")
    for pk in contract.milestones.filter(status=MS.PENDING).values_list("pk", flat=True):
        transition(locks.milestone(pk), to=MS.CANCELLED, actor=actor, contract=contract, note="Contract cancelled")
    contract.ended_at, contract.ended_by = timezone.now(), actor
    contract.save(update_fields=["ended_at", "ended_by", "updated_at"])
    emit(contract, "contract_cancelled", f"{actor.display_name} cancelled the contract before any funding.", actor)
    notify(contract, contract.counterpart(actor), "Contract cancelled", f"{actor.display_name} cancelled the contract.")
    return contract


@durable_service
def feedback_leave(*, contract_id: int, author: User, score: int, comment: str) -> Feedback:
    """Private score, public comment; each party once, after the contract ended."""
    contract = locks.contract(contract_id)
    require_party(contract, author)
    if contract.status != CS.ENDED:
        raise InvalidTransition("Feedback opens when the contract has ended.")
    if contract.feedback.filter(author=author).exists():
        raise InvalidTransition("You already left feedback for this contract.")
    if not 1 <= int(score) <= 5:
        raise ContractsError("Choose a score from 1 to 5.")
    feedback = Feedback(
        contract=contract, author=author, recipient=contract.counterpart(author), score=int(score), comment=comment
    )
    feedback.full_clean()
    feedback.save()
    notify(contract, feedback.recipient, "You received feedback", f"{author.display_name} left feedback.")
    _refresh_badges(contract.freelancer)
    return feedback


def _refresh_badges(user: User) -> None:
    from ..badges import badges_refresh

    after_commit(lambda: badges_refresh(user=user), "badges_refresh")
