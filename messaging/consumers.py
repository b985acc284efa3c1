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
        {"type": "sent", "client_id": "...", "id": 1}            your send was stored
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

import logging
import time
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ValidationError

from . import realtime, selectors, services
from .exceptions import MessageBlocked, MessagingError, RateLimited
from .models import Conversation, Message, user_group_name

logger = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
TYPING_EVERY_SECONDS = 2.0
REPLAY_LIMIT = 100


def _error_event(exc: Exception, *, client_id: Any = None) -> dict[str, Any]:
    if isinstance(exc, MessagingError):
        event: dict[str, Any] = {"type": "error", "code": exc.code_name, "message": exc.text}
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


class _UserSocket(AsyncJsonWebsocketConsumer):
    """Shared handlers: the per-user group (nav badge)."""

    user: Any = None
    joined: list[str]

    async def _join(self, *groups: str) -> None:
        self.joined = list(groups)
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def unread_changed(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "unread", "count": event["count"]})

    async def notifications_changed(self, event: dict[str, Any]) -> None:  # notifications.realtime
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
        self.user = user
        await self._join(user_group_name(user.pk))
        await self.accept()
        count = await database_sync_to_async(selectors.unread_total)(user=user)
        await self.send_json({"type": "unread", "count": count})

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        return None  # read-only socket


def _load_conversation(pk: int) -> Conversation | None:
    return Conversation.objects.select_related("client", "freelancer").filter(pk=pk).first()


class ConversationConsumer(_UserSocket):
    conversation: Conversation
    _last_typing: float = 0.0

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self._refuse(CLOSE_UNAUTHENTICATED)
            return
        pk = int(self.scope["url_route"]["kwargs"]["pk"])
        conversation = await database_sync_to_async(_load_conversation)(pk)
        if conversation is None or not conversation.is_party(user):
            await self._refuse(CLOSE_FORBIDDEN)
            return
        self.user = user
        self.conversation = conversation
        await self._join(conversation.group_name, user_group_name(user.pk))
        await self.accept()
        after = self._after_id()
        if after is not None:
            for payload in await database_sync_to_async(self._since)(after):
                await self.chat_message({"event": "message", "message": payload})

    def _after_id(self) -> int | None:
        """`?after=<message id>`: the newest message the page already shows."""
        query = parse_qs(self.scope.get("query_string", b"").decode())
        value = (query.get("after") or [""])[0]
        return int(value) if value.isdigit() else None

    def _since(self, after: int) -> list[dict[str, Any]]:
        """Messages stored after the page rendered and before this socket joined the group."""
        rows = (
            Message.objects.filter(conversation=self.conversation, pk__gt=after)
            .select_related("sender")
            .prefetch_related("attachments")
            .order_by("pk")[:REPLAY_LIMIT]
        )
        return [realtime.message_payload(m) for m in rows]

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "code": "invalid", "message": "Expected a JSON object."})
            return
        kind = content.get("type")
        if kind == "send":
            await self._send_message(content)
        elif kind == "edit":
            await self._edit_message(content)
        elif kind == "read":
            await self._run(self._mark_read)
        elif kind == "typing":
            await self._typing()
        else:
            await self.send_json({"type": "error", "code": "invalid", "message": f"Unknown action: {kind!r}."})

    async def _send_message(self, content: dict[str, Any]) -> None:
        client_id = content.get("client_id")
        body = content.get("body")
        if not isinstance(body, str):
            await self.send_json(_error_event(ValidationError("Write a message."), client_id=client_id))
            return
        try:
            message = await self._run(
                services.message_send, conversation=self.conversation, sender=self.user, body=body
            )
        except ValidationError as exc:
            await self.send_json(_error_event(exc, client_id=client_id))
            return
        await self.send_json({"type": "sent", "client_id": client_id, "id": message.pk})

    async def _run(self, service: Any, **kwargs: Any) -> Any:
        """Run a service on the database thread, then fan out what it broadcast from here.

        The service's after-commit broadcasts are collected instead of sent, so the one shared
        database thread never waits on a channel-layer round trip (Redis) for every message;
        they are sent on the event loop, still strictly after the commit."""

        def call() -> tuple[Any, list[tuple[str, dict[str, Any]]]]:
            with realtime.collect() as events:
                return service(**kwargs), events

        result, events = await database_sync_to_async(call)()
        for group, event in events:
            try:
                await self.channel_layer.group_send(group, event)
            except Exception:  # stored already: a layer hiccup must not drop this socket
                logger.exception("messaging: broadcast to %s failed", group)
        return result

    def _edit(self, message_id: int, body: str) -> Message:
        message = (
            Message.objects.select_related("conversation__client", "conversation__freelancer")
            .filter(pk=message_id, conversation=self.conversation)
            .first()
        )
        if message is None:
            raise ValidationError("That message doesn't exist in this conversation.")
        return services.message_edit(message=message, editor=self.user, body=body)

    async def _edit_message(self, content: dict[str, Any]) -> None:
        try:
            message_id = int(content.get("message_id"))  # type: ignore[arg-type]  # None -> TypeError, handled
            body = str(content.get("body", ""))
            await self._run(self._edit, message_id=message_id, body=body)
        except (TypeError, ValueError):
            await self.send_json({"type": "error", "code": "invalid", "message": "Which message should be edited?"})
        except ValidationError as exc:
            event = _error_event(exc)
            event["message_id"] = content.get("message_id")
            await self.send_json(event)

    def _mark_read(self) -> None:
        conversation = Conversation.objects.get(pk=self.conversation.pk)
        services.conversation_mark_read(conversation=conversation, user=self.user)

    async def _typing(self) -> None:
        now = time.monotonic()
        if now - self._last_typing < TYPING_EVERY_SECONDS:
            return
        self._last_typing = now
        await self.channel_layer.group_send(
            self.conversation.group_name, {"type": "chat.typing", "user_id": self.user.pk}
        )

    # --- group events ---

    async def chat_message(self, event: dict[str, Any]) -> None:
        view = realtime.view_for(event["message"], self.user.pk)
        if view is not None:
            await self.send_json({"type": event.get("event", "message"), "message": view})

    async def chat_read(self, event: dict[str, Any]) -> None:
        if event["user_id"] != self.user.pk:
            await self.send_json({"type": "read", "user_id": event["user_id"], "at": event["at"]})

    async def chat_typing(self, event: dict[str, Any]) -> None:
        if event["user_id"] != self.user.pk:
            await self.send_json({"type": "typing", "user_id": event["user_id"]})


class EchoConsumer(AsyncJsonWebsocketConsumer):
    """Baseline for bench/messaging_bench.py: same JSON framing, no auth, no database, no layer."""

    channel_layer_alias = "bench-echo-no-layer"  # not configured: the consumer subscribes to nothing

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await self.send_json(content)
