"""Strikes, the ladder, sanctions and appeals.

The ladder (settings.TRUST_STRIKE_LADDER) maps active strike points to sanctions. A confirmation
applies every step whose threshold it crosses (a payment solicitation weighs more and can cross
two); beyond the last step, each new strike repeats the last step.
"""
from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from trust.exceptions import InvalidTransition
from trust.models import Appeal, Flag, Sanction, Strike
from trust.policy import WHERE
from trust.standing import active_points

from .audit import audit_log
from .flags import flag_transition

SANCTION_TEXT = {
    Sanction.Kind.WARNING: "a warning",
    Sanction.Kind.BADGE_LOSS: "the loss of your talent badges",
    Sanction.Kind.RESTRICTION: "a restriction: no messages, proposals or job posts",
    Sanction.Kind.SUSPENSION: "the suspension of your account",
}


def strike_weight(flag: Flag) -> int:
    return settings.TRUST_PAYMENT_STRIKE_WEIGHT if flag.kind == Flag.Kind.PAYMENT else 1


def ladder_steps(old_points: int, new_points: int) -> list[dict]:
    ladder = sorted(settings.TRUST_STRIKE_LADDER, key=lambda step: step["strikes"])
    crossed = [step for step in ladder if old_points < step["strikes"] <= new_points]
    if not crossed and ladder and new_points > ladder[-1]["strikes"]:
        crossed = [ladder[-1]]
    return crossed


@transaction.atomic
def flag_confirm(*, flag: Flag, reviewer: Any, note: str = "") -> Flag:
    """Confirm a violation: one strike for the author, then the ladder step(s) it reaches.

    `reviewer` None means confirmed automatically (high confidence).
    """
    flag = flag_transition(flag=flag, to=Flag.Status.CONFIRMED, actor=reviewer, note=note)
    audit_log(
        actor=reviewer, action="flag_confirm" if reviewer else "flag_auto_confirm", target=flag, reason=note,
        data={"kind": flag.kind, "confidence": flag.confidence},
    )
    if flag.user_id is None:
        return flag  # nobody to sanction (a refused sign-up): the evidence is kept
    old_points = active_points(flag.user)
    now = timezone.now()
    strike = Strike(
        user_id=flag.user_id, flag=flag, weight=strike_weight(flag), created_at=now,
        expires_at=now + timedelta(days=settings.TRUST_STRIKE_EXPIRY_DAYS),
    )
    strike.full_clean()
    strike.save()
    points = old_points + strike.weight
    reason = (
        f"{flag.get_kind_display()} {WHERE.get(flag.context, 'on the platform')} "
        f"({strike.weight} strike point{pluralize(strike.weight)}). "
        f"You have {points} active strike point{pluralize(points)}."
    )
    for step in ladder_steps(old_points, points):
        sanction_apply(
            user=flag.user, kind=step["action"], days=step.get("days"), strike=strike, actor=reviewer, reason=reason
        )
    return flag


def sanction_apply(
    *, user: Any, kind: str, days: int | None = None, strike: Strike | None = None, actor: Any = None, reason: str = ""
) -> Sanction:
    """Put a sanction in force now. Warnings last as long as their strike counts."""
    now = timezone.now()
    if kind == Sanction.Kind.WARNING:
        ends_at = strike.expires_at if strike else now + timedelta(days=settings.TRUST_STRIKE_EXPIRY_DAYS)
    else:
        ends_at = now + timedelta(days=days) if days else None
    sanction = Sanction(user=user, kind=kind, strike=strike, starts_at=now, ends_at=ends_at, reason=reason)
    sanction.full_clean()
    sanction.save()
    data: dict[str, Any] = {"kind": kind, "ends_at": ends_at.isoformat() if ends_at else None}
    if kind in (Sanction.Kind.BADGE_LOSS, Sanction.Kind.SUSPENSION):
        data["badges_removed"] = _remove_badges(user)
    audit_log(actor=actor, action="sanction_apply", target=sanction, reason=reason, data=data)
    from trust.tasks import end_user_sessions, notify_sanction_applied

    transaction.on_commit(partial(notify_sanction_applied.delay, sanction_id=sanction.pk))
    if kind == Sanction.Kind.SUSPENSION:
        transaction.on_commit(partial(end_user_sessions.delay, user_id=user.pk))
    return sanction


def _remove_badges(user: Any) -> list[str]:
    """Badges go at once; contracts.badges asks trust.standing.badges_withheld before re-awarding."""
    from accounts.models import TalentBadge

    badges = TalentBadge.objects.filter(user=user)
    kinds = sorted(badges.values_list("kind", flat=True))
    badges.delete()
    return kinds


@transaction.atomic
def sanction_lift(*, sanction: Sanction, actor: Any, reason: str) -> Sanction:
    """End a sanction early (an operator's decision or a granted appeal)."""
    if not reason.strip():
        raise ValidationError("Say why the sanction is lifted.")
    now = timezone.now()
    if Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(
        lifted_at=now, lifted_by=actor if getattr(actor, "pk", None) else None, lift_reason=reason
    ) != 1:
        raise InvalidTransition("This sanction was already lifted.")
    sanction.refresh_from_db()
    audit_log(actor=actor, action="sanction_lift", target=sanction, reason=reason, data={"kind": sanction.kind})
    from trust.tasks import notify_sanction_lifted

    transaction.on_commit(partial(notify_sanction_lifted.delay, sanction_id=sanction.pk))
    return sanction


@transaction.atomic
def user_suspend(*, user: Any, actor: Any, reason: str, days: int | None = None) -> Sanction:
    """An operator suspends an account directly (no strike): it can't log in until lifted or ended."""
    if not reason.strip():
        raise ValidationError("Say why the account is suspended.")
    if getattr(user, "pk", None) == getattr(actor, "pk", None):
        raise ValidationError("You can't suspend your own account.")
    return sanction_apply(user=user, kind=Sanction.Kind.SUSPENSION, days=days, actor=actor, reason=reason)


def appeal_create(*, sanction: Sanction, user: Any, message: str) -> Appeal:
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
def appeal_decide(*, appeal: Appeal, actor: Any, grant: bool, note: str) -> Appeal:
    """Granting lifts the sanction and voids its strike (it stops counting); denying keeps both."""
    if not note.strip():
        raise ValidationError("Write the decision the user will read.")
    status = Appeal.Status.GRANTED if grant else Appeal.Status.DENIED
    now = timezone.now()
    if Appeal.objects.filter(pk=appeal.pk, status=Appeal.Status.PENDING).update(
        status=status, decided_by=actor, decided_at=now, decision_note=note, updated_at=now
    ) != 1:
        raise InvalidTransition("This appeal was already decided.")
    appeal.refresh_from_db()
    audit_log(actor=actor, action="appeal_grant" if grant else "appeal_deny", target=appeal, reason=note)
    if grant:
        sanction = appeal.sanction
        if sanction.lifted_at is None:
            sanction_lift(sanction=sanction, actor=actor, reason=f"Appeal granted: {note}")
        if sanction.strike_id:
            _void_strike(sanction.strike, actor=actor, reason=note)
    from trust.tasks import notify_appeal_decided

    transaction.on_commit(partial(notify_appeal_decided.delay, appeal_id=appeal.pk))
    return appeal


def _void_strike(strike: Strike, *, actor: Any, reason: str) -> None:
    """A granted appeal: the strike stops counting now, and the other sanctions it caused are lifted."""
    now = timezone.now()
    expires = max(now, strike.created_at + timedelta(microseconds=1))
    Strike.objects.filter(pk=strike.pk).update(expires_at=expires)
    for other in Sanction.objects.active().filter(strike=strike):
        sanction_lift(sanction=other, actor=actor, reason=f"Appeal granted: {reason}")
    audit_log(actor=actor, action="strike_void", target=strike, reason=reason)
