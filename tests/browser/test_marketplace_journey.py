"""Marketplace journey in a real browser: a client signs up and posts a job; a freelancer signs up, finds it
through search and sends a proposal; the client shortlists it."""
from __future__ import annotations

import re
import uuid

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "a-Long-unique-pass-991"
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")


def _sign_up_and_verify(site, page, *, email: str, first: str, last: str, role: str) -> None:
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=first_name]", first)
    page.fill("input[name=last_name]", last)
    page.check(f"input[name=role][value={role}]")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    emails = site.emails_to(email)
    assert emails, f"no verification email for {email}"
    link = CONFIRM_LINK.search(emails[-1]).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my email").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url  # confirmation logged them in


def test_marketplace_journey_post_search_propose_shortlist(site, new_page):
    token = uuid.uuid4().hex[:8]
    keyword = f"zephyr{token}"  # a word only this test's job contains
    client_email = f"client-{token}@example.com"
    freelancer_email = f"freelancer-{token}@example.com"

    # A client signs up, verifies and posts a job.
    client = new_page()
    _sign_up_and_verify(site, client, email=client_email, first="Clara", last="Client", role="client")
    client.goto("/jobs/new/")
    client.fill("input[name=title]", f"Booking site for a {keyword} studio")
    client.fill("textarea[name=description]",
                f"We run the {keyword} studio and need online class booking with payments through the platform.")
    client.select_option("select[name=category]", label="Web development")
    client.check("input[name=budget_type][value=fixed]")
    client.fill("input[name=budget_min]", "1500")
    client.fill("input[name=budget_max]", "2500")
    client.get_by_role("button", name="Publish job").click()
    client.wait_for_load_state()
    assert re.search(r"/jobs/\d+/$", client.url), client.url
    job_url = client.url
    assert client.locator(".status").first.inner_text() == "Open"
    assert "$1,500.00 – $2,500.00" in client.content()

    # A freelancer signs up, verifies, finds the job through search and sends a proposal.
    freelancer = new_page()
    _sign_up_and_verify(site, freelancer, email=freelancer_email, first="Frank", last="Freelancer",
                        role="freelancer")
    freelancer.goto("/jobs/")
    freelancer.fill("input[name=q]", keyword)
    freelancer.locator(".search-bar button[type=submit]").click()
    freelancer.wait_for_load_state()
    assert f"q={keyword}" in freelancer.url
    results = freelancer.locator(".job-card")
    assert results.count() == 1
    results.first.get_by_role("link").first.click()
    freelancer.wait_for_load_state()
    assert freelancer.url == job_url
    freelancer.get_by_role("link", name="Submit a proposal").click()
    freelancer.fill("textarea[name=cover_letter]",
                    "I have built booking systems for three studios and can start next week.")
    freelancer.fill("input[name=bid]", "1800")
    freelancer.select_option("select[name=duration]", value="lt_1m")
    freelancer.get_by_role("button", name="Send proposal").click()
    freelancer.wait_for_load_state()
    assert re.search(r"/proposals/\d+/$", freelancer.url), freelancer.url
    assert freelancer.get_by_test_id("proposal-status").inner_text() == "Submitted"
    assert any("New proposal" in body or "sent a proposal" in body for body in site.emails_to(client_email))

    # The client sees it on the job's proposals page and shortlists it.
    client.goto(job_url + "proposals/")
    card = client.locator(".proposal-card")
    assert card.count() == 1
    assert "Frank F." in card.first.inner_text()
    assert "$1,800.00" in card.first.inner_text()
    card.first.get_by_role("button", name="Shortlist").click()
    client.wait_for_load_state()
    assert client.locator(".proposal-card").first.get_by_test_id("proposal-status").inner_text() == "Shortlisted"
    assert any("shortlisted" in body for body in site.emails_to(freelancer_email))


def test_marketplace_job_list_phone_layout(site, new_page):
    """Full-page screenshot of the job list at phone width; nothing may overflow horizontally."""
    site.manage("generate_jobs", "--count", "25", "--seed", "5")
    page = new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page.goto("/jobs/?q=&sort=newest")
    assert page.locator(".job-card").count() >= 20
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at 390px"
    page.screenshot(path="/tmp/marketplace_job_list_390.png", full_page=True)
    assert page.locator("details.filters").get_attribute("open") is not None  # starts open
    page.screenshot(path="/tmp/marketplace_job_list_390_filters.png")
