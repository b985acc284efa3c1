"""The live hint: what would be refused, as typed; it records nothing and is rate-limited."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ClientFactory, FreelancerFactory
from trust.models import AuditLog, Flag, Strike

pytestmark = pytest.mark.django_db


def test_hint_highlights_a_phone_number_and_records_nothing(client):
    client.force_login(FreelancerFactory())
    answer = client.post(reverse("trust:hint"), {"text": "call me on +1 312 555 0147", "context": "profile"}).json()
    assert answer["allowed"] is False
    assert answer["headline"].startswith("Would not be saved:")
    assert [f["kind"] for f in answer["findings"]] == ["phone"]
    assert '<mark class="finding"' in answer["html"]
    assert not Flag.objects.exists() and not Strike.objects.exists() and not AuditLog.objects.exists()


def test_hint_passes_clean_text_and_knows_the_counterpart(client):
    from django.utils import timezone

    from contracts.models import Contract

    freelancer, hirer = FreelancerFactory(), ClientFactory()
    client.force_login(freelancer)
    assert client.post(reverse("trust:hint"), {"text": "Happy to help", "context": "message"}).json()["allowed"]
    data = {"text": "my number is +1 312 555 0147", "context": "message", "counterpart": hirer.pk}
    assert client.post(reverse("trust:hint"), data).json()["allowed"] is False
    Contract.objects.create(
        client=hirer, freelancer=freelancer, title="Site", status="active", started_at=timezone.now()
    )
    assert client.post(reverse("trust:hint"), data).json()["allowed"] is True


def test_hint_is_rate_limited_and_needs_login(client, settings):
    settings.TRUST_HINT_PER_MINUTE = 2
    assert client.post(reverse("trust:hint"), {"text": "x", "context": "profile"}).status_code == 302
    client.force_login(FreelancerFactory())
    codes = [client.post(reverse("trust:hint"), {"text": "x", "context": "profile"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.post(reverse("trust:hint"), {"text": "x", "context": "nope"}).status_code in (400, 429)


def test_forms_and_composer_carry_the_hint_attributes(client):
    from messaging.services import conversation_start_for_proposal
    from tests.factories import ProposalFactory

    proposal = ProposalFactory()
    conversation = conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)
    client.force_login(proposal.freelancer)
    html = client.get(reverse("messaging:conversation-detail", args=[conversation.pk])).content.decode()
    assert 'data-trust-hint="message"' in html and f'data-trust-hint-counterpart="{proposal.job.client.pk}"' in html
    assert "js/trust-hint.js" in html
    html = client.get(reverse("accounts:profile-edit")).content.decode()
    assert 'data-trust-hint="profile"' in html
