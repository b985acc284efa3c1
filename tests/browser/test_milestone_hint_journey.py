"""Warn before it counts, on milestone descriptions: a client writing an offer types a phone number
into a milestone row; the hint highlights it before anything is sent, and nothing is recorded."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _proposal(site, client_email: str, freelancer_email: str) -> str:
    code = f"""
from accounts.models import User
from marketplace.models import Category, JobPost, Proposal
from django.utils import timezone
client = User.objects.get(email={client_email!r})
freelancer = User.objects.get(email={freelancer_email!r})
category, _ = Category.objects.get_or_create(slug="web-development", defaults={{"name": "Web development"}})
job = JobPost.objects.create(client=client, title="Logo for a bakery", description="A simple logo.",
    category=category, budget_min_cents=20_000, budget_max_cents=30_000, status="open", published_at=timezone.now())
print(Proposal.objects.create(job=job, freelancer=freelancer, cover_letter="I can do it.", bid_cents=25_000,
    duration="1_3m").pk)
"""
    return site.shell(code).strip().splitlines()[-1]


def test_milestone_description_hint_before_the_offer_is_sent(site, new_page, login, unique_email):
    freelancer_email, client_email = unique_email("fl"), unique_email("cl")
    site.create_user(freelancer_email, first_name="Fay", last_name="Lance", role="freelancer")
    site.create_user(client_email, first_name="Cleo", last_name="Hire", role="client")
    proposal_pk = _proposal(site, client_email, freelancer_email)

    page = new_page()
    login(page, client_email)
    page.goto(f"/contracts/offers/new/{proposal_pk}/")
    row = page.locator("input[name='milestones-1-description']")
    row.press_sequentially("Kick-off call: ring me on +1 312 555 0147", delay=10)
    hint = page.locator("#id_milestones-1-description-trust-hint")
    hint.wait_for(state="visible", timeout=10_000)
    assert "+1 312 555 0147" in hint.locator("mark.finding").first.inner_text()
    assert "Nothing has been sent" in hint.inner_text()
    # The browser site is shared by the session's tests: count only this test's two people.
    counts = site.shell(
        "from django.db.models import Q; from trust.models import Flag, Strike; "
        f"people = Q(user__email__in=[{client_email!r}, {freelancer_email!r}]); "
        "print(Flag.objects.filter(people).count(), Strike.objects.filter(people).count())"
    ).strip().splitlines()[-1]
    assert counts == "0 0"
