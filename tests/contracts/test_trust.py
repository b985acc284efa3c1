"""Contract text and the trust layer: contact details pass between the parties only once the
contract has started; payment outside the platform never; refused writes leave a Flag."""

from __future__ import annotations

import pytest

from contracts import services
from contracts.models import Contract, Submission
from trust.exceptions import ContentBlocked
from trust.models import Flag

pytestmark = pytest.mark.django_db


def test_offer_with_contact_details_is_refused_and_flagged(hirer, worker):
    with pytest.raises(ContentBlocked):
        services.offer_create(
            client=hirer,
            freelancer=worker,
            title="Site",
            terms="Email me at cara.client@gmail.com",
            milestones=[{"description": "All", "amount_cents": 10_000}],
        )
    assert not Contract.objects.exists()
    assert Flag.objects.filter(user=hirer).exists()


def test_contact_details_pass_once_the_contract_started(funded_milestone, worker, hirer):
    services.milestone_submit(milestone_id=funded_milestone.pk, actor=worker, message="Call me: +351 912 345 678")
    assert Submission.objects.filter(milestone=funded_milestone).exists()
    assert not Flag.objects.filter(user=worker).exists()


def test_payment_outside_the_platform_is_refused_even_after_start(funded_milestone, worker):
    with pytest.raises(ContentBlocked):
        services.milestone_submit(
            milestone_id=funded_milestone.pk, actor=worker, message="Pay me directly on PayPal to avoid the fee"
        )
    funded_milestone.refresh_from_db()
    assert funded_milestone.status == "funded" and not funded_milestone.submissions.exists()
    assert Flag.objects.filter(user=worker).exists()


def test_public_feedback_comment_never_carries_contact_details(contract, hirer):
    services.contract_end(contract_id=contract.pk, actor=hirer)
    with pytest.raises(ContentBlocked):
        services.feedback_leave(contract_id=contract.pk, author=hirer, score=5, comment="Hire him: finn@gmail.com")
    assert not contract.feedback.exists()
