"""WebSocket endpoints of messaging.

`ws/conversations/<pk>/[?after=<message id>]` — one conversation, for its two parties only.
    `after` replays the messages stored after that id (sent while the page loaded or the socket
    was reconnecting), so a live page never misses one.
    Handshake: the session cookie (AuthMiddlewareStack) and a same-site Origin
    (AllowedHostsOriginValidator in config/asgi.py). The socket is accepted and then closed with
    4401 when the session is not authenticated, 4403 when the user is not a party (accepting first
    lets browsers see the close code; a refused handshake only shows "403").
    Client -> server (JSON):
        {"type": "send", "body": "...", "client_id": "..."}      send a message
        {"type": "edit", "message_id": 1, "body": "..."}          reword within the edit window
        {"type": "read"}                                          everything so far is read
        {"type": "typing"}                                        the other party sees "typing..."
    Server -> client:
        {"type": "message" | "message_updated", "message": {...}} a stored message (both parties)
        {"type": "sent", "client_id": "...", "id": 1, "message": {...}}
                                                                  your send was stored, as you see it
                                                                  (this socket may get no "message" for it)
        {"type": "error", "code": "blocked" | "rate_limited" | "restricted" | "invalid" | ...,
         "message": "...", "text": "...", "highlighted_html": "...", "findings": [...], "client_id": "..."}
        {"type": "read", "user_id": 2, "at": "..."}               the other party read up to `at`
        {"type": "unread", "count": 3}                            nav badge (all conversations)
        {"type": "typing", "user_id": 2}
`ws/notifications/` — the nav unread badge on every other page (the user's own group).
`ws/bench/echo/` — a bare echo, mounted only with settings.BENCH_VIEWS (bench/messaging_bench.py).

Every send goes through `services.message_send`, the same function as the HTML form: the message
is checked and stored before it is broadcast; a refused message never reaches the other socket.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Literal, NoReturn, ParamSpec, TypedDict, TypeVar, cast
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.db import DatabaseSyncToAsync, database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections

from trust.standing import is_suspended

from . import realtime, selectors, services
from .exceptions import MessageBlocked, MessagingError, RateLimited
from .models import Conversation, Message, conversation_group_name, user_group_name

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class NotificationsChangedEvent(TypedDict):  # sent by notifications.realtime
    type: Literal["notifications.changed"]
    count: int

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_SUSPENDED = 4403  # the pages don't reconnect on 4403; the next page load signs the user out
TYPING_EVERY_SECONDS = 2.0
PRESENCE_SECONDS = 75  # the page pings every 25 s (static/js/messaging.js)
REPLAY_LIMIT = 100
# A frame is a chat message (MESSAGING_MAX_LENGTH characters, escaped at most 6x) plus its envelope.
MAX_FRAME_CHARS = 64 * 1024
MAX_CLIENT_ID_CHARS = 64
MAX_ID = 2**63 - 1


class BadFrame(ValueError):
    """A frame we can't act on; answered with {"type": "error", "code": "invalid"}, socket kept."""


def _reject_constant(name: str) -> NoReturn:
    raise BadFrame(f"{name} is not a valid JSON number here.")


def decode_frame(text_data: str | None, bytes_data: bytes | None) -> Any:  # any JSON value
    """JSON text frames only: binary frames, invalid or oversized JSON, NaN/Infinity and nesting
    deep enough to exhaust the parser become BadFrame, never an exception that closes the socket."""
    if text_data is None:
        raise BadFrame("Binary frames are not supported: send JSON text.")
    if len(text_data) > MAX_FRAME_CHARS:
        raise BadFrame("That frame is too large.")
    try:
        return json.loads(text_data, parse_constant=_reject_constant)
    except BadFrame:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise BadFrame("That frame is not valid JSON.") from exc


def frame_id(value: object) -> int:
    """A database id from a frame: a positive JSON integer (or its digits), nothing else (no bools,
    no floats such as 1e309, which json reads as infinity)."""
    if isinstance(value, bool):
        raise BadFrame("Expected a message id.")
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        value = int(value)
    if not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise BadFrame("Expected a message id.")
    return value


def frame_client_id(value: object) -> str | int | None:
    """The sender's own token for a send, echoed back on "sent"/"error": a short string or integer."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_ID):
        return value
    if isinstance(value, str) and len(value) <= MAX_CLIENT_ID_CHARS:
        return value
    raise BadFrame("client_id must be a short string.")


def _error_event(exc: Exception, *, client_id: str | int | None = None) -> dict[str, object]:
    if isinstance(exc, MessagingError):
        event: dict[str, object] = {"type": "error", "code": exc.code_name, "message": exc.text}
        if isinstance(exc, MessageBlocked):
            decision = exc.decision
            event.update(
                text=exc.body,
                highlighted_html=str(decision.highlighted_html),
                findings=[
                    {"kind": f.kind, "reason": f.reason, "start": f.start, "end": f.end, "matched": f.matched}
                    for f in decision.findings
                ],
            )
        if isinstance(exc, RateLimited):
            event["retry_after"] = exc.retry_after
    else:
        messages = getattr(exc, "messages", None) or [str(exc)]
        event = {"type": "error", "code": "invalid", "message": " ".join(messages)}
    if client_id is not None:
        event["client_id"] = client_id
    return event


class DirectDispatch:
    """Dispatch each event straight to its handler.

    Channels (4.2+) awaits `aclose_old_connections()` before every handler: a hop onto the one
    thread-sensitive thread per event (each frame, each group message), queued behind every other
    socket's hop in the process: four per chat message. Our handlers never touch the database on
    the event loop: database work runs through `DatabaseSyncToAsync`, which closes stale connections
    itself in the thread that uses them, before and after each call. Mixed in before the Channels
    base class (the bench's yardstick consumers use it too, so the comparison stays fair)."""

    async def dispatch(self, message: dict[str, Any]) -> None:
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)


class _UserSocket(DirectDispatch, AsyncJsonWebsocketConsumer):
    """Shared handlers: the per-user group (nav badge)."""

    user: User  # set by connect() once the socket is accepted for this user
    unread: int | None = None
    joined: list[str]

    async def _join(self, *groups: str) -> None:
        self.joined = list(groups)
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def unread_changed(self, event: realtime.UnreadChangedEvent) -> None:
        """The nav badge: an absolute count (after a read) or +1 (a new message) on the count this
        socket was given when it connected."""
        if "count" in event:
            self.unread = int(event["count"])
        elif self.unread is not None:
            self.unread += int(event.get("delta", 0))
        else:
            return
        await self.send_json({"type": "unread", "count": self.unread})

    async def user_suspended(self, event: realtime.UserSuspendedEvent) -> None:
        """Trust suspended this user: every open socket of theirs closes now (realtime.close_user_sockets)."""
        await self.close(code=CLOSE_SUSPENDED)

    async def notifications_changed(self, event: NotificationsChangedEvent) -> None:
        await self.send_json({"type": "notifications", "count": event["count"]})

    async def _refuse(self, code: int) -> None:
        await self.accept()
        await self.close(code=code)


class NotificationsConsumer(_UserSocket):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self._refuse(CLOSE_UNAUTHENTICATED)
            return
        if await database_sync_to_async(is_suspended)(user):
            await self._refuse(CLOSE_SUSPENDED)
            return
        self.user = user
        await self._join(user_group_name(user.pk))
        await self.accept()
        self.unread = await database_sync_to_async(selectors.unread_total)(user=user)
        await self.send_json({"type": "unread", "count": self.unread})

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: object) -> None:
        """Read-only socket: pings are answered, anything else ignored (never a reason to close)."""
        try:
            content = decode_frame(text_data, bytes_data)
        except BadFrame as exc:
            await self.send_json({"type": "error", "code": "invalid", "message": str(exc)})
            return
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})


_db_executor: ThreadPoolExecutor | None = None
_db_executor_lock = threading.Lock()


def _db_threads() -> ThreadPoolExecutor:
    """The process's MESSAGING_DB_THREADS threads for socket database work (made on first use)."""
    global _db_executor
    if _db_executor is None:
        with _db_executor_lock:
            if _db_executor is None:
                _db_executor = ThreadPoolExecutor(
                    max_workers=max(1, settings.MESSAGING_DB_THREADS), thread_name_prefix="messaging-db"
                )
    return _db_executor


def _database(fn: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """channels' database_sync_to_async (connections closed/recycled around each call): on the process's
    few messaging threads when the database takes concurrent connections (not asyncio's default
    executor, whose cores + 4 threads spend a send's Python fighting over the GIL), on the one
    database thread otherwise (SQLite: one writer at a time anyway)."""
    if settings.MESSAGING_DB_CONCURRENT:
        return DatabaseSyncToAsync(_closing(fn), thread_sensitive=False, executor=_db_threads())
    return DatabaseSyncToAsync(fn, thread_sensitive=True)


def _closing(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn`, then this thread's expired connections closed (returned to the pool), inside the call's own
    context: DatabaseSyncToAsync's closing after the call left the connection a call opened in one of these
    long-lived threads open (seen as test databases that could not be dropped)."""

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        finally:
            close_old_connections()

    return call


def _load_conversation(pk: int, user: User) -> Conversation | None:
    """The conversation if `user` is a party and not suspended (a suspended user's sockets were
    closed by messaging.receivers and must not come back)."""
    conversation = Conversation.objects.select_related("client", "freelancer").filter(pk=pk).first()
    if conversation is None or not conversation.is_party(user) or is_suspended(user):
        return None
    conversation.viewer_unread_total = selectors.unread_total(user=user)  # type: ignore[attr-defined]  # badge base
    return conversation


def _covered(events: list[tuple[str, realtime.GroupEvent]]) -> dict[int, int]:
    """{index of a badge event: index of the chat event it rides on}: a new message's `unread.changed`
    need not reach the sockets that get the message itself in its conversation's group (they count it
    from the chat event), so a layer that can skips them (messaging.layers)."""
    chats = {
        group: index
        for index, (group, event) in enumerate(events)
        if event["type"] == "chat.message" and "readers" in event
    }
    covered: dict[int, int] = {}
    for index, (_, event) in enumerate(events):
        if event["type"] == "unread.changed" and "conversation_id" in event:
            chat = chats.get(conversation_group_name(event["conversation_id"]))
            if chat is not None and chat < index:
                covered[index] = chat
    return covered


class ConversationConsumer(_UserSocket):
    conversation: Conversation
    _last_typing: float = 0.0

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self._refuse(CLOSE_UNAUTHENTICATED)
            return
        pk = int(self.scope["url_route"]["kwargs"]["pk"])
        conversation = await database_sync_to_async(_load_conversation)(pk, user)
        if conversation is None:
            await self._refuse(CLOSE_FORBIDDEN)
            return
        self.unread = conversation.viewer_unread_total
        self.user = user
        self.conversation = conversation
        # Pages whose script shows the sender's message from its ack say so (`?ack=view`); a page loaded
        # before that script (open through a deploy) keeps getting its own message as a broadcast.
        self.ack_views = self._query().get("ack") == ["view"]
        # `?unread=inline`: this script reads the badge's count from the new message's own frame, so a
        # message costs the recipient's page one frame, not two.
        self.unread_inline = self._query().get("unread") == ["inline"]
        await self._join(conversation.group_name, user_group_name(user.pk))
        await self.accept()
        await self._present(True)
        after = self._after_id()
        if after is not None:
            for payload in await database_sync_to_async(self._since)(after):
                await self.chat_message({"type": "chat.message", "event": "message", "message": payload})

    def _query(self) -> dict[str, list[str]]:
        return parse_qs(self.scope.get("query_string", b"").decode())

    def _after_id(self) -> int | None:
        """`?after=<message id>`: the newest message the page already shows."""
        value = (self._query().get("after") or [""])[0]
        return int(value) if value.isdigit() else None

    def _since(self, after: int) -> list[realtime.MessagePayload]:
        """Messages stored after the page rendered and before this socket joined the group."""
        rows = (
            Message.objects.filter(conversation=self.conversation, pk__gt=after)
            .select_related("sender")
            .prefetch_related("attachments")
            .order_by("pk")[:REPLAY_LIMIT]
        )
        payloads = []
        for m in rows:
            m.conversation = self.conversation  # with both parties loaded: no query per message
            payloads.append(realtime.message_payload(m))
        return payloads

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: object) -> None:
        """Every frame gets an answer and the socket stays open: malformed ones an "invalid" error,
        and an unexpected failure while handling one is logged and reported as "server_error"."""
        try:
            content = decode_frame(text_data, bytes_data)
            if not isinstance(content, dict):
                raise BadFrame("Expected a JSON object.")
            await self.receive_json(content)
        except BadFrame as exc:
            await self.send_json({"type": "error", "code": "invalid", "message": str(exc)})
        except Exception:
            logger.exception("messaging: frame from user %s failed", getattr(getattr(self, "user", None), "pk", None))
            await self.send_json(
                {"type": "error", "code": "server_error", "message": "Something went wrong; please try again."}
            )

    async def receive_json(self, content: dict[str, Any], **kwargs: object) -> None:  # a JSON object
        kind = content.get("type")
        if kind == "send":
            await self._send_message(content)
        elif kind == "edit":
            await self._edit_message(content)
        elif kind == "read":
            await self._run(self._mark_read)
        elif kind == "typing":
            await self._typing()
        elif kind == "ping":
            await self.send_json({"type": "pong"})
            await self._present(True)
        else:
            await self.send_json({"type": "error", "code": "invalid", "message": "Unknown action."})

    async def _send_message(self, content: dict[str, Any]) -> None:  # the JSON frame
        client_id = frame_client_id(content.get("client_id"))
        body = content.get("body")
        if not isinstance(body, str):
            await self.send_json(_error_event(ValidationError("Write a message."), client_id=client_id))
            return
        if content.get("resend") is True:
            # The page resends what was never acknowledged; if it was stored before the connection
            # dropped, acknowledge that one instead of storing it twice.
            stored = await _database(self._already_stored)(body)
            if stored is not None:
                await self.send_json({"type": "sent", "client_id": client_id, "id": stored})
                return
        message, error, events = await self._call(
            services.message_send, conversation=self.conversation, sender=self.user, body=body
        )
        own = self._own_message(events, message.pk) if message is not None and self.ack_views else None
        if own is None:
            await self._broadcast(events)
        else:
            # This socket gets its view in the ack below: the layer skips it (not the sender's other
            # sockets) where it can; elsewhere the later "message" frame is a harmless repeat.
            await self._broadcast(events, exclude={own: self.channel_name})
        if error is not None:
            if isinstance(error, ValidationError):
                await self.send_json(_error_event(error, client_id=client_id))
                return
            raise error
        assert message is not None  # message_send returns the stored message or raises
        ack: dict[str, object] = {"type": "sent", "client_id": client_id, "id": message.pk}
        if own is not None:
            ack["message"] = realtime.view_for(cast(realtime.ChatMessageEvent, events[own][1])["message"], self.user.pk)
        await self.send_json(ack)

    def _own_message(self, events: list[tuple[str, realtime.GroupEvent]], message_id: int) -> int | None:
        """The index of the new message's chat.message event in this conversation's group, if any."""
        for index, (group, event) in enumerate(events):
            if (
                group == self.conversation.group_name
                and event["type"] == "chat.message"
                and event.get("event", "message") == "message"
                and event["message"]["id"] == message_id
            ):
                return index
        return None

    def _already_stored(self, body: str) -> int | None:
        return selectors.message_recent_same(conversation=self.conversation, sender=self.user, body=body)

    async def _run(self, service: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run a service in a database thread, then fan out what it broadcast from the event loop.

        With MESSAGING_DB_CONCURRENT (PostgreSQL) services run on a thread pool, each thread with its
        own connection, so one process serves many sends at once instead of queueing them all on
        Channels' single database thread. The service's after-commit broadcasts are collected
        instead of sent, so no database thread waits on a channel-layer round trip (Redis); they are
        sent here, still strictly after the commit. A refusal can have committed broadcasts too (a
        split's earlier pieces withdrawn): they are sent before the error is raised to the caller."""

        result, error, events = await self._call(service, *args, **kwargs)
        await self._broadcast(events)
        if error is not None:
            raise error
        return cast(R, result)  # the service returned (None only if it returns None)

    async def _call(
        self, service: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs
    ) -> tuple[R | None, BaseException | None, list[tuple[str, realtime.GroupEvent]]]:
        """The service's result or exception and its collected broadcasts, not yet sent (see _run)."""

        def call() -> tuple[R | None, BaseException | None, list[tuple[str, realtime.GroupEvent]]]:
            with realtime.collect() as events:
                try:
                    return service(*args, **kwargs), None, events
                except Exception as exc:  # noqa: BLE001 - re-raised by the caller, after the broadcasts
                    return None, exc, events

        return await _database(call)()

    async def _broadcast(
        self, events: list[tuple[str, realtime.GroupEvent]], *, exclude: dict[int, str] | None = None
    ) -> None:
        """Send what a service broadcast, in order: in one go where the layer can (the Redis layer sends a
        message and the recipient's badge in two round trips, messaging.layers), else one by one.
        `exclude` ({event index: channel}) is passed to a layer that takes it (messaging.layers);
        others deliver to every member."""
        if not events:
            return
        send_many = getattr(self.channel_layer, "group_send_many", None)
        if send_many is not None:
            try:
                await send_many(events, exclude=exclude or {}, covered=_covered(events))
                return
            except Exception:  # stored already: a layer hiccup must not drop this socket
                logger.exception("messaging: broadcast to %s failed", ", ".join(group for group, _ in events))
                return
        for group, event in events:
            try:
                await self.channel_layer.group_send(group, event)
            except Exception:  # stored already: a layer hiccup must not drop this socket
                logger.exception("messaging: broadcast to %s failed", group)

    def _edit(self, message_id: int, body: str) -> Message:
        message = (
            Message.objects.select_related("conversation__client", "conversation__freelancer")
            .filter(pk=message_id, conversation=self.conversation)
            .first()
        )
        if message is None:
            raise ValidationError("That message doesn't exist in this conversation.")
        return services.message_edit(message=message, editor=self.user, body=body)

    async def _edit_message(self, content: dict[str, Any]) -> None:  # the JSON frame
        try:
            message_id = frame_id(content.get("message_id"))
        except BadFrame:
            await self.send_json({"type": "error", "code": "invalid", "message": "Which message should be edited?"})
            return
        body = content.get("body")
        if not isinstance(body, str):
            await self.send_json({"type": "error", "code": "invalid", "message": "Write the new text."})
            return
        try:
            await self._run(self._edit, message_id=message_id, body=body)
        except ValidationError as exc:
            event = _error_event(exc)
            event["message_id"] = content.get("message_id")
            await self.send_json(event)

    def _mark_read(self) -> None:
        conversation = Conversation.objects.get(pk=self.conversation.pk)
        services.conversation_mark_read(conversation=conversation, user=self.user)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "conversation", None) is not None:  # set after the user, once accepted
            await self._present(False)
        await super().disconnect(code)

    async def _present(self, here: bool) -> None:
        """Presence for the new-message email (never sent while the recipient has the page open):
        set on connect and on every heartbeat, expiring PRESENCE_SECONDS after the last one."""
        key = services.presence_key(self.conversation.pk, self.user.pk)
        cache = services._counter_cache()
        try:
            if here:
                await sync_to_async(cache.set, thread_sensitive=False)(key, 1, timeout=PRESENCE_SECONDS)
            else:
                await sync_to_async(cache.delete, thread_sensitive=False)(key)
        except Exception:  # noqa: BLE001 - presence is best effort (cache down)
            logger.warning("messaging: presence not recorded for user %s", self.user.pk)

    async def _typing(self) -> None:
        now = time.monotonic()
        if now - self._last_typing < TYPING_EVERY_SECONDS:
            return
        self._last_typing = now
        await self.channel_layer.group_send(
            self.conversation.group_name, {"type": "chat.typing", "user_id": self.user.pk}
        )

    # --- group events ---

    async def chat_message(self, event: realtime.ChatMessageEvent) -> None:
        view = realtime.view_for(event["message"], self.user.pk)
        if view is None:
            return
        frame: dict[str, object] = {"type": event.get("event", "message"), "message": view}
        counted = self.user.pk in event.get("readers", ()) and self.unread is not None
        if counted:
            # The reader's badge grows with the message itself (the `unread.changed` for this
            # conversation is skipped here: unread_changed, and the Redis layer doesn't deliver it).
            self.unread = cast(int, self.unread) + 1
            if self.unread_inline:
                frame["unread"] = self.unread
        await self.send_json(frame)
        if counted and not self.unread_inline:
            await self.send_json({"type": "unread", "count": self.unread})

    async def unread_changed(self, event: realtime.UnreadChangedEvent) -> None:
        if "delta" in event and event.get("conversation_id") == self.conversation.pk:
            return  # a message of this conversation: counted from its chat event (chat_message)
        await super().unread_changed(event)

    async def chat_read(self, event: realtime.ChatReadEvent) -> None:
        if event["user_id"] != self.user.pk:
            await self.send_json({"type": "read", "user_id": event["user_id"], "at": event["at"]})

    async def chat_typing(self, event: realtime.ChatTypingEvent) -> None:
        if event["user_id"] != self.user.pk:
            await self.send_json({"type": "typing", "user_id": event["user_id"]})


class EchoConsumer(DirectDispatch, AsyncJsonWebsocketConsumer):
    """Baseline for bench/messaging_bench.py: same JSON framing, no auth, no database, no layer."""

    channel_layer_alias = "bench-echo-no-layer"  # not configured: the consumer subscribes to nothing

    async def receive_json(self, content: Any, **kwargs: object) -> None:  # any JSON value, echoed
        await self.send_json(content)
