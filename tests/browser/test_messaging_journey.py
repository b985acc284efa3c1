"""A client and a freelancer talk in real time; trust stands between them until a contract starts.

Two browser contexts (two people) on the real ASGI server: the freelancer's phone number is
refused with the finding highlighted and never reaches the client; ordinary messages appear on the
client's open page without a reload (and on their nav badge elsewhere); once the contract has
started, the same phone number goes through.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE_TEXT = "my whatsapp is +1 555 201 4477"

SETUP = """
from marketplace.models import Category, JobPost, Proposal
from accounts.models import User
from django.utils import timezone
from messaging.services import conversation_start_for_proposal
client = User.objects.get(email={client!r})
freelancer = User.objects.get(email={freelancer!r})
category, _ = Category.objects.get_or_create(slug="web-development", defaults={{"name": "Web development"}})
job = JobPost.objects.create(
    client=client, title="Booking site for a yoga studio", category=category,
    description="A booking site with online payments through the platform.",
    budget_min_cents=100_000, budget_max_cents=150_000, status="open", published_at=timezone.now(),
)
proposal = Proposal.objects.create(
    job=job, freelancer=freelancer, cover_letter="I have built three booking sites.", bid_cents=120_000,
    duration="1_3m",
)
conversation = conversation_start_for_proposal(proposal=proposal, actor=client)
print(conversation.pk, proposal.pk)
"""

# Start the contract with the contracts services (offer, then acceptance); fall back to a row in
# the state contracts.selectors.contract_started_between checks if the services change shape.
START_CONTRACT = """
from marketplace.models import Proposal
from contracts.models import Contract
from django.utils import timezone
proposal = Proposal.objects.select_related("job__client", "freelancer").get(pk={proposal_pk})
try:
    from contracts.services import offer_accept, offer_create
    contract = offer_create(
        client=proposal.job.client, freelancer=proposal.freelancer, title="Booking site", proposal=proposal,
        milestones=[{{"description": "Wireframes and booking flow", "amount_cents": 50_000}}],
    )
    contract = offer_accept(contract_id=contract.pk, actor=proposal.freelancer)
    print("services", contract.status)
except ImportError:
    contract = Contract.objects.create(
        client=proposal.job.client, freelancer=proposal.freelancer, job=proposal.job, proposal=proposal,
        title="Booking site", status="active", started_at=timezone.now(),
    )
    print("row", contract.status)
"""


def send(page, text: str) -> None:
    page.fill("#composer-body", text)
    page.click("#composer-send")


def test_messaging_journey_trust_and_live_delivery(site, new_page, login, unique_email):
    client_email, freelancer_email = unique_email("client"), unique_email("freelancer")
    site.create_user(client_email, first_name="Carla", last_name="Client", role="client")
    site.create_user(freelancer_email, first_name="Frank", last_name="Freelancer", role="freelancer")
    conversation_pk, proposal_pk = site.shell(SETUP.format(client=client_email, freelancer=freelancer_email)).split()[
        -2:
    ]
    conversation_url = f"/messages/{conversation_pk}/"

    client_page = new_page()
    login(client_page, client_email)
    client_page.goto("/messages/")
    expect(client_page.get_by_text("Frank F.")).to_be_visible()
    badge = client_page.locator("[data-unread-badge]")
    expect(badge).to_be_hidden()

    freelancer_page = new_page()
    login(freelancer_page, freelancer_email)
    freelancer_page.goto(conversation_url)
    expect(freelancer_page.get_by_text("Carla C.").first).to_be_visible()

    # 1. Contact details before a contract: refused, highlighted, kept in the composer.
    send(freelancer_page, PHONE_TEXT)
    blocked = freelancer_page.locator("#composer-blocked .blocked")
    expect(blocked).to_be_visible()
    expect(blocked.locator("mark.finding").first).to_contain_text("555")
    expect(freelancer_page.locator("#composer-body")).to_have_value(PHONE_TEXT)
    expect(freelancer_page.locator("#thread")).not_to_contain_text("whatsapp")

    # 2. A normal message: the client's nav badge updates live on another page.
    send(freelancer_page, "Happy to start on Monday.")
    expect(freelancer_page.locator("#composer-body")).to_have_value("")
    expect(freelancer_page.locator("#composer-blocked .blocked")).to_have_count(0)
    expect(freelancer_page.locator("#thread")).to_contain_text("Happy to start on Monday.")
    expect(badge).to_have_text("1")

    # 3. The client opens the conversation; the next message appears without a reload.
    client_page.goto(conversation_url)
    expect(client_page.locator("#conversation[data-live='1']")).to_have_count(1)
    thread = client_page.locator("#thread")
    expect(thread).to_contain_text("Happy to start on Monday.")
    expect(thread).not_to_contain_text("whatsapp")
    client_page.evaluate("window.__samePage = true")
    send(freelancer_page, "I'll send wireframes by Wednesday.")
    expect(thread).to_contain_text("I'll send wireframes by Wednesday.")
    assert client_page.evaluate("window.__samePage") is True
    expect(thread).not_to_contain_text("whatsapp")

    # 4. The client replies live as well.
    send(client_page, "Great, talk soon.")
    expect(freelancer_page.locator("#thread")).to_contain_text("Great, talk soon.")

    # 5. After the contract starts, the phone number goes through (and contract events show up).
    started = site.shell(START_CONTRACT.format(proposal_pk=proposal_pk))
    assert re.search(r"(services|row) active", started), started
    # The shell is another process: with the in-memory channel layer its broadcasts can't reach
    # the server's sockets (with Redis they do), so the contract notices are checked after a reload.
    live_from_shell = bool(site.env.get("REDIS_URL"))
    if "services" in started and live_from_shell:
        expect(thread).to_contain_text("sent an offer")
    send(freelancer_page, PHONE_TEXT)
    expect(freelancer_page.locator("#composer-blocked .blocked")).to_have_count(0)
    expect(thread).to_contain_text(PHONE_TEXT)
    assert client_page.evaluate("window.__samePage") is True
    if "services" in started:
        client_page.reload()
        expect(client_page.locator("#thread .msg.system").first).to_contain_text("sent an offer")
