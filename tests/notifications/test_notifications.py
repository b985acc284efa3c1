"""One notifications module: events become in-app notifications (the centre, the live badge over
ws/notifications/) and, by preference, one HTML + text email with links to SITE_URL."""
from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core import mail

from contracts import services as contracts
from marketplace import services as marketplace
from notifications.models import Kind, Notification
from notifications.services import contract_kind, notify
from tests.contracts.conftest import make_contract, top_up
from tests.factories import ClientFactory, FreelancerFactory, JobPostFactory
from trust.services.sanctions import sanction_apply

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def test_proposal_received_in_app_and_templated_email(django_capture_on_commit_callbacks):
    job = JobPostFactory()
    freelancer = FreelancerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        marketplace.proposal_submit(job=job, freelancer=freelancer, cover_letter="I built three of these.",
                                    bid_cents=120_000, duration="1_3m")
    note = Notification.objects.get(user=job.client)
    assert note.kind == Kind.PROPOSAL_RECEIVED and note.url.startswith("/proposals/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [job.client.email] and job.title in message.subject
    html = message.alternatives[0][0]
    assert "http://127.0.0.1:8101/proposals/" in message.body and "http://127.0.0.1:8101/proposals/" in html
    assert ":8000" not in message.body + html


def test_every_contract_event_notifies_with_its_kind(django_capture_on_commit_callbacks):
    client, freelancer = ClientFactory(), FreelancerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        contract = make_contract(client, freelancer)
        milestone = contract.milestones.get()
        top_up(client, 50_000)
        contracts.milestone_fund(milestone_id=milestone.pk, actor=client)
        contracts.milestone_submit(milestone_id=milestone.pk, actor=freelancer, message="Here it is.")
        contracts.milestone_request_changes(milestone_id=milestone.pk, actor=client, note="Bigger logo please.")
        contracts.milestone_submit(milestone_id=milestone.pk, actor=freelancer, message="Bigger now.")
        contracts.milestone_approve(milestone_id=milestone.pk, actor=client)
    to_freelancer = list(Notification.objects.filter(user=freelancer).values_list("kind", "title"))
    kinds = {kind for kind, _ in to_freelancer}
    assert {Kind.OFFER, Kind.MILESTONE, Kind.PAYMENT} <= kinds, to_freelancer
    assert any(title == "Changes requested" for _, title in to_freelancer)
    assert Notification.objects.filter(user=client, kind=Kind.MILESTONE).exists()  # submitted
    assert all(n.emailed_at for n in Notification.objects.all())  # one email each, from notifications


def test_preferences_turn_email_off_but_keep_in_app(client, django_capture_on_commit_callbacks):
    user = FreelancerFactory()
    client.force_login(user)
    kinds = [k for k in Kind.values if k != Kind.INVITATION]
    assert client.post("/notifications/settings/", {"email": kinds}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind=Kind.INVITATION, title="Invited", url="/jobs/1/")
        notify(user=user, kind=Kind.OFFER, title="An offer", url="/contracts/1/")
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.endswith("An offer")
    assert Notification.objects.filter(user=user).count() == 2


def test_centre_lists_marks_read_and_badge_counts(client, django_capture_on_commit_callbacks):
    user = FreelancerFactory()
    other = FreelancerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(user=user, kind=Kind.OFFER, title="You received an offer", url="/contracts/")
        notify(user=user, kind=Kind.MILESTONE, title="A milestone was funded")
        mine_only = notify(user=other, kind=Kind.OFFER, title="Someone else's")
    client.force_login(user)
    page = client.get("/notifications/").content.decode()
    assert "You received an offer" in page and "Someone else" not in page
    assert 'data-notification-badge aria-label="2 unread notifications"' in page
    response = client.post(f"/notifications/{first.pk}/open/")
    assert response.status_code == 302 and response.url == "/contracts/"
    first.refresh_from_db()
    assert first.is_read
    assert client.post(f"/notifications/{mine_only.pk}/open/").status_code == 404
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_live_badge_pushed_to_the_users_group(django_capture_on_commit_callbacks):
    user = FreelancerFactory()
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"user-{user.pk}", channel)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind=Kind.OFFER, title="An offer")
    event = async_to_sync(layer.receive)(channel)
    assert event == {"type": "notifications.changed", "count": 1}


def test_trust_decision_in_app_and_one_email_from_notifications(django_capture_on_commit_callbacks):
    """trust words the decision and announces it; notifications sends the one email, always (a
    preference can't silence a sanction notice)."""
    from notifications.services import preferences_save

    user = FreelancerFactory()
    preferences_save(user=user, email_kinds=set())  # every optional email off
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sanction_apply(user=user, kind="restriction", days=3, reason="Shared a phone number.")
    note = Notification.objects.get(user=user)
    assert note.kind == Kind.TRUST and note.url == "/trust/standing/"
    assert note.email_wanted and note.emailed_at
    assert [m.subject for m in mail.outbox] == ["[Trustlance] Your account is restricted"]
    message = mail.outbox[0]
    assert "Shared a phone number." in message.body and "http://127.0.0.1:8101/trust/standing/" in message.body
    assert message.body.count("Hi ") == 1 and "Hello" not in message.body  # one greeting
    assert message.alternatives and "Shared a phone number." in message.alternatives[0][0]


def test_identity_decision_goes_out_from_notifications_by_preference(django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts import services as accounts
    from notifications.services import preferences_save
    from tests.factories import UserFactory

    def decide(user, note):
        user.refresh_from_db()
        document = SimpleUploadedFile("id.pdf", b"%PDF-1.4\n%doc\n", content_type="application/pdf")
        request_obj = accounts.identity_verification_submit(user=user, legal_name="Rita", country="PT",
                                                            document=document)
        with django_capture_on_commit_callbacks(execute=True):
            accounts.identity_verification_reject(request_obj=request_obj, reviewer=staff, note=note)

    staff = UserFactory(is_staff=True)
    user = FreelancerFactory()
    mail.outbox.clear()
    decide(user, "The photo is blurry.")
    note = Notification.objects.get(user=user, kind=Kind.ACCOUNT)
    assert note.url == "/accounts/identity/" or note.url.endswith("/identity/")
    assert len(mail.outbox) == 1 and "The photo is blurry." in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("[Trustlance] ") and "[Trustlance] [" not in mail.outbox[0].subject

    preferences_save(user=user, email_kinds=set(Kind.values) - {Kind.ACCOUNT})
    mail.outbox.clear()
    decide(user, "Still blurry.")
    assert Notification.objects.filter(user=user, kind=Kind.ACCOUNT).count() == 2 and mail.outbox == []


def test_settings_page_keeps_standing_emails_on(client):
    user = FreelancerFactory()
    client.force_login(user)
    client.post("/notifications/settings/", {"email": []})
    page = client.get("/notifications/settings/").content.decode()
    assert 'value="trust" checked disabled' in page
    assert 'value="message" checked' not in page


def test_contract_kinds():
    assert contract_kind("You received an offer") == Kind.OFFER
    assert contract_kind("A milestone was funded") == Kind.MILESTONE
    assert contract_kind("Dispute resolved") == Kind.DISPUTE
    assert contract_kind("Withdrawal sent") == Kind.PAYMENT
    assert contract_kind("Contract ended") == Kind.CONTRACT
