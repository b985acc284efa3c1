from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from messaging import services
from messaging.models import Attachment, Conversation, Message
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def detail_url(conversation) -> str:
    return reverse("messaging:conversation-detail", args=[conversation.pk])


def test_start_from_proposal_get_shows_an_empty_conversation_and_writes_nothing(client, proposal):
    client.force_login(proposal.job.client)
    response = client.get(f"/messages/new/proposal/{proposal.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert proposal.freelancer.display_name in html
    assert 'method="post"' in html and f'action="/messages/new/proposal/{proposal.pk}/"' in html
    assert not Conversation.objects.exists()


def test_start_from_proposal_post_starts_the_conversation_with_its_first_message(client, proposal):
    client.force_login(proposal.job.client)
    url = f"/messages/new/proposal/{proposal.pk}/"
    response = client.post(url, {"body": "Hello, a question about your proposal"})
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(detail_url(conversation) + "#m-")
    assert conversation.proposal == proposal
    assert list(conversation.messages.values_list("body", flat=True)) == ["Hello, a question about your proposal"]
    # Once it exists, the start link leads straight to it.
    assert client.get(url)["Location"] == detail_url(conversation)
    assert Conversation.objects.count() == 1


def test_start_from_proposal_post_without_a_message_starts_nothing(client, proposal):
    client.force_login(proposal.job.client)
    response = client.post(f"/messages/new/proposal/{proposal.pk}/", {"body": "  "})
    assert response.status_code == 400
    assert "Write a message to start the conversation." in response.content.decode()
    assert not Conversation.objects.exists()


def test_start_from_proposal_blocked_first_message_is_refused(client, proposal):
    client.force_login(proposal.job.client)
    response = client.post(f"/messages/new/proposal/{proposal.pk}/", {"body": "text me on +1 555 201 4477 please"})
    assert response.status_code == 400
    assert 'class="blocked"' in response.content.decode()
    assert not Message.objects.exists()


def test_start_from_proposal_forbidden_for_the_freelancer(client, proposal):
    client.force_login(proposal.freelancer)
    assert client.get(f"/messages/new/proposal/{proposal.pk}/").status_code == 403
    assert client.post(f"/messages/new/proposal/{proposal.pk}/", {"body": "hi"}).status_code == 403
    assert not Conversation.objects.exists()


def test_start_from_invitation(client, job, freelancer_user):
    from marketplace.models import Invitation

    invitation = Invitation.objects.create(job=job, freelancer=freelancer_user)
    client.force_login(freelancer_user)
    url = f"/messages/new/invitation/{invitation.pk}/"
    assert client.get(url).status_code == 200
    assert not Conversation.objects.exists()
    response = client.post(url, {"body": "Is the deadline flexible?"})
    assert response.status_code == 302
    assert Conversation.objects.get().invitation == invitation


def test_inbox_shows_display_names_last_message_and_unread_never_emails(client, conversation):
    services.message_send(conversation=conversation, sender=conversation.freelancer, body="Here is my plan")
    client.force_login(conversation.client)
    response = client.get(reverse("messaging:inbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert conversation.freelancer.display_name in html
    assert conversation.freelancer.email not in html
    assert "Here is my plan" in html
    assert "1 unread" in html
    assert conversation.job.title in html


def test_inbox_empty_state(client, client_user):
    client.force_login(client_user)
    assert "No conversations yet" in client.get(reverse("messaging:inbox")).content.decode()


def test_inbox_paginates(client, job, settings):
    from messaging import views

    for _ in range(views.INBOX_PER_PAGE + 1):
        services.conversation_start_for_proposal(proposal=ProposalFactory(job=job), actor=job.client)
    client.force_login(job.client)
    first = client.get(reverse("messaging:inbox"))
    assert first.context["page"].paginator.num_pages == 2
    assert len(client.get(reverse("messaging:inbox") + "?page=2").context["page"].object_list) == 1


def test_inbox_requires_login(client):
    response = client.get(reverse("messaging:inbox"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_conversation_detail_is_404_for_others(client, conversation, other_client):
    client.force_login(other_client)
    assert client.get(detail_url(conversation)).status_code == 404


def test_conversation_detail_marks_read_and_shows_history(client, conversation):
    services.message_send(conversation=conversation, sender=conversation.client, body="Welcome aboard")
    client.force_login(conversation.freelancer)
    response = client.get(detail_url(conversation))
    assert "Welcome aboard" in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.freelancer_last_read_at is not None


def test_conversation_detail_loads_older_messages(client, conversation, settings):
    settings.MESSAGING_RATE_LIMIT_PER_MINUTE = 0  # 0 turns the limit off
    from messaging import views

    for i in range(views.HISTORY_PER_PAGE + 2):
        services.message_send(conversation=conversation, sender=conversation.client, body=f"note {i:02d}")
    client.force_login(conversation.client)
    html = client.get(detail_url(conversation)).content.decode()
    assert "note 00" not in html and f"note {views.HISTORY_PER_PAGE + 1:02d}" in html
    oldest = client.get(detail_url(conversation)).context["history"].oldest_id
    older = client.get(detail_url(conversation) + f"?before={oldest}").content.decode()
    assert "note 00" in older and "note 01" in older


def test_form_post_sends_without_javascript(client, conversation):
    client.force_login(conversation.client)
    response = client.post(detail_url(conversation), {"body": "Plain form message"})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(conversation)}#m-{message.pk}"
    assert message.body == "Plain form message"


def test_form_post_blocked_rerenders_with_highlight_and_keeps_text(client, conversation):
    client.force_login(conversation.freelancer)
    text = "text me on +1 555 201 4477 please"
    response = client.post(detail_url(conversation), {"body": text})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="blocked"' in html
    assert '<mark class="finding"' in html
    assert "+1 555 201 4477</textarea>" in html or "please</textarea>" in html
    assert not Message.objects.exists()


def test_form_post_rate_limited_shows_error(client, conversation, settings):
    settings.MESSAGING_RATE_LIMIT_PER_MINUTE = 1
    client.force_login(conversation.client)
    client.post(detail_url(conversation), {"body": "one"})
    response = client.post(detail_url(conversation), {"body": "two"})
    assert response.status_code == 429
    assert "too quickly" in response.content.decode()
    assert "two</textarea>" in response.content.decode()


def test_form_post_attachment_and_download_rules(client, conversation, django_capture_on_commit_callbacks):
    client.force_login(conversation.freelancer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail_url(conversation), {"body": "", "attachment": SimpleUploadedFile("plan.txt", b"The plan")})
    attachment = Attachment.objects.get()
    assert attachment.status == Attachment.Status.CLEAN
    url = reverse("messaging:attachment-download", args=[attachment.pk])
    client.force_login(conversation.client)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"The plan"


def test_withheld_attachment_not_downloadable_by_recipient(client, conversation, django_capture_on_commit_callbacks):
    client.force_login(conversation.freelancer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            detail_url(conversation),
            {"body": "cv", "attachment": SimpleUploadedFile("cv.txt", b"reach me at bob.smith@gmail.com")},
        )
    attachment = Attachment.objects.get()
    assert attachment.status == Attachment.Status.WITHHELD
    url = reverse("messaging:attachment-download", args=[attachment.pk])
    assert client.get(url).status_code == 200  # the sender can still get their own file
    sender_page = client.get(detail_url(conversation)).content.decode()
    assert "Withheld" in sender_page
    client.force_login(conversation.client)
    assert client.get(url).status_code == 404
    page = client.get(detail_url(conversation)).content.decode()
    assert "cv.txt" not in page


def test_attachment_wrong_type_shows_field_error(client, conversation):
    client.force_login(conversation.client)
    response = client.post(
        detail_url(conversation), {"body": "see file", "attachment": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert response.status_code == 400
    assert "can&#x27;t be uploaded here" in response.content.decode()
    assert not Message.objects.exists()


def test_message_edit_view(client, conversation):
    message = services.message_send(conversation=conversation, sender=conversation.client, body="Helo")
    client.force_login(conversation.client)
    url = reverse("messaging:message-edit", args=[message.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "Hello"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.body == "Hello"


def test_message_edit_view_404_for_the_other_party(client, conversation):
    message = services.message_send(conversation=conversation, sender=conversation.client, body="Hi")
    client.force_login(conversation.freelancer)
    assert client.get(reverse("messaging:message-edit", args=[message.pk])).status_code == 404


def test_nav_badge_shows_unread_count(client, conversation):
    services.message_send(conversation=conversation, sender=conversation.client, body="ping")
    client.force_login(conversation.freelancer)
    html = client.get(reverse("messaging:inbox")).content.decode()
    assert 'data-unread-badge aria-label="1 unread message">1</span>' in html
    assert "js/messaging.js" in html


def test_start_from_contract_for_either_party_only(client, conversation, started_contract, other_client):
    url = f"/messages/new/contract/{started_contract.pk}/"
    client.force_login(conversation.freelancer)
    assert client.get(url)["Location"] == detail_url(conversation)
    # The pair's conversation about the job is the contract's room (the contract-started receiver links it).
    client.force_login(other_client)
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "hi"}).status_code == 404
