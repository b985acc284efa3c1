"""Flags: recording refused text, and the review transitions (confirm, dismiss, escalate)."""
from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.transitions import transition
from trust.exceptions import InvalidTransition
from trust.models import Flag, FlagStatusChange, Report

from .audit import audit_log

if TYPE_CHECKING:
    from django.db import models

    from trust.detection.findings import Finding
    from trust.policy import Decision
    from trust.types import FindingDict, SnapshotLine, User

SNAPSHOT_LINES = 20


def finding_dict(finding: Finding) -> FindingDict:
    return {
        "kind": finding.kind,
        "start": finding.start,
        "end": finding.end,
        "matched": finding.matched,
        "normalized": finding.normalized,
        "confidence": round(float(finding.confidence), 4),
        "reason": finding.reason,
    }


def _flag_kind(findings: list[Finding]) -> str:
    """Payment solicitation outranks contact details (it weighs more on the ladder)."""
    if any(f.kind == "payment" for f in findings):
        return Flag.Kind.PAYMENT
    best = max(findings, key=lambda f: f.confidence, default=None)
    return best.kind if best is not None and best.kind in Flag.Kind.values else Flag.Kind.OTHER


def _set_target(flag: Flag, target: models.Model | None) -> None:
    if target is not None and getattr(target, "pk", None) is not None:
        flag.content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
        flag.object_id = target.pk


def snapshot_lines(target: models.Model | None) -> list[SnapshotLine]:
    """What surrounded the attempt, as it was at refusal time (registered context providers)."""
    from trust.registry import context_lines

    lines: list[SnapshotLine] = []
    for author, text, created_at in context_lines(target)[-SNAPSHOT_LINES:]:
        lines.append(
            {
                "author": str(getattr(author, "display_name", "") or author or "System")[:120],
                "author_id": getattr(author, "pk", None),
                "text": (text or "")[:2_000],
                "created_at": created_at.isoformat() if created_at else None,
            }
        )
    return lines


def flag_build(
    *, decision: Decision, target: models.Model | None = None, field_name: str = "", user: User | None = None
) -> Flag:
    """An unsaved Flag for a refused text. `user`: the real author (the write scope's), or None for
    staff and system writes and authors that do not exist yet (a refused sign-up)."""
    user = user if getattr(user, "pk", None) else None
    counterpart = decision.counterpart if getattr(decision.counterpart, "pk", None) else None
    extra: dict[str, object] = {}  # stored as JSON on the flag
    if decision.conversation:
        extra["preceding"] = list(decision.preceding)
        if getattr(decision, "following", ()):
            extra["following"] = list(decision.following)
        extra["conversation_findings"] = decision.conversation
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
    """An identical refusal of the same user moments ago (a resubmit of the same text)."""
    if flag.user_id is None or flag.source != Flag.Source.AUTOMATIC:
        return None
    since = timezone.now() - timedelta(minutes=settings.TRUST_PACING_MINUTES)
    recent = Flag.objects.filter(
        user_id=flag.user_id, context=flag.context, source=Flag.Source.AUTOMATIC, created_at__gte=since,
        delivered=flag.delivered,
    ).exclude(status=Flag.Status.DISMISSED)
    wanted = _fingerprint(flag)
    return next((f for f in recent[:20] if _fingerprint(f) == wanted), None)


def may_confirm_automatically(flag: Flag) -> bool:
    """Only clear identifiers on their way to someone: never reports, drafts, staff/system writes,
    intent-only findings (no identifier) or findings below TRUST_AUTO_CONFIRM_CONFIDENCE."""
    from trust.policy import is_identifier

    return (
        flag.user_id is not None
        and flag.delivered
        and flag.source == Flag.Source.AUTOMATIC
        and flag.confidence >= settings.TRUST_AUTO_CONFIRM_CONFIDENCE
        and any(is_identifier(f) and f.get("confidence", 0) >= settings.TRUST_AUTO_CONFIRM_CONFIDENCE
                for f in flag.findings)
    )


def refusal_record(
    *, decision: Decision, field_name: str = "", target: models.Model | None = None, author: User | None = None,
    actor: User | None = None, delivered: bool = True,
) -> tuple[Flag, str]:
    """Record one refused write (the write scope calls this once, after the rollback).

    Returns the flag and what the refusal counted as, in a sentence for the author ("" for staff and
    system writes). An identical refusal within TRUST_PACING_MINUTES folds into the earlier flag;
    clear identifiers on their way to someone confirm at once (the ladder's pacing and first-warning
    rules apply in flag_confirm); everything else waits for a reviewer.
    """
    flag = flag_build(decision=decision, target=target, field_name=field_name, user=author)
    flag.delivered = bool(delivered and flag.user_id is not None)
    if author is None and actor is not None and actor.pk:
        flag.extra["written_by_staff"] = actor.pk
    elif author is not None and flag.user_id is None:
        # A refused sign-up or a row whose author is not saved yet: keep who it was, as text.
        flag.extra["author"] = str(getattr(author, "email", "") or author)[:200]
    flag.extra["delivered"] = flag.delivered
    snapshot = snapshot_lines(target)
    if snapshot:
        flag.extra["snapshot"] = snapshot
    with transaction.atomic():
        earlier = _same_recent_flag(flag)
        if earlier is not None:
            Flag.objects.filter(pk=earlier.pk).update(attempts=F("attempts") + 1, updated_at=timezone.now())
            earlier.refresh_from_db()
            return earlier, _outcome_repeat(earlier)
        flag.full_clean()
        flag.save()
        if may_confirm_automatically(flag):
            from .sanctions import flag_confirm

            flag = flag_confirm(flag=flag, reviewer=None, note="Confirmed automatically: a clear contact detail.")
    return flag, outcome_text(flag)


def flag_add_evidence(*, flag: Flag, **evidence: object) -> Flag:  # JSON values, stored on the flag
    """Add what the writing app knows about a refusal to its flag's evidence (messaging: the ids of the
    messages a split detail was made of, and which of them it withdrew). Evidence only grows: a key
    already there is kept (a folded repeat must not overwrite the first attempt's evidence)."""
    with transaction.atomic():
        row = Flag.objects.select_for_update().filter(pk=flag.pk).first()
        if row is None:
            return flag
        extra = dict(row.extra or {})
        for key, value in evidence.items():
            extra.setdefault(key, value)
        Flag.objects.filter(pk=flag.pk).update(extra=extra)
    flag.extra = extra
    return flag


def outcome_text(flag: Flag) -> str:
    """What a refusal counted as, told to its author the moment it happens."""
    if flag.user_id is None:
        return ""
    if not flag.delivered:
        return "Nothing was sent or published, so this doesn't count against you."
    result = getattr(flag, "strike_result", None)
    if flag.status == Flag.Status.CONFIRMED and result is not None:
        return result.sentence
    if flag.status in (Flag.Status.PENDING, Flag.Status.ESCALATED):
        return "Our team will review it; it doesn't count against you unless they confirm it."
    return ""


def _outcome_repeat(flag: Flag) -> str:
    if not flag.delivered:
        return outcome_text(flag)
    return "You tried this a moment ago; it counts once, not again."


def flag_transition(*, flag: Flag, to: str, actor: User | None, note: str = "") -> Flag:
    """Move `flag` to `to` if TRANSITIONS allow it; conditional update (core.transitions) so two
    reviewers can't both win."""
    old = flag.status
    changes: dict[str, object] = {}  # field name -> new value, of whichever field type
    if to in (Flag.Status.CONFIRMED, Flag.Status.DISMISSED):
        changes.update(decided_at=timezone.now(), reviewer=actor if getattr(actor, "pk", None) else None)
    if note:
        changes["decision_note"] = note
    transition(
        flag, to, by=actor, values=changes, error=InvalidTransition,
        refused=f"A {flag.get_status_display().lower()} flag can't become {to}.",
        stale="Someone else decided this flag in the meantime; reload it.",
    )
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
def flag_dismiss(*, flag: Flag, reviewer: User | None, note: str = "") -> Flag:
    """A false positive: no strike; the text stays as a labelled example (export_false_positives)."""
    flag = flag_transition(flag=flag, to=Flag.Status.DISMISSED, actor=reviewer, note=note)
    audit_log(actor=reviewer, action="flag_dismiss", target=flag, reason=note, data={"kind": flag.kind})
    return flag


@transaction.atomic
def flag_escalate(*, flag: Flag, reviewer: User | None, note: str = "") -> Flag:
    """Needs a senior decision (legal, repeated evasion...): stays open, out of the first-line queue."""
    flag = flag_transition(flag=flag, to=Flag.Status.ESCALATED, actor=reviewer, note=note)
    audit_log(actor=reviewer, action="flag_escalate", target=flag, reason=note, data={"kind": flag.kind})
    return flag
