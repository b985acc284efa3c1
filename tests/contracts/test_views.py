"""Views: the whole fixed-price path through HTTP, confirmations, idempotent double submits,
and access control on every object URL (only the two parties; 404 for anyone else)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from contracts import selectors, services
from contracts.models import Contract, Milestone
from tests.contracts.conftest import make_contract, top_up
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_offer_create_from_proposal_with_milestone_rows(client, hirer, worker):
    proposal = ProposalFactory(job__client=hirer, freelancer=worker)
    url = f"/contracts/offers/new/{proposal.pk}/"
    assert url == reverse("contracts:offer-create", args=[proposal.pk])
    client.force_login(hirer)
    page = client.get(url)
    assert page.status_code == 200 and b"milestones-TOTAL_FORMS" in page.content
    data = {
        "title": "Booking site",
        "terms": "Two rounds of edits.",
        "kind": "fixed",
        "fill_job": "on",
        "milestones-TOTAL_FORMS": "3",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-description": "Design",
        "milestones-0-amount": "300",
        "milestones-1-description": "Build",
        "milestones-1-amount": "1,200.50",
        "milestones-2-description": "",
        "milestones-2-amount": "",
    }
    response = client.post(url, data)
    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/contracts/{contract.pk}/"
    assert list(contract.milestones.values_list("amount_cents", flat=True)) == [30_000, 120_050]
    assert contract.freelancer == worker and contract.fill_job


def test_offer_create_keeps_text_and_explains_blocked_contact_details(client, hirer, worker):
    proposal = ProposalFactory(job__client=hirer, freelancer=worker)
    client.force_login(hirer)
    data = {
        "title": "Booking site",
        "terms": "Write me at ana.silva@gmail.com",
        "kind": "fixed",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-description": "Design",
        "milestones-0-amount": "300",
    }
    response = client.post(f"/contracts/offers/new/{proposal.pk}/", data)
    assert response.status_code == 200
    assert not Contract.objects.exists()
    assert b'class="blocked"' in response.content and b"ana.silva@gmail.com" in response.content


def test_offer_create_for_someone_elses_proposal_is_404(client, hirer):
    proposal = ProposalFactory()
    client.force_login(hirer)
    assert client.get(f"/contracts/offers/new/{proposal.pk}/").status_code == 404


def test_fixed_price_journey_over_http(client, hirer, worker):
    contract = make_contract(hirer, worker, start=False)
    milestone = contract.milestones.get()
    client.force_login(worker)
    assert b"Accept offer" in client.get(f"/contracts/{contract.pk}/").content
    client.post(f"/contracts/{contract.pk}/respond/", {"action": "accept"})
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ACTIVE

    client.force_login(hirer)
    k_top = uuid.uuid4().hex
    page = client.post(
        "/contracts/balance/top-up/", {"amount": "150", "card_number": "4242424242424242", "idempotency_key": k_top}
    )
    assert page.status_code == 200 and b"Confirm top-up" in page.content  # confirmation first
    assert b"4242424242424242" not in page.content  # the number is never echoed into the page
    assert selectors.balance_summary(user=hirer).client_funds_cents == 0
    confirm = {"amount": "150.00", "card": "", "idempotency_key": k_top, "confirm": "1"}
    assert client.post("/contracts/balance/top-up/", confirm).status_code == 302
    client.post("/contracts/balance/top-up/", confirm)  # double submit
    assert selectors.balance_summary(user=hirer).client_funds_cents == 15_000

    fund_page = client.get(f"/contracts/milestones/{milestone.pk}/fund/")
    assert b"Fund milestone" in fund_page.content
    key = fund_page.context["form"]["idempotency_key"].value()
    client.post(f"/contracts/milestones/{milestone.pk}/fund/", {"idempotency_key": key})
    client.post(f"/contracts/milestones/{milestone.pk}/fund/", {"idempotency_key": key})  # double submit
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.FUNDED
    assert selectors.balance_summary(user=hirer).client_funds_cents == 5_000

    client.force_login(worker)
    client.post(f"/contracts/milestones/{milestone.pk}/submit/", {"message": "All done."})
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.SUBMITTED

    client.force_login(hirer)
    assert b"Approve and release" in client.get(f"/contracts/milestones/{milestone.pk}/approve/").content
    client.post(f"/contracts/milestones/{milestone.pk}/approve/", {"idempotency_key": uuid.uuid4().hex})
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.RELEASED

    client.force_login(worker)
    balance = client.get("/contracts/balance/")
    assert b"$90.00" in balance.content and b"Verify your identity" in balance.content
    statement = client.get("/contracts/transactions/?account=pending")
    assert b"$90.00" in statement.content


def test_refused_action_shows_message_and_moves_nothing(client, hirer, worker, milestone):
    client.force_login(hirer)
    key = uuid.uuid4().hex
    response = client.post(f"/contracts/milestones/{milestone.pk}/fund/", {"idempotency_key": key})
    assert response.status_code == 200 and b"Choose a saved card or enter a card number" in response.content
    response = client.post(
        f"/contracts/milestones/{milestone.pk}/fund/",
        {"idempotency_key": key, "card_number": "4000 0000 0000 0002"},
        follow=True,
    )
    assert b"Your card was declined" in response.content
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.PENDING
    assert selectors.balance_summary(user=hirer).client_funds_cents == 0
    assert not hirer.cards.exists()  # a declined card is not saved


def test_withdraw_requires_verified_identity_then_pays_out(
    client, worker, submitted_milestone, hirer, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    services.milestone_approve(milestone_id=submitted_milestone.pk, actor=hirer)
    client.force_login(worker)
    with time_machine.travel(timezone.now() + timedelta(days=6), tick=False):
        w0, w1 = uuid.uuid4().hex, uuid.uuid4().hex
        page = client.post(
            "/contracts/balance/withdraw/",
            {"amount": "50", "bank_account": "12345678", "idempotency_key": w1, "confirm": "1"},
        )
        assert b"Verify your identity" in page.content
        assert not worker.withdrawals.exists()
        worker.identity_status = "verified"
        worker.save()
        page = client.post(
            "/contracts/balance/withdraw/", {"amount": "95", "bank_account": "12345678", "idempotency_key": w0}
        )
        assert b"more than your available balance" in page.content
        page = client.post(
            "/contracts/balance/withdraw/", {"amount": "50", "bank_account": "12345678", "idempotency_key": w1}
        )
        assert b"Confirm withdrawal" in page.content and b"12345678" not in page.content
        data = {"amount": "50.00", "idempotency_key": w1, "confirm": "1"}
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/contracts/balance/withdraw/", data).status_code == 302
        assert selectors.balance_summary(user=worker).available_cents == 4_000
        assert worker.withdrawals.get().status == "paid"  # the task ran after commit (eager here)
        client.post("/contracts/balance/withdraw/", data)  # double submit
        assert selectors.balance_summary(user=worker).available_cents == 4_000
        assert worker.withdrawals.count() == 1


def _object_urls(contract: Contract, milestone: Milestone) -> list[str]:
    return [
        f"/contracts/{contract.pk}/",
        f"/contracts/{contract.pk}/end/",
        f"/contracts/{contract.pk}/feedback/",
        f"/contracts/{contract.pk}/timesheet/",
        f"/contracts/milestones/{milestone.pk}/fund/",
        f"/contracts/milestones/{milestone.pk}/submit/",
        f"/contracts/milestones/{milestone.pk}/approve/",
        f"/contracts/milestones/{milestone.pk}/changes/",
        f"/contracts/milestones/{milestone.pk}/dispute/",
    ]


def test_every_object_url_is_404_for_a_stranger(client, contract, milestone, stranger):
    client.force_login(stranger)
    for url in _object_urls(contract, milestone):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"idempotency_key": "x", "message": "x", "note": "x"}).status_code == 404, url
    for url in (
        f"/contracts/{contract.pk}/respond/",
        f"/contracts/{contract.pk}/pause/",
        f"/contracts/{contract.pk}/milestones/add/",
        f"/contracts/{contract.pk}/withdraw-offer/",
    ):
        assert client.post(url, {"action": "accept"}).status_code == 404, url
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.PENDING


def test_receipt_visible_to_parties_only(client, funded_milestone, hirer, worker, stranger):
    txn = funded_milestone.contract.ledger_accounts.get().entries.get().transaction
    client.force_login(hirer)
    assert client.get(f"/contracts/transactions/{txn.pk}/").status_code == 200
    client.force_login(worker)
    assert client.get(f"/contracts/transactions/{txn.pk}/").status_code == 200
    client.force_login(stranger)
    assert client.get(f"/contracts/transactions/{txn.pk}/").status_code == 404


def test_pages_require_login(client, contract):
    for url in ("/contracts/", f"/contracts/{contract.pk}/", "/contracts/balance/", "/contracts/transactions/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_contract_list_and_empty_state(client, contract, hirer, stranger):
    client.force_login(hirer)
    assert contract.title.encode() in client.get("/contracts/").content
    client.force_login(stranger)
    page = client.get("/contracts/")
    assert b"No contracts yet" in page.content and contract.title.encode() not in page.content


def test_wrong_party_action_is_refused_with_message(client, funded_milestone, hirer):
    client.force_login(hirer)
    response = client.post(f"/contracts/milestones/{funded_milestone.pk}/submit/", {"message": "x"}, follow=True)
    assert b"Only the freelancer" in response.content
    funded_milestone.refresh_from_db()
    assert funded_milestone.status == Milestone.Status.FUNDED
    top_up(hirer, 1)
