"""Background work of messaging: telling a recipient about unread messages (through notifications).
(Attachments are read and scanned by trust's upload pipeline, trust.uploads.tasks; its verdict
reaches messaging.receivers.on_upload_scanned.)

Runs eagerly in-process without Redis (CELERY_TASK_ALWAYS_EAGER) and on a worker with it; enqueued
with transaction.on_commit so the worker sees the committed attachment.
"""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def notify_new_message(*, message_id: int) -> None:
    """Email the recipient about a message still unread after MESSAGING_EMAIL_DELAY_SECONDS, unless they
    have the conversation open right now, and only once per unread run (the first message of a burst
    schedules this; once an email went out, no other until the recipient reads)."""
    from django.conf import settings
    from django.urls import reverse

    from notifications.models import Kind
    from notifications.services import notify

    from .models import Message

    message = (
        Message.objects.select_related(
            "sender", "conversation__client", "conversation__freelancer", "conversation__job"
        )
        .filter(pk=message_id, kind=Message.Kind.TEXT, held_until__isnull=True, withdrawn_at__isnull=True)
        .first()
    )
    if message is None or message.sender is None:
        return
    conversation = message.conversation
    recipient = conversation.other_party(message.sender)
    last_read = conversation.last_read_at_for(recipient)
    from .services import _counter_cache, _email_pending_key, email_sent_key, presence_key

    cache = _counter_cache()
    cache.delete(_email_pending_key(conversation.pk, recipient.pk))  # the next unread message may schedule again
    if last_read is not None and last_read >= message.created_at:
        return  # read in the meantime
    if cache.get(presence_key(conversation.pk, recipient.pk)):
        return  # reading the conversation right now (the page marks read when it becomes visible)
    if not cache.add(email_sent_key(conversation.pk, recipient.pk), message.pk, timeout=7 * 24 * 3600):
        return  # already emailed about this unread run
    # The notification and its email go out from notifications (the one place that sends mail; the
    # recipient's "message" email preference applies).
    about = f" about “{conversation.job.title}”" if conversation.job_id else ""
    excerpt = message.body[:500] + ("…" if len(message.body) > 500 else "") or "(an attachment)"
    notify(
        user=recipient,
        kind=Kind.MESSAGE,
        title=f"{message.sender.display_name} sent you a message{about}",
        body=f"{excerpt}\n\nKeep the conversation and payments on {settings.SITE_NAME}: contact details can be "
        "shared once a contract has started. We only email you about the first unread message of a "
        "conversation; the rest wait for you there.",
        url=reverse("messaging:conversation-detail", args=[conversation.pk]),
    )


@shared_task
def release_held_message(*, message_id: int) -> None:
    """A held-back message's time is up (scheduled MESSAGING_HOLD_SECONDS after it was sent): deliver it,
    unless the sender's next message already did or completed a contact detail with it (withdrawn)."""
    from .services import message_release_held

    message_release_held(message_id=message_id)


@shared_task
def release_due_held_messages() -> int:
    """Periodic sweep: holds whose release task was lost (a worker restart) are delivered anyway. (Pages
    show an expired hold even before: the selectors treat a hold past `held_until` as delivered.)"""
    from .services import message_release_due

    return message_release_due()
