"""Background work of messaging: attachment text extraction and scanning.

Runs eagerly in-process without Redis (CELERY_TASK_ALWAYS_EAGER) and on a worker with it; enqueued
with transaction.on_commit so the worker sees the committed attachment.
"""

from __future__ import annotations

import logging

from celery import shared_task

from trust.exceptions import ContentBlocked
from trust.policy import check_text

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
    decision = check_text(text, context="message", user=sender, counterpart=recipient, target=attachment)
    if not decision.allowed:
        services.attachment_hold(
            attachment=attachment,
            status=Attachment.Status.WITHHELD,
            reason=Attachment.HoldReason.CONTACT,
            found_kinds=[f.kind for f in decision.findings],
        )
        return attachment.status
    try:
        services.attachment_mark_clean(attachment=attachment, text=text)
    except ContentBlocked as blocked:  # the guard saw what check_text did not (policy changed meanwhile)
        from trust.services import flag_record

        flag_record(blocked)
        attachment.refresh_from_db()
        services.attachment_hold(
            attachment=attachment,
            status=Attachment.Status.WITHHELD,
            reason=Attachment.HoldReason.CONTACT,
            found_kinds=[f.kind for f in blocked.findings],
        )
    return attachment.status
