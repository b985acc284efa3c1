from __future__ import annotations

import pytest

from contracts import services
from tests.contracts.conftest import hirer, make_contract, top_up, worker  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.CONTRACTS_FEE_BPS = 1_000
    settings.CONTRACTS_FEEDBACK_REVEAL_DAYS = 14


def finished_contract(client, freelancer, *, amount=20_000, client_score=5, freelancer_score=5):
    """A fixed-price contract paid, ended and rated by both sides (so the feedback is revealed)."""
    contract = make_contract(client, freelancer, amounts=(amount,))
    milestone = contract.milestones.get()
    top_up(client, amount)
    services.milestone_fund(milestone_id=milestone.pk, actor=client)
    services.milestone_submit(milestone_id=milestone.pk, actor=freelancer, message="done")
    services.milestone_approve(milestone_id=milestone.pk, actor=client)
    services.contract_end(contract_id=contract.pk, actor=client)
    if client_score:
        services.feedback_leave(contract_id=contract.pk, author=client, score=client_score, comment="Clear, quick work")
    if freelancer_score:
        services.feedback_leave(
            contract_id=contract.pk, author=freelancer, score=freelancer_score, comment="Paid on time, clear brief"
        )
    contract.refresh_from_db()
    return contract
