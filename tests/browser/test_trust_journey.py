"""A freelancer spells out a phone number in a proposal: refused with the finding highlighted; an
operator confirms the flag in the Django admin; the freelancer sees the warning on their standing page."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

SPELLED = "call me on five five five, two one two, three four five six so we can talk it through"


def _open_job(site, client_email: str) -> str:
    code = f"""
from django.utils import timezone
from accounts.models import User
from marketplace.models import Category, JobPost
category, _ = Category.objects.get_or_create(slug="web-development", defaults={{"name": "Web development"}})
job = JobPost.objects.create(
    client=User.objects.get(email={client_email!r}), title="Booking site for a yoga studio",
    description="A booking site with payments through the platform.", category=category,
    budget_min_cents=100_000, budget_max_cents=150_000, status="open", published_at=timezone.now(),
)
print(job.pk)
"""
    return site.shell(code).strip().splitlines()[-1]


def test_trust_journey_spelled_number_refused_confirmed_and_shown(site, new_page, login, unique_email):
    freelancer_email = unique_email("fl")
    client_email = unique_email("cl")
    admin_email = unique_email("ops")
    site.create_user(freelancer_email, first_name="Fay", last_name="Lance", role="freelancer")
    site.create_user(client_email, first_name="Cleo", last_name="Hire", role="client")
    site.create_user(admin_email, first_name="Oli", last_name="Ops", staff=True)
    job_pk = _open_job(site, client_email)

    # 1. The freelancer's proposal is refused, the spelled-out number highlighted, their text kept.
    freelancer = new_page()
    login(freelancer, freelancer_email)
    freelancer.goto(f"/jobs/{job_pk}/apply/")
    freelancer.fill("textarea[name=cover_letter]", SPELLED)
    freelancer.fill("input[name=bid]", "1200")
    freelancer.locator("main form button[type=submit], main form input[type=submit]").last.click()
    freelancer.wait_for_load_state()
    blocked = freelancer.locator(".blocked").first
    blocked.wait_for()
    mark = blocked.locator("mark.finding").first
    assert "five five five" in mark.inner_text()
    assert "Phone number" in blocked.inner_text()
    assert freelancer.locator("textarea[name=cover_letter]").input_value() == SPELLED
    assert f"/jobs/{job_pk}/apply/" in freelancer.url  # nothing was sent

    # 2. An operator finds the flag in the admin and confirms it.
    operator = new_page()
    operator.goto("/admin/login/")  # the admin signs in through allauth's rate-limited login
    assert "/accounts/login/" in operator.url
    operator.fill("input[name=login]", admin_email)
    operator.fill("input[name=password]", "browser-pass-123")
    operator.locator("form button[type=submit], form input[type=submit]").last.click()
    operator.wait_for_load_state()
    operator.goto(f"/admin/trust/flag/?status__exact=pending&q={freelancer_email}")
    rows = operator.locator("#result_list tbody tr")
    assert rows.count() == 1
    rows.first.locator("a").first.click()
    evidence = operator.locator("#trust-evidence")
    assert "five five five" in evidence.locator("mark.finding").first.inner_text()
    operator.locator("#trust-decide input[name=_next]").uncheck()
    operator.get_by_role("button", name=re.compile("Confirm violation")).click()
    operator.wait_for_load_state()
    assert "Flag confirmed" in operator.locator("ul.messagelist").inner_text()

    # 3. The freelancer sees the warning, the evidence highlighted, and can appeal.
    freelancer.goto("/trust/standing/")
    main = freelancer.locator("main")
    assert "Warning" in main.inner_text()
    assert "five five five" in main.locator("mark.finding").first.inner_text()
    assert freelancer.get_by_text("Appeal this warning").is_visible()
    bodies = site.emails_to(freelancer_email)
    assert any("this is a warning" in body for body in bodies), bodies

