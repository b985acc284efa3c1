"""The words people read when trust refuses or sanctions something (issue 12, "Wording")."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ClientFactory, JobPostFactory
from trust import services
from trust.models import Flag, Strike
from trust.policy import decide

pytestmark = pytest.mark.django_db


def test_public_forms_say_not_saved_never_not_sent(client):
    hirer = ClientFactory()
    client.force_login(hirer)
    category = JobPostFactory().category
    html = client.post(reverse("marketplace:job-create"), {
        "title": "Logo", "description": "Mail me: cara.client@gmail.com", "category": category.pk,
        "budget_type": "fixed", "budget_min": "100", "duration": "1_3m", "experience_level": "entry",
        "visibility": "public",
    }).content.decode()
    assert "Not saved:" in html and "Not sent" not in html
    assert "not allowed in a job post" in html


def test_signup_refusal_says_not_saved(client):
    html = client.post(reverse("account_signup"), {
        "first_name": "bob.builder@gmail.com", "last_name": "B", "email": "n@example.com",
        "password1": "a-long-pass-123", "password2": "a-long-pass-123", "role": "client",
    }).content.decode()
    assert "Not saved:" in html and "Not sent" not in html


def test_inside_a_started_contract_the_rule_speaks_of_payments_only(freelancer, buyer):
    from trust.registry import RELATIONSHIPS

    RELATIONSHIPS_BEFORE = dict(RELATIONSHIPS)
    RELATIONSHIPS["contract_started"] = lambda a, b: True
    try:
        decision = decide("pay me via paypal instead", context="contract", user=freelancer, counterpart=buyer)
    finally:
        RELATIONSHIPS.clear()
        RELATIONSHIPS.update(RELATIONSHIPS_BEFORE)
    assert "Before a contract starts" not in decision.message
    assert "Payments always go through the platform" in decision.message


def test_client_only_account_is_never_told_about_talent_badges(client, confirm):
    hirer = ClientFactory()
    confirm(hirer)
    confirm(hirer)  # the badge-loss step
    client.force_login(hirer)
    html = client.get(reverse("trust:standing")).content.decode()
    assert "talent badges are withheld until" not in html
    assert "Second strike" in html


def test_strike_voided_on_appeal_is_shown_as_voided_and_not_doubled(client, confirm, freelancer, staff_user):
    flag = confirm(freelancer)
    warning = flag.strike.sanctions.get()
    appeal = services.appeal_create(sanction=warning, user=freelancer, message="It was my portfolio link.")
    services.appeal_decide(appeal=appeal, actor=staff_user, grant=True, note="Granted: the link is allowed.")
    client.force_login(freelancer)
    html = client.get(reverse("trust:standing")).content.decode()
    assert "Voided on appeal" in html and "Expired" not in html
    assert "Appeal granted: Granted:" not in html
    assert Strike.objects.get().voided_at is not None


def test_where_shows_a_readable_context(client, freelancer, staff_user):
    flag = Flag.objects.create(user=freelancer, kind="email", context="job_post", confidence=0.5,
                               original_text="x", findings=[])
    services.flag_confirm(flag=flag, reviewer=staff_user)
    client.force_login(freelancer)
    html = client.get(reverse("trust:standing")).content.decode()
    assert "Where: Job post" in html and "Job_post" not in html


def test_standing_page_shows_the_ladder_from_settings(client, confirm, freelancer, settings):
    settings.TRUST_PACING_MINUTES = 15
    confirm(freelancer)
    client.force_login(freelancer)
    html = client.get(reverse("trust:standing")).content.decode()
    assert "How strikes work" in html and "within 15 minutes" in html
    assert "Your first strike is always a warning." in html and "Drafts are refused without a strike" in html
    assert html.index("You are here") < html.index("Talent badges are withheld for 183 days")
