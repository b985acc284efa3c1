from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from trust.models import Sanction
from trust.tasks import expire_sanctions

pytestmark = pytest.mark.django_db


def test_expire_sanctions_emails_each_ended_sanction_once(confirm, freelancer, django_capture_on_commit_callbacks):
    for _ in range(3):
        confirm(freelancer)
    mail.outbox.clear()
    assert expire_sanctions() == 0  # nothing has ended yet
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # notifications mails after commit
            assert expire_sanctions() == 1
            assert expire_sanctions() == 0
    assert [m.subject for m in mail.outbox] == ["[Trustlance] Your restriction has ended"]
    restriction = Sanction.objects.get(kind="restriction")
    assert restriction.ended_notified_at is not None
    with time_machine.travel(timezone.now() + timedelta(days=200), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert expire_sanctions() == 1  # badge loss (183 days); warnings never email
    assert "earn talent badges again" in mail.outbox[-1].subject


def test_expire_sanctions_skips_lifted(confirm, freelancer, staff_user):
    from trust.services import sanction_lift

    for _ in range(3):
        confirm(freelancer)
    sanction_lift(sanction=Sanction.objects.get(kind="restriction"), actor=staff_user, reason="Mistake")
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        assert expire_sanctions() == 0
    assert mail.outbox == []


def test_suspension_deletes_the_users_sessions(client, freelancer, staff_user, django_capture_on_commit_callbacks):
    from django.contrib.sessions.models import Session

    from tests.factories import FreelancerFactory
    from trust.services import user_suspend

    client.force_login(freelancer)
    bystander = FreelancerFactory()
    client.__class__().force_login(bystander)
    assert Session.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        user_suspend(user=freelancer, actor=staff_user, reason="Fraud")
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert remaining == [str(bystander.pk)]
