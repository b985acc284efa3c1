"""Accounts journeys in a real browser: sign up, confirm by email, build a profile, be found."""
import re

import pytest

pytestmark = pytest.mark.browser


def test_signup_confirm_and_edit_profile(site, page, unique_email):
    address = unique_email("signup")
    page.goto("/accounts/signup/")
    page.fill("input[name=first_name]", "Rita")
    page.fill("input[name=last_name]", "Costa")
    page.fill("input[name=email]", address)
    page.fill("input[name=password1]", "a-Long-unique-pass-991")
    page.fill("input[name=password2]", "a-Long-unique-pass-991")
    page.get_by_label("I want to find work").check()
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()

    # Not verified yet: logging in only re-sends the link.
    page.goto("/accounts/login/")
    page.fill("input[name=login]", address)
    page.fill("input[name=password]", "a-Long-unique-pass-991")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", site.emails_to(address)[0]).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my email").click()
    page.wait_for_load_state()

    page.goto("/profile/edit/")
    page.fill("input[name=freelancer-headline]", "Django developer, write to rita.c@gmail.com")
    page.fill("input[name=freelancer-hourly_rate]", "42.50")
    page.get_by_role("button", name="Save profile").click()
    assert page.locator(".blocked mark.finding").first.is_visible()
    assert "rita.c@gmail.com" in page.input_value("input[name=freelancer-headline]")

    page.fill("input[name=freelancer-headline]", "Django developer for booking sites")
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("Your profile has been saved.").is_visible()

    page.get_by_role("link", name="View your freelancer page").click()
    body = page.content()
    assert "Rita C." in body and "$42.50/hr" in body and "Django developer for booking sites" in body
    assert address not in body


def test_client_finds_freelancer_and_sees_invite_link(site, page, login, unique_email):
    freelancer_email = unique_email("findme")
    pk = site.create_user(freelancer_email, first_name="Zoltan", last_name="Kovacs", role="freelancer")
    client_email = unique_email("hirer")
    site.create_user(client_email, first_name="Hana", last_name="Sato", role="client")
    login(page, client_email)

    page.goto("/freelancers/?q=zoltan")
    page.get_by_role("link", name="Zoltan K.").click()
    assert page.get_by_role("link", name="Invite to a job").get_attribute("href") == f"/jobs/invite/{pk}/"
    assert freelancer_email not in page.content()
