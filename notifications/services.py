"""Creating notifications: the one entry point every app calls, after which the badge updates live
and, if the user wants email for this kind, the email is sent (notifications.mail, the one place that
sends mail). Called inside the caller's transaction: the notification commits with the event, and the
badge push and the email task run only after commit."""
from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from .models import ALWAYS_EMAILED, EmailPreference, Kind, Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User  # AUTH_USER_MODEL: notifications imports no app above it

log = logging.getLogger(__name__)


def wants_email(user: User, kind: str) -> bool:
    if kind in ALWAYS_EMAILED:
        return True
    pref = EmailPreference.objects.filter(user=user, kind=kind).values_list("email", flat=True).first()
    return True if pref is None else bool(pref)


def notify(
    *, user: User, kind: str, title: str, body: str = "", url: str = "", email: bool = True
) -> Notification | None:
    """Tell `user` about an event. `email=False` for events that never warrant one."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    notification = Notification.objects.create(
        user=user, kind=Kind(kind), title=title[:200], body=body[:5_000], url=url[:300],
        email_wanted=email and bool(getattr(user, "email", "")) and wants_email(user, kind),
    )
    transaction.on_commit(partial(_after_commit, notification.pk, user.pk, notification.email_wanted))
    return notification


def _after_commit(notification_id: int, user_id: int, email: bool) -> None:
    from .realtime import push_count

    try:
        push_count(user_id=user_id)
    except Exception:  # noqa: BLE001 - a dead channel layer must not break the committed event
        log.warning("notification badge push failed", exc_info=True)
    if email:
        from .tasks import send_notification_email

        try:
            send_notification_email.delay(notification_id=notification_id)
        except Exception:  # noqa: BLE001 - broker down: the periodic retry sends it
            log.warning("could not queue notification email %s", notification_id, exc_info=True)


def mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) notification of `user` read; returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    changed = qs.update(read_at=timezone.now())
    if changed:
        transaction.on_commit(partial(_push, user.pk))
    return changed


def _push(user_id: int) -> None:
    from .realtime import push_count

    push_count(user_id=user_id)


def preferences_save(*, user: User, email_kinds: set[str]) -> None:
    """Email on for the kinds in `email_kinds`, off for the others (kinds always emailed keep no row)."""
    with transaction.atomic():
        for kind in Kind.values:
            if kind in ALWAYS_EMAILED:
                continue
            EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in email_kinds})


# Contract events arrive through contracts' one notify hook (contracts/services/_common.py) with the
# subject its services have always used; the kind (for email preferences) follows from it.
_CONTRACT_KINDS = [
    ("offer", Kind.OFFER),
    ("milestone", Kind.MILESTONE),
    ("changes requested", Kind.MILESTONE),
    ("submitted", Kind.MILESTONE),
    ("dispute", Kind.DISPUTE),
    ("withdrawal", Kind.PAYMENT),
    ("payment", Kind.PAYMENT),
    ("refund", Kind.PAYMENT),
    ("week", Kind.HOURLY),
    ("hours", Kind.HOURLY),
    ("feedback", Kind.FEEDBACK),
]


def contract_kind(subject: str) -> str:
    lowered = subject.lower()
    return next((kind for word, kind in _CONTRACT_KINDS if word in lowered), Kind.CONTRACT)


def notify_contract_event(recipient: User, subject: str, text: str, path: str) -> Notification | None:
    """contracts' notify hook: in-app notification plus the templated email (replacing its outbox)."""
    return notify(user=recipient, kind=contract_kind(subject), title=subject, body=text, url=path)
