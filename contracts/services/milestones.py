"""Fixed-price milestones: fund -> submit -> approve (or changes requested) -> released."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from trust.uploads.services import Readable, upload_accept

from .. import locks
from ..exceptions import ContractsError, InvalidTransition
from ..ledger import format_cents, user_scope
from ..models import Contract, LedgerTransaction, Milestone, Submission
from ._common import (
    durable_service,
    emit,
    notify,
    replayed,
    require_client,
    require_freelancer,
    same_operation_or_refuse,
    settle_first,
    transition,
)
from ._escrow import escrow_fund, escrow_settle

if TYPE_CHECKING:
    from accounts.models import User

S = Milestone.Status


def _require_active(contract: Contract) -> None:
    if contract.status != Contract.Status.ACTIVE:
        raise InvalidTransition(f"The contract is {contract.get_status_display().lower()}.")


@settle_first
@durable_service
def milestone_add(
    *, contract_id: int, actor: User, description: str, amount_cents: int, due_date: date | None = None
) -> Milestone:
    """The client adds a milestone to a running fixed-price contract."""
    contract = locks.contract(contract_id)
    require_client(contract, actor)
    _require_active(contract)
    if contract.is_hourly:
        raise ContractsError("Hourly contracts have no milestones.")
    if amount_cents <= 0:
        raise ContractsError("The amount must be above zero.")
    position = (contract.milestones.aggregate(m=Max("position"))["m"] or 0) + 1
    milestone = Milestone(
        contract=contract, position=position, description=description, amount_cents=amount_cents, due_date=due_date
    )
    milestone.full_clean()
    milestone.save()
    return milestone


@settle_first
@durable_service
def milestone_fund(*, milestone_id: int, actor: User, idempotency_key: str | None = None) -> Milestone:
    """Client funds -> escrow, before work starts on the milestone. The form's key lives in the
    client's own "fund" scope: replaying it returns this funding, never anything else's."""
    milestone = locks.milestone(milestone_id)  # contract, then milestone
    contract = milestone.contract
    require_client(contract, actor)
    scope = user_scope(actor, "fund") if idempotency_key else LedgerTransaction.SYSTEM_SCOPE
    key = idempotency_key or f"fund:{milestone.pk}"
    earlier = replayed(scope, idempotency_key)
    if earlier is not None:  # the same form submitted twice
        same_operation_or_refuse(earlier, milestone=milestone)
        return milestone
    _require_active(contract)
    transition(milestone, to=S.FUNDED, actor=actor, contract=contract, verb="funded")
    escrow_fund(
        contract=contract,
        amount_cents=milestone.amount_cents,
        key=key,
        scope=scope,
        kind=LedgerTransaction.Kind.FUND,
        actor=actor,
        milestone=milestone,
        memo=f"Funded: {milestone.description[:120]}",
    )
    milestone.funded_at = timezone.now()
    milestone.save(update_fields=["funded_at", "updated_at"])
    amount = format_cents(milestone.amount_cents, contract.currency)
    text = f"{actor.display_name} funded “{milestone.description[:80]}” ({amount})."
    emit(contract, "milestone_funded", text, actor)
    notify(contract, contract.freelancer, "A milestone was funded", text + " You can start work on it.")
    return milestone


@settle_first
@durable_service
def milestone_submit(*, milestone_id: int, actor: User, message: str, attachment: Readable | None = None) -> Submission:
    milestone = locks.milestone(milestone_id)
    contract = milestone.contract
    require_freelancer(contract, actor)
    _require_active(contract)
    if not message.strip():
        raise ContractsError("Describe the work you are submitting.")
    transition(milestone, to=S.SUBMITTED, actor=actor, contract=contract, verb="submitted")
    submission = Submission(milestone=milestone, message=message)
    if attachment:
        # Sniffed, checked and stored privately now; read and scanned after commit. The client can
        # download it once the scan passed (access rule in contracts.apps).
        submission.attachment = upload_accept(
            file=attachment, use="submission", owner=actor, counterpart=contract.client
        )
    submission.full_clean()
    submission.save()
    now = timezone.now()
    milestone.submitted_at = now
    milestone.auto_approve_at = now + timedelta(days=settings.CONTRACTS_AUTO_APPROVE_DAYS)
    milestone.save(update_fields=["submitted_at", "auto_approve_at", "updated_at"])
    text = f"{actor.display_name} submitted work for “{milestone.description[:80]}”."
    emit(contract, "milestone_submitted", text, actor)
    notify(
        contract,
        contract.client,
        "Work submitted for review",
        text + f" Approve it or request changes within {settings.CONTRACTS_AUTO_APPROVE_DAYS} days,"
        " or the payment is released automatically.",
    )
    return submission


def _release(
    milestone: Milestone, *, actor: User | None, key: str, automatic: bool, scope: str = LedgerTransaction.SYSTEM_SCOPE
) -> Milestone:
    contract = milestone.contract
    transition(
        milestone,
        to=S.RELEASED,
        actor=actor,
        contract=contract,
        verb="approved",
        note="Released automatically: no review within the review period." if automatic else "",
    )
    escrow_settle(
        contract=contract,
        release_cents=milestone.amount_cents,
        refund_cents=0,
        key=key,
        scope=scope,
        kind=LedgerTransaction.Kind.RELEASE,
        actor=actor,
        milestone=milestone,
        memo=f"Released: {milestone.description[:120]}",
    )
    milestone.released_cents = milestone.amount_cents
    milestone.closed_at = timezone.now()
    milestone.auto_approve_at = None
    milestone.save(update_fields=["released_cents", "closed_at", "auto_approve_at", "updated_at"])
    who = "automatically" if automatic or actor is None else f"by {actor.display_name}"
    text = f"Payment for “{milestone.description[:80]}” was released {who}."
    emit(contract, "milestone_released" if automatic else "milestone_approved", text, actor)
    notify(contract, contract.freelancer, "Payment released", text)
    return milestone


@settle_first
@durable_service
def milestone_approve(*, milestone_id: int, actor: User, idempotency_key: str | None = None) -> Milestone:
    """Client approves submitted work: escrow -> freelancer (pending) minus the platform fee."""
    milestone = locks.milestone(milestone_id)
    require_client(milestone.contract, actor)
    scope = user_scope(actor, "approve") if idempotency_key else LedgerTransaction.SYSTEM_SCOPE
    key = idempotency_key or f"release:{milestone.pk}"
    earlier = replayed(scope, idempotency_key)
    if earlier is not None:  # the same form submitted twice
        same_operation_or_refuse(earlier, milestone=milestone)
        return milestone
    _refuse_if_auto_released(milestone, "approved")
    if milestone.status != S.SUBMITTED:  # a disputed milestone is released only by the decision
        raise InvalidTransition(
            f"This can't be approved now: the milestone is {milestone.get_status_display().lower()}."
        )
    return _release(milestone, actor=actor, key=key, automatic=False, scope=scope)


def _refuse_if_auto_released(milestone: Milestone, verb: str) -> None:
    """Say plainly that the review period ended and the payment went out (settled just before)."""
    if milestone.status == S.RELEASED and not milestone.contract.status_changes.filter(
        milestone=milestone, to_status=S.RELEASED, actor__isnull=False
    ).exists():
        raise InvalidTransition(
            f"This can't be {verb} now: the review period ended"
            f"{f' on {milestone.closed_at:%d %b %Y}' if milestone.closed_at else ''}"
            " and the payment was released to the freelancer automatically."
        )


@durable_service
def milestone_auto_release(*, milestone_id: int) -> Milestone:
    """Release a submitted milestone whose review period passed without approval or change request."""
    milestone = locks.milestone(milestone_id)
    if milestone.status != S.SUBMITTED or not milestone.auto_approve_at or milestone.auto_approve_at > timezone.now():
        raise InvalidTransition("This milestone is not due for automatic release.")
    return _release(milestone, actor=None, key=f"auto-release:{milestone.pk}", automatic=True)


def milestones_auto_approve_due() -> int:
    """Release every milestone past its review period (beat task and management command)."""
    due = Milestone.objects.filter(status=S.SUBMITTED, auto_approve_at__lte=timezone.now()).values_list("pk", flat=True)
    released = 0
    for pk in list(due):
        try:
            milestone_auto_release(milestone_id=pk)
            released += 1
        except InvalidTransition:  # approved, changed or disputed meanwhile
            continue
    return released


@settle_first
@durable_service
def milestone_request_changes(*, milestone_id: int, actor: User, note: str) -> Milestone:
    """Back to funded (money stays in escrow) with the client's note. A review period that already
    ended was settled first (settle_first): then the payment is out and changes are refused."""
    milestone = locks.milestone(milestone_id)
    contract = milestone.contract
    require_client(contract, actor)
    _refuse_if_auto_released(milestone, "sent back for changes")
    if not note.strip():
        raise ContractsError("Say what needs to change.")
    if milestone.status != S.SUBMITTED:  # FUNDED is also reachable from PENDING (by funding): be explicit
        raise InvalidTransition("Changes can be requested only on submitted work.")
    transition(milestone, to=S.FUNDED, actor=actor, contract=contract, note=note, verb="sent back for changes")
    milestone.auto_approve_at = None
    milestone.save(update_fields=["auto_approve_at", "updated_at"])
    text = f"{actor.display_name} requested changes to “{milestone.description[:80]}”."
    emit(contract, "milestone_changes_requested", text, actor)
    notify(contract, contract.freelancer, "Changes requested", f"{text}\n\n{note}")
    return milestone
