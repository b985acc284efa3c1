"""The WebSocket path, end to end through config.asgi (origin check, session auth, routing),
on the in-memory channel layer and on channels_redis."""

from __future__ import annotations

import os
import socket
import uuid
from importlib import import_module

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings

from messaging import services
from messaging.models import Message

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/3")


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.3):
            return True
    except OSError:
        return False


def redis_layer_settings(url: str = REDIS_TEST_URL) -> dict:
    """The deployed layer (config/settings.py with REDIS_URL set), on the test database and prefix."""
    return {
        "default": {
            "BACKEND": "messaging.layers.ResilientRedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": url, **django_settings.CHANNELS_REDIS_HOST_OPTIONS}],
                "prefix": f"test-{uuid.uuid4().hex[:8]}",
            },
        }
    }


@pytest.fixture(params=["memory", "redis"])
def layer(request, settings):
    """Run each consumer test on both channel layers (settings change resets channels' cache)."""
    if request.param == "redis":
        if not _redis_reachable():
            pytest.skip("Redis is not reachable on 127.0.0.1:6379, so the channels_redis layer is not tested here")
        settings.CHANNEL_LAYERS = redis_layer_settings()
    else:
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return request.param


def session_key_for(user) -> str:
    """A logged-in session, as the login view would create it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(django_settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


async def open_socket(path: str, user=None, origin: str = "http://testserver") -> tuple[WebsocketCommunicator, bool]:
    from config.asgi import application

    headers = [(b"origin", origin.encode()), (b"host", b"testserver")]
    if user is not None:
        key = await database_sync_to_async(session_key_for)(user)
        headers.append((b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={key}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect(timeout=3)
    return communicator, connected


async def next_of(communicator: WebsocketCommunicator, kind: str, timeout: float = 3) -> dict:
    """The next event of `kind`, skipping others (unread counts interleave with messages)."""
    while True:
        event = await communicator.receive_json_from(timeout=timeout)
        if event["type"] == kind:
            return event


async def party_sockets(conversation, path=None):
    path = path or f"/ws/conversations/{conversation.pk}/?ack=view"  # as messaging.js connects
    client_ws, ok1 = await open_socket(path, conversation.client)
    freelancer_ws, ok2 = await open_socket(path, conversation.freelancer)
    assert ok1 and ok2
    return client_ws, freelancer_ws


async def test_consumer_refuses_anonymous(layer, conversation):
    ws, connected = await open_socket(f"/ws/conversations/{conversation.pk}/")
    assert connected
    assert await ws.receive_output(timeout=3) == {"type": "websocket.close", "code": 4401}


async def test_consumer_refuses_a_user_who_is_not_a_party(layer, conversation, other_freelancer):
    ws, connected = await open_socket(f"/ws/conversations/{conversation.pk}/", other_freelancer)
    assert connected
    assert await ws.receive_output(timeout=3) == {"type": "websocket.close", "code": 4403}


async def test_consumer_refuses_foreign_origin(layer, conversation):
    ws, connected = await open_socket(
        f"/ws/conversations/{conversation.pk}/", conversation.client, origin="https://evil.example"
    )
    assert not connected


async def test_consumer_send_is_stored_then_delivered_to_both_parties(layer, conversation):
    client_ws, freelancer_ws = await party_sockets(conversation)
    await client_ws.send_json_to({"type": "send", "body": "Hello from the client", "client_id": "c1"})

    ack = await next_of(client_ws, "sent")
    assert ack["client_id"] == "c1"
    received = await next_of(freelancer_ws, "message")
    assert received["message"]["body"] == "Hello from the client"
    assert received["message"]["mine"] is False
    assert received["message"]["sender_name"] == conversation.client.display_name
    assert "@" not in str(received)  # no emails in what the other party receives
    assert ack["message"]["mine"] is True and ack["message"]["id"] == ack["id"]
    stored = await database_sync_to_async(Message.objects.get)(pk=ack["id"])
    assert stored.body == "Hello from the client"
    unread = await next_of(freelancer_ws, "unread")
    assert unread["count"] == 1
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_consumer_blocked_message_is_not_stored_nor_delivered(layer, conversation):
    client_ws, freelancer_ws = await party_sockets(conversation)
    text = "my whatsapp is +1 555 201 4477"
    await freelancer_ws.send_json_to({"type": "send", "body": text, "client_id": "x"})

    error = await next_of(freelancer_ws, "error")
    assert error["code"] == "blocked"
    assert error["text"] == text
    assert error["client_id"] == "x"
    assert any(text[f["start"] : f["end"]] == "+1 555 201 4477" for f in error["findings"])
    assert "<mark" in error["highlighted_html"]
    assert await database_sync_to_async(Message.objects.count)() == 0

    # The next message the client's socket sees is the allowed one: the refused one never arrived.
    await freelancer_ws.send_json_to({"type": "send", "body": "Sorry, I'll keep it here.", "client_id": "y"})
    received = await next_of(client_ws, "message")
    assert received["message"]["body"] == "Sorry, I'll keep it here."
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_consumer_rate_limit_reports_a_clear_error(layer, conversation, settings):
    settings.MESSAGING_RATE_LIMIT_PER_MINUTE = 2
    client_ws, freelancer_ws = await party_sockets(conversation)
    for i in range(3):
        await client_ws.send_json_to({"type": "send", "body": f"m{i}", "client_id": str(i)})
    acks = [await next_of(client_ws, "sent"), await next_of(client_ws, "sent")]
    assert [a["client_id"] for a in acks] == ["0", "1"]
    error = await next_of(client_ws, "error")
    assert error["code"] == "rate_limited"
    assert "too quickly" in error["message"]
    assert await database_sync_to_async(Message.objects.count)() == 2
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_form_path_goes_live_too(layer, conversation):
    """The HTML form calls the same service; an open page of the other party updates live."""
    client_ws, freelancer_ws = await party_sockets(conversation)
    await database_sync_to_async(services.message_send)(
        conversation=conversation, sender=conversation.freelancer, body="Sent without JavaScript"
    )
    received = await next_of(client_ws, "message")
    assert received["message"]["body"] == "Sent without JavaScript"
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_consumer_read_event_reaches_the_sender(layer, conversation):
    client_ws, freelancer_ws = await party_sockets(conversation)
    await client_ws.send_json_to({"type": "send", "body": "Did you see this?", "client_id": "1"})
    await next_of(freelancer_ws, "message")
    await freelancer_ws.send_json_to({"type": "read"})
    seen = await next_of(client_ws, "read")
    assert seen["user_id"] == conversation.freelancer.pk
    # The reader's badge drops to zero (after the count sent with the message itself).
    while (await next_of(freelancer_ws, "unread"))["count"] != 0:
        pass
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_notifications_socket_sends_the_unread_count(layer, conversation):
    await sync_to_async(services.message_send)(conversation=conversation, sender=conversation.client, body="Hi")
    ws, connected = await open_socket("/ws/notifications/", conversation.freelancer)
    assert connected
    assert await ws.receive_json_from(timeout=3) == {"type": "unread", "count": 1}
    await sync_to_async(services.message_send)(conversation=conversation, sender=conversation.client, body="Again")
    assert (await next_of(ws, "unread"))["count"] == 2
    await ws.disconnect()


async def frames_until_quiet(communicator: WebsocketCommunicator, count: int) -> list[dict]:
    """The next `count` frames, then nothing more for a moment (no extra frame follows them)."""
    frames = [await communicator.receive_json_from(timeout=3) for _ in range(count)]
    assert await communicator.receive_nothing(timeout=0.3)
    return frames


@pytest.mark.parametrize("inline", [True, False], ids=["unread-inline", "unread-frame"])
async def test_a_new_message_counts_once_on_each_of_the_readers_pages(layer, conversation, inline):
    """The recipient's page on the conversation counts a new message from the message itself (in its frame
    with `unread=inline`, as messaging.js connects; else in an "unread" frame right after it), never twice;
    their other pages get the badge event."""
    path = f"/ws/conversations/{conversation.pk}/?ack=view" + ("&unread=inline" if inline else "")
    client_ws, ok1 = await open_socket(f"/ws/conversations/{conversation.pk}/?ack=view", conversation.client)
    reader_ws, ok2 = await open_socket(path, conversation.freelancer)
    nav_ws, ok3 = await open_socket("/ws/notifications/", conversation.freelancer)
    assert ok1 and ok2 and ok3
    assert await nav_ws.receive_json_from(timeout=3) == {"type": "unread", "count": 0}
    for n, body in enumerate(["First", "Second"], start=1):
        await client_ws.send_json_to({"type": "send", "body": body, "client_id": body})
        await next_of(client_ws, "sent")
        frames = await frames_until_quiet(reader_ws, 1 if inline else 2)
        assert frames[0]["type"] == "message" and frames[0]["message"]["body"] == body
        if inline:
            assert frames[0]["unread"] == n
        else:
            assert "unread" not in frames[0] and frames[1] == {"type": "unread", "count": n}
        assert await frames_until_quiet(nav_ws, 1) == [{"type": "unread", "count": n}]
    # The sender's own badge doesn't move: none of their frames carries a count (the in-memory layer also
    # repeats their own messages as broadcasts).
    rest = []
    while not await client_ws.receive_nothing(timeout=0.3):
        rest.append(await client_ws.receive_json_from())
    assert all(f["type"] == "message" and "unread" not in f and f["message"]["mine"] for f in rest)
    for ws in (client_ws, reader_ws, nav_ws):
        await ws.disconnect()


async def test_notifications_socket_refuses_anonymous(layer):
    ws, connected = await open_socket("/ws/notifications/")
    assert connected
    assert await ws.receive_output(timeout=3) == {"type": "websocket.close", "code": 4401}


async def test_consumer_replays_messages_sent_before_the_socket_joined(layer, conversation):
    first = await sync_to_async(services.message_send)(
        conversation=conversation, sender=conversation.client, body="Rendered with the page"
    )
    await sync_to_async(services.message_send)(
        conversation=conversation, sender=conversation.client, body="Sent while the page loaded"
    )
    ws, connected = await open_socket(f"/ws/conversations/{conversation.pk}/?after={first.pk}", conversation.freelancer)
    assert connected
    replayed = await next_of(ws, "message")
    assert replayed["message"]["body"] == "Sent while the page loaded"
    await ws.disconnect()


# --- malformed frames: an error reply, and the socket stays open -------------------------------------

MALFORMED = {
    "invalid json": {"text_data": '{"type": "send", "body": '},
    "binary frame": {"bytes_data": b"\x00\x01binary"},
    "deeply nested json": {"text_data": "[" * 200_000 + "]" * 200_000},
    "not an object": {"text_data": "[1, 2, 3]"},
    "NaN constant": {"text_data": '{"type": "edit", "message_id": NaN, "body": "x"}'},
    "1e309 as message id": {"text_data": '{"type": "edit", "message_id": 1e309, "body": "x"}'},
    "huge integer id": {"text_data": '{"type": "edit", "message_id": ' + "9" * 400 + ', "body": "x"}'},
    "bool id": {"text_data": '{"type": "edit", "message_id": true, "body": "x"}'},
    "NUL in body": {"text_data": '{"type": "send", "body": "hi\\u0000there", "client_id": "n"}'},
    "lone surrogate in body": {"text_data": '{"type": "send", "body": "hi \\ud800 there", "client_id": "s"}'},
    "body not a string": {"text_data": '{"type": "send", "body": {"a": [1]}, "client_id": "o"}'},
    "client_id an object": {"text_data": '{"type": "send", "body": "hi", "client_id": {"x": 1}}'},
    "unknown type": {"text_data": '{"type": ["send"]}'},
    "oversized frame": {"text_data": '{"type": "send", "body": "' + "a" * 70_000 + '"}'},
}


@pytest.mark.parametrize("frame", MALFORMED.values(), ids=MALFORMED.keys())
async def test_consumer_answers_malformed_frames_and_stays_open(frame, conversation, settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    ws, connected = await open_socket(f"/ws/conversations/{conversation.pk}/", conversation.client)
    assert connected
    await ws.send_to(**frame)
    error = await next_of(ws, "error")
    assert error["code"] == "invalid"
    assert error["message"]
    # Still open and working: a good frame goes through on the same socket.
    await ws.send_json_to({"type": "send", "body": "Still here", "client_id": "ok"})
    assert (await next_of(ws, "sent"))["client_id"] == "ok"
    assert await database_sync_to_async(Message.objects.filter(body__contains="there").count)() == 0
    await ws.disconnect()


async def test_notifications_socket_answers_malformed_frames_and_pings(conversation, settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    ws, connected = await open_socket("/ws/notifications/", conversation.client)
    assert connected
    await next_of(ws, "unread")
    await ws.send_to(bytes_data=b"\xff")
    assert (await next_of(ws, "error"))["code"] == "invalid"
    await ws.send_json_to({"type": "ping"})
    await next_of(ws, "pong")
    await ws.disconnect()


async def test_consumer_unexpected_failure_is_reported_not_fatal(conversation, settings, monkeypatch):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    ws, connected = await open_socket(f"/ws/conversations/{conversation.pk}/", conversation.client)
    assert connected
    real = services.message_send
    calls = []

    def broken_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database hiccup")
        return real(**kwargs)

    monkeypatch.setattr(services, "message_send", broken_once)
    await ws.send_json_to({"type": "send", "body": "first", "client_id": "a"})
    assert (await next_of(ws, "error"))["code"] == "server_error"
    await ws.send_json_to({"type": "send", "body": "second", "client_id": "b"})
    assert (await next_of(ws, "sent"))["client_id"] == "b"
    await ws.disconnect()


# --- suspension closes the user's sockets at once ---------------------------------------------------


async def test_suspension_closes_the_users_open_sockets(layer, conversation):
    from tests.factories import UserFactory
    from trust.services import user_suspend

    staff = await database_sync_to_async(UserFactory)(is_staff=True)
    conv_ws, ok1 = await open_socket(f"/ws/conversations/{conversation.pk}/", conversation.freelancer)
    nav_ws, ok2 = await open_socket("/ws/notifications/", conversation.freelancer)
    other_ws, ok3 = await open_socket(f"/ws/conversations/{conversation.pk}/", conversation.client)
    assert ok1 and ok2 and ok3
    await database_sync_to_async(user_suspend)(user=conversation.freelancer, actor=staff, reason="Off-platform deal")

    async def closed(ws) -> int:
        while True:
            output = await ws.receive_output(timeout=3)
            if output["type"] == "websocket.close":
                return output["code"]

    assert await closed(conv_ws) == 4403
    assert await closed(nav_ws) == 4403
    # The other party stays connected; the suspended user can't reconnect.
    await other_ws.send_json_to({"type": "ping"})
    await next_of(other_ws, "pong")
    again, connected = await open_socket(f"/ws/conversations/{conversation.pk}/", conversation.freelancer)
    assert connected
    assert (await again.receive_output(timeout=3))["type"] == "websocket.close"
    await other_ws.disconnect()


# --- Redis: idle sockets stay up ---------------------------------------------------------------------


@pytest.mark.redis
async def test_idle_socket_on_redis_survives_20_seconds_and_still_delivers(conversation, settings):
    """redis-py 8's default 5 s read timeout fired during channels_redis's 5 s blocking pop and closed
    every idle socket (1006). With the deployed layer settings an idle socket lives on."""
    import asyncio

    if not _redis_reachable():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    settings.CHANNEL_LAYERS = redis_layer_settings()
    client_ws, freelancer_ws = await party_sockets(conversation)
    await asyncio.sleep(20)
    assert await client_ws.receive_nothing(timeout=0.1)
    assert await freelancer_ws.receive_nothing(timeout=0.1)
    await client_ws.send_json_to({"type": "send", "body": "Still there after a coffee?", "client_id": "idle"})
    assert (await next_of(client_ws, "sent"))["client_id"] == "idle"
    received = await next_of(freelancer_ws, "message")
    assert "coffee" in received["message"]["body"] or "coffee" in received["message"].get("html", "")
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


# --- the sender's own message comes with its ack ---------------------------------------------------


def _template_html(message_id: int, viewer) -> str:
    """messaging/partials/message.html as the page renders it for `viewer` (the template, not the fast path)."""
    from django.template.loader import render_to_string

    message = Message.objects.select_related("sender", "conversation").get(pk=message_id)
    return render_to_string("messaging/partials/message.html", {"m": message, "user": viewer, "seen_id": None})


async def test_sent_ack_carries_the_senders_own_view(layer, conversation):
    client_ws, freelancer_ws = await party_sockets(conversation)
    await client_ws.send_json_to({"type": "send", "body": "Ack <i>me</i>", "client_id": "a1"})
    ack = await next_of(client_ws, "sent")
    mine = ack["message"]
    assert mine["id"] == ack["id"] and mine["mine"] is True and mine["body"] == "Ack <i>me</i>"
    # Edit (within the window) and no Report for the sender, exactly as the template renders them.
    assert "Edit" in mine["html"] and "data-edit-until" in mine["html"] and "Report" not in mine["html"]
    assert mine["html"] == await database_sync_to_async(_template_html)(ack["id"], conversation.client)
    theirs = (await next_of(freelancer_ws, "message"))["message"]
    assert theirs["id"] == ack["id"] and theirs["mine"] is False
    assert "Report" in theirs["html"] and "Edit" not in theirs["html"]
    assert theirs["html"] == await database_sync_to_async(_template_html)(ack["id"], conversation.freelancer)
    assert (await next_of(freelancer_ws, "unread"))["count"] == 1
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_a_page_without_ack_views_still_gets_its_own_message_as_a_broadcast(layer, conversation):
    """A page loaded before the ack carried the message (open through a deploy) sends no `ack=view`."""
    client_ws, freelancer_ws = await party_sockets(conversation, path=f"/ws/conversations/{conversation.pk}/")
    await client_ws.send_json_to({"type": "send", "body": "Old page", "client_id": "o1"})
    ack = await next_of(client_ws, "sent")
    assert "message" not in ack
    own = (await next_of(client_ws, "message"))["message"]
    assert own["id"] == ack["id"] and own["mine"] is True
    assert (await next_of(freelancer_ws, "message"))["message"]["id"] == ack["id"]
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_sending_socket_gets_no_second_frame_on_redis_but_the_senders_other_tab_does(layer, conversation):
    path = f"/ws/conversations/{conversation.pk}/?ack=view"
    client_ws, freelancer_ws = await party_sockets(conversation)
    other_tab, ok = await open_socket(path, conversation.client)
    assert ok
    await client_ws.send_json_to({"type": "send", "body": "One frame for me", "client_id": "t1"})
    ack = await next_of(client_ws, "sent")
    assert ack["message"]["mine"] is True
    in_other_tab = (await next_of(other_tab, "message"))["message"]
    assert in_other_tab["id"] == ack["id"] and in_other_tab["mine"] is True
    assert in_other_tab["html"] == ack["message"]["html"]
    received = (await next_of(freelancer_ws, "message"))["message"]
    assert received["id"] == ack["id"] and received["mine"] is False
    if layer == "redis":
        # Delivered in the same batch as the other tab's: nothing more is coming to the sending socket.
        assert await client_ws.receive_nothing(timeout=0.5)
    else:  # layers without `exclude` repeat it; the page's upsert by id makes that harmless
        assert (await next_of(client_ws, "message"))["message"]["id"] == ack["id"]
    # Later events for that message (an edit) still reach the sending socket.
    await client_ws.send_json_to({"type": "edit", "message_id": ack["id"], "body": "One frame for me, edited"})
    updated = (await next_of(client_ws, "message_updated"))["message"]
    assert updated["id"] == ack["id"] and updated["body"] == "One frame for me, edited"
    for ws in (client_ws, freelancer_ws, other_tab):
        await ws.disconnect()


# --- server-rendered messages and resends ---------------------------------------------------------


async def test_messages_arrive_rendered_by_the_server_for_each_viewer(conversation, settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    client_ws, freelancer_ws = await party_sockets(conversation)
    await client_ws.send_json_to({"type": "send", "body": "Rendered <b>once</b>", "client_id": "h"})
    theirs = (await next_of(freelancer_ws, "message"))["message"]["html"]
    mine = (await next_of(client_ws, "message"))["message"]["html"]
    # The page's own partial: escaped text; Report for the recipient, Edit (with its expiry) for the sender.
    assert "Rendered &lt;b&gt;once&lt;/b&gt;" in theirs and "<b>" not in theirs
    assert "Report" in theirs and "Edit" not in theirs
    assert "Edit" in mine and "data-edit-until" in mine and "Report" not in mine
    assert conversation.client.display_name in theirs
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_resend_after_a_dropped_connection_is_not_stored_twice(conversation, settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    ws, connected = await open_socket(f"/ws/conversations/{conversation.pk}/", conversation.client)
    assert connected
    await ws.send_json_to({"type": "send", "body": "Did this arrive?", "client_id": "r1"})
    first = await next_of(ws, "sent")
    await ws.send_json_to({"type": "send", "body": "Did this arrive?", "client_id": "r1", "resend": True})
    again = await next_of(ws, "sent")
    assert again["id"] == first["id"] and again["client_id"] == "r1"
    assert await database_sync_to_async(Message.objects.filter(body="Did this arrive?").count)() == 1
    await ws.disconnect()


async def test_consumer_refuses_each_third_pass_family(layer, conversation):
    """One generated case of each of the detector's third-pass positive families, sent over the WebSocket
    before a contract: refused with the blocked error, nothing stored."""
    from tests.trust.detection_gen import generate, load_families

    families = load_families()
    cases = [generate(n, 1, seed=5)[0] for n in sorted(families) if "recall3" in n and families[n].kinds]
    client_ws, freelancer_ws = await party_sockets(conversation)
    for i, case in enumerate(cases):
        await freelancer_ws.send_json_to({"type": "send", "body": case.text, "client_id": f"f{i}"})
        error = await next_of(freelancer_ws, "error")
        assert (error["code"], error["client_id"]) == ("blocked", f"f{i}"), case.text
    assert await database_sync_to_async(Message.objects.count)() == 0
    await client_ws.disconnect()
    await freelancer_ws.disconnect()


async def test_the_messaging_threads_hold_no_connection_after_a_send(layer, conversation):
    """A send on PostgreSQL runs on the messaging threads and gives its connection back when done (to the pool
    in production): the long-lived threads hold none between calls (they used to keep one open, seen as a test
    database that could not be dropped)."""
    import threading

    from django.db import connections

    from messaging import consumers

    if not django_settings.MESSAGING_DB_CONCURRENT:
        pytest.skip("sends run on the messaging threads only with concurrent connections (PostgreSQL)")
    client_ws, freelancer_ws = await party_sockets(conversation)
    for i in range(4):
        await client_ws.send_json_to({"type": "send", "body": f"Hello {i}", "client_id": str(i)})
        await next_of(client_ws, "sent")
    executor = consumers._db_threads()
    barrier = threading.Barrier(executor._max_workers)

    def holds_a_connection() -> bool:
        barrier.wait(timeout=5)  # one call per thread
        return connections["default"].connection is not None

    futures = [executor.submit(holds_a_connection) for _ in range(executor._max_workers)]
    assert [f.result(timeout=10) for f in futures] == [False] * executor._max_workers
    await client_ws.disconnect()
    await freelancer_ws.disconnect()
