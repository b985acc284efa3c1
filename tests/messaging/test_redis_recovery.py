"""Redis goes away and comes back: open sockets stay up while it is gone (delivery within this process)
and, once it is back, delivery goes through Redis again, from other processes too.

The test runs its own redis-server on a free port (the shared one can't be stopped), stops it and starts
it again on the same port: an empty Redis, as after a restart without persistence, so this process's
group memberships must be written again."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from channels.layers import get_channel_layer
from django.conf import settings as django_settings

from messaging.layers import ResilientRedisChannelLayer

from .test_redis_down import _next, _socket

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]


class PrivateRedis:
    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(settings) -> Iterator[PrivateRedis]:
    redis = PrivateRedis()
    redis.start()
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "messaging.layers.ResilientRedisChannelLayer",
            "CONFIG": {"hosts": [{"address": redis.url, **django_settings.CHANNELS_REDIS_HOST_OPTIONS}]},
        }
    }
    yield redis
    redis.stop()


def other_process_layer(redis: PrivateRedis) -> ResilientRedisChannelLayer:
    """What another uvicorn worker would use: its own layer on the same Redis."""
    return ResilientRedisChannelLayer(hosts=[{"address": redis.url, **django_settings.CHANNELS_REDIS_HOST_OPTIONS}])


async def test_sockets_survive_a_redis_restart_and_delivery_goes_through_redis_again(private_redis, conversation):
    path = f"/ws/conversations/{conversation.pk}/"
    client_ws = await _socket(path, conversation.client)
    freelancer_ws = await _socket(path, conversation.freelancer)

    await client_ws.send_json_to({"type": "send", "body": "Before the restart", "client_id": "a"})
    assert (await _next(client_ws, "sent"))["client_id"] == "a"
    assert (await _next(freelancer_ws, "message"))["message"]["id"]

    private_redis.stop()
    await client_ws.send_json_to({"type": "send", "body": "While Redis is gone", "client_id": "b"})
    assert (await _next(client_ws, "sent"))["client_id"] == "b"
    assert "While Redis is gone" in str(await _next(freelancer_ws, "message"))

    private_redis.start()  # empty: every group membership is gone with the old server
    await client_ws.send_json_to({"type": "ping"})
    await _next(client_ws, "pong")
    # Another process sends to the conversation's group: it reaches this process's sockets only if the
    # memberships were written to the new Redis.
    layer = get_channel_layer()
    assert isinstance(layer, ResilientRedisChannelLayer)
    other = other_process_layer(private_redis)
    deadline = time.monotonic() + 20
    delivered = False
    while not delivered and time.monotonic() < deadline:
        await other.group_send(conversation.group_name, {"type": "chat.typing", "user_id": conversation.client_id})
        # (receive_nothing waits without cancelling the application, as a timed-out receive would)
        while not delivered and not await freelancer_ws.receive_nothing(timeout=1):
            delivered = (await freelancer_ws.receive_json_from())["type"] == "typing"
    assert delivered, "after Redis came back, a group_send from another process never arrived"
    assert not layer.is_degraded
    await other.flush()
    await client_ws.disconnect()
    await freelancer_ws.disconnect()
