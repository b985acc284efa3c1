from __future__ import annotations

import logging

import pytest

from tests.factories import ClientFactory, FreelancerFactory
from trust.exceptions import ContentBlocked
from trust.models import Flag
from trust.policy import decide
from trust.scope import writing

pytestmark = pytest.mark.django_db

EMAIL = "Write to me at bob.builder@gmail.com"
PAYMENT = "pay me via paypal instead"


@pytest.fixture
def started(monkeypatch):
    """Pretend a contract started between every pair (contracts registers the real answer)."""
    from trust.registry import RELATIONSHIPS

    monkeypatch.setitem(RELATIONSHIPS, "contract_started", lambda a, b: True)


@pytest.mark.parametrize("context", ["profile", "job_post", "proposal", "invitation"])
def test_decide_public_contexts_refuse_contact_details(context, freelancer):
    decision = decide(EMAIL, context=context, user=freelancer)
    assert not decision.allowed
    assert [f.kind for f in decision.findings] == ["email"]
    assert "bob.builder@gmail.com" in decision.message


def test_decide_public_context_refuses_even_with_a_started_contract(started, freelancer, buyer):
    assert not decide(EMAIL, context="proposal", user=freelancer, counterpart=buyer).allowed


def test_decide_message_refuses_contact_before_a_contract(freelancer, buyer):
    decision = decide(EMAIL, context="message", user=freelancer, counterpart=buyer)
    assert not decision.allowed
    assert "once a contract between you has started" in decision.message


@pytest.mark.parametrize("context", ["message", "message_attachment", "contract"])
def test_decide_two_party_contexts_allow_contact_once_contract_started(started, context, freelancer, buyer):
    assert decide(EMAIL, context=context, user=freelancer, counterpart=buyer).allowed


def test_decide_real_selector_opens_the_pair_only(freelancer, buyer):
    from django.utils import timezone

    from contracts.models import Contract

    Contract.objects.create(
        client=buyer, freelancer=freelancer, title="Site", status=Contract.Status.ACTIVE, started_at=timezone.now()
    )
    stranger = ClientFactory()
    assert decide(EMAIL, context="message", user=freelancer, counterpart=buyer).allowed
    assert decide(EMAIL, context="message", user=buyer, counterpart=freelancer).allowed
    assert not decide(EMAIL, context="message", user=freelancer, counterpart=stranger).allowed


def test_decide_payment_solicitation_refused_even_under_contract(started, freelancer, buyer):
    decision = decide(f"{PAYMENT}, {EMAIL}", context="message", user=freelancer, counterpart=buyer)
    assert not decision.allowed
    assert {f.kind for f in decision.findings} == {"payment"}  # the email passes, the payment doesn't
    assert "Payments always go through the platform, before and during a contract." in decision.message


def test_decide_allowed_domains_pass(settings, freelancer):
    settings.TRUST_ALLOWED_DOMAINS = ["trustlance.example"]
    assert decide("See https://trustlance.example/help/fees", context="profile", user=freelancer).allowed
    assert not decide("See https://bobs-portfolio.io/", context="profile", user=freelancer).allowed


def test_decide_staff_exempt_and_logged(settings, caplog, staff_user):
    settings.TRUST_EXEMPT_STAFF = True
    with caplog.at_level(logging.INFO, logger="trust.policy"):
        decision = decide(EMAIL, context="message", user=staff_user)
    assert decision.allowed and [f.kind for f in decision.exempted] == ["email"]
    assert "staff exemption" in caplog.text


def test_decide_staff_not_exempt_when_setting_off(settings, staff_user):
    settings.TRUST_EXEMPT_STAFF = False
    assert not decide(EMAIL, context="message", user=staff_user).allowed


def test_decide_number_split_across_messages(freelancer, buyer):
    decision = decide(
        "4567", context="message", user=freelancer, counterpart=buyer, preceding=["my number is 555", "123"]
    )
    assert not decision.allowed
    finding = decision.findings[0]
    assert finding.kind == "phone"
    assert (finding.start, finding.end) == (0, 4)  # highlighted in the message being sent
    assert decision.conversation[0]["message_indices"] == [0, 1, 2]
    assert '<mark class="finding"' in decision.highlighted_html


def test_decide_split_number_passes_once_contract_started(started, freelancer, buyer):
    assert decide("4567", context="message", user=freelancer, counterpart=buyer, preceding=["555", "123"]).allowed


def test_decide_clean_text_allowed(freelancer):
    assert decide("I have built three booking sites in Django.", context="proposal", user=freelancer).allowed
    assert decide("", context="proposal", user=freelancer).allowed


def test_decision_highlighted_html_escapes_text(freelancer):
    decision = decide("<b>hi</b> bob.builder@gmail.com", context="profile", user=freelancer)
    html = str(decision.highlighted_html)
    assert "&lt;b&gt;hi&lt;/b&gt;" in html
    assert '<mark class="finding" title="' in html and ">bob.builder@gmail.com</mark>" in html


def test_scope_records_a_flag_for_the_author(freelancer, buyer):
    with pytest.raises(ContentBlocked):
        with writing(author=freelancer, counterpart=buyer, context="message") as scope:
            scope.check(body=EMAIL)
    flag = Flag.objects.get()
    assert (flag.user, flag.counterpart, flag.context, flag.kind) == (freelancer, buyer, "message", "email")
    assert flag.original_text == EMAIL
    assert flag.findings[0]["matched"] == "bob.builder@gmail.com"


def test_decide_records_nothing(freelancer):
    decide(EMAIL, context="profile", user=freelancer)
    decide(EMAIL, context="profile", user=None)
    assert not Flag.objects.exists()


def test_scope_repeated_refusal_folds_into_one_flag(freelancer):
    for user in (FreelancerFactory(), freelancer, freelancer):
        with pytest.raises(ContentBlocked):
            with writing(author=user, context="profile") as scope:
                scope.check(overview=EMAIL)
    flag = Flag.objects.get(user=freelancer)
    assert flag.attempts == 2
