"""Property-based: random sequences of money operations across several contracts keep the ledger
sound. After every step: each transaction sums to zero, no client/escrow/freelancer balance is
below zero, money in (top-ups) = money out (withdrawals) + money held, and each contract's escrow
equals the amounts of its milestones that are in escrow.

Bounded (15 examples x 20 steps) so the suite stays fast; CONTRACTS_HYPOTHESIS_EXAMPLES=200 digs deeper."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from contracts import services
from contracts.models import LedgerAccount, LedgerEntry, Milestone, TopUp, Withdrawal
from tests.contracts.conftest import make_contract
from tests.contracts.ledger_checks import assert_ledger_balanced
from tests.factories import ClientFactory, FreelancerFactory, UserFactory

pytestmark = pytest.mark.django_db

N_CONTRACTS = 3
N_MILESTONES = 2


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # One savepoint per example, rolled back in teardown. Marked like the test case's own blocks
        # so the services' durable transactions may run inside it (as they do inside TestCase).
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._atomic_block = transaction.get_connection().atomic_blocks[-1]
        self._atomic_block._from_testcase = True
        self.clients = [ClientFactory(), ClientFactory()]
        self.freelancers = [
            FreelancerFactory(identity_status="verified"),
            FreelancerFactory(identity_status="verified"),
        ]
        self.staff = UserFactory(is_staff=True)
        self.contracts = []
        for i in range(N_CONTRACTS):
            contract = make_contract(
                self.clients[i % 2], self.freelancers[i % 2], amounts=(2_500 + 1_000 * i, 4_001 + i)
            )
            self.contracts.append(contract)
        self.milestones = [m.pk for c in self.contracts for m in c.milestones.order_by("pk")]
        self.cards = [services.card_add(user=c, card_number="4242424242424242") for c in self.clients]

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _try(self, fn, *args, **kwargs) -> None:
        try:
            fn(*args, **kwargs)
        except ValidationError:
            pass  # a refused transition or insufficient funds: nothing may have moved (invariants check)

    def _milestone(self, i: int) -> Milestone:
        return Milestone.objects.select_related("contract").get(pk=self.milestones[i % len(self.milestones)])

    @rule(who=st.integers(0, 1), amount=st.integers(1, 12_000), declined=st.booleans())
    def top_up(self, who: int, amount: int, declined: bool) -> None:
        user = self.clients[who]
        card = self.cards[who] if not declined else services.card_add(user=user, card_number="4000000000000002")
        self._try(services.top_up, user=user, card=card, amount_cents=amount, idempotency_key=uuid.uuid4().hex)

    @rule(i=st.integers(0, 99))
    def fund(self, i: int) -> None:
        m = self._milestone(i)
        self._try(services.milestone_fund, milestone_id=m.pk, actor=m.contract.client)

    @rule(i=st.integers(0, 99), wrong_party=st.booleans())
    def submit(self, i: int, wrong_party: bool) -> None:
        m = self._milestone(i)
        actor = m.contract.client if wrong_party else m.contract.freelancer
        self._try(services.milestone_submit, milestone_id=m.pk, actor=actor, message="done")

    @rule(i=st.integers(0, 99), key=st.sampled_from(["", "same-key"]))
    def approve(self, i: int, key: str) -> None:
        m = self._milestone(i)
        self._try(
            services.milestone_approve,
            milestone_id=m.pk,
            actor=m.contract.client,
            idempotency_key=f"{key}{m.pk}" if key else None,
        )

    @rule(i=st.integers(0, 99))
    def request_changes(self, i: int) -> None:
        m = self._milestone(i)
        self._try(services.milestone_request_changes, milestone_id=m.pk, actor=m.contract.client, note="again")

    @rule(i=st.integers(0, 99), by_client=st.booleans())
    def dispute(self, i: int, by_client: bool) -> None:
        m = self._milestone(i)
        actor = m.contract.client if by_client else m.contract.freelancer
        self._try(services.dispute_open, actor=actor, milestone_id=m.pk, statement="not right")

    @rule(i=st.integers(0, 99), resolution=st.sampled_from(["release", "refund", "split"]), share=st.floats(0, 1))
    def resolve(self, i: int, resolution: str, share: float) -> None:
        m = self._milestone(i)
        dispute = m.disputes.exclude(status="resolved").first()
        if dispute is None:
            return
        release = int(m.amount_cents * share)
        self._try(
            services.dispute_resolve,
            dispute_id=dispute.pk,
            actor=self.staff,
            resolution=resolution,
            reason="decided",
            release_cents=release,
        )

    @rule(c=st.integers(0, N_CONTRACTS - 1), by_client=st.booleans())
    def end(self, c: int, by_client: bool) -> None:
        contract = self.contracts[c]
        self._try(
            services.contract_end, contract_id=contract.pk, actor=contract.client if by_client else contract.freelancer
        )

    @rule(who=st.integers(0, 1), amount=st.integers(1, 12_000))
    def withdraw(self, who: int, amount: int) -> None:
        self._try(
            services.withdrawal_create,
            user=self.freelancers[who],
            amount_cents=amount,
            bank_account="12345678",
            idempotency_key=uuid.uuid4().hex,
        )

    @invariant()
    def ledger_sound(self) -> None:
        assert_ledger_balanced()
        money_in = TopUp.objects.filter(status="succeeded").aggregate(t=Sum("amount_cents"))["t"] or 0
        money_out = Withdrawal.objects.filter(status="paid").aggregate(t=Sum("amount_cents"))["t"] or 0
        held = (
            LedgerEntry.objects.exclude(account__kind=LedgerAccount.Kind.WORLD).aggregate(t=Sum("amount_cents"))["t"]
            or 0
        )
        assert money_in == money_out + held
        escrow = dict(
            LedgerEntry.objects.filter(account__kind=LedgerAccount.Kind.ESCROW)
            .values_list("account__contract")
            .annotate(t=Sum("amount_cents"))
        )
        expected = dict(
            Milestone.objects.filter(status__in=Milestone.IN_ESCROW)
            .values_list("contract")
            .annotate(t=Sum("amount_cents"))
        )
        assert {k: v for k, v in escrow.items() if v} == expected
        settled = Milestone.objects.filter(status__in=["released", "refunded", "split"])
        assert not settled.exclude(amount_cents=F("released_cents") + F("refunded_cents")).exists()


@override_settings(
    CONTRACTS_SECURITY_PERIOD_DAYS=0,
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
)
def test_ledger_stays_sound_under_random_operations():
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=int(os.environ.get("CONTRACTS_HYPOTHESIS_EXAMPLES", 15)),
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
