"""A restriction stops new conversations and public posting, never the messages of an active contract."""
from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from messaging.models import Conversation, Message
from tests.factories import ClientFactory, JobPostFactory, ProposalFactory
from trust import services
from trust.exceptions import UserRestricted
from trust.standing import ensure_can_act

pytestmark = pytest.mark.django_db


@pytest.fixture
def active_pair(db):
    """A freelancer with an active contract with one client, and a conversation about it."""
    from contracts.models import Contract
    from messaging.services import conversation_start_for_proposal

    proposal = ProposalFactory()
    conversation = conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)
    Contract.objects.create(
        client=proposal.job.client, freelancer=proposal.freelancer, job=proposal.job, proposal=proposal,
        title="Booking site", status=Contract.Status.ACTIVE, started_at=timezone.now(),
    )
    return conversation


def _restrict(user):
    services.sanction_apply(user=user, kind="restriction", days=7, reason="test")


def test_restricted_freelancer_can_still_message_her_active_client(client, active_pair):
    freelancer = active_pair.freelancer
    _restrict(freelancer)
    client.force_login(freelancer)
    response = client.post(reverse("messaging:conversation-detail", args=[active_pair.pk]), {"body": "Draft is up"})
    assert response.status_code == 302
    assert Message.objects.filter(sender=freelancer, body="Draft is up").exists()


def test_restricted_user_cannot_message_someone_without_an_active_contract(client, active_pair):
    freelancer = active_pair.freelancer
    other_proposal = ProposalFactory(freelancer=freelancer)
    from messaging.services import conversation_start_for_proposal

    other = conversation_start_for_proposal(proposal=other_proposal, actor=other_proposal.job.client)
    _restrict(freelancer)
    client.force_login(freelancer)
    response = client.post(reverse("messaging:conversation-detail", args=[other.pk]), {"body": "Hello"})
    assert response.status_code in (400, 403)
    assert "restricted" in response.content.decode()
    assert not Message.objects.filter(sender=freelancer).exists()


def test_restricted_client_cannot_start_a_new_conversation(client, db):
    hirer = ClientFactory()
    proposal = ProposalFactory(job=JobPostFactory(client=hirer))
    _restrict(hirer)
    client.force_login(hirer)
    response = client.post(f"/messages/new/proposal/{proposal.pk}/", {"body": "Hi, a question"})
    assert response.status_code == 403
    assert "start new conversations" in response.content.decode()
    assert not Conversation.objects.exists()


def test_restriction_stops_public_posting_but_suspension_stops_contract_messages_too(active_pair):
    freelancer, hirer = active_pair.freelancer, active_pair.client
    _restrict(freelancer)
    for action in ("proposal", "job_post", "conversation"):
        with pytest.raises(UserRestricted):
            ensure_can_act(freelancer, action)
    ensure_can_act(freelancer, "message", counterpart=hirer)
    with pytest.raises(UserRestricted):
        ensure_can_act(freelancer, "message", counterpart=ClientFactory())
    services.sanction_apply(user=freelancer, kind="suspension", reason="test")
    with pytest.raises(UserRestricted, match="suspended"):
        ensure_can_act(freelancer, "message", counterpart=hirer)
