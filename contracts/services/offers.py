"""Offers and the start of a contract."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trust.standing import ensure_can_act

from .. import locks
from ..exceptions import ContractsError
from ..models import Contract, Milestone
from ._common import durable_service, emit, notify, require_client, require_freelancer, transition

if TYPE_CHECKING:
    from accounts.models import User
    from marketplace.models import JobPost, Proposal


class MilestoneSpec(TypedDict, total=False):
    description: str
    amount_cents: int
    due_date: date | None


log = logging.getLogger(__name__)
OPEN_OR_STARTED = (Contract.Status.OFFERED, Contract.Status.ACTIVE, Contract.Status.PAUSED)


@durable_service
def offer_create(
    *,
    client: User,
    freelancer: User | None,  # from the proposal when there is one; None is refused
    title: str,
    terms: str = "",
    kind: str = Contract.Kind.FIXED,
    milestones: list[MilestoneSpec] | None = None,
    hourly_rate_cents: int | None = None,
    weekly_limit_hours: int | None = None,
    job: JobPost | None = None,
    proposal: Proposal | None = None,
    fill_job: bool = False,
    currency: str | None = None,
) -> Contract:
    """Send an offer (a contract in status `offered`) from a proposal, an invitation or directly."""
    from django.conf import settings

    ensure_can_act(client, "message")
    if proposal is not None:
        if proposal.job.client_id != client.pk:
            raise ContractsError("You can only make offers on proposals to your own jobs.")
        if proposal.status not in ("submitted", "shortlisted"):
            raise ContractsError("This proposal is no longer open for an offer.")
        job, freelancer = proposal.job, proposal.freelancer
        if Contract.objects.filter(proposal=proposal, status__in=OPEN_OR_STARTED).exists():
            raise ContractsError("You already sent an offer for this proposal.")
    if job is not None and job.client_id != client.pk:
        raise ContractsError("You can only make offers for your own jobs.")
    if freelancer is None or freelancer.pk == client.pk:
        raise ContractsError("An offer needs a freelancer other than yourself.")
    if not getattr(freelancer, "is_freelancer", False):
        raise ContractsError("This person has no freelancer profile.")
    contract = Contract(
        client=client,
        freelancer=freelancer,
        job=job,
        proposal=proposal,
        title=title,
        terms=terms,
        kind=kind,
        currency=currency or (job.currency if job is not None else settings.CONTRACTS_CURRENCY),
        fill_job=fill_job and job is not None,
    )
    if kind == Contract.Kind.HOURLY:
        if not hourly_rate_cents or hourly_rate_cents <= 0 or not weekly_limit_hours or weekly_limit_hours <= 0:
            raise ContractsError("An hourly offer needs an hourly rate and a weekly hour limit.")
        if weekly_limit_hours > 80:
            raise ContractsError("The weekly limit can be at most 80 hours.")
        contract.hourly_rate_cents, contract.weekly_limit_hours = hourly_rate_cents, weekly_limit_hours
        milestones = []
    elif not milestones:
        raise ContractsError("A fixed-price offer needs at least one milestone.")
    contract.full_clean()
    contract.save()
    for position, spec in enumerate(milestones or [], start=1):
        if int(spec.get("amount_cents") or 0) <= 0:
            raise ContractsError(f"Milestone {position} needs an amount above zero.")
        milestone = Milestone(
            contract=contract,
            position=position,
            description=spec["description"],
            amount_cents=int(spec["amount_cents"]),
            due_date=spec.get("due_date"),
        )
        milestone.full_clean()
        milestone.save()
    emit(contract, "offer_sent", f"{client.display_name} sent an offer: {contract.title}.", client)
    notify(contract, freelancer, "You received an offer", f"{client.display_name} sent you an offer: {contract.title}.")
    return contract


@durable_service
def offer_accept(*, contract_id: int, actor: User) -> Contract:
    """Accepting starts the contract: from now the two may share contact details."""
    contract = locks.contract(contract_id)
    require_freelancer(contract, actor)
    transition(contract, to=Contract.Status.ACTIVE, actor=actor, contract=contract, verb="accepted")
    contract.started_at = timezone.now()
    contract.full_clean()
    contract.save(update_fields=["started_at", "updated_at"])
    _hire_in_marketplace(contract, actor)
    emit(contract, "contract_started", f"{actor.display_name} accepted the offer. The contract has started.", actor)
    notify(contract, contract.client, "Your offer was accepted", f"{actor.display_name} accepted: {contract.title}.")
    return contract


def _hire_in_marketplace(contract: Contract, actor: User) -> None:
    """Marketplace bookkeeping in the same transaction, each in a savepoint: a job that was closed
    meanwhile must not stop the contract from starting (logged instead)."""
    from marketplace import services as marketplace_services

    steps: list[tuple[str, Callable[[], object]]] = []
    job = contract.job
    if contract.proposal is not None:
        proposal = contract.proposal
        steps.append(("proposal_hire", lambda: marketplace_services.proposal_hire(proposal=proposal, actor=actor)))
    if contract.fill_job and job is not None:
        steps.append(("job_fill", lambda: marketplace_services.job_fill(job=job, actor=contract.client)))
    for name, step in steps:
        try:
            with transaction.atomic():
                step()
        except ValidationError as error:
            log.warning("contract %s: marketplace %s refused: %s", contract.pk, name, error)


@durable_service
def offer_decline(*, contract_id: int, actor: User, note: str = "") -> Contract:
    contract = locks.contract(contract_id)
    require_freelancer(contract, actor)
    transition(contract, to=Contract.Status.DECLINED, actor=actor, contract=contract, note=note, verb="declined")
    emit(contract, "offer_declined", f"{actor.display_name} declined the offer.", actor)
    notify(contract, contract.client, "Your offer was declined", f"{actor.display_name} declined: {contract.title}.")
    return contract


@durable_service
def offer_withdraw(*, contract_id: int, actor: User) -> Contract:
    contract = locks.contract(contract_id)
    require_client(contract, actor)
    transition(contract, to=Contract.Status.WITHDRAWN, actor=actor, contract=contract, verb="withdrawn")
    emit(contract, "offer_withdrawn", f"{actor.display_name} withdrew the offer.", actor)
    return contract
