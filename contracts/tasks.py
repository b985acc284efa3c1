"""Background work: payouts and the periodic housekeeping that correctness never waits on
(each rule is also checked when the object is next read or acted on)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def process_withdrawal(*, withdrawal_id: int) -> str:
    from .services import withdrawal_process

    return withdrawal_process(withdrawal_id=withdrawal_id).status


@shared_task
def retry_side_effects() -> int:
    """Periodic: withdrawals whose provider call never ran (the broker was down, a worker died).
    The reservation is a committed row, so nothing is lost while the broker is away. (Emails are
    retried by notifications, which sends contracts' emails.)"""
    from .services import withdrawals_retry

    return withdrawals_retry()


@shared_task
def auto_approve_due_milestones() -> int:
    from .services import milestones_auto_approve_due

    return milestones_auto_approve_due()


@shared_task
def mature_pending_funds() -> int:
    from .services import funds_mature_all

    return funds_mature_all()


@shared_task
def close_hourly_weeks() -> int:
    from .services import hourly_close_due_weeks, invoices_release_due

    return hourly_close_due_weeks() + invoices_release_due()


@shared_task
def decide_overdue_disputes() -> int:
    from .services import disputes_decide_overdue

    return disputes_decide_overdue()
