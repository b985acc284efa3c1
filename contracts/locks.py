"""Row locks for every money or state transition. One order everywhere, so two transactions never
wait on each other in a cycle: contract, then milestone / hourly invoice, then dispute, then ledger
accounts by pk. PostgreSQL takes the locks; SQLite ignores select_for_update (it serialises writers),
so services also make each transition a conditional update (see services._common.transition).
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Contract, Dispute, HourlyInvoice, LedgerAccount, Milestone, Withdrawal


def contract(pk: int) -> Contract:
    return Contract.objects.select_for_update().get(pk=pk)


def milestone(pk: int) -> Milestone:
    """Lock the milestone's contract, then the milestone (the one lock order)."""
    contract_id = Milestone.objects.values_list("contract_id", flat=True).get(pk=pk)
    locked_contract = contract(contract_id)
    row = Milestone.objects.select_for_update().get(pk=pk)
    row.contract = locked_contract
    return row


def invoice(pk: int) -> HourlyInvoice:
    contract_id = HourlyInvoice.objects.values_list("contract_id", flat=True).get(pk=pk)
    locked_contract = contract(contract_id)
    row = HourlyInvoice.objects.select_for_update().get(pk=pk)
    row.contract = locked_contract
    return row


def dispute(pk: int) -> Dispute:
    """Contract, then the disputed milestone or invoice, then the dispute."""
    contract_id, milestone_id, invoice_id = Dispute.objects.values_list(
        "contract_id", "milestone_id", "invoice_id"
    ).get(pk=pk)
    subject = milestone(milestone_id) if milestone_id else invoice(invoice_id)
    row = Dispute.objects.select_for_update().get(pk=pk)
    row.contract = subject.contract
    if milestone_id:
        row.milestone = subject
    else:
        row.invoice = subject
    return row


def accounts(rows: Iterable[LedgerAccount]) -> list[LedgerAccount]:
    """Lock ledger accounts in pk order (the last step of the lock order)."""
    pks = sorted({a.pk for a in rows})
    return list(LedgerAccount.objects.select_for_update().filter(pk__in=pks).order_by("pk"))


def withdrawal(pk: int) -> Withdrawal:
    """A withdrawal being settled: its row, then (in ledger_post) the user's accounts by pk."""
    return Withdrawal.objects.select_for_update().get(pk=pk)
