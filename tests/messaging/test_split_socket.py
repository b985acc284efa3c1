"""Splits across messages over the WebSocket: withdrawn pieces leave the recipient's open page live,
a held-back message reaches it only when the sender's next message releases it."""

from __future__ import annotations

import re

import pytest
from channels.db import database_sync_to_async

from messaging.models import Message

from .test_consumers import next_of, party_sockets

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


async def test_completing_piece_withdraws_the_earlier_ones_from_the_open_page(conversation):
    client_ws, freelancer_ws = await party_sockets(conversation)
    ids = []
    for i, piece in enumerate(("312", "555")):
        await freelancer_ws.send_json_to({"type": "send", "body": piece, "client_id": str(i)})
        ids.append((await next_of(freelancer_ws, "sent"))["id"])
        assert (await next_of(client_ws, "message"))["message"]["body"] == piece
        await client_ws.send_json_to({"type": "send", "body": "ok, go on", "client_id": f"c{i}"})
        await next_of(client_ws, "sent")
        await next_of(client_ws, "message")  # its own reply

    await freelancer_ws.send_json_to({"type": "send", "body": "0147", "client_id": "last"})
    error = await next_of(freelancer_ws, "error")
    assert error["code"] == "blocked" and error["client_id"] == "last"

    updated = [await next_of(client_ws, "message_updated"), await next_of(client_ws, "message_updated")]
    assert sorted(u["message"]["id"] for u in updated) == sorted(ids)
    for u in updated:
        assert u["message"]["withdrawn"] is True
        assert u["message"]["body"] == ""
        assert "Message removed by Trustlance." in u["message"]["html"]
        shown = re.sub(r"<time[^>]*>.*?</time>", "", u["message"]["html"])  # its timestamp may hold "312"
        assert "312" not in shown and "555" not in shown
    own = await next_of(freelancer_ws, "message_updated")
    assert "Removed by Trustlance" in own["message"]["html"]
    assert await database_sync_to_async(Message.objects.filter(withdrawn_at__isnull=False).count)() == 2
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_held_message_reaches_the_recipient_with_the_senders_next_one(conversation):
    client_ws, freelancer_ws = await party_sockets(conversation)
    await freelancer_ws.send_json_to({"type": "send", "body": "call me on 312", "client_id": "a"})
    await next_of(freelancer_ws, "sent")
    own = await next_of(freelancer_ws, "message")
    assert "Held for a few seconds: it looks like the start of a contact detail" in own["message"]["html"]
    assert own["message"]["held"] is True

    await freelancer_ws.send_json_to({"type": "send", "body": "never mind, let's talk here", "client_id": "b"})
    first = await next_of(client_ws, "message")
    second = await next_of(client_ws, "message")
    # The held one arrives first (released in the same transaction, broadcast before the new one).
    assert [first["message"]["body"], second["message"]["body"]] == [
        "call me on 312",
        "never mind, let's talk here",
    ]
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_held_message_completed_by_the_next_never_reaches_the_recipient(conversation):
    client_ws, freelancer_ws = await party_sockets(conversation)
    await freelancer_ws.send_json_to({"type": "send", "body": "my number is +44 7700", "client_id": "a"})
    await next_of(freelancer_ws, "sent")
    await freelancer_ws.send_json_to({"type": "send", "body": "900 123", "client_id": "b"})
    assert (await next_of(freelancer_ws, "error"))["code"] == "blocked"
    # The next thing the client's page gets is the freelancer's next allowed message, nothing before it.
    await freelancer_ws.send_json_to({"type": "send", "body": "sorry, I'll keep it here", "client_id": "c"})
    received = await next_of(client_ws, "message")
    assert received["message"]["body"] == "sorry, I'll keep it here"
    held = await database_sync_to_async(Message.objects.get)(body="my number is +44 7700")
    assert held.withdrawn_at is not None and held.held_until is not None
    await client_ws.disconnect()
    await freelancer_ws.disconnect()
