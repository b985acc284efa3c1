"""Warn before it counts, then count fairly: the live hint highlights a phone number as it is typed
(nothing recorded); sending an address anyway is refused and the refusal says it counted as a
warning; the standing page shows that warning and the ladder."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _conversation(site, client_email: str, freelancer_email: str) -> str:
    code = f"""
from accounts.models import User
from marketplace.models import Category, JobPost, Proposal
from messaging.services import conversation_start_for_proposal
from django.utils import timezone
client = User.objects.get(email={client_email!r})
freelancer = User.objects.get(email={freelancer_email!r})
category, _ = Category.objects.get_or_create(slug="web-development", defaults={{"name": "Web development"}})
job = JobPost.objects.create(client=client, title="Logo for a bakery", description="A simple logo.",
    category=category, budget_min_cents=20_000, budget_max_cents=30_000, status="open", published_at=timezone.now())
proposal = Proposal.objects.create(job=job, freelancer=freelancer, cover_letter="I can do it.", bid_cents=25_000,
    duration="1_3m")
print(conversation_start_for_proposal(proposal=proposal, actor=client).pk)
"""
    return site.shell(code).strip().splitlines()[-1]


def _counts(site, email: str) -> str:
    code = f"""
from trust.models import Flag, Strike
print(Flag.objects.filter(user__email={email!r}).count(), Strike.objects.filter(user__email={email!r}).count())
"""
    return site.shell(code).strip().splitlines()[-1]


def test_live_hint_then_refusal_counts_as_a_warning_shown_on_standing(site, new_page, login, unique_email):
    freelancer_email, client_email = unique_email("fl"), unique_email("cl")
    site.create_user(freelancer_email, first_name="Fay", last_name="Lance", role="freelancer")
    site.create_user(client_email, first_name="Cleo", last_name="Hire", role="client")
    conversation_pk = _conversation(site, client_email, freelancer_email)

    page = new_page()
    login(page, freelancer_email)
    page.goto(f"/messages/{conversation_pk}/")
    composer = page.locator("#composer-body")
    # 1. Typing a phone number: the hint highlights it before anything is sent; nothing is recorded.
    composer.press_sequentially("sure, call me on +1 312 555 0147", delay=10)
    hint = page.locator(".trust-hint")
    hint.wait_for(state="visible", timeout=10_000)
    assert "+1 312 555 0147" in hint.locator("mark.finding").first.inner_text()
    assert "Would not be sent" in hint.inner_text() and "Nothing has been sent" in hint.inner_text()
    assert _counts(site, freelancer_email) == "0 0"
    # Clearing the number clears the hint.
    composer.fill("sure, happy to talk here")
    composer.press("End")
    composer.press_sequentially(".", delay=10)
    hint.wait_for(state="hidden", timeout=10_000)

    # 2. Sending an email address anyway (the form without JavaScript's socket: a plain POST) is refused
    #    and says what it counted as.
    page.goto(f"/messages/{conversation_pk}/?nojs=1")
    page.evaluate("document.querySelector('#composer-body').value = 'mail me at fay.lance@gmail.com'")
    page.evaluate("document.querySelector('#composer-body').form.submit()")
    page.wait_for_load_state()
    blocked = page.locator(".blocked").first
    blocked.wait_for()
    text = blocked.inner_text()
    assert "Not sent:" in text and "This counted as a warning, 1 of 4 points" in text
    assert _counts(site, freelancer_email) == "1 1"

    # 3. The standing page: the warning, where it happened, and the ladder.
    blocked.get_by_role("link", name="Your account standing").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Warning" in main and "Where: Message" in main
    assert "How strikes work" in main and "You are here" in main
    assert "Your first strike is always a warning." in main
