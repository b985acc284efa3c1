"""The user's side: standing page, appeals, reports, the banner and suspension at log-in."""
from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import FreelancerFactory
from trust import services
from trust.models import Appeal, Flag, Report, Sanction

pytestmark = pytest.mark.django_db


def report_url(obj) -> str:
    ct = ContentType.objects.get_for_model(obj)
    return reverse("trust:report-create", kwargs={"content_type_id": ct.pk, "object_id": obj.pk})


# --- standing page ----------------------------------------------------------------------------


def test_standing_requires_login(client):
    response = client.get(reverse("trust:standing"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_standing_empty_state(client, freelancer):
    client.force_login(freelancer)
    html = client.get(reverse("trust:standing")).content.decode()
    assert "In good standing" in html and "No strikes." in html and "No sanctions" in html


def test_standing_shows_strike_with_highlighted_evidence_and_appeal_form(client, freelancer, make_flag, staff_user):
    flag = make_flag(freelancer, "Call me on 555-123-4567 tonight")
    services.flag_confirm(flag=flag, reviewer=staff_user)
    client.force_login(freelancer)
    html = client.get(reverse("trust:standing")).content.decode()
    assert "Warning" in html
    assert '<mark class="finding"' in html and "555-123-4567</mark>" in html
    assert "Appeal this warning" in html
    assert "1 active strike point" in html


def test_standing_shows_restriction_banner_with_end_date(client, freelancer, confirm):
    for _ in range(3):
        confirm(freelancer)
    restriction = Sanction.objects.get(kind="restriction")
    client.force_login(freelancer)
    html = client.get(reverse("trust:standing")).content.decode()
    assert "Your account is restricted until" in html
    assert restriction.ends_at.strftime("%Y") in html


def test_appeal_view_once(client, freelancer, confirm):
    confirm(freelancer)
    sanction = Sanction.objects.get()
    client.force_login(freelancer)
    url = reverse("trust:appeal-create", args=[sanction.pk])
    client.post(url, {"message": "short"})
    assert not Appeal.objects.exists()  # too short: a clear error, nothing saved
    client.post(url, {"message": "The number was my company's public line."})
    client.post(url, {"message": "Second try at appealing the same thing."})
    assert Appeal.objects.count() == 1
    html = client.get(reverse("trust:standing")).content.decode()
    assert "Your appeal" in html and "Pending" in html and "Appeal this warning" not in html


def test_appeal_view_other_users_sanction_404(client, freelancer, confirm):
    confirm(freelancer)
    client.force_login(FreelancerFactory())
    response = client.post(reverse("trust:appeal-create", args=[Sanction.objects.get().pk]), {"message": "x" * 20})
    assert response.status_code == 404


# --- reports ----------------------------------------------------------------------------------


def test_report_create_flow_and_outcome(client, buyer, proposal, staff_user, django_capture_on_commit_callbacks):
    buyer = proposal.job.client  # who can see the proposal (reports only for what one can see)
    client.force_login(buyer)
    url = report_url(proposal)
    assert client.get(url).status_code == 200
    response = client.post(url + "?next=/dashboard/", {"reason": "off_platform_payment", "note": "Asked for PayPal"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    report = Report.objects.get()
    flag = report.flag
    assert (report.reporter, report.reported_user, report.target) == (buyer, proposal.freelancer, proposal)
    assert (flag.source, flag.kind, flag.status, flag.user) == ("report", "payment", "pending", proposal.freelancer)
    assert flag.original_text == proposal.cover_letter

    # one open report per reporter per target
    client.post(url, {"reason": "spam_scam"})
    assert Report.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.flag_confirm(flag=flag, reviewer=staff_user)
    report.refresh_from_db()
    assert not report.is_open and report.outcome_notified_at
    outcome = [m for m in mail.outbox if m.to == [buyer.email]]
    assert outcome and "We reviewed your report" in outcome[0].subject and "took action" in outcome[0].body
    # the reported user's emails never name the reporter
    assert all(buyer.email not in m.body and buyer.first_name not in m.body
               for m in mail.outbox if m.to == [proposal.freelancer.email])
    html = client.get(reverse("trust:standing")).content.decode()
    assert "We took action" in html
    # decided: a new report is possible again
    client.post(url, {"reason": "spam_scam"})
    assert Report.objects.count() == 2


def test_report_self_refused(client, proposal):
    client.force_login(proposal.freelancer)
    response = client.post(report_url(proposal), {"reason": "spam_scam"})
    assert response.status_code == 302
    assert not Report.objects.exists()


def test_report_unknown_target_404(client, buyer):
    client.force_login(buyer)
    ct = ContentType.objects.get_for_model(Flag)  # not a reportable model
    url = reverse("trust:report-create", kwargs={"content_type_id": ct.pk, "object_id": 1})
    assert client.get(url).status_code == 404
    missing = reverse("trust:report-create", kwargs={"content_type_id": 99999, "object_id": 1})
    assert client.get(missing).status_code == 404


def test_report_dismissed_outcome_email(client, buyer, proposal, staff_user, django_capture_on_commit_callbacks):
    buyer = proposal.job.client  # who can see the proposal (reports only for what one can see)
    report = services.report_create(reporter=buyer, target=proposal, reason="spam_scam", note="")
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_dismiss(flag=report.flag, reviewer=staff_user, note="looks fine")
    assert "did not find a violation" in mail.outbox[-1].body
    assert not Sanction.objects.exists()


def test_report_link_partial_hidden_for_owner_and_anonymous(buyer, proposal):
    buyer = proposal.job.client  # who can see the proposal (reports only for what one can see)
    from django.contrib.auth.models import AnonymousUser

    template = Template('{% include "trust/partials/report_link.html" with target=obj %}')

    def render(user) -> str:
        request = RequestFactory().get("/jobs/1/")
        request.user = user
        return template.render(Context({"obj": proposal, "request": request, "user": user}))

    assert report_url(proposal) in render(buyer)
    assert "Report" not in render(proposal.freelancer)
    assert "Report" not in render(AnonymousUser())


# --- suspension -------------------------------------------------------------------------------


def test_suspended_user_is_signed_out_on_next_request(client, freelancer, staff_user):
    client.force_login(freelancer)
    assert client.get(reverse("trust:standing")).status_code == 200
    services.user_suspend(user=freelancer, actor=staff_user, reason="Fraud")
    response = client.get(reverse("trust:standing"))
    assert response.status_code == 302 and "/trust/appeal/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_suspended_user_cannot_log_in(client, freelancer, staff_user, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    services.user_suspend(user=freelancer, actor=staff_user, reason="Fraud")
    response = client.post(reverse("account_login"), {"login": freelancer.email, "password": "demo-pass-123"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    if page.status_code == 302:  # the login redirect itself, then the middleware's
        page = client.get(page["Location"])
    html = page.content.decode()
    # One clear message with the appeal form: no "Successfully signed in", no "reply to" a no-reply address.
    assert "Your account is suspended" in html and "Send appeal" in html and "Reason: Fraud" in html
    assert "Successfully signed in" not in html and "reply to" not in html.lower()
    assert client.get(reverse("trust:standing")).status_code == 302  # still signed out


def test_suspension_ends_by_time(client, freelancer, staff_user):
    import time_machine
    from django.utils import timezone

    services.user_suspend(user=freelancer, actor=staff_user, reason="Cooling off", days=3)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=3, minutes=1), tick=False):
        client.force_login(freelancer)
        assert client.get(reverse("trust:standing")).status_code == 200


def test_report_message_only_by_the_other_party(client, proposal):
    from messaging.models import Message
    from messaging.services import conversation_start_for_proposal

    conversation = conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)
    message = Message.objects.create(conversation=conversation, sender=proposal.freelancer, body="Hello")
    client.force_login(FreelancerFactory())  # a stranger to the conversation
    assert client.get(report_url(message)).status_code == 404
    client.force_login(proposal.job.client)
    client.post(report_url(message), {"reason": "spam_scam"})
    assert Report.objects.get().target == message


def test_report_access_registry_overrides_default(client, buyer, proposal):
    from trust.registry import REPORT_ACCESS, register_report_access

    register_report_access(type(proposal), lambda user, target: user.pk == target.job.client_id)
    try:
        client.force_login(FreelancerFactory())
        assert client.get(report_url(proposal)).status_code == 404
        client.force_login(proposal.job.client)
        assert client.get(report_url(proposal)).status_code == 200
    finally:
        REPORT_ACCESS.pop(type(proposal), None)


def test_standing_reports_are_paginated(client, buyer):
    from tests.factories import ProposalFactory
    from trust.views import REPORTS_PER_PAGE

    for _ in range(REPORTS_PER_PAGE + 1):
        services.report_create(reporter=buyer, target=ProposalFactory(), reason="spam_scam")
    client.force_login(buyer)
    first = client.get(reverse("trust:standing")).content.decode()
    assert "Page 1 of 2" in first and first.count("Under review") == REPORTS_PER_PAGE
    second = client.get(reverse("trust:standing"), {"reports_page": 2}).content.decode()
    assert second.count("Under review") == 1


def test_suspended_user_appeals_by_emailed_link(client, freelancer, staff_user, django_capture_on_commit_callbacks):
    import re

    with django_capture_on_commit_callbacks(execute=True):
        services.user_suspend(user=freelancer, actor=staff_user, reason="Fraud")
    body = [m for m in mail.outbox if m.to == [freelancer.email]][-1].body
    url = re.search(r"https?://\S+/trust/appeal/\S+/", body).group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    client.post("/" + path, {"message": "I never asked anyone to pay outside."})
    appeal = Appeal.objects.get()
    assert appeal.user == freelancer and appeal.sanction.kind == "suspension"
    assert "has been received" in client.get("/" + path).content.decode()
    assert client.get(reverse("trust:appeal-link", args=["forged"])).status_code == 400
