"""Issue 12 item 7 on milestone descriptions: the offer's milestone rows and the contract page's "Add
a milestone" field are checked as typed against the freelancer who will read them; a hint records
nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import ProposalFactory
from trust.models import AuditLog, Flag, Strike

pytestmark = pytest.mark.django_db


def _description_inputs(html: str) -> list[str]:
    return re.findall(r'<input[^>]*name="[^"]*description"[^>]*>', html)


def test_offer_form_milestone_rows_carry_the_hint_for_the_freelancer(client):
    proposal = ProposalFactory()
    client.force_login(proposal.job.client)
    html = client.get(reverse("contracts:offer-create", args=[proposal.pk])).content.decode()
    rows = _description_inputs(html)
    assert len(rows) >= 3
    for row in rows:
        assert 'data-trust-hint="contract"' in row
        assert f'data-trust-hint-counterpart="{proposal.freelancer.pk}"' in row


def test_contract_page_add_milestone_carries_the_hint_and_the_hint_records_nothing(client, contract, hirer, worker):
    client.force_login(hirer)
    html = client.get(reverse("contracts:contract-detail", args=[contract.pk])).content.decode()
    (field,) = _description_inputs(html)
    assert 'data-trust-hint="contract"' in field and f'data-trust-hint-counterpart="{worker.pk}"' in field
    # What the field's script asks as the client types. Between these two (a started contract) a
    # phone number may pass; paying outside the platform never does.
    def hint(text: str) -> dict:
        return client.post(
            reverse("trust:hint"), {"text": text, "context": "contract", "counterpart": worker.pk}
        ).json()

    assert hint("Kick-off call: ring me on +1 312 555 0147")["allowed"] is True
    answer = hint("Milestone 2: pay me directly via PayPal to skip the fees")
    assert answer["allowed"] is False and {f["kind"] for f in answer["findings"]} == {"payment"}
    assert '<mark class="finding"' in answer["html"]
    assert not Flag.objects.exists() and not Strike.objects.exists() and not AuditLog.objects.exists()


def test_offer_milestone_hint_refuses_a_phone_number_before_the_contract_starts(client):
    proposal = ProposalFactory()
    client.force_login(proposal.job.client)
    answer = client.post(reverse("trust:hint"), {
        "text": "Kick-off call: ring me on +1 312 555 0147", "context": "contract",
        "counterpart": proposal.freelancer.pk,
    }).json()
    assert answer["allowed"] is False and [f["kind"] for f in answer["findings"]] == ["phone"]
    assert not Flag.objects.exists()
