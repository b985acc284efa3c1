"""Offers and fixed-price milestones: every transition and every refused one."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from contracts import selectors, services
from contracts.exceptions import ContractsError, InsufficientFunds, InvalidTransition, NotAParty
from contracts.ledger import fee_cents
from contracts.models import Contract, LedgerTransaction, Milestone, StatusChange
from contracts.signals import contract_event
from tests.contracts.conftest import key, make_contract, top_up
from tests.contracts.ledger_checks import assert_ledger_balanced
from tests.factories import ClientFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def balances(user):
    return selectors.balance_summary(user=user)


# --- the selector trust relies on ---------------------------------------------------------------


def test_contract_started_between_false_for_offer_true_after_accept(hirer, worker):
    contract = make_contract(hirer, worker, start=False)
    assert not selectors.contract_started_between(hirer, worker)
    services.offer_accept(contract_id=contract.pk, actor=worker)
    assert selectors.contract_started_between(hirer, worker)
    assert selectors.contract_started_between(worker, hirer)


def test_contract_started_between_stays_true_after_end_but_not_for_others(contract, hirer, worker, stranger):
    services.contract_end(contract_id=contract.pk, actor=hirer)
    assert selectors.contract_started_between(worker, hirer)
    assert not selectors.contract_started_between(hirer, stranger)
    assert not selectors.contract_started_between(hirer, None)


def test_contract_started_between_false_for_declined_and_cancelled(hirer, worker):
    declined = make_contract(hirer, worker, start=False)
    services.offer_decline(contract_id=declined.pk, actor=worker)
    cancelled = make_contract(hirer, worker)
    services.contract_cancel(contract_id=cancelled.pk, actor=hirer)
    assert not selectors.contract_started_between(hirer, worker)


# --- offers ------------------------------------------------------------------------------------


def test_offer_create_from_proposal_uses_proposal_parties(hirer, worker, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(job__client=hirer, freelancer=worker)
    events = []
    contract_event.connect(lambda **kw: events.append(kw["event"]), weak=False, dispatch_uid="t1")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            contract = services.offer_create(
                client=hirer,
                freelancer=None,
                proposal=proposal,
                title="Site",
                fill_job=True,
                milestones=[
                    {"description": "Design", "amount_cents": 30_000},
                    {"description": "Build", "amount_cents": 70_000},
                ],
            )
    finally:
        contract_event.disconnect(dispatch_uid="t1")
    assert contract.freelancer == worker and contract.job == proposal.job and contract.status == Contract.Status.OFFERED
    assert list(contract.milestones.values_list("position", "amount_cents")) == [(1, 30_000), (2, 70_000)]
    assert events == ["offer_sent"]


def test_offer_create_refuses_proposal_of_someone_elses_job(hirer, worker):
    proposal = ProposalFactory(freelancer=worker)
    with pytest.raises(ContractsError):
        services.offer_create(
            client=hirer,
            freelancer=None,
            proposal=proposal,
            title="x",
            milestones=[{"description": "a", "amount_cents": 100}],
        )


def test_offer_create_refuses_fixed_without_milestones_and_hourly_without_terms(hirer, worker):
    with pytest.raises(ContractsError):
        services.offer_create(client=hirer, freelancer=worker, title="x", milestones=[])
    with pytest.raises(ContractsError):
        services.offer_create(client=hirer, freelancer=worker, title="x", kind="hourly")
    with pytest.raises(ContractsError):
        services.offer_create(
            client=hirer, freelancer=worker, title="x", milestones=[{"description": "a", "amount_cents": 0}]
        )
    assert not Contract.objects.exists()


def test_offer_create_refuses_offer_to_self_or_non_freelancer(hirer):
    with pytest.raises(ContractsError):
        services.offer_create(
            client=hirer, freelancer=hirer, title="x", milestones=[{"description": "a", "amount_cents": 100}]
        )
    with pytest.raises(ContractsError):
        services.offer_create(
            client=hirer, freelancer=ClientFactory(), title="x", milestones=[{"description": "a", "amount_cents": 100}]
        )


def test_offer_accept_only_by_freelancer_and_once(hirer, worker, stranger):
    contract = make_contract(hirer, worker, start=False)
    for wrong in (hirer, stranger):
        with pytest.raises(NotAParty):
            services.offer_accept(contract_id=contract.pk, actor=wrong)
    services.offer_accept(contract_id=contract.pk, actor=worker)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ACTIVE and contract.started_at
    with pytest.raises(InvalidTransition):
        services.offer_accept(contract_id=contract.pk, actor=worker)
    with pytest.raises(InvalidTransition):
        services.offer_decline(contract_id=contract.pk, actor=worker)
    assert StatusChange.objects.filter(
        contract=contract, from_status="offered", to_status="active", actor=worker
    ).exists()


def test_offer_withdraw_by_client_then_accept_refused(hirer, worker):
    contract = make_contract(hirer, worker, start=False)
    with pytest.raises(NotAParty):
        services.offer_withdraw(contract_id=contract.pk, actor=worker)
    services.offer_withdraw(contract_id=contract.pk, actor=hirer)
    with pytest.raises(InvalidTransition):
        services.offer_accept(contract_id=contract.pk, actor=worker)


# --- money in ----------------------------------------------------------------------------------


def test_top_up_credits_client_funds_once_per_key(hirer):
    card = services.card_add(user=hirer, card_number="4242424242424242")
    k = key()
    services.top_up(user=hirer, card=card, amount_cents=12_345, idempotency_key=k)
    services.top_up(user=hirer, card=card, amount_cents=12_345, idempotency_key=k)
    assert balances(hirer).client_funds_cents == 12_345
    assert LedgerTransaction.objects.filter(kind="top_up").count() == 1
    assert_ledger_balanced()


def test_top_up_declined_card_moves_nothing(hirer):
    from contracts.exceptions import PaymentFailed

    card = services.card_add(user=hirer, card_number="4000 0000 0000 0002")
    with pytest.raises(PaymentFailed, match="declined"):
        services.top_up(user=hirer, card=card, amount_cents=5_000, idempotency_key=key())
    assert balances(hirer).client_funds_cents == 0
    assert hirer.top_ups.get().status == "declined"


def test_card_add_refuses_invalid_number(hirer):
    with pytest.raises(ContractsError):
        services.card_add(user=hirer, card_number="1234 5678")


# --- fund --------------------------------------------------------------------------------------


def test_milestone_fund_moves_client_funds_into_escrow(contract, hirer, milestone):
    top_up(hirer, 15_000)
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.FUNDED and milestone.funded_at
    assert balances(hirer).client_funds_cents == 5_000
    assert selectors.escrow_cents(contract) == 10_000
    assert_ledger_balanced()


def test_milestone_fund_refused_without_enough_funds(hirer, milestone):
    top_up(hirer, 9_999)
    with pytest.raises(InsufficientFunds):
        services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.PENDING
    assert balances(hirer).client_funds_cents == 9_999


def test_milestone_fund_refused_for_freelancer_stranger_and_twice(hirer, worker, stranger, milestone):
    top_up(hirer, 50_000)
    for wrong in (worker, stranger):
        with pytest.raises(NotAParty):
            services.milestone_fund(milestone_id=milestone.pk, actor=wrong)
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer, idempotency_key="form-1")
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer, idempotency_key="form-1")  # double submit
    with pytest.raises(InvalidTransition):
        services.milestone_fund(milestone_id=milestone.pk, actor=hirer, idempotency_key="form-2")
    assert balances(hirer).client_funds_cents == 40_000


def test_milestone_fund_refused_on_offer_and_paused_contract(hirer, worker):
    top_up(hirer, 50_000)
    offer = make_contract(hirer, worker, start=False)
    with pytest.raises(InvalidTransition):
        services.milestone_fund(milestone_id=offer.milestones.get().pk, actor=hirer)
    paused = make_contract(hirer, worker)
    services.contract_pause(contract_id=paused.pk, actor=hirer)
    with pytest.raises(InvalidTransition):
        services.milestone_fund(milestone_id=paused.milestones.get().pk, actor=hirer)


# --- submit ------------------------------------------------------------------------------------


def test_milestone_submit_sets_auto_approve_deadline(funded_milestone, worker):
    services.milestone_submit(milestone_id=funded_milestone.pk, actor=worker, message="Done, see the preview.")
    funded_milestone.refresh_from_db()
    assert funded_milestone.status == Milestone.Status.SUBMITTED
    assert funded_milestone.auto_approve_at - funded_milestone.submitted_at == timedelta(days=14)
    assert funded_milestone.submissions.get().message == "Done, see the preview."


def test_milestone_submit_refused_unfunded_wrong_party_twice_and_empty(milestone, hirer, worker):
    with pytest.raises(InvalidTransition):
        services.milestone_submit(milestone_id=milestone.pk, actor=worker, message="x")
    top_up(hirer, 10_000)
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    with pytest.raises(NotAParty):
        services.milestone_submit(milestone_id=milestone.pk, actor=hirer, message="x")
    with pytest.raises(ContractsError):
        services.milestone_submit(milestone_id=milestone.pk, actor=worker, message="   ")
    services.milestone_submit(milestone_id=milestone.pk, actor=worker, message="x")
    with pytest.raises(InvalidTransition):
        services.milestone_submit(milestone_id=milestone.pk, actor=worker, message="again")


# --- approve / release -------------------------------------------------------------------------


def test_milestone_approve_pays_freelancer_minus_fee_pending(submitted_milestone, hirer, worker, contract):
    services.milestone_approve(milestone_id=submitted_milestone.pk, actor=hirer)
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == Milestone.Status.RELEASED
    assert submitted_milestone.released_cents == 10_000
    summary = balances(worker)
    assert summary.pending_cents == 9_000 and summary.available_cents == 0
    assert selectors.escrow_cents(contract) == 0
    assert_ledger_balanced()


def test_released_funds_become_available_after_security_period_at_read_time(submitted_milestone, hirer, worker):
    services.milestone_approve(milestone_id=submitted_milestone.pk, actor=hirer)
    with time_machine.travel(timezone.now() + timedelta(days=5, minutes=1), tick=False):
        summary = balances(worker)  # no task ran
        assert summary.available_cents == 9_000 and summary.pending_cents == 0
        assert services.funds_mature_all() == 9_000
        summary = balances(worker)
        assert summary.available_cents == 9_000 and summary.pending_cents == 0
    assert_ledger_balanced()


def test_milestone_approve_refused_wrong_party_unsubmitted_and_twice(funded_milestone, hirer, worker):
    with pytest.raises(InvalidTransition):
        services.milestone_approve(milestone_id=funded_milestone.pk, actor=hirer)
    services.milestone_submit(milestone_id=funded_milestone.pk, actor=worker, message="x")
    with pytest.raises(NotAParty):
        services.milestone_approve(milestone_id=funded_milestone.pk, actor=worker)
    services.milestone_approve(milestone_id=funded_milestone.pk, actor=hirer, idempotency_key="a")
    services.milestone_approve(milestone_id=funded_milestone.pk, actor=hirer, idempotency_key="a")
    with pytest.raises(InvalidTransition):
        services.milestone_approve(milestone_id=funded_milestone.pk, actor=hirer, idempotency_key="b")
    assert balances(worker).pending_cents == 9_000


def test_fee_cents_rounds_half_up_once():
    assert fee_cents(10_005, 1_000) == 1_001  # 1000.5 -> 1001
    assert fee_cents(10_004, 1_000) == 1_000
    assert fee_cents(1, 1_000) == 0
    assert fee_cents(12_345, 250) == 309  # 308.625


def test_milestone_request_changes_returns_to_funded_with_note(submitted_milestone, hirer, worker):
    with pytest.raises(NotAParty):
        services.milestone_request_changes(milestone_id=submitted_milestone.pk, actor=worker, note="x")
    with pytest.raises(ContractsError):
        services.milestone_request_changes(milestone_id=submitted_milestone.pk, actor=hirer, note=" ")
    services.milestone_request_changes(milestone_id=submitted_milestone.pk, actor=hirer, note="Use our brand colours.")
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == Milestone.Status.FUNDED and submitted_milestone.auto_approve_at is None
    assert StatusChange.objects.filter(milestone=submitted_milestone, note="Use our brand colours.").exists()
    with pytest.raises(InvalidTransition):
        services.milestone_request_changes(milestone_id=submitted_milestone.pk, actor=hirer, note="again")
    services.milestone_submit(milestone_id=submitted_milestone.pk, actor=worker, message="Updated.")
    assert submitted_milestone.submissions.count() == 2


def test_auto_approve_releases_only_after_review_period(submitted_milestone, worker):
    assert services.milestones_auto_approve_due() == 0
    with pytest.raises(InvalidTransition):
        services.milestone_auto_release(milestone_id=submitted_milestone.pk)
    with time_machine.travel(timezone.now() + timedelta(days=14, seconds=1), tick=False):
        assert services.milestones_auto_approve_due() == 1
        assert services.milestones_auto_approve_due() == 0
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == Milestone.Status.RELEASED
    assert balances(worker).pending_cents == 9_000


def test_auto_approve_management_command(submitted_milestone, settings):
    from django.core.management import call_command

    Milestone.objects.filter(pk=submitted_milestone.pk).update(auto_approve_at=timezone.now() - timedelta(seconds=1))
    call_command("auto_approve_milestones")
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == Milestone.Status.RELEASED


def test_contract_events_sent_after_commit(hirer, worker, django_capture_on_commit_callbacks):
    seen = []
    contract_event.connect(lambda **kw: seen.append((kw["event"], kw["contract"].pk)), weak=False, dispatch_uid="t2")
    try:
        contract = make_contract(hirer, worker, start=False)
        assert seen == []  # not yet committed (test transaction): nothing sent
        with django_capture_on_commit_callbacks(execute=True):
            services.offer_accept(contract_id=contract.pk, actor=worker)
    finally:
        contract_event.disconnect(dispatch_uid="t2")
    assert ("contract_started", contract.pk) in seen


def test_offer_accept_marks_proposal_hired_and_job_filled(hirer, worker):
    proposal = ProposalFactory(job__client=hirer, freelancer=worker)
    contract = services.offer_create(
        client=hirer,
        freelancer=None,
        proposal=proposal,
        title="Site",
        fill_job=True,
        milestones=[{"description": "All", "amount_cents": 10_000}],
    )
    services.offer_accept(contract_id=contract.pk, actor=worker)
    proposal.refresh_from_db()
    proposal.job.refresh_from_db()
    assert proposal.status == "hired"
    assert proposal.job.status == "filled"


def test_milestone_request_changes_refused_on_unfunded_milestone(milestone, hirer):
    """Found by the stateful test: PENDING -> FUNDED is a legal transition, but not by this action."""
    with pytest.raises(InvalidTransition):
        services.milestone_request_changes(milestone_id=milestone.pk, actor=hirer, note="x")
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.PENDING


@pytest.fixture
def eager_celery():
    """Run tasks in-process even when REDIS_URL points Celery at a broker (the PostgreSQL CI pass)."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_emails_for_offer_and_funding_sent_after_commit(
    hirer, worker, mailoutbox, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        contract = make_contract(hirer, worker, start=False)
    assert [m.to for m in mailoutbox] == [[worker.email]]
    assert "sent you an offer" in mailoutbox[0].body and f"/contracts/{contract.pk}/" in mailoutbox[0].body
    services.offer_accept(contract_id=contract.pk, actor=worker)
    top_up(hirer, 10_000)
    with django_capture_on_commit_callbacks(execute=True):
        services.milestone_fund(milestone_id=contract.milestones.get().pk, actor=hirer)
    assert "funded “Part 1”" in mailoutbox[-1].body and mailoutbox[-1].to == [worker.email]
