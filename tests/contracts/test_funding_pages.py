"""Issue 15 (contract side): funding at the point of need, fee previews, hourly weeks billed on
read, and the contract-page bugs (negative "balance after", top-up not returning, cancel after
funding, ?freelancer=abc, offer sections, the freelancer's statement tab, button contrast, 390 px)."""

from __future__ import annotations

import datetime as dt
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from contracts import selectors, services
from contracts.models import Milestone
from tests.contracts.conftest import key, make_contract, top_up

pytestmark = pytest.mark.django_db
SITE_CSS = Path(settings.BASE_DIR, "static/css/site.css").read_text()


def test_fund_with_a_new_card_charges_the_shortfall_in_one_step(client, hirer, worker):
    contract = make_contract(hirer, worker, amounts=(45_000,))
    milestone = contract.milestones.get()
    top_up(hirer, 10_000)
    client.force_login(hirer)
    page = client.get(f"/contracts/milestones/{milestone.pk}/fund/").content.decode()
    assert "Pay $350.00 and fund" in page and "-$" not in page  # never a negative "balance after"
    assert "Fund milestone</button>" not in page
    k = key()
    response = client.post(
        f"/contracts/milestones/{milestone.pk}/fund/", {"idempotency_key": k, "card_number": "4242 4242 4242 4242"}
    )
    assert response.status_code == 302 and response["Location"] == f"/contracts/{contract.pk}/"
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.FUNDED
    assert selectors.balance_summary(user=hirer).client_funds_cents == 0
    assert hirer.top_ups.filter(amount_cents=35_000, status="succeeded").count() == 1
    assert hirer.cards.count() == 2  # the new card was charged successfully, so it is saved
    # the double-submitted form charges and funds once
    again = client.post(
        f"/contracts/milestones/{milestone.pk}/fund/",
        {"idempotency_key": k, "card_number": "4242424242424242"},
        follow=True,
    )
    assert b"Milestone funded" in again.content
    assert hirer.top_ups.count() == 2 and selectors.balance_summary(user=hirer).client_funds_cents == 0


def test_fund_with_a_saved_card_and_enough_balance_needs_no_card(client, hirer, worker):
    contract = make_contract(hirer, worker, amounts=(5_000, 5_000))
    first, second = contract.milestones.all()
    top_up(hirer, 6_000)
    card = hirer.cards.get()
    client.force_login(hirer)
    page = client.get(f"/contracts/milestones/{first.pk}/fund/").content.decode()
    assert "Fund milestone</button>" in page and "Charged to your card" not in page
    client.post(f"/contracts/milestones/{first.pk}/fund/", {"idempotency_key": key()})
    client.post(f"/contracts/milestones/{second.pk}/fund/", {"idempotency_key": key(), "card": str(card.pk)})
    assert Milestone.objects.filter(status="funded").count() == 2
    assert selectors.balance_summary(user=hirer).client_funds_cents == 0


def test_top_up_returns_to_the_milestone(client, hirer, worker, milestone):
    client.force_login(hirer)
    back = f"/contracts/milestones/{milestone.pk}/fund/"
    form = client.get(f"/contracts/balance/top-up/?next={back}").content.decode()
    assert f'name="next" value="{back}"' in form
    k = key()
    client.post("/contracts/balance/top-up/", {"amount": "200", "card_number": "4242424242424242",
                                               "idempotency_key": k, "next": back})
    response = client.post("/contracts/balance/top-up/", {"amount": "200.00", "card": "", "idempotency_key": k,
                                                          "confirm": "1", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    evil = client.post("/contracts/balance/top-up/", {"amount": "200.00", "card": str(hirer.cards.get().pk),
                                                      "idempotency_key": key(), "confirm": "1",
                                                      "next": "https://evil.example/"})
    assert evil["Location"] == "/contracts/balance/"


def test_cancel_is_offered_only_before_any_funding(client, hirer, worker, contract, milestone):
    client.force_login(hirer)
    assert b"?cancel=1" in client.get(f"/contracts/{contract.pk}/").content
    top_up(hirer, 50_000)
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    page = client.get(f"/contracts/{contract.pk}/").content
    assert b"?cancel=1" not in page and b"Cancel (" not in page


def test_offer_for_a_non_numeric_freelancer_is_404_not_500(client, hirer):
    client.force_login(hirer)
    for query in ("freelancer=abc", "freelancer=1e5", "freelancer=%00", "freelancer=1&job=abc", ""):
        assert client.get(f"/contracts/offers/new/?{query}").status_code == 404, query


def test_offer_form_shows_one_contract_type_at_a_time(client, hirer, worker):
    client.force_login(hirer)
    page = client.get(f"/contracts/offers/new/?freelancer={worker.pk}").content.decode()
    assert '<div class="kind-fixed">' in page and '<div class="kind-hourly">' in page
    assert "form:has(input[name=kind][value=hourly]:checked) .kind-fixed" in SITE_CSS
    assert "form:has(input[name=kind][value=fixed]:checked) .kind-hourly" in SITE_CSS
    assert "(USD)" in page  # the currency of the offer, from the settings (no job)


def test_freelancer_transactions_open_on_the_tab_that_moved(client, hirer, worker, submitted_milestone):
    services.milestone_approve(milestone_id=submitted_milestone.pk, actor=hirer)
    worker.is_client = True  # a person may be both: still the tab with their money
    worker.save()
    client.force_login(worker)
    page = client.get("/contracts/transactions/")
    assert page.context["account"] == "pending" and b"$90.00" in page.content
    client.force_login(hirer)
    assert client.get("/contracts/transactions/").context["account"] == "client_funds"


def test_outlined_small_buttons_keep_dark_text():
    """Pause / End contract are .btn-secondary.btn-small: .btn-small forces white text, so the
    outlined variant must win with the foreground colour (it was white on white)."""
    rule = re.search(r"\.btn-secondary, \.btn-secondary\.btn-small \{([^}]*)\}", SITE_CSS)
    assert rule and "color: var(--fg) !important" in rule.group(1)
    assert SITE_CSS.index(".btn-small {") < SITE_CSS.index(".btn-secondary, .btn-secondary.btn-small")


def test_milestone_table_stacks_on_a_phone(client, hirer, worker, contract):
    client.force_login(hirer)
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert '<table class="stack milestones">' in page and '<td class="actions">' in page
    media = SITE_CSS[SITE_CSS.index("@media (max-width: 640px) {\n  table.stack") :]
    assert "display: block" in media


def test_freelancer_sees_fee_previews_on_offers(client, hirer, worker, settings):
    settings.CONTRACTS_FEE_BPS = 1_000
    fixed = make_contract(hirer, worker, amounts=(10_000, 5_000), start=False)
    hourly = make_contract(hirer, worker, kind="hourly", rate=5_000, start=False)
    client.force_login(worker)
    page = client.get(f"/contracts/{fixed.pk}/").content.decode()
    assert "you receive <strong>$135.00</strong> after the 10% platform fee" in page
    assert "$90.00" in page and "$45.00" in page  # per milestone
    page = client.get(f"/contracts/{hourly.pk}/").content.decode()
    assert "you receive $45.00/hr after the 10% platform fee" in page
    client.force_login(hirer)
    assert "you receive" not in client.get(f"/contracts/{fixed.pk}/").content.decode()


def test_hourly_week_is_billed_when_the_contract_is_read_with_beat_off(client, hirer, worker):
    contract = make_contract(hirer, worker, kind="hourly", rate=4_000)
    top_up(hirer, 50_000)
    today = timezone.localdate()
    services.time_log(contract_id=contract.pk, actor=worker, date=today, minutes=90, memo="Setup")
    monday = today - timedelta(days=today.weekday())
    later = dt.datetime.combine(monday + timedelta(days=8), dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        client.force_login(hirer)
        page = client.get(f"/contracts/{contract.pk}/")
        invoice = contract.invoices.get()
        assert invoice.status == "billed" and invoice.amount_cents == 6_000
        assert b"1h 30m" in page.content


def test_freelancer_sees_fee_preview_on_proposal_form_and_detail(client, settings):
    from tests.factories import ProposalFactory

    settings.CONTRACTS_FEE_BPS = 1_000
    proposal = ProposalFactory(bid_cents=50_000)
    client.force_login(proposal.freelancer)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "you receive $450.00 after the 10% platform fee" in page
    client.force_login(proposal.job.client)
    assert "platform fee" not in client.get(f"/proposals/{proposal.pk}/").content.decode()
    job = ProposalFactory().job  # a job this freelancer has not bid on yet
    client.force_login(proposal.freelancer)
    form = client.get(f"/jobs/{job.pk}/apply/").content.decode()
    assert "you receive $900.00 of every $1,000.00 the client pays" in form and "js/fee_preview.js" in form
