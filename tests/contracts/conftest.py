"""Contracts fixtures: stateful objects are built with the real services (CONVENTIONS §13)."""

from __future__ import annotations

import uuid

import pytest

from contracts import services
from contracts.models import Contract, Milestone
from tests.factories import ClientFactory, FreelancerFactory


def key() -> str:
    return uuid.uuid4().hex


def make_contract(client, freelancer, *, amounts=(10_000,), kind="fixed", start=True, **extra) -> Contract:
    if kind == "hourly":
        contract = services.offer_create(
            client=client,
            freelancer=freelancer,
            title="Weekly help with our shop",
            kind="hourly",
            hourly_rate_cents=extra.pop("rate", 5_000),
            weekly_limit_hours=extra.pop("limit", 10),
            **extra,
        )
    else:
        contract = services.offer_create(
            client=client,
            freelancer=freelancer,
            title="Landing page",
            terms="Responsive, two rounds of edits.",
            milestones=[{"description": f"Part {i + 1}", "amount_cents": a} for i, a in enumerate(amounts)],
            **extra,
        )
    if start:
        services.offer_accept(contract_id=contract.pk, actor=freelancer)
        contract.refresh_from_db()
    return contract


def top_up(user, amount_cents: int) -> None:
    card = services.card_add(user=user, card_number="4242 4242 4242 4242")
    services.top_up(user=user, card=card, amount_cents=amount_cents, idempotency_key=key())


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast factories
    settings.CONTRACTS_FEE_BPS = 1_000
    settings.CONTRACTS_AUTO_APPROVE_DAYS = 14
    settings.CONTRACTS_SECURITY_PERIOD_DAYS = 5
    settings.CONTRACTS_DISPUTE_RESPONSE_DAYS = 3
    settings.CONTRACTS_HOURLY_DISPUTE_DAYS = 5
    settings.CONTRACTS_CURRENCY = "USD"


@pytest.fixture
def hirer(db):
    return ClientFactory()


@pytest.fixture
def worker(db):
    return FreelancerFactory()


@pytest.fixture
def stranger(db):
    return FreelancerFactory()


@pytest.fixture
def contract(hirer, worker) -> Contract:
    return make_contract(hirer, worker)


@pytest.fixture
def milestone(contract) -> Milestone:
    return contract.milestones.get()


@pytest.fixture
def funded_milestone(contract, hirer, milestone) -> Milestone:
    top_up(hirer, 50_000)
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    milestone.refresh_from_db()
    return milestone


@pytest.fixture
def submitted_milestone(funded_milestone, worker) -> Milestone:
    services.milestone_submit(milestone_id=funded_milestone.pk, actor=worker, message="Here is the page.")
    funded_milestone.refresh_from_db()
    return funded_milestone


@pytest.fixture
def staff(db):
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)
