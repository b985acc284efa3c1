"""Every page renders for the parties in the states that show it (templates are exercised)."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from contracts import services
from contracts.models import Contract, Dispute
from tests.contracts.conftest import make_contract, top_up

pytestmark = pytest.mark.django_db


def ok(client, url: str, *needles: bytes) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    for needle in needles:
        assert needle in response.content, (url, needle)
    return response.content


def test_fixed_price_pages_for_both_parties(client, submitted_milestone, hirer, worker):
    contract = submitted_milestone.contract
    client.force_login(hirer)
    ok(client, f"/contracts/{contract.pk}/", b"Approve &amp; pay", b"Request changes", b"In escrow")
    ok(client, f"/contracts/milestones/{submitted_milestone.pk}/changes/", b"What needs to change?")
    ok(client, f"/contracts/milestones/{submitted_milestone.pk}/dispute/", b"Open dispute")
    ok(client, f"/contracts/{contract.pk}/end/", b"End contract")
    ok(client, f"/contracts/{contract.pk}/end/?cancel=1", b"Cancel contract")
    ok(client, "/contracts/balance/top-up/", b"Test cards")
    ok(client, "/contracts/balance/", b"Top up")
    ok(client, "/contracts/transactions/", b"Top-up", b"Milestone funded")
    client.force_login(worker)
    ok(client, f"/contracts/{contract.pk}/", b"Work submitted")
    ok(client, "/contracts/balance/withdraw/", b"Verify your identity")


def test_request_changes_and_dispute_through_pages(client, submitted_milestone, hirer, worker):
    client.force_login(hirer)
    client.post(f"/contracts/milestones/{submitted_milestone.pk}/changes/", {"note": "Bigger logo please."})
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == "funded"
    response = client.post(
        f"/contracts/milestones/{submitted_milestone.pk}/dispute/", {"statement": "Missed the deadline."}
    )
    dispute = Dispute.objects.get()
    assert response["Location"] == f"/contracts/disputes/{dispute.pk}/"
    ok(client, f"/contracts/disputes/{dispute.pk}/", b"must respond by", b"refunded to the client automatically")
    client.force_login(worker)
    ok(client, f"/contracts/disputes/{dispute.pk}/", b"Send response")
    client.post(f"/contracts/disputes/{dispute.pk}/", {"response": "The brief changed twice."})
    dispute.refresh_from_db()
    assert dispute.status == "answered"
    ok(client, f"/contracts/disputes/{dispute.pk}/", b"The brief changed twice.", b"reviewing")


def test_end_and_feedback_pages(client, contract, hirer, worker):
    client.force_login(worker)
    client.post(f"/contracts/{contract.pk}/end/", {"note": ""})
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ENDED
    ok(client, f"/contracts/{contract.pk}/", b"Leave feedback")
    ok(client, f"/contracts/{contract.pk}/feedback/", b"Public: shown with your comment")
    client.post(f"/contracts/{contract.pk}/feedback/", {"score": "5", "comment": "Clear and kind client."})
    content = ok(client, f"/contracts/{contract.pk}/", b"You left feedback")
    assert b"Clear and kind client." not in content  # hidden until both left feedback
    client.force_login(hirer)
    client.post(f"/contracts/{contract.pk}/feedback/", {"score": "4", "comment": "Delivered on time."})
    ok(client, f"/contracts/{contract.pk}/", b"Clear and kind client.", b"Delivered on time.")


def test_cancel_page_cancels_unfunded_contract(client, contract, hirer):
    client.force_login(hirer)
    client.post(f"/contracts/{contract.pk}/end/", {"cancel": "1", "note": "Only needed the NDA."})
    contract.refresh_from_db()
    assert contract.status == Contract.Status.CANCELLED


def test_hourly_offer_timesheet_and_week_payment_pages(client, hirer, worker):
    client.force_login(hirer)
    response = client.post(
        f"/contracts/offers/new/?freelancer={worker.pk}",
        {
            "title": "Shop support",
            "kind": "hourly",
            "hourly_rate": "45",
            "weekly_limit_hours": "10",
            "milestones-TOTAL_FORMS": "3",
            "milestones-INITIAL_FORMS": "0",
        },
    )
    contract = Contract.objects.get()
    assert response.status_code == 302 and (contract.hourly_rate_cents, contract.weekly_limit_hours) == (4_500, 10)
    services.offer_accept(contract_id=contract.pk, actor=worker)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    client.force_login(worker)
    ok(client, f"/contracts/{contract.pk}/timesheet/", b"Log time", b"No time logged yet")
    client.post(
        f"/contracts/{contract.pk}/timesheet/",
        {"date": today.isoformat(), "hours": "2", "minutes": "30", "memo": "Product uploads"},
    )
    ok(client, f"/contracts/{contract.pk}/timesheet/", b"Product uploads", b"2h 30m")
    later = dt.datetime.combine(monday + timedelta(days=8), dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        services.hourly_close_due_weeks()
        invoice = contract.invoices.get()
        assert invoice.status == "due" and invoice.amount_cents == 11_250
        client.force_login(hirer)
        ok(client, f"/contracts/{contract.pk}/", b"Pay", b"2h 30m")
        top_up(hirer, 20_000)
        page = client.get(f"/contracts/invoices/{invoice.pk}/fund/")
        key = page.context["form"]["idempotency_key"].value()
        client.post(f"/contracts/invoices/{invoice.pk}/fund/", {"idempotency_key": key})
        invoice.refresh_from_db()
        assert invoice.status == "billed"
        ok(client, f"/contracts/invoices/{invoice.pk}/dispute/", b"Open dispute")


def test_timesheet_is_404_for_fixed_price_and_strangers(client, contract, hirer, stranger):
    client.force_login(hirer)
    assert client.get(f"/contracts/{contract.pk}/timesheet/").status_code == 404
    hourly = make_contract(hirer, contract.freelancer, kind="hourly")
    client.force_login(stranger)
    assert client.get(f"/contracts/{hourly.pk}/timesheet/").status_code == 404


def test_dispute_invoice_and_time_urls_are_404_for_a_stranger(client, funded_milestone, hirer, worker, stranger):
    dispute = services.dispute_open(actor=hirer, milestone_id=funded_milestone.pk, statement="Late.")
    hourly = make_contract(hirer, worker, kind="hourly")
    entry = services.time_log(contract_id=hourly.pk, actor=worker, date=timezone.localdate(), minutes=60, memo="Setup")
    client.force_login(stranger)
    assert client.get(f"/contracts/disputes/{dispute.pk}/").status_code == 404
    assert client.post(f"/contracts/disputes/{dispute.pk}/", {"response": "x"}).status_code == 404
    assert client.post(f"/contracts/time/{entry.pk}/delete/").status_code == 404
    assert client.get("/contracts/invoices/999/fund/").status_code == 404
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.OPEN and hourly.time_entries.count() == 1
