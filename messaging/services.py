"""Every write of messaging. The WebSocket consumer and the HTML form both call `message_send`,
so a message is checked, rate-limited, stored and broadcast the same way on both paths.

Order inside `message_send` (the invariant): standing -> party -> shape -> rate limit -> trust
check (with the preceding messages) -> store (guard as backstop) -> broadcast after commit.
A refused message is never stored and never broadcast.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import BaseCache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.signals import setting_changed
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Field, Value
from django.db.models.functions import Coalesce, Greatest
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django_redis.cache import RedisCache

from core import db
from trust.detection.conversation import looks_like_contact_start
from trust.exceptions import ContentBlocked, UserRestricted
from trust.policy import MAX_PRECEDING
from trust.scope import writing
from trust.standing import ensure_can_act

from . import realtime, selectors
from .exceptions import EditNotAllowed, MessageBlocked, NotAParty, RateLimited, Restricted
from .models import Attachment, Conversation, Message

if TYPE_CHECKING:
    from celery import Task

    from accounts.models import User
    from contracts.models import Contract
    from marketplace.models import Invitation, JobPost, Proposal

logger = logging.getLogger(__name__)


def _on_commit(fn: Callable[..., object], /, **kwargs: object) -> None:
    """Run `fn(**kwargs)` after commit; a failure is logged, not raised (the write is done).

    A named wrapper rather than functools.partial: Django logs a failing robust callback by its
    `__qualname__`, which a partial doesn't have, so the log line itself raised AttributeError.
    """

    def after_commit() -> None:
        fn(**kwargs)

    after_commit.__qualname__ = getattr(fn, "__qualname__", repr(fn))
    transaction.on_commit(after_commit, robust=True)


# --- conversations ------------------------------------------------------------------------------


def _conversation_get_or_create(
    *,
    client: User,
    freelancer: User,
    job: JobPost | None,
    started_by: User,
    check_standing: bool = True,
    **links: Proposal | Invitation | Contract | None,
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


def conversation_start_for_proposal(*, proposal: Proposal, actor: User) -> Conversation:
    """Only the job's owner may open a conversation with a proposer (freelancers can't write first)."""
    parties = selectors.conversation_parties_for_proposal(proposal=proposal, actor=actor)
    return _conversation_get_or_create(**parties, started_by=actor)


def conversation_start_for_invitation(*, invitation: Invitation, actor: User) -> Conversation:
    """The client reached out by inviting, so either side of an invitation may open its conversation."""
    parties = selectors.conversation_parties_for_invitation(invitation=invitation, actor=actor)
    return _conversation_get_or_create(**parties, started_by=actor)


def conversation_for_contract(*, contract: Contract) -> Conversation:
    """The contract's room: the pair's conversation about the contract's job, else one per contract."""
    parties = selectors.conversation_parties_for_contract(contract=contract)
    return _conversation_get_or_create(**parties, started_by=contract.client, check_standing=False)


def conversation_mark_read(*, conversation: Conversation, user: User) -> Conversation:
    """Everything up to now is read by `user`; the other party's open page shows "Seen"."""
    if not conversation.is_party(user):
        raise NotAParty("You are not part of this conversation.")
    now = timezone.now()
    field = "client_last_read_at" if user.pk == conversation.client_id else "freelancer_last_read_at"
    counter = conversation.unread_field(user.pk)
    # Skip the write (and the broadcast) when there is nothing unread: a page view is not news.
    if getattr(conversation, field) is not None and not selectors.unread_in(conversation=conversation, user=user):
        return conversation
    Conversation.objects.filter(pk=conversation.pk).update(**{field: now, counter: 0})
    setattr(conversation, field, now)
    setattr(conversation, counter, 0)
    _on_commit(_counter_cache().delete, key=email_sent_key(conversation.pk, user.pk))
    _on_commit(realtime.broadcast_read, conversation_id=conversation.pk, user_id=user.pk, at=now)
    return conversation


# --- messages -----------------------------------------------------------------------------------


_rate_cache: BaseCache | None = None


def _counter_cache() -> BaseCache:
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


def _reset_counter_cache(*, setting: str, **kwargs: object) -> None:
    global _rate_cache
    if setting == "CACHES":
        _rate_cache = None


setting_changed.connect(_reset_counter_cache)


_local_rate: dict[tuple[int, int], int] = {}
_local_rate_lock = threading.Lock()


def _local_rate_count(user_id: int, window: int) -> int:
    """Per-process fallback while the shared cache is unreachable: the same limit per process (a user
    spread over N processes gets at most N times the limit until Redis is back)."""
    with _local_rate_lock:
        if len(_local_rate) > 10_000:
            for stale in [k for k in _local_rate if k[1] < window]:
                del _local_rate[stale]
        count = _local_rate.get((user_id, window), 0) + 1
        _local_rate[(user_id, window)] = count
        return count


def rate_limit_hit(*, user: User) -> None:
    """Fixed one-minute window per user in the shared cache (Redis across processes: INCR is atomic).

    Attempts count, refused ones too, so the detector can't be probed at speed.
    """
    limit = settings.MESSAGING_RATE_LIMIT_PER_MINUTE
    if not limit:
        return
    now = time.time()
    window = int(now // 60)
    key = _rate_key(user.pk, window)
    counters = _counter_cache()
    count: int | None
    try:
        count = counters.incr(key)
    except ValueError:  # first message of this window: create the counter with its expiry
        count = 1 if counters.add(key, 1, timeout=90) else counters.incr(key)
    except Exception:  # noqa: BLE001 - a cache that raises (Redis down without IGNORE_EXCEPTIONS)
        count = None
    if count is None:  # the shared cache is down (django-redis ignores the error and returns None)
        count = _local_rate_count(user.pk, window)
    _rate_check(count, limit, now)


def _rate_key(user_id: int, window: int) -> str:
    return f"messaging:rate:{user_id}:{window}"


def _rate_check(count: int, limit: int, now: float) -> None:
    if count > limit:
        retry_after = max(1, 60 - int(now % 60))
        raise RateLimited(
            f"You're sending messages too quickly (at most {limit} a minute). "
            f"Please wait {retry_after} seconds and try again.",
            retry_after=retry_after,
        )


STANDING_OK_SECONDS = 60


def _standing_key(user_id: int, counterpart_id: int | None = None) -> str:
    return f"messaging:standing:{user_id}:{counterpart_id or ''}"


def standing_forget(*, user_id: int) -> None:
    """Called when a sanction of `user_id` changes (messaging.receivers): a generation counter in the keys,
    so the entries for every counterpart go at once."""
    try:
        counters = _counter_cache()
        if counters.add(_standing_generation_key(user_id), 1, timeout=None) is False:
            counters.incr(_standing_generation_key(user_id))
    except Exception:  # noqa: BLE001 - the cache is down: entries expire by themselves
        logger.warning("messaging: could not forget the cached standing of user %s", user_id)


def _standing_generation_key(user_id: int) -> str:
    return f"messaging:standing-gen:{user_id}"


def _ensure_can_message(user: User, *, counterpart: User | None = None) -> None:
    """trust.standing.ensure_can_act, cached per user for a minute at most: "" = may message, else the
    refusal text. A sanction saved or deleted invalidates the entry at once (messaging.receivers); a
    change made without a model signal (a queryset update) is seen within STANDING_OK_SECONDS. Keyed by
    counterpart too: a restriction still lets `user` message the other party of an active contract."""
    if not getattr(user, "pk", None):
        return
    counters = _counter_cache()
    generation_key = _standing_generation_key(user.pk)
    key = _standing_key(user.pk, getattr(counterpart, "pk", None))
    values = counters.get_many([generation_key, key])  # one round trip
    _standing_decide(user, counterpart, values.get(generation_key) or 0, values.get(key))


def _standing_decide(user: User, counterpart: User | None, generation: object, cached: object) -> None:
    """The cached entry if it is of the current generation, else trust's answer, cached."""
    if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == generation:
        if cached[1] == "":
            return
        raise Restricted(cached[1])
    counters = _counter_cache()
    key = _standing_key(user.pk, getattr(counterpart, "pk", None))
    try:
        ensure_can_act(user, "message", counterpart=counterpart)
    except UserRestricted as exc:
        seconds = STANDING_OK_SECONDS  # a lift may come without a signal (a queryset update)
        until = getattr(exc, "until", None)
        if until is not None:
            seconds = max(1, min(seconds, int((until - timezone.now()).total_seconds())))
        counters.set(key, (generation, exc.message), timeout=seconds)
        raise Restricted(exc.message) from exc
    counters.set(key, (generation, ""), timeout=STANDING_OK_SECONDS)


# A sender's message held back in a conversation (see message_send) marks the pair for a while: their
# next send reads the split window to release it first. Far longer than a hold lasts, so the mark
# outlives any held message; a stale one only costs that pair a window read per send.
HELD_MARK_SECONDS = 3600


def _held_key(conversation_id: int, user_id: int) -> str:
    return f"messaging:held:{conversation_id}:{user_id}"


def _held_mark(*, conversation_id: int, user_id: int) -> None:
    try:
        _counter_cache().set(_held_key(conversation_id, user_id), 1, timeout=HELD_MARK_SECONDS)
    except Exception:  # noqa: BLE001 - the cache is down: _may_hold reads the window then anyway
        logger.warning("messaging: could not mark a held message in conversation %s", conversation_id)


def _may_hold(conversation_id: int, user_id: int) -> bool:
    """Whether `user_id` may have a message held back in the conversation (True when unsure)."""
    try:
        return _counter_cache().get(_held_key(conversation_id, user_id)) is not None
    except Exception:  # noqa: BLE001
        return True


# KEYS: standing generation, standing entry, held mark, the minute's rate counter; ARGV: the counter's expiry.
# One command instead of a three-command pipeline: redis-py's pipeline machinery (packing, connection
# checkout, parsing three replies) was a fifth of a send's CPU.
_ADMIT_LUA = """
local values = redis.call('MGET', KEYS[1], KEYS[2], KEYS[3])
local count = redis.call('INCR', KEYS[4])
if count == 1 then redis.call('EXPIRE', KEYS[4], ARGV[1]) end
values[4] = count
return values
"""
_admit_lua: Any = None


def _admit_script(redis: Any) -> Any:
    """The admit script (redis-py's Script: EVALSHA, loaded again where Redis lacks it; the client is
    passed on each call)."""
    global _admit_lua
    if _admit_lua is None:
        _admit_lua = redis.register_script(_ADMIT_LUA)
    return _admit_lua


def _admit(user: User, *, counterpart: User, conversation_id: int | None = None) -> bool:
    """`_ensure_can_message` then `rate_limit_hit`, in one Redis command when the shared cache is
    Redis: the standing entry and its generation are read and the rate counter counted by one script
    (the counter counts a refused attempt too, as rate_limit_hit's callers' do). Any other
    cache, or Redis failing, takes the two calls (which fail open).

    Returns whether `user` may have a message held back in `conversation_id` (its mark is read in the
    same round trip; True when unsure or without a conversation)."""
    counters = _counter_cache()
    limit = settings.MESSAGING_RATE_LIMIT_PER_MINUTE
    client = getattr(counters, "client", None)
    if not limit or not getattr(user, "pk", None) or not isinstance(counters, RedisCache) or client is None:
        _ensure_can_message(user, counterpart=counterpart)
        rate_limit_hit(user=user)
        return conversation_id is None or _may_hold(conversation_id, user.pk)
    now = time.time()
    window = int(now // 60)
    generation_key = client.make_key(_standing_generation_key(user.pk))
    standing_key = client.make_key(_standing_key(user.pk, counterpart.pk))
    held_key = client.make_key(_held_key(conversation_id or 0, user.pk))
    rate_key = client.make_key(_rate_key(user.pk, window))
    try:
        redis = client.get_client(write=True)
        generation, cached, held, count = _admit_script(redis)(
            keys=[generation_key, standing_key, held_key, rate_key], args=[90], client=redis
        )
    except Exception:  # noqa: BLE001 - Redis unreachable: the two calls, failing open
        _ensure_can_message(user, counterpart=counterpart)
        rate_limit_hit(user=user)
        return True
    _standing_decide(
        user, counterpart,
        client.decode(generation) if generation is not None else 0,
        client.decode(cached) if cached is not None else None,
    )
    _rate_check(int(count), limit, now)
    return conversation_id is None or held is not None


def _clean_body(body: str | None, *, has_attachment: bool) -> str:
    body = (body or "").strip()
    # A NUL can't be stored in PostgreSQL text, and a lone surrogate (valid in JSON's "\ud800") can't be
    # encoded at all: refused with a reason instead of failing in the database.
    if "\x00" in body:
        raise ValidationError("Messages can't contain NUL characters.", code="invalid_characters")
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("This message contains characters that can't be sent.", code="invalid_characters")
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
    *, conversation: Conversation, sender: User, body: str, attachment: UploadedFile | None = None
) -> Message:
    """Check, store, then broadcast a message (and its optional attachment).

    Raises MessagingError subclasses (MessageBlocked, RateLimited, Restricted, NotAParty) or a
    ValidationError for shape problems; in every case nothing was stored.

    Splits: the body is read with the sender's own messages of the split window (one indexed query,
    across the other party's replies). When it completes a contact detail it is refused as any detail
    is, and the earlier pieces are withdrawn from the recipient's view (`_split_withdraw`). A message
    that looks like the start of a detail after an intent cue is stored but held back until the
    sender's next message (which releases it, unless that one completes the detail) or
    MESSAGING_HOLD_SECONDS (`message_release_held`).
    """
    if not conversation.is_party(sender):
        raise NotAParty("You are not part of this conversation.")
    recipient = conversation.other_party(sender)
    try:
        body = _clean_body(body, has_attachment=attachment is not None)
    except ValidationError:
        _ensure_can_message(sender, counterpart=recipient)  # a restriction is said first
        raise
    if attachment is None:
        # standing, rate limit and whether a message of the sender's is held back here: one Redis round trip
        may_hold = _admit(sender, counterpart=recipient, conversation_id=conversation.pk)
    else:
        _ensure_can_message(sender, counterpart=recipient)
        attachment_validate(attachment)
        rate_limit_hit(user=sender)
        may_hold = True
    window: list[selectors.OwnMessage] = []
    try:
        # Trust: the sender writes to the recipient; the body is read with the sender's preceding
        # messages and with the attachment's name (shown together). The guard reuses these decisions.
        with writing(author=sender, counterpart=recipient, context="message", target=conversation) as scope:
            # The window is read when trust can use it (the body could be a piece of a split detail) or
            # a held message of the sender's must be released first; else trust decides the same without.
            if may_hold or scope.reads_preceding(body):
                window = selectors.message_sender_window(conversation=conversation, sender=sender)[-MAX_PRECEDING:]
            preceding = [m.body for m in window]
            scope.check(preceding=preceding, body=body, attachment_name=attachment.name if attachment else None)
            now = timezone.now()
            # (once their contract has started, contact details pass: nothing to hold back)
            hold = (
                attachment is None and settings.MESSAGING_HOLD_SECONDS > 0 and looks_like_contact_start(body)
                and not scope.contact_details_allowed()
            )
            message = Message(
                conversation=conversation, sender=sender, kind=Message.Kind.TEXT, body=body,
                held_until=now + timedelta(seconds=settings.MESSAGING_HOLD_SECONDS) if hold else None,
            )
            # Both foreign keys are objects we hold, and the two check constraints hold by
            # construction (kind=text with a sender); the database still enforces them on INSERT.
            message.full_clean(exclude=["conversation", "sender"], validate_constraints=False)
            held = [m.pk for m in window if m.held]
            if hold:
                _held_mark(conversation_id=conversation.pk, user_id=sender.pk)
            alias = router.db_for_write(Message)
            if attachment is None and not held and connections[alias].vendor == "postgresql":
                # The common send: the INSERT and the counter UPDATE in one statement, no BEGIN/COMMIT.
                released = []
                _insert_bumped(conversation, message, alias)
                _known_no_attachments(message)  # known empty: the broadcast needn't query for attachments
            else:
                with transaction.atomic():
                    # The sender's next message releases what they held back: delivered first, in order.
                    released = _held_release(conversation, held)
                    message.save()
                    if attachment is not None:
                        _attachment_create(message=message, upload=attachment, recipient=recipient)
                    else:
                        _known_no_attachments(message)
                    _conversation_bump(conversation, message)
    except ContentBlocked as blocked:
        _split_withdraw(blocked, conversation=conversation, ids=[*(m.pk for m in window), None])
        raise MessageBlocked(blocked.decision, text=body) from blocked
    for pk in released:
        _after_release(conversation, pk)
    _after_message(message)
    if hold:
        _on_commit(_schedule_release, message_id=message.pk, delay=settings.MESSAGING_HOLD_SECONDS)
    return message


def _known_no_attachments(message: Message) -> None:
    """Fill Django's prefetch cache with an already-evaluated empty result, as prefetch_related does: an
    unevaluated `.none()` still went through the SQL compiler when the partial asked `if files`."""
    empty = Attachment.objects.none()
    empty._result_cache = []  # what prefetch_related sets
    empty._prefetch_done = True
    message._prefetched_objects_cache = {"attachments": empty}  # type: ignore[attr-defined]


def _split_withdraw(blocked: ContentBlocked, *, conversation: Conversation, ids: list[int | None]) -> list[int]:
    """A refused text completed a contact detail with earlier (or, for an edit, later) messages of the
    sender: withdraw those pieces from the recipient's view (they see "removed by Trustlance", or never
    see a piece that was still held back), push that to their open pages, and keep the pieces' ids
    and texts on the flag with the rest of the evidence. `ids` maps the policy's message indices
    (preceding + the refused text + following) to message ids; None for the refused text itself."""
    decision = blocked.decision
    found = getattr(decision, "conversation", None) or []
    if not found:
        return []
    indices = sorted({i for c in found for i in c.get("message_indices", ())})
    texts = [*decision.preceding, decision.text, *getattr(decision, "following", ())]
    pieces = [
        {"message_id": ids[i], "text": texts[i] if i < len(texts) else ""} for i in indices if i < len(ids)
    ]
    withdraw = [p["message_id"] for p in pieces if p["message_id"] is not None]
    now = timezone.now()
    with transaction.atomic():
        Message.objects.filter(pk__in=withdraw, conversation=conversation, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )
    for pk in withdraw:
        _on_commit(realtime.broadcast_message, message_id=pk, event="message_updated")
    flag = getattr(blocked, "flag", None)
    if flag is not None:
        from trust.services import flag_add_evidence

        flag_add_evidence(flag=flag, split_pieces=pieces, withdrawn_message_ids=withdraw)
    return withdraw


def _held_release(conversation: Conversation, ids: list[int]) -> list[int]:
    """Deliver held messages (not withdrawn ones): the recipient's unread counter grows and the
    conversation moves up their inbox, as it would have at send time. Returns the released ids."""
    if not ids:
        return []
    rows = list(
        Message.objects.filter(pk__in=ids, held_until__isnull=False, withdrawn_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("pk", "created_at", "sender_id")
    )
    released = []
    for pk, created_at, sender_id in rows:
        # Conditional: the timer and the next send may race; only one of them delivers.
        if Message.objects.filter(pk=pk, held_until__isnull=False).update(held_until=None) != 1:
            continue
        reader = conversation.freelancer_id if sender_id == conversation.client_id else conversation.client_id
        field = conversation.unread_field(reader)
        at = Value(created_at)
        Conversation.objects.filter(pk=conversation.pk).update(
            **{field: F(field) + 1, "last_message_at": Greatest(Coalesce(F("last_message_at"), at), at)}
        )
        released.append(pk)
    return released


def _after_release(conversation: Conversation, message_id: int) -> None:
    """A released message reaches the recipient's open pages (and the sender's, without the note),
    their badge, and the new-message email, as a message just sent would."""
    _on_commit(realtime.broadcast_message, message_id=message_id)
    if settings.MESSAGING_EMAIL_NOTIFICATIONS:
        message = Message.objects.filter(pk=message_id).only("sender_id").first()
        if message is not None and message.sender_id is not None:
            recipient_id = (
                conversation.freelancer_id if message.sender_id == conversation.client_id else conversation.client_id
            )
            _on_commit(
                _schedule_new_message_email,
                message_id=message_id, conversation_id=conversation.pk, recipient_id=recipient_id,
            )


def message_release_held(*, message_id: int) -> bool:
    """The hold of `message_id` timed out (messaging.tasks.release_held_message): deliver it unless
    the sender's next message already did, or it was withdrawn. True when this call delivered it."""
    message = Message.objects.select_related("conversation").filter(pk=message_id).first()
    if message is None or message.held_until is None or message.withdrawn_at is not None:
        return False
    conversation = message.conversation
    with transaction.atomic():
        released = _held_release(conversation, [message.pk])
    for pk in released:
        _after_release(conversation, pk)
    return bool(released)


def message_release_due(*, now: datetime | None = None) -> int:
    """Deliver every hold that has timed out (the periodic sweep, for holds whose task was lost)."""
    now = now or timezone.now()
    ids = list(
        Message.objects.filter(held_until__isnull=False, held_until__lte=now, withdrawn_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    return sum(message_release_held(message_id=pk) for pk in ids)


def _schedule_release(*, message_id: int, delay: float) -> None:
    from .tasks import release_held_message

    _run_later(release_held_message, kwargs={"message_id": message_id}, delay=delay)


def _attachment_create(*, message: Message, upload: UploadedFile, recipient: User) -> Attachment:
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


def _email_pending_key(conversation_id: int, user_id: int) -> str:
    return f"messaging:email-pending:{conversation_id}:{user_id}"


def email_sent_key(conversation_id: int, user_id: int) -> str:
    """Set once a new-message email went out; cleared when the recipient reads (one email per unread run)."""
    return f"messaging:emailed:{conversation_id}:{user_id}"


def presence_key(conversation_id: int, user_id: int) -> str:
    """Set while `user_id` has the conversation open (the socket refreshes it with its heartbeat)."""
    return f"messaging:present:{conversation_id}:{user_id}"


def email_schedule(*, message_id: int, delay: float) -> None:
    """Run notify_new_message `delay` seconds from now."""
    from .tasks import notify_new_message

    _run_later(notify_new_message, kwargs={"message_id": message_id}, delay=delay)


def _run_later(task: Task[..., None], *, kwargs: dict[str, int], delay: float) -> None:
    """Run a Celery task `delay` seconds from now. With a worker, a countdown; in eager mode (no Redis:
    `make run`) a countdown would run at once, so a timer thread in this process waits instead
    (MESSAGING_EMAIL_EAGER_TIMER; off in the test suite, where tests call the task themselves)."""
    if not getattr(task.app.conf, "task_always_eager", False):
        task.apply_async(kwargs=kwargs, countdown=delay)
        return
    if not settings.MESSAGING_EMAIL_EAGER_TIMER:  # the test suite: a thread firing later would outlive the test
        return

    def later() -> None:
        from django.db import close_old_connections

        try:
            task.apply(kwargs=kwargs)
        except Exception:  # noqa: BLE001 - background work must not crash the process
            logger.exception("messaging: %s%s failed", task.name, kwargs)
        finally:
            close_old_connections()

    timer = threading.Timer(delay, later)
    timer.daemon = True
    timer.start()


def _schedule_new_message_email(*, message_id: int, conversation_id: int, recipient_id: int) -> None:
    """One delayed check per unread run: the first message of a burst schedules it, later ones don't."""
    delay = settings.MESSAGING_EMAIL_DELAY_SECONDS
    try:
        first = _counter_cache().add(_email_pending_key(conversation_id, recipient_id), message_id, timeout=delay + 60)
    except Exception:  # noqa: BLE001 - cache down: schedule anyway; the task decides
        first = True
    if first:
        email_schedule(message_id=message_id, delay=delay)


def _after_message(message: Message) -> None:
    _on_commit(realtime.broadcast_message, message=message)
    if message.sender_id is not None and settings.MESSAGING_EMAIL_NOTIFICATIONS and message.held_until is None:
        conversation = message.conversation
        recipient_id = (
            conversation.freelancer_id if message.sender_id == conversation.client_id else conversation.client_id
        )
        _on_commit(
            _schedule_new_message_email,
            message_id=message.pk, conversation_id=conversation.pk, recipient_id=recipient_id,
        )


def message_edit(*, message: Message, editor: User, body: str) -> Message:
    """The sender may reword a message within MESSAGING_EDIT_WINDOW; trust checks the new text."""
    if message.sender_id != editor.pk or message.is_system:
        raise EditNotAllowed("You can only edit your own messages.")
    if message.withdrawn_at is not None:
        raise EditNotAllowed("This message was removed by Trustlance and can't be edited.")
    if timezone.now() - message.created_at > settings.MESSAGING_EDIT_WINDOW:
        minutes = int(settings.MESSAGING_EDIT_WINDOW.total_seconds() // 60)
        raise EditNotAllowed(f"Messages can only be edited within {minutes} minutes of sending.")
    conversation = message.conversation
    _ensure_can_message(editor, counterpart=conversation.other_party(editor))
    body = _clean_body(body, has_attachment=message.attachments.exists())
    if body == message.body:
        return message
    rate_limit_hit(user=editor)
    # The new text is read with the sender's messages before AND after it: clean pieces followed by an
    # edit that turns the sequence into a number are a split like any other.
    before = selectors.message_sender_window(
        conversation=conversation, sender=editor, before=message.created_at, exclude_pk=message.pk
    )[-MAX_PRECEDING:]
    after = selectors.message_sender_after(message=message)[:MAX_PRECEDING]
    recipient = conversation.other_party(editor)
    try:
        with writing(author=editor, counterpart=recipient, context="message", target=message) as scope:
            scope.check(preceding=[m.body for m in before], following=[m.body for m in after], body=body)
            message.body = body
            message.edited_at = timezone.now()
            with transaction.atomic():
                message.full_clean()
                message.save(update_fields=["body", "edited_at", "updated_at"])
    except ContentBlocked as blocked:
        message.refresh_from_db()
        # The edited message keeps its old text; the other pieces are withdrawn.
        _split_withdraw(
            blocked, conversation=conversation, ids=[*(m.pk for m in before), None, *(m.pk for m in after)]
        )
        raise MessageBlocked(blocked.decision, text=body) from blocked
    _on_commit(realtime.broadcast_message, message_id=message.pk, event="message_updated")
    return message


def message_post_system(*, conversation: Conversation, body: str, visible_to: User | None = None) -> Message:
    """A notice from the platform (contract events, withheld attachments). Guarded like any text; a
    system write strikes nobody."""
    message = Message(
        conversation=conversation, sender=None, kind=Message.Kind.SYSTEM, body=body, visible_to=visible_to
    )
    with writing(author=None, context="message", target=conversation), transaction.atomic():
        message.full_clean()
        message.save()
        _conversation_bump(conversation, message)
    _after_message(message)
    return message


def _bump_shape(conversation: Conversation, message: Message) -> tuple[tuple[str, ...], bool]:
    """What a new message changes on its conversation: the unread counters that grow (sorted) and
    whether it moves up the inboxes (not a private notice, not held back). Records the readers on
    the message (the broadcast bumps exactly these badges) and the conversation's new last_message_at."""
    readers = [
        uid for uid in (conversation.client_id, conversation.freelancer_id)
        if uid != message.sender_id and message.visible_to_id in (None, uid)
    ]
    held = message.held_until is not None  # the recipient hears of it when it is released
    if held:
        readers = []
    counters = tuple(sorted(conversation.unread_field(uid) for uid in readers))
    moves = message.visible_to_id is None and not held
    if moves:
        conversation.last_message_at = message.created_at
    message.unread_readers = readers  # type: ignore[attr-defined]  # the broadcast bumps exactly these badges
    return counters, moves


def _bump_params(conversation: Conversation, message: Message, alias: str, moves: bool) -> list[Any]:
    params: list[Any] = [conversation.pk]
    if moves:
        params.insert(0, connections[alias].ops.adapt_datetimefield_value(message.created_at))
    return params


def _conversation_bump(conversation: Conversation, message: Message) -> None:
    """The one UPDATE a new message costs, in the message's transaction: the conversation moves up
    the inboxes (unless the message is a private notice) and each reader's unread counter grows."""
    counters, moves = _bump_shape(conversation, message)
    if counters or moves:
        alias = router.db_for_write(Conversation)
        with connections[alias].cursor() as cursor:
            cursor.execute(_bump_sql(alias, counters, moves), _bump_params(conversation, message, alias, moves))


def _insert_bumped(conversation: Conversation, message: Message, alias: str) -> None:
    """`message.save()` and `_conversation_bump` as ONE statement (PostgreSQL: an INSERT ... RETURNING and
    the UPDATE in a WITH): atomic by itself, so no BEGIN/COMMIT either, three round trips fewer per send,
    prepared behind the pool (core.db). Everything save() does around its INSERT still happens, in
    its order: the pre_save signal (trust's guard: it refuses unscanned or refused text here, before
    anything is written, exactly as on save()), the fields' own pre_save (created_at/updated_at), the
    values prepared by each field, then post_save and the instance marked as stored."""
    pre_save.send(sender=Message, instance=message, raw=False, using=alias, update_fields=None)
    connection = connections[alias]
    fields = _insert_fields()
    values: list[Any] = [f.get_db_prep_save(f.pre_save(message, True), connection) for f in fields]
    counters, moves = _bump_shape(conversation, message)
    params = values + (_bump_params(conversation, message, alias, moves) if counters or moves else [])
    with db.prepared_cursor(alias) as cursor:
        cursor.execute(_insert_bumped_sql(alias, counters, moves), params)
        (pk,) = cursor.fetchone()
    message.pk = pk
    message._state.adding = False
    message._state.db = alias
    post_save.send(sender=Message, instance=message, created=True, update_fields=None, raw=False, using=alias)


@cache
def _insert_fields() -> tuple[Field, ...]:
    """The columns save() inserts for a Message: every concrete field but the generated primary key."""
    return tuple(f for f in Message._meta.local_concrete_fields if not f.primary_key)


@cache
def _insert_bumped_sql(alias: str, counters: tuple[str, ...], moves: bool) -> str:
    """`WITH m AS (INSERT INTO message (...) VALUES (...) RETURNING id)[, b AS (UPDATE conversation ...)]
    SELECT id FROM m`, written once per shape. PostgreSQL runs every data-modifying WITH to completion
    whether or not the final SELECT reads it."""
    qn = connections[alias].ops.quote_name
    columns = ", ".join(qn(selectors.column(Message, f.name)) for f in _insert_fields())
    pk = qn(selectors.column(Message, "id"))
    insert = (
        f"INSERT INTO {qn(Message._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(_insert_fields()))}) RETURNING {pk}"
    )
    bump = f", b AS ({_bump_sql(alias, counters, moves)})" if counters or moves else ""
    return f"WITH m AS ({insert}){bump} SELECT {pk} FROM m"


@cache
def _bump_sql(alias: str, counters: tuple[str, ...], moves: bool) -> str:
    """`UPDATE conversation SET <counter> = <counter> + 1[, last_message_at = %s] WHERE id = %s`, written
    once per shape: the ORM's update() compiled the same statement on every message."""
    qn = connections[alias].ops.quote_name

    def col(name: str) -> str:
        return qn(selectors.column(Conversation, name))

    sets = [f"{col(c)} = {col(c)} + 1" for c in counters]
    if moves:
        sets.append(f"{col('last_message_at')} = %s")
    return f"UPDATE {qn(Conversation._meta.db_table)} SET {', '.join(sets)} WHERE {col('id')} = %s"


# --- attachments --------------------------------------------------------------------------------


def attachment_mark_clean(*, attachment: Attachment) -> Attachment:
    """Deliver (trust's scan passed the file, or staff released it) and tell the recipient's page."""
    attachment.status = Attachment.Status.CLEAN
    attachment.hold_reason = Attachment.HoldReason.NONE
    attachment.found_kinds = []
    attachment.scanned_at = timezone.now()
    with transaction.atomic():
        attachment.save(update_fields=["status", "hold_reason", "found_kinds", "scanned_at", "updated_at"])
    _on_commit(realtime.broadcast_message, message_id=attachment.message_id, event="message_updated")
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
    _on_commit(realtime.broadcast_message, message_id=message.pk, event="message_updated")
    return attachment


def attachment_release(*, attachment: Attachment, reviewer: User) -> Attachment:
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
