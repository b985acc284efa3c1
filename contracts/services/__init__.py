"""Every write of the contracts app. Views, admin, tasks and commands call these."""

from .disputes import dispute_decide_overdue, dispute_open, dispute_resolve, dispute_respond, disputes_decide_overdue
from .hourly import (
    hourly_amount_cents,
    hourly_close_due_weeks,
    invoice_fund,
    invoice_release,
    invoices_release_due,
    time_entry_delete,
    time_log,
    week_close,
    week_start,
)
from .lifecycle import contract_cancel, contract_end, contract_pause, contract_resume, feedback_leave
from .milestones import (
    milestone_add,
    milestone_approve,
    milestone_auto_release,
    milestone_fund,
    milestone_request_changes,
    milestone_submit,
    milestones_auto_approve_due,
)
from .money import card_add, funds_mature, funds_mature_all, top_up, withdrawal_create
from .offers import offer_accept, offer_create, offer_decline, offer_withdraw

__all__ = [
    "card_add",
    "contract_cancel",
    "contract_end",
    "contract_pause",
    "contract_resume",
    "dispute_decide_overdue",
    "dispute_open",
    "dispute_resolve",
    "dispute_respond",
    "disputes_decide_overdue",
    "feedback_leave",
    "funds_mature",
    "funds_mature_all",
    "hourly_amount_cents",
    "hourly_close_due_weeks",
    "invoice_fund",
    "invoice_release",
    "invoices_release_due",
    "milestone_add",
    "milestone_approve",
    "milestone_auto_release",
    "milestone_fund",
    "milestone_request_changes",
    "milestone_submit",
    "milestones_auto_approve_due",
    "offer_accept",
    "offer_create",
    "offer_decline",
    "offer_withdraw",
    "time_entry_delete",
    "time_log",
    "top_up",
    "week_close",
    "week_start",
    "withdrawal_create",
]
