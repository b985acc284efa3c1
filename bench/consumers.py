"""Yardsticks for bench/messaging_bench.py, mounted only with settings.BENCH_VIEWS.

`StoreForwardConsumer` is the honest floor of a stored chat: session auth (the same
AuthMiddlewareStack as the real socket), one INSERT, one group_send, and nothing else (dispatched as the
real consumer dispatches: `DirectDispatch`): no trust check,
no rate limit, no standing, no unread counters, no guard. The full path is compared with it.
"""

from __future__ import annotations

import json
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone

from messaging.consumers import DirectDispatch, _database
from messaging.models import Message


def _insert(conversation_id: int, sender_id: int, body: str) -> int:
    now = timezone.now()
    # The model's base manager: a plain INSERT ... RETURNING, without the trust guard's manager.
    (row,) = Message._base_manager.bulk_create(
        [Message(conversation_id=conversation_id, sender_id=sender_id, kind="text", body=body,
                 created_at=now, updated_at=now)]
    )
    return int(row.pk)


class StoreForwardConsumer(DirectDispatch, AsyncWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.user_id = user.pk
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["pk"])
        self.group = f"bench-sf-{self.conversation_id}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        content = json.loads(text_data or "{}")
        body = str(content.get("body", ""))
        # The same threads as the real consumer's database work (messaging.consumers._database).
        pk = await _database(_insert)(self.conversation_id, self.user_id, body)
        await self.channel_layer.group_send(
            self.group, {"type": "sf.message", "id": pk, "body": body, "sender_id": self.user_id}
        )
        await self.send(text_data=json.dumps({"type": "sent", "client_id": content.get("client_id"), "id": pk}))

    async def sf_message(self, event: dict[str, Any]) -> None:
        message = {"id": event["id"], "body": event["body"], "mine": event["sender_id"] == self.user_id}
        await self.send(text_data=json.dumps({"type": "message", "message": message}))
