"""Can this user act right now? Read-time answers from strikes and sanctions.

Sanctions end by time; every answer here compares with `timezone.now()`, so correctness never waits
for the periodic tidy-up task (trust.tasks.expire_sanctions).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format

from trust.exceptions import UserRestricted

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from trust.models import Sanction
    from trust.types import User, Visitor

ACTIONS = frozenset({"message", "conversation", "proposal", "job_post"})
_VERB = {
    "message": "send messages", "conversation": "start new conversations", "proposal": "send proposals",
    "job_post": "post jobs or invitations",
}


def _real(user: Visitor | None) -> User | None:
    """`user` when it is a saved, signed-in user; None for nobody and anonymous visitors."""
    if user is None or not user.is_authenticated or user.pk is None:
        return None
    return user


def active_sanctions(user: User, *, kinds: tuple[str, ...] | None = None) -> QuerySet[Sanction]:
    from trust.models import Sanction

    qs = Sanction.objects.active().filter(user_id=user.pk)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs


def active_points(user: Visitor | None) -> int:
    """Unexpired strike points (the ladder's input)."""
    from trust.models import Strike

    real = _real(user)
    if real is None:
        return 0
    total = Strike.objects.filter(user_id=real.pk, expires_at__gt=timezone.now()).aggregate(s=Sum("weight"))["s"]
    return int(total or 0)


def _until(sanction: Sanction) -> str:
    if sanction.ends_at is None:
        return "until further notice"
    return "until " + date_format(timezone.localtime(sanction.ends_at), "j F Y, H:i T")


def works_with(user: User, counterpart: User) -> bool:
    """True while `user` and `counterpart` have an active contract ("contract_active", which contracts
    registers with trust.registry): a restriction never cuts those two off from each other."""
    from trust.registry import relationship

    return relationship("contract_active", user, counterpart)


def ensure_can_act(user: Visitor | None, action: str, *, counterpart: User | None = None) -> None:
    """Raise UserRestricted if `user` may not `action` right now.

    Actions: "message" (to `counterpart`), "conversation" (start a new one), "proposal", "job_post"
    (jobs and invitations). A restriction stops new conversations and public posting, and messages
    except to the other party of an active contract; a suspension stops everything.
    """
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}; expected one of {sorted(ACTIONS)}.")
    real = _real(user)
    if real is None:
        return
    # The sanction ending last decides ("until further notice" beats any date).
    blocking = list(active_sanctions(real, kinds=("restriction", "suspension")))
    if not blocking:
        return
    if (
        action == "message" and counterpart is not None
        and all(s.kind == "restriction" for s in blocking) and works_with(real, counterpart)
    ):
        return
    sanction = max(blocking, key=lambda s: (s.ends_at is None, s.ends_at or s.starts_at))
    what = "suspended" if sanction.kind == "suspension" else "restricted"
    raise UserRestricted(
        f"Your account is {what} {_until(sanction)}: you can't {_VERB[action]} for now. "
        "See your account standing page for the reason and how to appeal.",
        until=sanction.ends_at,
    )


def badges_withheld(user: Visitor | None) -> bool:
    """True while a badge-loss (or suspension) sanction is in force: badges are removed and not re-earned."""
    real = _real(user)
    return real is not None and active_sanctions(real, kinds=("badge_loss", "suspension")).exists()


def is_suspended(user: Visitor | None) -> bool:
    real = _real(user)
    return real is not None and active_sanctions(real, kinds=("suspension",)).exists()


@dataclass
class Standing:
    """What the banner and the standing page need: the sanctions in force (one query), points on demand."""

    user: User | None = None
    sanctions: list[Sanction] = field(default_factory=list)  # active ones

    @cached_property
    def points(self) -> int:
        return active_points(self.user) if self.user is not None else 0

    @property
    def restriction(self) -> Sanction | None:
        limits = [s for s in self.sanctions if s.kind in ("restriction", "suspension")]
        return max(limits, key=lambda s: (s.ends_at is None, s.ends_at or s.starts_at), default=None)

    @property
    def suspension(self) -> Sanction | None:
        return next((s for s in self.sanctions if s.kind == "suspension"), None)

    @property
    def badge_loss(self) -> Sanction | None:
        return next((s for s in self.sanctions if s.kind == "badge_loss"), None)


def standing_of(user: Visitor | None) -> Standing:
    real = _real(user)
    if real is None:
        return Standing()
    return Standing(user=real, sanctions=list(active_sanctions(real)))
