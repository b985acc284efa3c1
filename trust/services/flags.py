"""Flags: recording refused text, and the review transitions (confirm, dismiss, escalate)."""
from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from trust.exceptions import ContentBlocked, InvalidTransition
from trust.models import Flag, FlagStatusChange, Report

from .audit import audit_log


def finding_dict(finding: Any) -> dict:
    return {
        "kind": finding.kind,
        "start": finding.start,
        "end": finding.end,
        "matched": finding.matched,
        "normalized": finding.normalized,
        "confidence": round(float(finding.confidence), 4),
        "reason": finding.reason,
    }


def _flag_kind(findings: list[Any]) -> str:
    """Payment solicitation outranks contact details (it weighs more on the ladder)."""
    if any(f.kind == "payment" for f in findings):
        return Flag.Kind.PAYMENT
    best = max(findings, key=lambda f: f.confidence, default=None)
    return best.kind if best is not None and best.kind in Flag.Kind.values else Flag.Kind.OTHER


def _set_target(flag: Flag, target: Any) -> None:
    if target is not None and getattr(target, "pk", None) is not None:
        flag.content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
        flag.object_id = target.pk


def flag_build(*, decision: Any, target: Any = None, field_name: str = "") -> Flag:
    """An unsaved Flag for a refused text (the guard attaches it to ContentBlocked)."""
    user = decision.user if getattr(decision.user, "pk", None) else None
    counterpart = decision.counterpart if getattr(decision.counterpart, "pk", None) else None
    extra: dict[str, Any] = {}
    if decision.conversation:
        extra["preceding"] = list(decision.preceding)
        extra["conversation_findings"] = decision.conversation
    if user is None and decision.user is not None:
        # A refused sign-up or a row whose author is not saved yet: keep who it was, as text.
        extra["author"] = str(getattr(decision.user, "email", "") or decision.user)[:200]
    flag = Flag(
        user=user,
        counterpart=counterpart,
        source=Flag.Source.AUTOMATIC,
        kind=_flag_kind(decision.findings),
        context=decision.context[:40],
        confidence=min(max(decision.confidence, 0.0), 1.0),
        field_name=field_name[:60],
        original_text=decision.text,
        findings=[finding_dict(f) for f in decision.findings],
        extra=extra,
    )
    _set_target(flag, target)
    return flag


def _fingerprint(flag: Flag) -> tuple:
    return (flag.context, tuple(sorted({(f["kind"], f["normalized"]) for f in flag.findings})))


def _same_recent_flag(flag: Flag) -> Flag | None:
    """An identical refusal of the same user moments ago (view check, then guard; or a resubmit)."""
    if flag.user_id is None or flag.source != Flag.Source.AUTOMATIC:
        return None
    since = timezone.now() - timedelta(minutes=settings.TRUST_FLAG_FOLD_MINUTES)
    recent = Flag.objects.filter(
        user_id=flag.user_id, context=flag.context, source=Flag.Source.AUTOMATIC, created_at__gte=since
    ).exclude(status=Flag.Status.DISMISSED)
    wanted = _fingerprint(flag)
    return next((f for f in recent[:20] if _fingerprint(f) == wanted), None)


def flag_record(blocked: ContentBlocked) -> Flag:
    """Save the flag a refused write carried. Call it after the write's transaction rolled back.

    Idempotent: a flag already saved (the guard recorded it itself outside a transaction) is returned
    as is, and an identical refusal of the same user within TRUST_FLAG_FOLD_MINUTES is folded into the
    earlier flag (attempts + 1) instead of counting a second strike. High-confidence findings are
    confirmed at once (TRUST_AUTO_CONFIRM_CONFIDENCE); others wait for review.
    """
    flag = blocked.flag
    if flag is None:
        raise ValueError("This ContentBlocked carries no flag to record.")
    if flag.pk is not None:
        return flag
    with transaction.atomic():
        earlier = _same_recent_flag(flag)
        if earlier is not None:
            Flag.objects.filter(pk=earlier.pk).update(attempts=F("attempts") + 1, updated_at=timezone.now())
            earlier.refresh_from_db()
            blocked.flag = earlier
            return earlier
        flag.full_clean()
        flag.save()
        if flag.user_id is not None and flag.confidence >= settings.TRUST_AUTO_CONFIRM_CONFIDENCE:
            from .sanctions import flag_confirm

            flag_confirm(flag=flag, reviewer=None, note="Confirmed automatically: high-confidence finding.")
    return flag


def flag_from_decision(*, decision: Any, target: Any = None) -> Flag:
    """Record the refusal `trust.policy.check_text` just made (the view-level check)."""
    flag = flag_build(decision=decision, target=target)
    return flag_record(
        ContentBlocked(decision.message, findings=decision.findings, context=decision.context, flag=flag)
    )


def flag_transition(*, flag: Flag, to: str, actor: Any, note: str = "") -> Flag:
    """Move `flag` to `to` if TRANSITIONS allow it; conditional update so two reviewers can't both win."""
    old = flag.status
    if to not in Flag.TRANSITIONS[Flag.Status(old)]:
        raise InvalidTransition(f"A {flag.get_status_display().lower()} flag can't become {to}.")
    now = timezone.now()
    changes: dict[str, Any] = {"status": to, "updated_at": now}
    if to in (Flag.Status.CONFIRMED, Flag.Status.DISMISSED):
        changes.update(decided_at=now, reviewer=actor if getattr(actor, "pk", None) else None)
    if note:
        changes["decision_note"] = note
    if Flag.objects.filter(pk=flag.pk, status=old).update(**changes) != 1:
        raise InvalidTransition("Someone else decided this flag in the meantime; reload it.")
    flag.refresh_from_db()
    FlagStatusChange.objects.create(
        flag=flag, from_status=old, to_status=to, actor=actor if getattr(actor, "pk", None) else None
    )
    if not flag.is_open:
        _close_reports(flag)
    return flag


def _close_reports(flag: Flag) -> None:
    """A decided flag closes its report; the reporter learns the outcome (never the other way round)."""
    report = Report.objects.filter(flag=flag, is_open=True).first()
    if report is None:
        return
    Report.objects.filter(pk=report.pk).update(is_open=False, updated_at=timezone.now())
    from trust.tasks import notify_report_outcome

    transaction.on_commit(partial(notify_report_outcome.delay, report_id=report.pk))


@transaction.atomic
def flag_dismiss(*, flag: Flag, reviewer: Any, note: str = "") -> Flag:
    """A false positive: no strike; the text stays as a labelled example (export_false_positives)."""
    flag = flag_transition(flag=flag, to=Flag.Status.DISMISSED, actor=reviewer, note=note)
    audit_log(actor=reviewer, action="flag_dismiss", target=flag, reason=note, data={"kind": flag.kind})
    return flag


@transaction.atomic
def flag_escalate(*, flag: Flag, reviewer: Any, note: str = "") -> Flag:
    """Needs a senior decision (legal, repeated evasion...): stays open, out of the first-line queue."""
    flag = flag_transition(flag=flag, to=Flag.Status.ESCALATED, actor=reviewer, note=note)
    audit_log(actor=reviewer, action="flag_escalate", target=flag, reason=note, data={"kind": flag.kind})
    return flag
