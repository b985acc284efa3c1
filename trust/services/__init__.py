"""Trust services (CONVENTIONS §2): every write about flags, strikes, sanctions, appeals and reports."""
from .audit import audit_log, audit_staff_exemption
from .flags import (
    flag_add_evidence,
    flag_build,
    flag_dismiss,
    flag_escalate,
    flag_transition,
    outcome_text,
    refusal_record,
)
from .reports import report_create
from .sanctions import (
    appeal_create,
    appeal_decide,
    flag_confirm,
    ladder_steps,
    sanction_apply,
    sanction_lift,
    user_suspend,
)

__all__ = [
    "appeal_create",
    "appeal_decide",
    "audit_log",
    "audit_staff_exemption",
    "flag_add_evidence",
    "flag_build",
    "flag_confirm",
    "flag_dismiss",
    "flag_escalate",
    "flag_transition",
    "ladder_steps",
    "outcome_text",
    "refusal_record",
    "report_create",
    "sanction_apply",
    "sanction_lift",
    "user_suspend",
]
