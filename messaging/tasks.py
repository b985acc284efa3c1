"""Background work of messaging: attachment text extraction and scanning.

Runs eagerly in-process without Redis (CELERY_TASK_ALWAYS_EAGER) and on a worker with it; enqueued
with transaction.on_commit so the worker sees the committed attachment.
"""

from __future__ import annotations

import logging

from celery import shared_task

from trust.exceptions import ContentBlocked
from trust.scope import writing

from .extraction import ExtractionError, OCRUnavailable, extract_text
from .models import Attachment

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def scan_attachment(attachment_id: int) -> str:
    """Extract the attachment's text and decide: clean (delivered), withheld (contact details or
    payment terms: flagged), or held for manual review (unreadable, or an image without OCR).
    Idempotent: an attachment that is no longer pending is left alone."""
    from . import services

    try:
        attachment = Attachment.objects.select_related(
            "message__conversation__client", "message__conversation__freelancer", "message__sender"
        ).get(pk=attachment_id)
    except Attachment.DoesNotExist:
        return "missing"
    if attachment.status != Attachment.Status.PENDING:
        return attachment.status
    try:
        text = extract_text(attachment.file, filename=attachment.original_name)
    except OCRUnavailable:
        services.attachment_hold(
            attachment=attachment, status=Attachment.Status.REVIEW, reason=Attachment.HoldReason.NO_OCR
        )
        return attachment.status
    except (ExtractionError, OSError) as exc:
        logger.warning("attachment %s unreadable: %s", attachment_id, exc)
        services.attachment_hold(
            attachment=attachment, status=Attachment.Status.REVIEW, reason=Attachment.HoldReason.UNREADABLE
        )
        return attachment.status

    message = attachment.message
    sender = message.sender
    recipient = message.conversation.other_party(sender) if sender else None
    try:
        # The file is on its way to the recipient: the sender's write, recorded by the scope if refused.
        with writing(author=sender, counterpart=recipient, context="message", target=attachment) as scope:
            scope.check(extracted_text=text)
            services.attachment_mark_clean(attachment=attachment, text=text)
    except ContentBlocked as blocked:
        attachment.refresh_from_db()
        services.attachment_hold(
            attachment=attachment,
            status=Attachment.Status.WITHHELD,
            reason=Attachment.HoldReason.CONTACT,
            found_kinds=[f.kind for f in blocked.findings],
        )
    return attachment.status


@shared_task
def notify_new_message(*, message_id: int) -> None:
    """Email the recipient about a message they haven't read yet (only the first unread one of a
    conversation is announced, so an active chat doesn't become an email per line)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    from .models import Message

    message = (
        Message.objects.select_related(
            "sender", "conversation__client", "conversation__freelancer", "conversation__job"
        )
        .filter(pk=message_id, kind=Message.Kind.TEXT)
        .first()
    )
    if message is None or message.sender is None:
        return
    conversation = message.conversation
    recipient = conversation.other_party(message.sender)
    last_read = conversation.last_read_at_for(recipient)
    if last_read is not None and last_read >= message.created_at:
        return  # read in the meantime
    context = {
        "recipient": recipient,
        "sender_name": message.sender.display_name,
        "job_title": conversation.job.title if conversation.job_id else "",
        "excerpt": message.body[:500] + ("…" if len(message.body) > 500 else "") or "(an attachment)",
        "site_name": settings.SITE_NAME,
        "conversation_url": settings.SITE_URL.rstrip("/")
        + reverse("messaging:conversation-detail", args=[conversation.pk]),
    }
    subject = render_to_string("messaging/email/new_message_subject.txt", context).strip()
    body = render_to_string("messaging/email/new_message_message.txt", context)
    send_mail(subject, body, None, [recipient.email])
