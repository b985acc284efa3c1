"""Every write of messaging. The WebSocket consumer and the HTML form both call `message_send`,
so a message is checked, rate-limited, stored and broadcast the same way on both paths.

Order inside `message_send` (the invariant): standing -> party -> shape -> rate limit -> trust
check (with the preceding messages) -> store (guard as backstop) -> broadcast after commit.
A refused message is never stored and never broadcast.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.signals import setting_changed
from django.db import IntegrityError, transaction
from django.utils import timezone

from trust.exceptions import ContentBlocked, UserRestricted
from trust.scope import writing
from trust.standing import ensure_can_act

from . import realtime, selectors
from .exceptions import EditNotAllowed, MessageBlocked, NotAParty, RateLimited, Restricted
from .models import Attachment, Conversation, Message

# --- conversations ------------------------------------------------------------------------------


def _conversation_get_or_create(
    *, client: Any, freelancer: Any, job: Any, started_by: Any, check_standing: bool = True, **links: Any
) -> Conversation:
    """One conversation per (client, freelancer, job): a proposal, an invitation and the contract on
    the same job share one history. Links (proposal, invitation, contract) are filled in if missing."""
    conversation = selectors.conversation_find(client=client, freelancer=freelancer, job=job, **links)
    if conversation is None:
        if check_standing:  # a restriction stops new conversations (never a contract's own room)
            try:
                ensure_can_act(started_by, "conversation")
            except UserRestricted as exc:
                raise Restricted(exc.message) from exc
        conversation = Conversation(client=client, freelancer=freelancer, job=job, started_by=started_by)
        for name, value in links.items():
            setattr(conversation, name, value)
        conversation.full_clean()
        try:
            with transaction.atomic():
                conversation.save()
        except IntegrityError:  # created concurrently by the other party / a second tab
            return Conversation.objects.get(client=client, freelancer=freelancer, job=job)
        return conversation
    missing = [
        name for name, value in links.items() if value is not None and getattr(conversation, f"{name}_id") is None
    ]
    if missing:
        for name in missing:
            setattr(conversation, name, links[name])
        conversation.save(update_fields=[*missing, "updated_at"])
    return conversation


def conversation_start_for_proposal(*, proposal: Any, actor: Any) -> Conversation:
    """Only the job's owner may open a conversation with a proposer (freelancers can't write first)."""
    parties = selectors.conversation_parties_for_proposal(proposal=proposal, actor=actor)
    return _conversation_get_or_create(**parties, started_by=actor)


def conversation_start_for_invitation(*, invitation: Any, actor: Any) -> Conversation:
    """The client reached out by inviting, so either side of an invitation may open its conversation."""
    parties = selectors.conversation_parties_for_invitation(invitation=invitation, actor=actor)
    return _conversation_get_or_create(**parties, started_by=actor)


def conversation_for_contract(*, contract: Any) -> Conversation:
    """The contract's room: the pair's conversation about the contract's job, else one per contract."""
    parties = selectors.conversation_parties_for_contract(contract=contract)
    return _conversation_get_or_create(**parties, started_by=contract.client, check_standing=False)


def conversation_mark_read(*, conversation: Conversation, user: Any) -> Conversation:
    """Everything up to now is read by `user`; the other party's open page shows "Seen"."""
    if not conversation.is_party(user):
        raise NotAParty("You are not part of this conversation.")
    now = timezone.now()
    field = "client_last_read_at" if user.pk == conversation.client_id else "freelancer_last_read_at"
    # Skip the write (and the broadcast) when there is nothing unread: a page view is not news.
    if getattr(conversation, field) is not None and not selectors.unread_in(conversation=conversation, user=user):
        return conversation
    Conversation.objects.filter(pk=conversation.pk).update(**{field: now})
    setattr(conversation, field, now)
    transaction.on_commit(
        partial(realtime.broadcast_read, conversation_id=conversation.pk, user_id=user.pk, at=now), robust=True
    )
    return conversation


# --- messages -----------------------------------------------------------------------------------


_rate_cache: Any = None


def _counter_cache() -> Any:
    """One process-wide handle on the default cache for the counters.

    `django.core.cache.cache` is per thread/async context: on the consumer path every call came
    through a fresh context and opened a new Redis connection (~5 ms per message). The backend's
    connection pool is thread-safe, so one instance serves every thread; LocMem instances with the
    same location share their data, so tests that clear `cache` clear these counters too.
    """
    global _rate_cache
    if _rate_cache is None:
        _rate_cache = caches.create_connection(DEFAULT_CACHE_ALIAS)
    return _rate_cache


def _reset_counter_cache(*, setting: str, **kwargs: Any) -> None:
    global _rate_cache
    if setting == "CACHES":
        _rate_cache = None


setting_changed.connect(_reset_counter_cache)


def rate_limit_hit(*, user: Any) -> None:
    """Fixed one-minute window per user in the shared cache (Redis across processes: INCR is atomic).

    Attempts count, refused ones too, so the detector can't be probed at speed.
    """
    limit = settings.MESSAGING_RATE_LIMIT_PER_MINUTE
    if not limit:
        return
    now = time.time()
    window = int(now // 60)
    key = f"messaging:rate:{user.pk}:{window}"
    counters = _counter_cache()
    try:
        count = counters.incr(key)
    except ValueError:  # first message of this window: create the counter with its expiry
        count = 1 if counters.add(key, 1, timeout=90) else counters.incr(key)
    if count > limit:
        retry_after = max(1, 60 - int(now % 60))
        raise RateLimited(
            f"You're sending messages too quickly (at most {limit} a minute). "
            f"Please wait {retry_after} seconds and try again.",
            retry_after=retry_after,
        )


def _ensure_can_message(user: Any, *, counterpart: Any = None) -> None:
    """Standing: a restriction still lets `user` message the other party of an active contract."""
    try:
        ensure_can_act(user, "message", counterpart=counterpart)
    except UserRestricted as exc:
        raise Restricted(exc.message) from exc


def _clean_body(body: str | None, *, has_attachment: bool) -> str:
    body = (body or "").strip()
    if not body and not has_attachment:
        raise ValidationError("Write a message or attach a file.", code="empty")
    limit = settings.MESSAGING_MAX_LENGTH
    if len(body) > limit:
        raise ValidationError(
            f"Messages can be at most {limit:,} characters (this one has {len(body):,}).", code="too_long"
        )
    return body


def attachment_validate(upload: UploadedFile) -> None:
    """Size, and type sniffed from the bytes (trust's upload pipeline, use "message_attachment")."""
    from trust.uploads.services import UploadRejected, upload_check

    try:
        upload_check(upload, use="message_attachment")
    except UploadRejected as exc:
        raise ValidationError(exc.messages[0], code=f"attachment_{exc.code or 'invalid'}") from exc


def message_send(
    *, conversation: Conversation, sender: Any, body: str, attachment: UploadedFile | None = None
) -> Message:
    """Check, store, then broadcast a message (and its optional attachment).

    Raises MessagingError subclasses (MessageBlocked, RateLimited, Restricted, NotAParty) or a
    ValidationError for shape problems; in every case nothing was stored.
    """
    if not conversation.is_party(sender):
        raise NotAParty("You are not part of this conversation.")
    _ensure_can_message(sender, counterpart=conversation.other_party(sender))
    body = _clean_body(body, has_attachment=attachment is not None)
    if attachment is not None:
        attachment_validate(attachment)
    rate_limit_hit(user=sender)
    recipient = conversation.other_party(sender)
    preceding = selectors.message_preceding_run(conversation=conversation, sender=sender)
    try:
        # Trust: the sender writes to the recipient; the body is read with the sender's preceding
        # messages and with the attachment's name (shown together). The guard reuses these decisions.
        with writing(author=sender, counterpart=recipient, context="message", target=conversation) as scope:
            scope.check(preceding=preceding, body=body, attachment_name=attachment.name if attachment else None)
            with transaction.atomic():
                message = Message(conversation=conversation, sender=sender, kind=Message.Kind.TEXT, body=body)
                # Both foreign keys are objects we hold, and the two check constraints hold by
                # construction (kind=text with a sender); the database still enforces them on INSERT.
                message.full_clean(exclude=["conversation", "sender"], validate_constraints=False)
                message.save()
                if attachment is not None:
                    _attachment_create(message=message, upload=attachment, recipient=recipient)
                else:  # known empty: the broadcast needn't query for attachments
                    message._prefetched_objects_cache = {  # type: ignore[attr-defined]  # Django's prefetch cache
                        "attachments": Attachment.objects.none()
                    }
                Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
                conversation.last_message_at = message.created_at
    except ContentBlocked as blocked:
        raise MessageBlocked(blocked.decision, text=body) from blocked
    _after_message(message)
    return message


def _attachment_create(*, message: Message, upload: UploadedFile, recipient: Any) -> Attachment:
    """Stored by trust's pipeline (private, random name); its scan is queued after commit and its
    verdict delivers the attachment (messaging.receivers.on_upload_scanned)."""
    from trust.uploads.services import upload_accept

    stored = upload_accept(file=upload, use="message_attachment", owner=message.sender, counterpart=recipient)
    attachment = Attachment(
        message=message,
        upload=stored,
        original_name=stored.original_name,
        size_bytes=stored.size,
        status=Attachment.Status.PENDING,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def _first_unread(message: Message) -> bool:
    """Is this the only message the recipient hasn't read in this conversation? (email once)"""
    conversation = message.conversation
    recipient = conversation.other_party(message.sender)
    return selectors.unread_in(conversation=conversation, user=recipient) == 1


def _after_message(message: Message) -> None:
    transaction.on_commit(partial(realtime.broadcast_message, message=message), robust=True)
    if message.sender_id is not None and settings.MESSAGING_EMAIL_NOTIFICATIONS and _first_unread(message):
        from .tasks import notify_new_message

        transaction.on_commit(
            partial(
                notify_new_message.apply_async,
                kwargs={"message_id": message.pk},
                countdown=settings.MESSAGING_EMAIL_DELAY_SECONDS,
            ),
            robust=True,
        )


def message_edit(*, message: Message, editor: Any, body: str) -> Message:
    """The sender may reword a message within MESSAGING_EDIT_WINDOW; trust checks the new text."""
    if message.sender_id != editor.pk or message.is_system:
        raise EditNotAllowed("You can only edit your own messages.")
    if timezone.now() - message.created_at > settings.MESSAGING_EDIT_WINDOW:
        minutes = int(settings.MESSAGING_EDIT_WINDOW.total_seconds() // 60)
        raise EditNotAllowed(f"Messages can only be edited within {minutes} minutes of sending.")
    conversation = message.conversation
    _ensure_can_message(editor, counterpart=conversation.other_party(editor))
    body = _clean_body(body, has_attachment=message.attachments.exists())
    if body == message.body:
        return message
    rate_limit_hit(user=editor)
    preceding = selectors.message_preceding_run(
        conversation=conversation, sender=editor, before=message.created_at, exclude_pk=message.pk
    )
    recipient = conversation.other_party(editor)
    try:
        with writing(author=editor, counterpart=recipient, context="message", target=message) as scope:
            scope.check(preceding=preceding, body=body)
            message.body = body
            message.edited_at = timezone.now()
            with transaction.atomic():
                message.full_clean()
                message.save(update_fields=["body", "edited_at", "updated_at"])
    except ContentBlocked as blocked:
        message.refresh_from_db()
        raise MessageBlocked(blocked.decision, text=body) from blocked
    transaction.on_commit(
        partial(realtime.broadcast_message, message_id=message.pk, event="message_updated"), robust=True
    )
    return message


def message_post_system(*, conversation: Conversation, body: str, visible_to: Any = None) -> Message:
    """A notice from the platform (contract events, withheld attachments). Guarded like any text; a
    system write strikes nobody."""
    message = Message(
        conversation=conversation, sender=None, kind=Message.Kind.SYSTEM, body=body, visible_to=visible_to
    )
    with writing(author=None, context="message", target=conversation), transaction.atomic():
        message.full_clean()
        message.save()
        if visible_to is None:
            Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    _after_message(message)
    return message


# --- attachments --------------------------------------------------------------------------------


def attachment_mark_clean(*, attachment: Attachment) -> Attachment:
    """Deliver (trust's scan passed the file, or staff released it) and tell the recipient's page."""
    attachment.status = Attachment.Status.CLEAN
    attachment.hold_reason = Attachment.HoldReason.NONE
    attachment.found_kinds = []
    attachment.scanned_at = timezone.now()
    with transaction.atomic():
        attachment.save(update_fields=["status", "hold_reason", "found_kinds", "scanned_at", "updated_at"])
    transaction.on_commit(
        partial(realtime.broadcast_message, message_id=attachment.message_id, event="message_updated"), robust=True
    )
    return attachment


def attachment_hold(
    *, attachment: Attachment, status: str, reason: str, found_kinds: list[str] | None = None
) -> Attachment:
    """Withhold (contact details found) or hold for review (unreadable): the recipient never gets
    the file; the sender sees why on the attachment and in a notice only they can see."""
    if status not in (Attachment.Status.WITHHELD, Attachment.Status.REVIEW):
        raise ValidationError("An attachment can only be withheld or held for review.")
    attachment.status = status
    attachment.hold_reason = reason
    attachment.found_kinds = sorted(set(found_kinds or []))
    attachment.scanned_at = timezone.now()
    attachment.full_clean(exclude=["upload"])
    with transaction.atomic():
        attachment.save(update_fields=["status", "hold_reason", "found_kinds", "scanned_at", "updated_at"])
    message = attachment.message
    if message.sender_id is not None:
        notice = f"Your attachment \u201c{attachment.original_name}\u201d was not delivered. {attachment.status_text}."
        if status == Attachment.Status.REVIEW:
            notice += " A moderator will review it; it is delivered if it is fine."
        message_post_system(conversation=message.conversation, body=notice, visible_to=message.sender)
    transaction.on_commit(
        partial(realtime.broadcast_message, message_id=message.pk, event="message_updated"), robust=True
    )
    return attachment


def attachment_release(*, attachment: Attachment, reviewer: Any) -> Attachment:
    """Staff decided a held attachment is fine: trust releases the upload (audited there) and its
    verdict delivers the attachment; delivered here too so the admin sees it at once."""
    if attachment.status == Attachment.Status.CLEAN:
        return attachment
    from trust.uploads.services import upload_release

    upload_release(upload=attachment.upload, reviewer=reviewer)
    attachment.refresh_from_db()
    if attachment.status != Attachment.Status.CLEAN:
        attachment_mark_clean(attachment=attachment)
    return attachment
