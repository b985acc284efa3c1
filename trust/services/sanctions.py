"""Strikes, the ladder, sanctions and appeals.

The ladder (settings.TRUST_STRIKE_LADDER) maps active strike points to sanctions. A confirmation
applies every step whose threshold it crosses (a payment solicitation weighs more and can cross
two); beyond the last step, each new strike repeats the last step.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.template.defaultfilters import pluralize
from django.utils import timezone

from core.transitions import transition
from trust.exceptions import InvalidTransition
from trust.models import Appeal, Flag, Sanction, Strike
from trust.policy import WHERE
from trust.signals import user_sanctioned
from trust.standing import active_points

from .audit import audit_log
from .flags import flag_transition

if TYPE_CHECKING:
    from trust.types import User

SANCTION_TEXT: dict[str, str] = {
    Sanction.Kind.WARNING: "a warning",
    Sanction.Kind.BADGE_LOSS: "the loss of your talent badges",
    Sanction.Kind.RESTRICTION: "a restriction: no new conversations, proposals or job posts",
    Sanction.Kind.SUSPENSION: "the suspension of your account",
}


def strike_weight(flag: Flag) -> int:
    """Points a confirmed flag weighs: the reviewer's choice when set, else by kind."""
    if flag.weight:
        return int(flag.weight)
    return settings.TRUST_PAYMENT_STRIKE_WEIGHT if flag.kind == Flag.Kind.PAYMENT else 1


def ladder() -> list[dict]:
    return sorted(settings.TRUST_STRIKE_LADDER, key=lambda step: step["strikes"])


def ladder_top() -> int:
    """Points at which the last step applies (the "of 4" in "1 of 4 points")."""
    steps = ladder()
    return int(steps[-1]["strikes"]) if steps else 0


def _warning_points() -> int:
    return int(next((s["strikes"] for s in ladder() if s["action"] == Sanction.Kind.WARNING), 1))


def ladder_steps(old_points: int, new_points: int) -> list[dict]:
    steps = ladder()
    crossed = [step for step in steps if old_points < step["strikes"] <= new_points]
    if not crossed and steps and new_points > steps[-1]["strikes"]:
        crossed = [steps[-1]]
    return crossed


@dataclass
class StrikeResult:
    """What confirming one flag did to its author's standing (told to them at once)."""

    points: int
    strike: Strike | None = None
    folded_into: Strike | None = None
    sanctions: list[Sanction] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        top = ladder_top()
        where = "details on your standing page"
        if self.folded_into is not None and not self.sanctions:
            return (
                f"This counts together with your refusal a few minutes ago, not as a new strike "
                f"({self.points} of {top} points); {where}."
            )
        if self.sanctions:
            worst = max(self.sanctions, key=lambda s: SEVERITY.index(s.kind))
            what = SANCTION_TEXT[worst.kind] if worst.title != "Second strike" else "a second strike"
        else:
            what = "a strike"
        return f"This counted as {what}, {self.points} of {top} point{pluralize(top)}; {where}."


SEVERITY: list[str] = [
    Sanction.Kind.WARNING, Sanction.Kind.BADGE_LOSS, Sanction.Kind.RESTRICTION, Sanction.Kind.SUSPENSION
]


def _paced_strike(flag: Flag) -> Strike | None:
    """An active strike of the same user for a refusal within TRUST_PACING_MINUTES of this one."""
    window = timedelta(minutes=settings.TRUST_PACING_MINUTES)
    if flag.user_id is None:
        return None
    return (
        Strike.objects.filter(
            user_id=flag.user_id, expires_at__gt=timezone.now(),
            flag__created_at__gte=flag.created_at - window, flag__created_at__lte=flag.created_at + window,
        )
        .exclude(flag=flag)
        .order_by("created_at")
        .first()
    )


@transaction.atomic
def flag_confirm(
    *, flag: Flag, reviewer: User | None, note: str = "", kind: str | None = None, weight: int | None = None
) -> Flag:
    """Confirm a violation: a strike for the author, then the ladder step(s) it reaches.

    `reviewer` None means confirmed automatically. A reviewer may reclassify the flag first (`kind`,
    `weight` in points). Fair by construction: a flag for text that was never delivered (a draft)
    strikes nobody; refusals within TRUST_PACING_MINUTES of a struck one fold into that strike (a
    heavier one raises its weight); the first strike is always a warning. The result is left on
    `flag.strike_result` for the refusal message.
    """
    changes: dict[str, str | int] = {}  # "kind" and/or "weight"
    if kind and kind != flag.kind:
        if kind not in Flag.Kind.values:
            raise ValidationError(f"Unknown kind {kind!r}.")
        changes["kind"] = kind
    if weight is not None and weight != flag.weight:
        if not 1 <= int(weight) <= ladder_top() + 1:
            raise ValidationError(f"A strike weighs between 1 and {ladder_top() + 1} points.")
        changes["weight"] = int(weight)
    if changes:
        if not flag.is_open:
            raise InvalidTransition("A decided flag can't be reclassified.")
        Flag.objects.filter(pk=flag.pk).update(**changes)
        audit_log(actor=reviewer, action="flag_reclassify", target=flag, reason=note,
                  data={k: v for k, v in changes.items()} | {"was": {"kind": flag.kind, "weight": flag.weight}})
        for name, value in changes.items():
            setattr(flag, name, value)
    flag = flag_transition(flag=flag, to=Flag.Status.CONFIRMED, actor=reviewer, note=note)
    audit_log(
        actor=reviewer, action="flag_confirm" if reviewer else "flag_auto_confirm", target=flag, reason=note,
        data={"kind": flag.kind, "confidence": flag.confidence},
    )
    if flag.user_id is None or not flag.delivered:
        return flag  # nobody to sanction (staff/system/sign-up), or nothing reached anyone (a draft)
    old_points = active_points(flag.user)
    weight_now = strike_weight(flag)
    if old_points == 0:
        # The first strike is always a warning: it weighs no more than the warning step.
        weight_now = min(weight_now, _warning_points())
    paced = _paced_strike(flag)
    if paced is not None:
        result = StrikeResult(points=old_points, folded_into=paced)
        flag.extra = {**flag.extra, "folded_into_strike": paced.pk}
        Flag.objects.filter(pk=flag.pk).update(extra=flag.extra)
        if weight_now > paced.weight:
            Strike.objects.filter(pk=paced.pk).update(weight=weight_now)
            new_points = old_points - paced.weight + weight_now
            result.points = new_points
            result.sanctions = _apply_steps(flag, paced, old_points, new_points, reviewer)
        flag.strike_result = result  # type: ignore[attr-defined]
        return flag
    now = timezone.now()
    strike = Strike(
        user_id=flag.user_id, flag=flag, weight=weight_now, created_at=now,
        expires_at=now + timedelta(days=settings.TRUST_STRIKE_EXPIRY_DAYS),
    )
    strike.full_clean()
    strike.save()
    points = old_points + strike.weight
    flag.strike_result = StrikeResult(  # type: ignore[attr-defined]
        points=points, strike=strike, sanctions=_apply_steps(flag, strike, old_points, points, reviewer)
    )
    return flag


def _apply_steps(flag: Flag, strike: Strike, old_points: int, points: int, reviewer: User | None) -> list[Sanction]:
    reason = (
        f"{flag.get_kind_display()} {WHERE.get(flag.context, 'on the platform')} "
        f"({strike_weight(flag)} strike point{pluralize(strike_weight(flag))}). "
        f"You have {points} active strike point{pluralize(points)} of {ladder_top()}."
    )
    user = flag.user
    if user is None:  # flag_confirm strikes only flags with an author
        return []
    return [
        sanction_apply(
            user=user, kind=step["action"], days=step.get("days"), strike=strike, actor=reviewer, reason=reason
        )
        for step in ladder_steps(old_points, points)
    ]


def sanction_apply(
    *, user: User, kind: str, days: int | None = None, strike: Strike | None = None, actor: User | None = None,
    reason: str = "",
) -> Sanction:
    """Put a sanction in force now. Warnings last as long as their strike counts."""
    now = timezone.now()
    ends_at: datetime | None
    if kind == Sanction.Kind.WARNING:
        ends_at = strike.expires_at if strike else now + timedelta(days=settings.TRUST_STRIKE_EXPIRY_DAYS)
    else:
        ends_at = now + timedelta(days=days) if days else None
    sanction = Sanction(user=user, kind=kind, strike=strike, starts_at=now, ends_at=ends_at, reason=reason)
    sanction.full_clean()
    sanction.save()
    # The audit row's JSON: listeners of user_sanctioned add their own keys (JSON values).
    data: dict[str, object] = {"kind": kind, "ends_at": ends_at.isoformat() if ends_at else None}
    for _receiver, result in user_sanctioned.send(sender=Sanction, sanction=sanction, user=user, kind=kind):
        if isinstance(result, dict):
            data.update(result)  # e.g. accounts: {"badges_removed": [...]}
    audit_log(actor=actor, action="sanction_apply", target=sanction, reason=reason, data=data)
    from trust.tasks import end_user_sessions, notify_sanction_applied

    transaction.on_commit(partial(notify_sanction_applied.delay, sanction_id=sanction.pk))
    if kind == Sanction.Kind.SUSPENSION:
        transaction.on_commit(partial(end_user_sessions.delay, user_id=user.pk))
    return sanction


@transaction.atomic
def sanction_lift(*, sanction: Sanction, actor: User | None, reason: str) -> Sanction:
    """End a sanction early (an operator's decision or a granted appeal)."""
    if not reason.strip():
        raise ValidationError("Say why the sanction is lifted.")
    now = timezone.now()
    if Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(
        lifted_at=now, lifted_by=actor if getattr(actor, "pk", None) else None, lift_reason=reason
    ) != 1:
        raise InvalidTransition("This sanction was already lifted.")
    sanction.refresh_from_db()
    # The conditional update sends no model signal: tell the listeners (cached standing) it changed.
    post_save.send(
        sender=Sanction, instance=sanction, created=False, raw=False, using=sanction._state.db,
        update_fields=frozenset({"lifted_at", "lifted_by", "lift_reason"}),
    )
    audit_log(actor=actor, action="sanction_lift", target=sanction, reason=reason, data={"kind": sanction.kind})
    from trust.tasks import notify_sanction_lifted

    transaction.on_commit(partial(notify_sanction_lifted.delay, sanction_id=sanction.pk))
    return sanction


@transaction.atomic
def user_suspend(*, user: User, actor: User, reason: str, days: int | None = None) -> Sanction:
    """An operator suspends an account directly (no strike): it can't log in until lifted or ended."""
    if not reason.strip():
        raise ValidationError("Say why the account is suspended.")
    if getattr(user, "pk", None) == getattr(actor, "pk", None):
        raise ValidationError("You can't suspend your own account.")
    return sanction_apply(user=user, kind=Sanction.Kind.SUSPENSION, days=days, actor=actor, reason=reason)


def appeal_create(*, sanction: Sanction, user: User, message: str) -> Appeal:
    """One appeal per sanction, by the sanctioned user, while the sanction is in force."""
    if sanction.user_id != getattr(user, "pk", None):
        raise ValidationError("You can only appeal your own sanctions.")
    if not sanction.is_active:
        raise ValidationError("This sanction is no longer in force, so there is nothing to appeal.")
    if Appeal.objects.filter(sanction=sanction).exists():
        raise ValidationError("You already appealed this sanction; each sanction can be appealed once.")
    appeal = Appeal(sanction=sanction, user=user, message=message.strip())
    appeal.full_clean()
    with transaction.atomic():
        appeal.save()
        audit_log(actor=user, action="appeal_create", target=appeal, reason=message[:500])
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, actor: User, grant: bool, note: str) -> Appeal:
    """Granting lifts the sanction and voids its strike (it stops counting); denying keeps both."""
    if not note.strip():
        raise ValidationError("Write the decision the user will read.")
    status = Appeal.Status.GRANTED if grant else Appeal.Status.DENIED
    now = timezone.now()
    transition(
        appeal, status, by=actor, values={"decided_by": actor, "decided_at": now, "decision_note": note},
        error=InvalidTransition, refused="This appeal was already decided.", stale="This appeal was already decided.",
    )
    appeal.refresh_from_db()
    audit_log(actor=actor, action="appeal_grant" if grant else "appeal_deny", target=appeal, reason=note)
    if grant:
        sanction = appeal.sanction
        if sanction.lifted_at is None:
            sanction_lift(sanction=sanction, actor=actor, reason="Appeal granted.")
        if sanction.strike is not None:
            _void_strike(sanction.strike, actor=actor, reason=note)
    from trust.tasks import notify_appeal_decided

    transaction.on_commit(partial(notify_appeal_decided.delay, appeal_id=appeal.pk))
    return appeal


def _void_strike(strike: Strike, *, actor: User | None, reason: str) -> None:
    """A granted appeal: the strike stops counting now, and the other sanctions it caused are lifted."""
    now = timezone.now()
    expires = max(now, strike.created_at + timedelta(microseconds=1))
    Strike.objects.filter(pk=strike.pk).update(expires_at=expires, voided_at=now)
    for other in Sanction.objects.active().filter(strike=strike):
        sanction_lift(sanction=other, actor=actor, reason="Appeal granted.")
    audit_log(actor=actor, action="strike_void", target=strike, reason=reason)
