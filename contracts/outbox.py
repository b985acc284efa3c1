"""Sending the email outbox: each committed row goes out once, from the task queued after commit
or, when queueing failed (Redis down), from the periodic retry."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import EmailOutbox

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 20


def outbox_send(*, outbox_id: int) -> bool:
    """Send one row under its row lock; stamp sent_at in the same transaction, so two senders (the
    queued task and the periodic retry) never both send it. Returns True if sent now."""
    with transaction.atomic():
        row = (
            EmailOutbox.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=outbox_id, sent_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        user = row.recipient
        if not user.email:
            row.sent_at = timezone.now()
            row.last_error = "no email address"
            row.save(update_fields=["sent_at", "last_error"])
            return False
        link = f"{settings.SITE_URL.rstrip('/')}{row.path}"
        body = f"Hi {user.first_name or user.display_name},\n\n{row.text}\n\n{link}\n"
        try:
            send_mail(f"[{settings.SITE_NAME}] {row.subject}", body, None, [user.email])
        except Exception as error:  # noqa: BLE001 - mail server down: retried later
            log.warning("outbox email %s not sent: %r", row.pk, error)
            row.attempts += 1
            row.last_error = repr(error)[:300]
            row.save(update_fields=["attempts", "last_error"])
            return False
        row.sent_at = timezone.now()
        row.attempts += 1
        row.save(update_fields=["sent_at", "attempts"])
        return True


def outbox_flush(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Periodic: send every unsent row older than `older_than` (younger ones are still with their
    queued task). Returns how many were sent."""
    cutoff = timezone.now() - older_than
    ids = EmailOutbox.objects.filter(
        sent_at__isnull=True, created_at__lte=cutoff, attempts__lt=MAX_ATTEMPTS
    ).values_list("pk", flat=True)
    return sum(outbox_send(outbox_id=pk) for pk in list(ids[:500]))
