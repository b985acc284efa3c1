"""`manage.py demo_data` (the demo app, above every other app): idempotent, a living site."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site
from django.core.management import call_command

from accounts.models import User
from marketplace.models import Invitation, JobPost, Proposal, StatusChange

pytestmark = pytest.mark.django_db


def _counts() -> tuple:
    return tuple(m.objects.count() for m in (User, EmailAddress, JobPost, Proposal, Invitation, StatusChange))


def test_demo_data_is_idempotent_and_prints_logins(settings):
    settings.SITE_URL = "http://demo.example.test:8000"
    out = StringIO()
    call_command("demo_data", stdout=out)
    first = _counts()
    call_command("demo_data", stdout=StringIO())
    assert _counts() == first
    text = out.getvalue()
    assert "admin@demo.test" in text and "demo-pass-123" in text
    assert Site.objects.get(pk=settings.SITE_ID).domain == "demo.example.test:8000"
    admin = User.objects.get(email="admin@demo.test")
    assert admin.is_staff and admin.is_superuser
    assert User.objects.get(email="ana@demo.test").check_password("demo-pass-123")
    assert not EmailAddress.objects.filter(verified=False).exists()
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {"submitted", "shortlisted", "declined", "archived", "withdrawn"} <= statuses
    assert set(JobPost.objects.values_list("status", flat=True)) == {"draft", "open", "closed", "filled"}
    assert Invitation.objects.count() >= 2
    # A living site (issue 15): contracts in every state, reviews both ways, conversations, notifications,
    # and every filled job filled by a hired contract.
    from contracts.models import Contract, Dispute, Feedback, Milestone
    from messaging.models import Conversation
    from notifications.models import Notification

    assert set(Contract.objects.values_list("status", flat=True)) == {
        "offered", "declined", "active", "paused", "ended", "cancelled"}
    assert {"funded", "released"} <= set(Milestone.objects.values_list("status", flat=True))
    assert Dispute.objects.exists() and Feedback.objects.count() >= 6
    assert Conversation.objects.exists() and Notification.objects.exists()
    for job in JobPost.objects.filter(status="filled"):
        assert Contract.objects.filter(job=job, status__in=Contract.STARTED).exists(), job.title
