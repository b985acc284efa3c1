"""Redis down degrades, never 500s: the deployed cache and channel-layer settings pointed at a port
where nothing listens (as when Redis is stopped or unreachable)."""

from __future__ import annotations

import socket

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse

from messaging.models import Message


def _dead_redis_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # bound then released: nothing listens there


@pytest.fixture
def redis_down(settings):
    url = _dead_redis_url()
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": url,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "messaging.layers.ResilientRedisChannelLayer",
            "CONFIG": {"hosts": [{"address": url, **django_settings.CHANNELS_REDIS_HOST_OPTIONS}]},
        }
    }
    settings.MESSAGING_RATE_LIMIT_PER_MINUTE = 3
    yield url
    caches["default"].close()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["marketplace:home", "marketplace:job-list", "account_login"])
def test_pages_render_with_redis_down(redis_down, client, name, job):
    response = client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.django_db
def test_login_works_with_redis_down(redis_down, client):
    from tests.factories import UserFactory

    user = UserFactory(email="down@example.com")
    user.set_password("a long passphrase 1")
    user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": "a long passphrase 1"})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.django_db
def test_form_send_with_redis_down_stores_and_rate_limits_per_process(redis_down, client, conversation):
    client.force_login(conversation.client)
    url = reverse("messaging:conversation-detail", args=[conversation.pk])
    for i in range(3):
        assert client.post(url, {"body": f"Message {i} while Redis is down"}).status_code == 302
    assert Message.objects.filter(conversation=conversation).count() == 3
    # The per-process fallback still limits (3 a minute here).
    response = client.post(url, {"body": "One too many"})
    assert response.status_code == 429
    assert Message.objects.filter(conversation=conversation).count() == 3


async def _socket(path: str, user) -> WebsocketCommunicator:
    from config.asgi import application

    from .test_consumers import session_key_for

    key = await database_sync_to_async(session_key_for)(user)
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver"),
               (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={key}".encode())]
    ws = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await ws.connect(timeout=5)
    assert connected
    return ws


async def _next(ws: WebsocketCommunicator, kind: str) -> dict:
    while True:
        event = await ws.receive_json_from(timeout=5)
        if event["type"] == kind:
            return event


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_websocket_handshake_and_send_with_redis_down_deliver_in_process(redis_down, conversation):
    path = f"/ws/conversations/{conversation.pk}/"
    client_ws = await _socket(path, conversation.client)
    freelancer_ws = await _socket(path, conversation.freelancer)
    await client_ws.send_json_to({"type": "send", "body": "Redis is down but we are not", "client_id": "d1"})
    assert (await _next(client_ws, "sent"))["client_id"] == "d1"
    received = await _next(freelancer_ws, "message")
    assert received["message"]["id"]
    assert await database_sync_to_async(Message.objects.filter(body__startswith="Redis is down").count)() == 1
    # The socket is still open and answers.
    await freelancer_ws.send_json_to({"type": "ping"})
    await _next(freelancer_ws, "pong")
    await client_ws.disconnect()
    await freelancer_ws.disconnect()
