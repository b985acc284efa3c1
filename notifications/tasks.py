from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)


@shared_task
def send_notification_email(*, notification_id: int) -> bool:
    """Send one notification's email once: the row is locked and stamped in one transaction, so the
    queued task and the periodic retry never both send it."""
    from .mail import send_templated, site_url
    from .models import Notification

    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=notification_id, email_wanted=True, emailed_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        send_templated(
            to=row.user.email,
            subject=row.title,
            template="notifications/email/notification",
            context={"notification": row, "user": row.user, "link": site_url(row.url) if row.url else "",
                     "preferences_link": site_url("/notifications/settings/")},
        )
        row.emailed_at = timezone.now()
        row.save(update_fields=["emailed_at"])
        return True


@shared_task
def send_unsent_notification_emails() -> int:
    """Periodic: emails whose task could not be queued or failed (mail server down)."""
    from .models import Notification

    cutoff = timezone.now() - timedelta(minutes=1)
    ids = list(Notification.objects.filter(email_wanted=True, emailed_at__isnull=True, created_at__lte=cutoff)
               .values_list("pk", flat=True)[:500])
    sent = 0
    for pk in ids:
        try:
            sent += bool(send_notification_email(notification_id=pk))
        except Exception:  # noqa: BLE001 - try the others; this one stays unsent for the next run
            log.warning("notification email %s not sent", pk, exc_info=True)
    return sent
