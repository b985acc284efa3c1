"""Hourly, disputes, ending, cancelling, feedback, badges, admin resolution."""

from __future__ import annotations

import datetime as dt
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import TalentBadge
from contracts import badges, selectors, services
from contracts.exceptions import ContractsError, InvalidTransition, NotAParty
from contracts.models import Contract, Dispute, HourlyInvoice, Milestone
from tests.contracts.conftest import make_contract, top_up
from tests.contracts.ledger_checks import assert_ledger_balanced
from tests.factories import FreelancerFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 2)


@pytest.fixture
def hourly(hirer, worker):
    with time_machine.travel(dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC), tick=False):
        return make_contract(hirer, worker, kind="hourly", rate=6_000, limit=10)


def at(day: date, hour: int = 12):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC), tick=False)


# --- hourly ------------------------------------------------------------------------------------


def test_time_log_within_weekly_limit_only(hourly, worker, hirer):
    with at(MONDAY + timedelta(days=2)):
        services.time_log(contract_id=hourly.pk, actor=worker, date=MONDAY, minutes=8 * 60, memo="Checkout flow")
        with pytest.raises(ContractsError, match="weekly limit"):
            services.time_log(
                contract_id=hourly.pk, actor=worker, date=MONDAY + timedelta(days=1), minutes=121, memo="More"
            )
        services.time_log(
            contract_id=hourly.pk, actor=worker, date=MONDAY + timedelta(days=1), minutes=120, memo="More"
        )
        with pytest.raises(ContractsError, match="future"):
            services.time_log(
                contract_id=hourly.pk, actor=worker, date=MONDAY + timedelta(days=3), minutes=10, memo="x"
            )
        with pytest.raises(NotAParty):
            services.time_log(contract_id=hourly.pk, actor=hirer, date=MONDAY, minutes=10, memo="x")


def test_week_closes_into_invoice_paid_after_dispute_window(hourly, worker, hirer):
    top_up(hirer, 100_000)
    with at(MONDAY + timedelta(days=1)):
        services.time_log(contract_id=hourly.pk, actor=worker, date=MONDAY, minutes=90, memo="Setup")
    with at(MONDAY + timedelta(days=3)):
        with pytest.raises(InvalidTransition):
            services.week_close(contract_id=hourly.pk, week=MONDAY)
    with at(MONDAY + timedelta(days=7, hours=1)):
        assert services.hourly_close_due_weeks() == 1
        invoice = hourly.invoices.get()
        assert (invoice.minutes, invoice.amount_cents, invoice.status) == (90, 9_000, HourlyInvoice.Status.BILLED)
        assert selectors.escrow_cents(hourly) == 9_000
        with pytest.raises(ContractsError, match="already invoiced"):
            services.time_log(contract_id=hourly.pk, actor=worker, date=MONDAY, minutes=10, memo="late")
        assert services.invoices_release_due() == 0
    with at(MONDAY + timedelta(days=13)):
        assert services.invoices_release_due() == 1
    invoice.refresh_from_db()
    assert invoice.status == HourlyInvoice.Status.PAID
    assert selectors.balance_summary(user=worker).earnings_cents == 8_100
    assert_ledger_balanced()


def test_week_without_funds_is_due_until_client_pays(hourly, worker, hirer):
    with at(MONDAY + timedelta(days=1)):
        services.time_log(contract_id=hourly.pk, actor=worker, date=MONDAY, minutes=60, memo="Setup")
    with at(MONDAY + timedelta(days=8)):
        services.hourly_close_due_weeks()
        invoice = hourly.invoices.get()
        assert invoice.status == HourlyInvoice.Status.DUE
        with pytest.raises(ContractsError):
            services.invoice_fund(invoice_id=invoice.pk, actor=hirer)
        top_up(hirer, 6_000)
        with pytest.raises(NotAParty):
            services.invoice_fund(invoice_id=invoice.pk, actor=worker)
        services.invoice_fund(invoice_id=invoice.pk, actor=hirer, idempotency_key="pay-week")
        services.invoice_fund(invoice_id=invoice.pk, actor=hirer, idempotency_key="pay-week")
        invoice.refresh_from_db()
        assert invoice.status == HourlyInvoice.Status.BILLED
        assert selectors.balance_summary(user=hirer).client_funds_cents == 0


def test_client_disputes_hourly_week_then_refund_decision(hourly, worker, hirer, staff):
    top_up(hirer, 100_000)
    with at(MONDAY + timedelta(days=1)):
        services.time_log(contract_id=hourly.pk, actor=worker, date=MONDAY, minutes=600, memo="All week")
    with at(MONDAY + timedelta(days=8)):
        services.hourly_close_due_weeks()
        invoice = hourly.invoices.get()
        dispute = services.dispute_open(actor=hirer, invoice_id=invoice.pk, statement="Only 5 hours were worked.")
        services.dispute_resolve(
            dispute_id=dispute.pk,
            actor=staff,
            resolution="split",
            release_cents=30_000,
            reason="Half the hours were documented.",
        )
    invoice.refresh_from_db()
    assert invoice.status == HourlyInvoice.Status.SPLIT and invoice.refunded_cents == 30_000
    assert selectors.balance_summary(user=hirer).client_funds_cents == 100_000 - 60_000 + 30_000
    assert_ledger_balanced()


# --- disputes ----------------------------------------------------------------------------------


def test_dispute_open_respond_resolve_release(submitted_milestone, hirer, worker, staff, stranger):
    with pytest.raises(NotAParty):
        services.dispute_open(actor=stranger, milestone_id=submitted_milestone.pk, statement="x")
    dispute = services.dispute_open(actor=hirer, milestone_id=submitted_milestone.pk, statement="Not what we agreed.")
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == Milestone.Status.DISPUTED and submitted_milestone.auto_approve_at is None
    with pytest.raises(InvalidTransition):
        services.milestone_approve(milestone_id=submitted_milestone.pk, actor=hirer)
    with pytest.raises(NotAParty):
        services.dispute_respond(dispute_id=dispute.pk, actor=hirer, response="me again")
    services.dispute_respond(dispute_id=dispute.pk, actor=worker, response="It matches the brief.")
    with pytest.raises(InvalidTransition):
        services.dispute_respond(dispute_id=dispute.pk, actor=worker, response="twice")
    with pytest.raises(NotAParty):
        services.dispute_resolve(dispute_id=dispute.pk, actor=hirer, resolution="refund", reason="mine")
    with pytest.raises(ContractsError):
        services.dispute_resolve(dispute_id=dispute.pk, actor=staff, resolution="release", reason=" ")
    with pytest.raises(ContractsError):
        services.dispute_resolve(
            dispute_id=dispute.pk, actor=staff, resolution="split", release_cents=10_000, reason="x"
        )
    services.dispute_resolve(dispute_id=dispute.pk, actor=staff, resolution="release", reason="Brief met.")
    with pytest.raises(InvalidTransition):
        services.dispute_resolve(dispute_id=dispute.pk, actor=staff, resolution="refund", reason="again")
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == Milestone.Status.RELEASED
    assert selectors.balance_summary(user=worker).pending_cents == 9_000
    assert_ledger_balanced()


def test_dispute_refused_on_unfunded_milestone(milestone, hirer):
    with pytest.raises(InvalidTransition):
        services.dispute_open(actor=hirer, milestone_id=milestone.pk, statement="x")


def test_unanswered_dispute_goes_against_the_silent_party(submitted_milestone, worker, hirer):
    dispute = services.dispute_open(actor=worker, milestone_id=submitted_milestone.pk, statement="Client vanished.")
    assert services.disputes_decide_overdue() == 0
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1), tick=False):
        # beat is off: the late answer first settles the overdue decision, then is refused
        with pytest.raises(InvalidTransition):
            services.dispute_respond(dispute_id=dispute.pk, actor=hirer, response="too late")
        assert services.disputes_decide_overdue() == 0
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.RESOLVED and dispute.resolution == "release"
    assert selectors.balance_summary(user=worker).pending_cents == 9_000


def test_admin_resolve_view_splits_with_reason(client, staff, funded_milestone, hirer, worker):
    dispute = services.dispute_open(actor=hirer, milestone_id=funded_milestone.pk, statement="Half done.")
    client.force_login(staff)
    assert b"Resolve dispute" in client.get(f"/admin/contracts/dispute/{dispute.pk}/change/").content
    response = client.post(
        f"/admin/contracts/dispute/{dispute.pk}/resolve/",
        {"resolution": "split", "release_amount": "40", "reason": "Half delivered."},
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.release_cents, dispute.refund_cents, dispute.resolved_by) == (4_000, 6_000, staff)
    assert selectors.balance_summary(user=worker).pending_cents == 3_600
    assert selectors.balance_summary(user=hirer).client_funds_cents == 40_000 + 6_000


def test_admin_ledger_is_read_only(client, staff, funded_milestone):
    client.force_login(staff)
    assert client.get("/admin/contracts/ledgertransaction/").status_code == 200
    assert client.get("/admin/contracts/ledgerentry/add/").status_code == 403
    txn_pk = funded_milestone.contract.ledger_accounts.get().entries.get().transaction_id
    page = client.get(f"/admin/contracts/ledgertransaction/{txn_pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content


# --- end, cancel, feedback ----------------------------------------------------------------------


def test_contract_end_refunds_funded_cancels_pending_and_refuses_with_submitted(hirer, worker):
    contract = make_contract(hirer, worker, amounts=(10_000, 20_000, 5_000))
    first, second, third = contract.milestones.all()
    top_up(hirer, 30_000)
    services.milestone_fund(milestone_id=first.pk, actor=hirer)
    services.milestone_fund(milestone_id=second.pk, actor=hirer)
    services.milestone_submit(milestone_id=first.pk, actor=worker, message="x")
    with pytest.raises(ContractsError, match="under review"):
        services.contract_end(contract_id=contract.pk, actor=worker)
    services.milestone_approve(milestone_id=first.pk, actor=hirer)
    services.contract_end(contract_id=contract.pk, actor=worker)
    statuses = dict(contract.milestones.values_list("pk", "status"))
    assert statuses == {first.pk: "released", second.pk: "refunded", third.pk: "cancelled"}
    assert selectors.balance_summary(user=hirer).client_funds_cents == 20_000
    assert selectors.escrow_cents(contract) == 0
    with pytest.raises(InvalidTransition):
        services.contract_end(contract_id=contract.pk, actor=hirer)
    assert_ledger_balanced()


def test_contract_cancel_only_before_funding(hirer, worker, stranger):
    nda = make_contract(hirer, worker)
    with pytest.raises(NotAParty):
        services.contract_cancel(contract_id=nda.pk, actor=stranger)
    services.contract_cancel(contract_id=nda.pk, actor=worker)
    nda.refresh_from_db()
    assert nda.status == Contract.Status.CANCELLED and nda.milestones.get().status == "cancelled"
    funded = make_contract(hirer, worker)
    top_up(hirer, 10_000)
    services.milestone_fund(milestone_id=funded.milestones.get().pk, actor=hirer)
    with pytest.raises(InvalidTransition):
        services.contract_cancel(contract_id=funded.pk, actor=hirer)


def test_feedback_after_end_revealed_when_both_left(contract, hirer, worker):
    with pytest.raises(InvalidTransition):
        services.feedback_leave(contract_id=contract.pk, author=hirer, score=5, comment="Great")
    services.contract_end(contract_id=contract.pk, actor=hirer)
    services.feedback_leave(contract_id=contract.pk, author=hirer, score=5, comment="Great work")
    with pytest.raises(InvalidTransition):
        services.feedback_leave(contract_id=contract.pk, author=hirer, score=4, comment="again")
    assert not selectors.feedback_revealed(contract)
    assert list(selectors.public_feedback_for(user=worker)) == []
    services.feedback_leave(contract_id=contract.pk, author=worker, score=4, comment="Clear brief")
    assert selectors.feedback_revealed(contract)
    assert [f.comment for f in selectors.public_feedback_for(user=worker)] == ["Great work"]


def test_feedback_revealed_after_reveal_period(contract, hirer, worker):
    services.contract_end(contract_id=contract.pk, actor=hirer)
    services.feedback_leave(contract_id=contract.pk, author=hirer, score=5, comment="Great work")
    contract.refresh_from_db()
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1), tick=False):
        assert selectors.feedback_revealed(contract)
        assert [f.comment for f in selectors.public_feedback_for(user=worker)] == ["Great work"]


# --- badges ------------------------------------------------------------------------------------


def _completed_job(hirer, worker, amount=20_000, score=5):
    contract = make_contract(hirer, worker, amounts=(amount,))
    milestone = contract.milestones.get()
    top_up(hirer, amount)
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    services.milestone_submit(milestone_id=milestone.pk, actor=worker, message="done")
    services.milestone_approve(milestone_id=milestone.pk, actor=hirer)
    services.contract_end(contract_id=contract.pk, actor=hirer)
    services.feedback_leave(contract_id=contract.pk, author=hirer, score=score, comment="Good")
    return contract


def test_badges_rising_talent_after_first_good_contract(hirer, django_capture_on_commit_callbacks):
    worker = FreelancerFactory()
    assert badges.badges_refresh(user=worker) == set()
    with django_capture_on_commit_callbacks(execute=True):
        _completed_job(hirer, worker)
    assert set(TalentBadge.objects.filter(user=worker).values_list("kind", flat=True)) == {"rising_talent"}


def test_badges_lost_when_score_drops_and_withheld_by_sanction(hirer, monkeypatch):
    worker = FreelancerFactory()
    _completed_job(hirer, worker, score=5)
    assert badges.badges_refresh(user=worker) == {"rising_talent"}
    import trust.standing

    monkeypatch.setattr(trust.standing, "badges_withheld", lambda user: True, raising=False)
    assert badges.badges_refresh(user=worker) == set()
    assert not TalentBadge.objects.filter(user=worker).exists()
    monkeypatch.setattr(trust.standing, "badges_withheld", lambda user: False, raising=False)
    _completed_job(hirer, worker, score=1)
    assert badges.badges_refresh(user=worker) == set()  # average 3.0 < 4.5


def test_badge_rules_top_rated_thresholds():
    stats = badges.TalentStats(completed=5, earnings_cents=100_000, average_score=4.8, reviews=3)
    assert badges.earned_kinds(stats) == {"rising_talent", "top_rated"}
    assert badges.earned_kinds(badges.TalentStats(10, 1_000_000, 4.9, 5)) == {
        "rising_talent",
        "top_rated",
        "top_rated_plus",
    }
