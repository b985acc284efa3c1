"""Disputes over an escrowed milestone or a billed hourly week."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from trust.uploads.services import Readable, upload_accept

from .. import locks
from ..exceptions import ContractsError, InvalidTransition, NotAParty
from ..ledger import format_cents
from ..models import Dispute, DisputeEvidence, HourlyInvoice, LedgerTransaction, Milestone
from ._common import durable_service, emit, notify, require_party, settle_first, transition
from ._escrow import escrow_settle

if TYPE_CHECKING:
    from accounts.models import User


@settle_first
@durable_service
def dispute_open(
    *, actor: User, statement: str, milestone_id: int | None = None, invoice_id: int | None = None
) -> Dispute:
    """Either party disputes escrowed money; the other side has CONTRACTS_DISPUTE_RESPONSE_DAYS to answer."""
    if (milestone_id is None) == (invoice_id is None):
        raise ContractsError("A dispute is about one milestone or one hourly week.")
    subject: Milestone | HourlyInvoice = (
        locks.milestone(milestone_id) if milestone_id is not None else locks.invoice(int(invoice_id or 0))
    )
    contract = subject.contract
    require_party(contract, actor)
    if not statement.strip():
        raise ContractsError("Explain what the dispute is about.")
    if isinstance(subject, HourlyInvoice):
        if (
            subject.status == HourlyInvoice.Status.BILLED
            and subject.dispute_until
            and subject.dispute_until < timezone.now()
        ):
            raise InvalidTransition("The review period for this week is over.")
        transition(subject, to=HourlyInvoice.Status.DISPUTED, actor=actor, contract=contract, verb="disputed")
    else:
        if actor.pk == contract.freelancer_id and subject.status != Milestone.Status.SUBMITTED:
            raise InvalidTransition(
                "You can open a dispute about a milestone once you have submitted work for it."
                if subject.status == Milestone.Status.FUNDED
                else f"This can't be disputed now: the milestone is {subject.get_status_display().lower()}."
            )
        transition(subject, to=Milestone.Status.DISPUTED, actor=actor, contract=contract, verb="disputed")
        subject.auto_approve_at = None
        subject.save(update_fields=["auto_approve_at", "updated_at"])
    dispute = Dispute(
        contract=contract,
        milestone=subject if isinstance(subject, Milestone) else None,
        invoice=subject if isinstance(subject, HourlyInvoice) else None,
        opened_by=actor,
        statement=statement,
        respond_by=timezone.now() + timedelta(days=settings.CONTRACTS_DISPUTE_RESPONSE_DAYS),
    )
    dispute.full_clean()
    dispute.save()
    other = contract.counterpart(actor)
    text = f"{actor.display_name} opened a dispute about {_label(dispute)}."
    emit(contract, "dispute_opened", text, actor)
    notify(
        contract,
        other,
        "A dispute was opened",
        f"{text} Respond by {dispute.respond_by:%d %b %Y %H:%M} UTC or the decision goes against you.\n\n{statement}",
    )
    return dispute


# A dispute's evidence is a handful of files, not an archive.
EVIDENCE_MAX_FILES = 10


@durable_service
def dispute_evidence_add(*, dispute_id: int, actor: User, file: Readable) -> DisputeEvidence:
    """Either party adds a file to a dispute still being decided. The file goes through trust's
    upload pipeline (sniffed and stored privately now, scanned after commit): the other party can
    fetch it once it is clean; a refused or held file reaches only its owner and staff."""
    dispute = locks.dispute(dispute_id)
    contract = dispute.contract
    require_party(contract, actor)
    if dispute.status == Dispute.Status.RESOLVED:
        raise InvalidTransition("This dispute has been decided: no more evidence can be added.")
    if dispute.evidence.count() >= EVIDENCE_MAX_FILES:
        raise ContractsError(f"A dispute takes at most {EVIDENCE_MAX_FILES} files.")
    upload = upload_accept(file=file, use="dispute_evidence", owner=actor, counterpart=contract.counterpart(actor))
    evidence = DisputeEvidence(dispute=dispute, upload=upload, added_by=actor)
    evidence.full_clean()
    evidence.save()
    text = f"{actor.display_name} added evidence to the dispute about {_label(dispute)}."
    emit(contract, "dispute_evidence", text, actor)
    notify(contract, contract.counterpart(actor), "New evidence in a dispute",
           text + " You can open it on the dispute page once it has been checked.")
    return evidence


@settle_first
@durable_service
def dispute_respond(*, dispute_id: int, actor: User, response: str) -> Dispute:
    dispute = locks.dispute(dispute_id)
    contract = dispute.contract
    require_party(contract, actor)
    if actor.pk == dispute.opened_by_id:
        raise NotAParty("The other party answers the dispute.")
    if dispute.respond_by < timezone.now():
        raise InvalidTransition("The response period is over.")
    if not response.strip():
        raise ContractsError("Write your response.")
    if dispute.status != Dispute.Status.OPEN:
        raise InvalidTransition("This dispute was already answered.")
    _set_status(dispute, Dispute.Status.ANSWERED, actor)
    dispute.response = response
    dispute.responded_at = timezone.now()
    dispute.full_clean()
    dispute.save(update_fields=["response", "responded_at", "updated_at"])
    notify(
        contract, dispute.opened_by, "The dispute was answered", f"{actor.display_name} answered. Our team will decide."
    )
    return dispute


def _set_status(dispute: Dispute, to: str, actor: User | None, note: str = "") -> None:
    transition(dispute, to=to, actor=actor, contract=dispute.contract, note=note)


def _label(dispute: Dispute) -> str:
    if dispute.milestone is not None:
        return f"the milestone “{dispute.milestone.description[:80]}”"
    if dispute.invoice is not None:
        return f"the week of {dispute.invoice.week_start:%d %b %Y}"
    return "this dispute's subject"


@durable_service(staff=True)
def dispute_resolve(
    *, dispute_id: int, actor: User, resolution: str, reason: str, release_cents: int | None = None
) -> Dispute:
    """Staff decision: release to the freelancer, refund to the client, or split by amount."""
    if not getattr(actor, "is_staff", False):
        raise NotAParty("Only staff resolve disputes.")
    return _decide(
        locks.dispute(dispute_id), actor=actor, resolution=resolution, reason=reason, release_cents=release_cents
    )


def _decide(
    dispute: Dispute, *, actor: User | None, resolution: str, reason: str, release_cents: int | None
) -> Dispute:
    if dispute.status == Dispute.Status.RESOLVED:
        raise InvalidTransition("This dispute is already resolved.")
    if not reason.strip():
        raise ContractsError("Give the reason for the decision; both parties see it.")
    subject = dispute.subject
    amount = subject.amount_cents
    contract = dispute.contract
    R = Dispute.Resolution
    if resolution == R.RELEASE:
        release, refund = amount, 0
    elif resolution == R.REFUND:
        release, refund = 0, amount
    elif resolution == R.SPLIT:
        if release_cents is None or not 0 < release_cents < amount:
            raise ContractsError(f"A split releases between $0.01 and {format_cents(amount - 1, contract.currency)}.")
        release, refund = release_cents, amount - release_cents
    else:
        raise ContractsError("Choose release, refund or split.")
    target: dict[str, str]
    if isinstance(subject, Milestone):
        target = {
            R.RELEASE: Milestone.Status.RELEASED,
            R.REFUND: Milestone.Status.REFUNDED,
            R.SPLIT: Milestone.Status.SPLIT,
        }
    else:
        target = {
            R.RELEASE: HourlyInvoice.Status.PAID,
            R.REFUND: HourlyInvoice.Status.REFUNDED,
            R.SPLIT: HourlyInvoice.Status.SPLIT,
        }
    transition(subject, to=target[resolution], actor=actor, contract=contract, note=reason, verb="resolved")
    kind: dict[str, str] = {
        R.RELEASE: LedgerTransaction.Kind.RELEASE,
        R.REFUND: LedgerTransaction.Kind.REFUND,
        R.SPLIT: LedgerTransaction.Kind.SPLIT,
    }
    escrow_settle(
        contract=contract,
        release_cents=release,
        refund_cents=refund,
        key=f"dispute:{dispute.pk}",
        kind=kind[resolution],
        actor=actor,
        milestone=dispute.milestone,
        invoice=dispute.invoice,
        memo=f"Dispute decision: {R(resolution).label}",
    )
    subject.released_cents, subject.refunded_cents, subject.closed_at = release, refund, timezone.now()
    subject.save(update_fields=["released_cents", "refunded_cents", "closed_at", "updated_at"])
    _set_status(dispute, Dispute.Status.RESOLVED, actor, note=reason)
    dispute.resolution, dispute.release_cents, dispute.refund_cents, dispute.reason = (
        resolution,
        release,
        refund,
        reason,
    )
    dispute.resolved_by = actor if getattr(actor, "pk", None) else None
    dispute.resolved_at = timezone.now()
    dispute.full_clean()
    dispute.save(
        update_fields=[
            "resolution",
            "release_cents",
            "refund_cents",
            "reason",
            "resolved_by",
            "resolved_at",
            "updated_at",
        ]
    )
    text = (
        f"The dispute about {_label(dispute)} was resolved: {format_cents(release, contract.currency)} released, "
        f"{format_cents(refund, contract.currency)} refunded. Reason: {reason}"
    )
    emit(contract, "dispute_resolved", text, actor)
    for party in (contract.client, contract.freelancer):
        notify(contract, party, "Dispute resolved", text)
    return dispute


@durable_service
def dispute_decide_overdue(*, dispute_id: int) -> Dispute:
    """No answer in time: the decision goes against the party who did not respond."""
    dispute = locks.dispute(dispute_id)
    if dispute.status != Dispute.Status.OPEN or dispute.respond_by > timezone.now():
        raise InvalidTransition("This dispute is not overdue.")
    opener_is_client = dispute.opened_by_id == dispute.contract.client_id
    resolution = Dispute.Resolution.REFUND if opener_is_client else Dispute.Resolution.RELEASE
    return _decide(
        dispute,
        actor=None,
        resolution=resolution,
        release_cents=None,
        reason="The other party did not respond within the response period.",
    )


def disputes_decide_overdue() -> int:
    due = list(
        Dispute.objects.filter(status=Dispute.Status.OPEN, respond_by__lte=timezone.now()).values_list("pk", flat=True)
    )
    decided = 0
    for pk in due:
        try:
            dispute_decide_overdue(dispute_id=pk)
            decided += 1
        except InvalidTransition:
            continue
    return decided
