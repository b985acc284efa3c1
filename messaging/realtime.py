"""Fan-out to open pages through the channel layer (in-memory, or Redis across processes).

Groups: `conversation-<pk>` (every open page of a conversation) and `user-<pk>` (every open page of
a user: the nav unread badge). Events carry one payload for both parties; `view_for` trims it to
what a given viewer may see (the consumer calls it per socket), so the rule lives in one place.
Always called after commit: what is broadcast is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import lru_cache
from html import escape  # django.utils.html.escape's characters, without its lazy-string and SafeString wrapping
from typing import TYPE_CHECKING, Literal, NotRequired, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # (not in django-stubs)
from django.utils.translation import get_language

from core.urls import int_url

from .models import Attachment, Message, conversation_group_name, user_group_name

if TYPE_CHECKING:
    from accounts.models import User


class AttachmentPayload(TypedDict):
    id: int
    name: str
    status: str
    status_text: str
    size: int
    url: str


class AttachmentView(TypedDict):
    """A file as one viewer sees it: a pending one is a placeholder (no name, size or link)."""

    id: int
    name: str
    status: str
    url: str
    size: NotRequired[int]
    status_text: NotRequired[str]


class _MessageFields(TypedDict):
    id: int
    conversation_id: int
    kind: str
    sender_id: int | None
    sender_name: str
    body: str
    created_at: str
    created_display: str
    edited: bool
    held: bool
    withdrawn: bool
    visible_to_id: int | None


class MessagePayload(_MessageFields):
    """One stored message for both parties (`view_for` trims it per viewer)."""

    html: dict[str, str]  # the rendered partial per viewer id (str: the key survives msgpack/JSON)
    attachments: list[AttachmentPayload]


class MessageView(_MessageFields):
    """What the socket sends one viewer (`message` of {"type": "message" | "message_updated"})."""

    html: str
    attachments: list[AttachmentView]
    mine: bool


# The channel-layer events of messaging's groups (`type` names the consumer handler: chat.message ->
# chat_message).
class ChatMessageEvent(TypedDict):
    type: Literal["chat.message"]
    event: str  # "message" | "message_updated": the type the client gets
    message: MessagePayload
    # A new message: the users whose unread badge it grows. A conversation socket of theirs counts it
    # from this event (and skips the matching `unread.changed`), so the badge rides on this delivery.
    readers: NotRequired[list[int]]


class ChatReadEvent(TypedDict):
    type: Literal["chat.read"]
    user_id: int
    at: str


class ChatTypingEvent(TypedDict):
    type: Literal["chat.typing"]
    user_id: int


class UnreadChangedEvent(TypedDict):
    """An absolute `count` (after a read) or a `delta` (a new message of `conversation_id`)."""

    type: Literal["unread.changed"]
    count: NotRequired[int]
    delta: NotRequired[int]
    conversation_id: NotRequired[int]


class UserSuspendedEvent(TypedDict):
    type: Literal["user.suspended"]


GroupEvent = ChatMessageEvent | ChatReadEvent | ChatTypingEvent | UnreadChangedEvent | UserSuspendedEvent


def render_for(message: Message, viewer: User, *, stamp: tuple[str, str] | None = None) -> str:
    """The message as `viewer` sees it, from the same partial as the page (Edit within the window for
    the sender, Report for the recipient, the files each may see): the JavaScript inserts this HTML.
    `stamp`: the message's `_stamp` when the caller has it already (both viewers share it)."""
    fast = _render_plain(message, viewer, stamp=stamp)
    if fast is not None:
        return fast
    return render_to_string("messaging/partials/message.html", {"m": message, "user": viewer, "seen_id": None})


def _stamp(message: Message) -> tuple[str, str]:
    """The creation time as the page shows it: (ISO 8601 in the current time zone, "M j, H:i"). The
    template's `|date:"c"` is the local time's isoformat(); computed once per message, not per viewer."""
    created = template_localtime(message.created_at)
    return created.isoformat(), _display(created.replace(second=0, microsecond=0, tzinfo=None), get_language())


@lru_cache(maxsize=256)
def _display(local_minute: datetime, language: str | None) -> str:
    """`date_format(created, "M j, H:i")`: it reads the local wall-clock time only (no zone), to the minute,
    so one call serves every message of the same local minute and language (month names). Keyed by the
    naive local time: aware datetimes of the same instant in other zones compare equal."""
    return date_format(local_minute, "M j, H:i")


def _render_plain(message: Message, viewer: User, *, stamp: tuple[str, str] | None = None) -> str | None:
    """messaging/partials/message.html's output for the common case, without the template engine (two
    renders were ~25% of a send's CPU): a text message with a body, not withdrawn, not held back, with
    no files (the send path's prefetched empty list). None for anything else: the template renders it.
    tests/messaging/test_realtime_render.py compares both outputs character for character."""
    files = getattr(message, "_prefetched_objects_cache", {}).get("attachments")
    if (
        files is None
        or len(files)
        or message.is_system
        or not message.body
        or message.withdrawn_at is not None
        or message.held_until is not None
        or not viewer.is_authenticated
    ):
        return None
    from trust.templatetags.trust_tags import report_url as trust_report_url

    mine = message.sender_id == viewer.pk
    created_iso, created_display = stamp or _stamp(message)
    if mine:
        name = "You"
        own = "\n    \n  "
        if message.is_editable:
            until = template_localtime(message.edit_until).isoformat()
            url = int_url("messaging:message-edit", message.pk)
            link = f'<a href="{url}" class="small" data-edit-until="{until}">Edit</a>'
        else:
            link = ""
    else:
        name = escape(message.sender.display_name) if message.sender is not None else ""
        own = ""
        report_url = trust_report_url(viewer, message)
        link = (
            f'<a class="report-link small muted" href="{escape(report_url)}?next=" rel="nofollow" '
            'title="Report this to our trust & safety team">Report</a>\n'
            if report_url
            else "\n"
        )
    edited = "<span data-edited>(edited)</span>" if message.edited_at else ""
    return (
        f'\n<li class="msg{" mine" if mine else ""}" id="m-{message.pk}" data-message-id="{message.pk}">\n'
        f'  \n  <div class="meta">\n    <strong>{name}</strong>\n'
        f'    <time datetime="{created_iso}">{created_display}</time>\n'
        f"    {edited}\n  </div>\n  \n"
        f'  \n  <div class="body">{escape(message.body)}</div>\n'
        f"  {own}\n  \n  \n  \n"
        f'  <div class="meta">\n    {link}\n    \n  </div>\n  \n</li>\n'
    )


def _rendered(message: Message, stamp: tuple[str, str] | None = None) -> dict[str, str]:
    conversation = message.conversation
    html: dict[str, str] = {}
    for viewer in (conversation.client, conversation.freelancer):
        if message.visible_to_id in (None, viewer.pk):
            html[str(viewer.pk)] = render_for(message, viewer, stamp=stamp)
    return html


def message_payload(message: Message) -> MessagePayload:
    stamp = _stamp(message)  # the payload's and both partials' created_at / created_display
    return {
        "html": _rendered(message, stamp),
        "id": message.pk,
        "conversation_id": message.conversation_id,
        "kind": message.kind,
        "sender_id": message.sender_id,
        "sender_name": message.sender.display_name if message.sender is not None else "",
        "body": message.body,
        "created_at": stamp[0],
        "created_display": stamp[1],
        "edited": message.edited_at is not None,
        # Held back (looks like the start of a contact detail): the sender's page only, until released.
        "held": message.held_until is not None and message.held_until > timezone.now(),
        # Withdrawn by Trustlance (a later message completed a contact detail with it): the recipient
        # gets the placeholder the partial renders, never the text.
        "withdrawn": message.withdrawn_at is not None,
        "visible_to_id": message.visible_to_id,
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "status": a.status,
                "status_text": a.status_text,
                "size": a.size_bytes,
                "url": int_url("messaging:attachment-download", a.pk),
            }
            for a in message.attachments.all()
        ],
    }


def view_for(payload: MessagePayload, user_id: int) -> MessageView | None:
    """What `user_id` may see of a message payload: None if the notice is for the other party or the
    message is held back from them; a withdrawn message without its text or files; the recipient
    sees delivered files only (a placeholder while one is being checked)."""
    if payload.get("visible_to_id") not in (None, user_id):
        return None
    mine = payload.get("sender_id") == user_id
    if not mine and payload.get("held"):
        return None
    view: MessageView = {
        "html": (payload.get("html") or {}).get(str(user_id), ""),
        "id": payload["id"],
        "conversation_id": payload["conversation_id"],
        "kind": payload["kind"],
        "sender_id": payload["sender_id"],
        "sender_name": payload["sender_name"],
        "body": payload["body"],
        "created_at": payload["created_at"],
        "created_display": payload["created_display"],
        "edited": payload["edited"],
        "held": payload["held"],
        "withdrawn": payload["withdrawn"],
        "visible_to_id": payload["visible_to_id"],
        "attachments": [],
        "mine": mine,
    }
    if not mine and payload.get("withdrawn"):
        view["body"] = ""
        return view
    files: list[AttachmentView] = []
    for a in payload.get("attachments", []):
        if mine:  # the sender sees every field
            files.append(
                {
                    "id": a["id"],
                    "name": a["name"],
                    "status": a["status"],
                    "status_text": a["status_text"],
                    "size": a["size"],
                    "url": a["url"],
                }
            )
        elif a["status"] == Attachment.Status.CLEAN:
            files.append({"id": a["id"], "name": a["name"], "status": a["status"], "size": a["size"], "url": a["url"]})
        elif a["status"] == Attachment.Status.PENDING:
            files.append({"id": a["id"], "status": "pending", "name": "", "url": ""})
    view["attachments"] = files
    return view


# Set by the consumer around a service call: events are collected and sent by the consumer on the
# event loop instead of blocking the (single, shared) database thread on a channel-layer round trip.
_collector: ContextVar[list[tuple[str, GroupEvent]] | None] = ContextVar("messaging_collector", default=None)


@contextmanager
def collect() -> Iterator[list[tuple[str, GroupEvent]]]:
    """Collect (group, event) pairs instead of sending them; the caller sends them afterwards."""
    events: list[tuple[str, GroupEvent]] = []
    token = _collector.set(events)
    try:
        yield events
    finally:
        _collector.reset(token)


def _send(group: str, event: GroupEvent) -> None:
    events = _collector.get()
    if events is not None:
        events.append((group, event))
        return
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)


def broadcast_message(*, message_id: int | None = None, message: Message | None = None, event: str = "message") -> None:
    """Send a stored message to its conversation (and the recipient's unread badge).

    Pass the in-memory `message` from the service that just saved it (no reload), or its id."""
    if message is None:
        try:
            message = (
                Message.objects.select_related("sender", "conversation__client", "conversation__freelancer")
                .prefetch_related("attachments")
                .get(pk=message_id)
            )
        except Message.DoesNotExist:
            return
    payload = message_payload(message)
    chat: ChatMessageEvent = {"type": "chat.message", "event": event, "message": payload}
    if event != "message" or payload["held"]:
        _send(message.conversation.group_name, chat)
        return
    # The readers' badges grow by one (their sockets keep the count; a read sends the total again).
    conversation = message.conversation
    readers = getattr(message, "unread_readers", None)
    if readers is None:
        readers = [
            uid for uid in (conversation.client_id, conversation.freelancer_id)
            if uid != message.sender_id and message.visible_to_id in (None, uid)
        ]
    chat["readers"] = list(readers)
    _send(conversation.group_name, chat)
    for user_id in readers:
        # Every other socket of the reader (the nav badge on other pages, another conversation) counts
        # this; their sockets on this conversation counted it from the chat event (consumers).
        _send(user_group_name(user_id), {"type": "unread.changed", "delta": 1, "conversation_id": conversation.pk})


def broadcast_unread(*, user: User) -> None:
    from .selectors import unread_total

    _send(user_group_name(user.pk), {"type": "unread.changed", "count": unread_total(user=user)})


def broadcast_read(*, conversation_id: int, user_id: int, at: datetime) -> None:
    from .models import Conversation

    _send(conversation_group_name(conversation_id), {"type": "chat.read", "user_id": user_id, "at": at.isoformat()})
    conversation = Conversation.objects.select_related("client", "freelancer").filter(pk=conversation_id).first()
    if conversation is not None:
        reader = conversation.client if conversation.client_id == user_id else conversation.freelancer
        broadcast_unread(user=reader)


def close_user_sockets(*, user_id: int) -> None:
    """Close every open socket of `user_id`, in every process (the per-user group): a suspended
    user's open pages stop receiving at once instead of at their next request."""
    _send(user_group_name(user_id), {"type": "user.suspended"})
