"""Races on PostgreSQL: many threads move the same money at once; exactly one wins and the ledger
stays balanced. Skipped on SQLite (it serialises writers; select_for_update is a no-op there)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import connection

from contracts import selectors, services
from contracts.models import LedgerTransaction, Milestone, TopUp, Withdrawal
from tests.contracts.conftest import make_contract, top_up
from tests.contracts.ledger_checks import assert_ledger_balanced
from tests.factories import ClientFactory, FreelancerFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not django_settings.IS_POSTGRES, reason="row-lock races need PostgreSQL (DATABASE_URL)"),
]
THREADS = 8


def race(action: Callable[[int], object]) -> tuple[int, list[BaseException]]:
    """Run action(i) in THREADS threads released together; returns (successes, refusals)."""
    barrier = threading.Barrier(THREADS)
    wins: list[int] = []
    refusals: list[BaseException] = []
    unexpected: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            action(i)
            wins.append(i)
        except ValidationError as error:
            refusals.append(error)
        except BaseException as error:  # noqa: BLE001 - reported below
            unexpected.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not unexpected, unexpected
    return len(wins), refusals


@pytest.fixture
def parties(settings):
    settings.CONTRACTS_SECURITY_PERIOD_DAYS = 0
    return ClientFactory(), FreelancerFactory(identity_status="verified")


def test_concurrent_approvals_release_once(parties):
    hirer, worker = parties
    contract = make_contract(hirer, worker, amounts=(10_000,))
    milestone = contract.milestones.get()
    top_up(hirer, 10_000)
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    services.milestone_submit(milestone_id=milestone.pk, actor=worker, message="done")

    wins, refusals = race(
        lambda i: services.milestone_approve(milestone_id=milestone.pk, actor=hirer, idempotency_key=f"tab-{i}")
    )
    assert wins == 1 and len(refusals) == THREADS - 1
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.Status.RELEASED
    assert LedgerTransaction.objects.filter(kind="release").count() == 1
    assert selectors.balance_summary(user=worker).earnings_cents == 9_000
    assert_ledger_balanced()


def test_concurrent_withdrawals_never_overdraw(parties):
    hirer, worker = parties
    contract = make_contract(hirer, worker, amounts=(10_000,))
    milestone = contract.milestones.get()
    top_up(hirer, 10_000)
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    services.milestone_submit(milestone_id=milestone.pk, actor=worker, message="done")
    services.milestone_approve(milestone_id=milestone.pk, actor=hirer)  # 9,000 available (period 0)

    wins, _ = race(
        lambda i: services.withdrawal_create(
            user=worker, amount_cents=6_000, bank_account="12345678", idempotency_key=uuid.uuid4().hex
        )
    )
    assert wins == 1
    assert Withdrawal.objects.filter(status="paid").count() == 1
    assert selectors.balance_summary(user=worker).available_cents == 3_000
    assert_ledger_balanced()


def test_concurrent_double_submit_of_one_top_up_charges_once(parties):
    hirer, _ = parties
    card = services.card_add(user=hirer, card_number="4242424242424242")
    key = uuid.uuid4().hex
    wins, _ = race(lambda i: services.top_up(user=hirer, card=card, amount_cents=2_500, idempotency_key=key))
    assert wins == THREADS  # every request gets the one result
    assert TopUp.objects.filter(idempotency_key=key).count() == 1
    assert selectors.balance_summary(user=hirer).client_funds_cents == 2_500
    assert_ledger_balanced()


def test_concurrent_funding_of_different_milestones_never_overdraws_client(parties):
    hirer, worker = parties
    contract = make_contract(hirer, worker, amounts=tuple([3_000] * THREADS))
    top_up(hirer, 10_000)  # covers three of the eight
    ids = list(contract.milestones.values_list("pk", flat=True))
    wins, _ = race(lambda i: services.milestone_fund(milestone_id=ids[i], actor=hirer))
    assert wins == 3
    assert selectors.balance_summary(user=hirer).client_funds_cents == 1_000
    assert_ledger_balanced()
