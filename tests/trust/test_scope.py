"""The trust write scope: the real author, one decision per text, one flag per refusal, fair strikes.

Through the real entry points: the admin's dispute resolution, the conversation form, the job form.
"""
from __future__ import annotations

from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse

from tests.contracts.conftest import make_contract, top_up
from tests.factories import ClientFactory, FreelancerFactory, JobPostFactory, ProposalFactory
from trust import policy
from trust.exceptions import ContentBlocked
from trust.models import AuditLog, Flag, Sanction, Strike
from trust.scope import current, strip_bidi, writing
from trust.standing import active_points

pytestmark = pytest.mark.django_db


def test_scope_is_current_only_inside_and_nests():
    assert current() is None
    with writing(author=None, context="message") as outer:
        assert current() is outer
        with writing(author=None, context="profile") as inner:
            assert current() is inner and inner.parent is outer
        assert current() is outer
    assert current() is None


def test_guard_reuses_the_scope_decision_no_second_scan(proposal):
    calls = []
    real = policy.scan

    def counting(text, **kwargs):
        calls.append(text)
        return real(text, **kwargs)

    with mock.patch("trust.policy.scan", side_effect=counting):
        with writing(author=proposal.freelancer, context="proposal") as scope:
            scope.check(cover_letter="A careful plan for your booking site.")
            proposal.cover_letter = "A careful plan for your booking site."
            with transaction.atomic():
                proposal.save()
    assert calls.count("A careful plan for your booking site.") == 1


def test_staff_resolving_a_dispute_with_quoted_evidence_leaves_the_client_untouched(admin_client, staff_user):
    hirer, worker = ClientFactory(), FreelancerFactory()
    contract = make_contract(hirer, worker)
    milestone = contract.milestones.get()
    top_up(hirer, 50_000)
    from contracts import services as contracts

    contracts.milestone_fund(milestone_id=milestone.pk, actor=hirer, idempotency_key="k1")
    dispute = contracts.dispute_open(actor=hirer, milestone_id=milestone.pk, statement="No work was delivered.")
    response = admin_client.post(
        reverse("admin:contracts_dispute_resolve", args=[dispute.pk]),
        {"resolution": "refund", "reason": 'The freelancer wrote "pay me via paypal bob@gmail.com": refunded.'},
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == "resolved" and "paypal" in dispute.reason
    assert not Flag.objects.filter(user=hirer).exists() and not Strike.objects.exists()
    assert active_points(hirer) == 0 and not Sanction.objects.filter(user=hirer).exists()
    assert AuditLog.objects.filter(action="staff_exemption", actor=staff_user).exists()


def test_staff_write_without_exemption_is_refused_but_strikes_nobody(settings, staff_user):
    settings.TRUST_EXEMPT_STAFF = False
    with pytest.raises(ContentBlocked) as caught:
        with writing(author=None, actor=staff_user, context="contract") as scope:
            scope.check(reason="pay me via paypal bob@gmail.com")
    flag = caught.value.flag
    assert flag.user is None and flag.extra["written_by_staff"] == staff_user.pk
    assert not Strike.objects.exists()
    assert caught.value.outcome == ""


@pytest.fixture
def conversation(db):
    from messaging.services import conversation_start_for_proposal

    proposal = ProposalFactory()
    return conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)


def test_three_refused_messages_in_a_minute_make_one_strike(client, conversation):
    client.force_login(conversation.freelancer)
    url = reverse("messaging:conversation-detail", args=[conversation.pk])
    texts = ["see https://finn-portfolio.com", "mail me at finn.dev@gmail.com", "or https://finndev.net"]
    pages = [client.post(url, {"body": text}).content.decode() for text in texts]
    freelancer = conversation.freelancer
    assert Strike.objects.filter(user=freelancer).count() == 1
    assert active_points(freelancer) == 1
    assert list(Sanction.objects.filter(user=freelancer).values_list("kind", flat=True)) == ["warning"]
    assert Flag.objects.filter(user=freelancer).count() == 3
    assert "This counted as a warning, 1 of 4 points" in pages[0]
    assert "not as a new strike" in pages[1]


def test_a_job_draft_refusal_makes_no_strike(client):
    from marketplace.models import Category, JobPost

    hirer = ClientFactory()
    client.force_login(hirer)
    category = Category.objects.first() or JobPostFactory().category
    response = client.post(reverse("marketplace:job-create"), {
        "title": "Logo", "description": "Send samples to cara.client@gmail.com", "category": category.pk,
        "budget_type": "fixed", "budget_min": "100", "duration": "1_3m", "experience_level": "entry",
        "visibility": "public",
    })
    assert response.status_code == 200 and not JobPost.objects.filter(client=hirer).exists()
    assert "doesn&#x27;t count against you" in response.content.decode()
    flag = Flag.objects.get(user=hirer)
    assert not flag.delivered and flag.status == Flag.Status.PENDING
    assert not Strike.objects.exists()


def test_publishing_the_same_job_counts(client):
    from marketplace.models import Category

    hirer = ClientFactory()
    client.force_login(hirer)
    category = Category.objects.first() or JobPostFactory().category
    client.post(reverse("marketplace:job-create"), {
        "title": "Logo", "description": "Send samples to cara.client@gmail.com", "category": category.pk,
        "budget_type": "fixed", "budget_min": "100", "duration": "1_3m", "experience_level": "entry",
        "visibility": "public", "publish": "1",
    })
    assert Strike.objects.filter(user=hirer).count() == 1


def test_fields_that_render_together_are_scanned_as_one(db):
    freelancer = FreelancerFactory()
    from accounts import services

    profile = freelancer.freelancer_profile
    with pytest.raises(ContentBlocked) as caught:
        services.freelancer_profile_update(
            profile=profile, headline="Reach me on WhatsApp +1 312", overview="555 0147 for quotes",
            hourly_rate_cents=None, country="PT", skills=[],
        )
    assert caught.value.field == "headline"
    profile.refresh_from_db()
    assert "WhatsApp" not in profile.headline


def test_guard_scans_together_fields_outside_a_scope_too(db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create(email="x@example.com", first_name="Ana +1 312", last_name="X")
    proposal = ProposalFactory()
    from messaging.models import Attachment, Message
    from messaging.services import conversation_start_for_proposal

    conversation = conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)
    message = Message.objects.create(conversation=conversation, sender=proposal.freelancer, body="call me on +1 312")
    with pytest.raises(ContentBlocked):
        with transaction.atomic():
            Attachment.objects.create(message=message, original_name="555 0147.pdf", size_bytes=1)


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_bidi_controls_are_stripped_from_guarded_text(char, db):
    freelancer = FreelancerFactory()
    from accounts import services

    profile = freelancer.freelancer_profile
    services.freelancer_profile_update(
        profile=profile, headline=f"Django {char}developer", overview="", hourly_rate_cents=None, country="PT",
        skills=[],
    )
    profile.refresh_from_db()
    assert profile.headline == "Django developer"
    assert strip_bidi(f"a{char}b") == "ab"


def test_intent_only_refusal_waits_for_review_even_when_certain(settings, freelancer_user):
    settings.TRUST_AUTO_CONFIRM_CONFIDENCE = 0.5  # only the intent rule keeps it from confirming
    with pytest.raises(ContentBlocked) as caught:
        with writing(author=freelancer_user, context="proposal") as scope:
            scope.check(cover_letter="pay me directly on PayPal to avoid the fee")
    flag = caught.value.flag
    assert flag.status == Flag.Status.PENDING and not Strike.objects.exists()
    assert "Our team will review it" in caught.value.text


def test_reviewer_reclassifies_a_report_before_confirming(admin_client, freelancer_user):
    from trust.services import report_create

    proposal = ProposalFactory(freelancer=freelancer_user)
    report = report_create(reporter=proposal.job.client, target=proposal, reason="off_platform_payment")
    flag = report.flag
    assert flag.status == Flag.Status.PENDING and flag.kind == "payment"  # reports never auto-confirm
    response = admin_client.post(reverse("admin:trust_flag_decide", args=[flag.pk]),
                                 {"decision": "confirm", "kind": "spam", "weight": "1", "note": "just spam"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.kind, flag.weight, flag.status) == ("spam", 1, "confirmed")
    assert Strike.objects.get(user=freelancer_user).weight == 1
    assert AuditLog.objects.filter(action="flag_reclassify").exists()


def test_flag_keeps_the_conversation_as_it_was_at_refusal(conversation, admin_client):
    from django.test import Client

    from messaging.services import message_send

    message_send(conversation=conversation, sender=conversation.client, body="What is your rate?")
    client = Client()
    client.force_login(conversation.freelancer)
    url = reverse("messaging:conversation-detail", args=[conversation.pk])
    client.post(url, {"body": "mail me at finn.dev@gmail.com"})
    message_send(conversation=conversation, sender=conversation.client, body="Later reply, not context")
    flag = Flag.objects.get(user=conversation.freelancer)
    assert [line["text"] for line in flag.extra["snapshot"]] == ["What is your rate?"]
    html = admin_client.get(reverse("admin:trust_flag_change", args=[flag.pk])).content.decode()
    assert "The conversation when it was refused" in html
    assert "What is your rate?" in html and "Later reply, not context" not in html
