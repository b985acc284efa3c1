"""core.providers: lower apps show higher apps' figures without importing them."""

from __future__ import annotations

import pytest

from accounts import providers as profiles
from core.providers import Provider
from marketplace import providers as jobs
from reputation import selectors


def test_provider_calls_the_default_until_an_app_registers_one():
    slot: Provider[[int], int] = Provider("double", default=lambda n: 0)
    assert slot(4) == 0 and not slot.is_provided
    slot.register(lambda n: n * 2)
    assert slot(4) == 8


def test_provider_refuses_a_second_provider():
    slot: Provider[[], str] = Provider("who", default=lambda: "")
    slot.register(lambda: "reputation")
    with pytest.raises(RuntimeError):
        slot.register(lambda: "someone else")


def test_reputation_fills_the_profile_and_job_slots_at_start_up():
    assert profiles.freelancer_reputation.provided is selectors.freelancer_reputation
    assert profiles.public_reviews.provided is selectors.public_reviews
    assert jobs.job_card_facts.provided is selectors.job_card_facts
    assert jobs.withheld_sql.provided is selectors.withheld_sql
    assert all(slot.is_provided for slot in (profiles.client_reputation, jobs.client_reputation, jobs.proposal_counts))
