"""Hire, fund, deliver, approve, get paid, withdraw: the whole money path through a real browser."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SETUP = """
from django.utils import timezone
from accounts.models import User
from marketplace.models import Category, JobPost, Proposal
client = User.objects.get(email={client!r})
freelancer = User.objects.get(email={freelancer!r})
category, _ = Category.objects.get_or_create(slug="web-development", defaults={{"name": "Web development"}})
job = JobPost.objects.create(client=client, title="Booking site for a yoga studio", category=category,
    description="A booking site with payments through the platform.", budget_min_cents=100000,
    budget_max_cents=150000, status="open", published_at=timezone.now())
proposal = Proposal.objects.create(job=job, freelancer=freelancer, bid_cents=120000, duration="1_3m",
    cover_letter="I have built several booking sites in Django.")
print(proposal.pk)
"""

MATURE = """
from datetime import timedelta
from django.utils import timezone
from accounts.models import User
from contracts.models import PendingRelease
from contracts.services import funds_mature_all
user = User.objects.get(email={email!r})
user.identity_status = "verified"
user.save()
PendingRelease.objects.filter(user=user).update(available_at=timezone.now() - timedelta(seconds=1))
print(funds_mature_all())
"""


def test_contract_journey_hire_fund_submit_approve_withdraw(site, new_page, login, unique_email):
    client_email, freelancer_email = unique_email("client"), unique_email("freelancer")
    site.create_user(client_email, first_name="Cara", last_name="Client", role="client")
    site.create_user(freelancer_email, first_name="Finn", last_name="Freelancer", role="freelancer")
    proposal_pk = site.shell(SETUP.format(client=client_email, freelancer=freelancer_email)).strip().splitlines()[-1]

    client = new_page()
    login(client, client_email)
    client.goto(f"/contracts/offers/new/{proposal_pk}/")
    assert client.locator("input[name=title]").input_value() == "Booking site for a yoga studio"
    assert client.locator("input[name='milestones-0-amount']").input_value() == "1200.00"
    client.get_by_role("button", name="Send offer").click()
    client.wait_for_url(re.compile(r"/contracts/\d+/$"))
    contract_url = client.url
    expect(client.locator("body")).to_contain_text("Offer sent")

    freelancer = new_page()
    login(freelancer, freelancer_email)
    freelancer.goto("/contracts/")
    freelancer.get_by_role("link", name="Booking site for a yoga studio").click()
    freelancer.get_by_role("button", name="Accept offer").click()
    expect(freelancer.locator("body")).to_contain_text("the contract has started")

    # Client tops up with the simulated card (confirmation page first), then funds the milestone.
    client.goto("/contracts/balance/top-up/")
    client.fill("input[name=amount]", "1500")
    client.fill("input[name=card_number]", "4242 4242 4242 4242")
    client.get_by_role("button", name="Continue").click()
    expect(client.locator("body")).to_contain_text("Confirm top-up")
    client.get_by_role("button", name="Charge $1,500.00").click()
    assert client.locator("[data-testid=client-funds]").inner_text() == "$1,500.00"
    client.goto(contract_url)
    client.get_by_role("link", name="Fund", exact=True).click()
    expect(client.locator("body")).to_contain_text("Amount into escrow")
    client.get_by_role("button", name="Fund milestone").click()
    expect(client.locator("body")).to_contain_text("Milestone funded")

    freelancer.goto(contract_url)
    freelancer.get_by_role("link", name="Submit work").click()
    freelancer.fill("textarea[name=message]", "The site is live on the staging server; see the checklist.")
    freelancer.get_by_role("button", name="Submit for review").click()
    expect(freelancer.locator("body")).to_contain_text("Work submitted")

    client.goto(contract_url)
    client.get_by_role("link", name="Approve & pay").click()
    expect(client.locator("body")).to_contain_text("$1,080.00")  # what the freelancer receives after the 10% fee
    client.get_by_role("button", name="Approve and release").click()
    expect(client.locator("body")).to_contain_text("Payment released")

    freelancer.goto("/contracts/balance/")
    assert freelancer.locator("[data-testid=pending]").inner_text() == "$1,080.00"
    assert freelancer.locator("[data-testid=available]").inner_text() == "$0.00"
    assert freelancer.get_by_role("link", name="Verify your identity").is_visible()

    # The security period passes and the identity is verified (operator steps, done on the server).
    site.shell(MATURE.format(email=freelancer_email))
    freelancer.goto("/contracts/balance/")
    assert freelancer.locator("[data-testid=available]").inner_text() == "$1,080.00"
    freelancer.get_by_role("link", name="Withdraw").click()
    freelancer.fill("input[name=amount]", "1080")
    freelancer.fill("input[name=bank_account]", "DE 1234 5678 9012")
    freelancer.get_by_role("button", name="Continue").click()
    expect(freelancer.locator("body")).to_contain_text("•••• 9012")
    freelancer.get_by_role("button", name="Withdraw $1,080.00").click()
    expect(freelancer.locator("body")).to_contain_text("Withdrawal requested")  # waits for the next page
    assert freelancer.locator("[data-testid=available]").inner_text() == "$0.00"
    # Emails go through Celery: eager without Redis, a worker with it, so wait (bounded) for them.
    wanted = ["sent you an offer", "funded", "was released", "on its way to your bank account"]
    deadline = time.monotonic() + 20
    while True:
        bodies = site.emails_to(freelancer_email)
        missing = [w for w in wanted if not any(w in body for body in bodies)]
        if not missing or time.monotonic() > deadline:
            break
        freelancer.wait_for_timeout(250)
    assert missing == [], f"emails missing {missing}; got {bodies}"
