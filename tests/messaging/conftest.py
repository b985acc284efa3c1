"""Messaging fixtures: a conversation started the real way (client opens it from a proposal)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache (and in the per-process fallback used while the cache is
    down); every test starts with a clean window."""
    from messaging import services

    cache.clear()
    services._local_rate.clear()
    yield
    cache.clear()
    services._local_rate.clear()


@pytest.fixture
def conversation(proposal):
    from messaging.services import conversation_start_for_proposal

    return conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)


@pytest.fixture
def started_contract(conversation):
    """A started contract between the conversation's two parties.

    Built as a row in the state contracts.selectors.contract_started_between checks (status in
    Contract.STARTED): the offer/accept services need funded accounts that are not this app's concern.
    """
    from contracts.models import Contract

    return Contract.objects.create(
        client=conversation.client,
        freelancer=conversation.freelancer,
        job=conversation.job,
        proposal=conversation.proposal,
        title="Booking site",
        status=Contract.Status.ACTIVE,
        started_at=timezone.now(),
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories set a password per user; the default hasher costs ~0.5 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


