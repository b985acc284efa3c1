"""messaging.layers on a real Redis: the per-process receive pump (delivery between two layer instances,
as between two uvicorn workers; order; entries listing several channels; queues that go with their
sockets; a pump per event loop; flush). Redis outages are tested with sockets in test_redis_down.py and
test_redis_recovery.py, an idle socket in test_consumers.py."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from messaging.layers import ResilientRedisChannelLayer

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [pytest.mark.redis, pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set")]


def make_layer(prefix: str, **config: Any) -> ResilientRedisChannelLayer:
    """One process's layer ("worker"); layers with the same prefix share Redis as workers do."""
    return ResilientRedisChannelLayer(hosts=[{"address": REDIS_URL}], prefix=prefix, capacity=1000, **config)


@pytest.fixture
def prefix() -> str:
    return f"test-layers-{uuid.uuid4().hex[:8]}"


@pytest_asyncio.fixture
async def workers(prefix: str) -> AsyncIterator[tuple[ResilientRedisChannelLayer, ResilientRedisChannelLayer]]:
    first, second = make_layer(prefix), make_layer(prefix)
    yield first, second
    await first.flush()
    await second.flush()


async def receive(layer: ResilientRedisChannelLayer, channel: str) -> dict[str, Any]:
    return await asyncio.wait_for(layer.receive(channel), timeout=5)


async def a_waiting_socket(layer: ResilientRedisChannelLayer, *groups: str) -> tuple[str, asyncio.Future[Any]]:
    """A channel in `groups` whose consumer waits in receive(), as an idle socket's does."""
    channel = await layer.new_channel()
    for group in groups:
        await layer.group_add(group, channel)
    waiting = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0.05)
    return channel, waiting


async def receive_many(layer: ResilientRedisChannelLayer, channel: str, count: int) -> list[dict[str, Any]]:
    return [await receive(layer, channel) for _ in range(count)]


@pytest.mark.asyncio
async def test_group_send_and_send_reach_the_other_process(workers):
    receiver, sender = workers
    channel = await receiver.new_channel()
    await receiver.group_add("room", channel)
    await sender.group_send("room", {"type": "chat.message", "text": "hello"})
    assert await receive(receiver, channel) == {"type": "chat.message", "text": "hello"}
    await sender.send(channel, {"type": "chat.direct"})
    assert await receive(receiver, channel) == {"type": "chat.direct"}
    # Sent before anyone waits: the pump is already running and queues it for the channel.
    await sender.group_send_many([("room", {"type": "a"}), ("room", {"type": "b"})])
    assert [m["type"] for m in await receive_many(receiver, channel, 2)] == ["a", "b"]


@pytest.mark.asyncio
async def test_group_send_many_skips_the_excluded_channel_of_that_send_only(workers):
    receiver, sender = workers
    own, other_tab, elsewhere = await receiver.new_channel(), await receiver.new_channel(), await sender.new_channel()
    for channel, layer in ((own, receiver), (other_tab, receiver), (elsewhere, sender)):
        await layer.group_add("room", channel)
    await receiver.group_add("user", own)
    await sender.group_send_many(
        [("room", {"type": "chat", "n": 1}), ("user", {"type": "badge"}), ("room", {"type": "chat", "n": 2})],
        exclude={0: own},
    )
    assert [m.get("n", m["type"]) for m in await receive_many(receiver, own, 2)] == ["badge", 2]
    assert [m["n"] for m in await receive_many(receiver, other_tab, 2)] == [1, 2]
    assert [m["n"] for m in await receive_many(sender, elsewhere, 2)] == [1, 2]
    # A send whose only member is excluded writes nothing.
    await sender.group_send_many([("user", {"type": "badge"})], exclude={0: own})
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(receiver.receive(own), timeout=0.3)


@pytest.mark.asyncio
async def test_group_send_many_skips_a_covered_send_for_the_channels_the_earlier_one_reached(workers):
    """A new message and the recipient's badge: the recipient's socket on that conversation counts the badge
    from the message (covered), their other pages (another process too) still get the badge event."""
    receiver, sender = workers
    on_page, sending_tab = await receiver.new_channel(), await receiver.new_channel()
    nav_elsewhere, other_conversation = await receiver.new_channel(), await sender.new_channel()
    for channel, layer, groups in (
        (on_page, receiver, ("room", "reader")),
        (sending_tab, receiver, ("room",)),
        (nav_elsewhere, receiver, ("reader",)),
        (other_conversation, sender, ("reader",)),
    ):
        for group in groups:
            await layer.group_add(group, channel)
    await sender.group_send_many(
        [("room", {"type": "chat"}), ("reader", {"type": "badge"}), ("room", {"type": "after"})],
        exclude={0: sending_tab},
        covered={1: 0},
    )
    assert [m["type"] for m in await receive_many(receiver, on_page, 2)] == ["chat", "after"]
    assert [m["type"] for m in await receive_many(receiver, sending_tab, 1)] == ["after"]
    assert [m["type"] for m in await receive_many(receiver, nav_elsewhere, 1)] == ["badge"]
    assert [m["type"] for m in await receive_many(sender, other_conversation, 1)] == ["badge"]
    # The excluded channel was not reached by send 0: a covered send still reaches it.
    await receiver.group_add("reader", sending_tab)
    await sender.group_send_many([("room", {"type": "chat"}), ("reader", {"type": "badge"})],
                                 exclude={0: sending_tab}, covered={1: 0})
    assert [m["type"] for m in await receive_many(receiver, sending_tab, 1)] == ["badge"]
    assert [m["type"] for m in await receive_many(receiver, on_page, 1)] == ["chat"]
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(receiver.receive(on_page), timeout=0.3)


@pytest.mark.asyncio
async def test_group_send_drops_expired_memberships_and_survives_a_script_flush(workers):
    """A membership older than the group expiry is trimmed and gets nothing (as channels_redis does); the
    scripts go by hash and are loaded again when Redis has forgotten them (a restart, SCRIPT FLUSH)."""
    receiver, sender = workers
    stale, fresh = await receiver.new_channel(), await receiver.new_channel()
    await receiver.group_add("room", stale)
    await receiver.group_add("room", fresh)
    key = receiver._group_key("room")
    redis = sender.connection(0)
    await redis.zadd(key, {stale: int(time.time()) - receiver.group_expiry - 10})
    await sender.group_send("room", {"type": "chat", "n": 1})
    assert (await receive(receiver, fresh))["n"] == 1
    assert [m.decode() for m in await redis.zrange(key, 0, -1)] == [fresh]
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(receiver.receive(stale), timeout=0.3)
    await redis.script_flush()
    await sender.group_send("room", {"type": "chat", "n": 2})
    assert (await receive(receiver, fresh))["n"] == 2


@pytest.mark.asyncio
async def test_each_channel_gets_its_messages_in_order(workers):
    receiver, sender = workers
    first, second = await receiver.new_channel(), await receiver.new_channel()
    await receiver.group_add("both", first)
    await receiver.group_add("both", second)
    await receiver.group_add("only-second", second)
    for i in range(150):
        both, only_second = {"type": "m", "n": 2 * i}, {"type": "m", "n": 2 * i + 1}
        await sender.group_send_many([("both", both), ("only-second", only_second)])
        await sender.send(first, {"type": "m", "n": 2 * i + 1})
    # Read in any interleaving: each channel's own order holds.
    seconds = asyncio.ensure_future(receive_many(receiver, second, 300))
    firsts = await receive_many(receiver, first, 300)
    assert [m["n"] for m in firsts] == list(range(300))
    assert [m["n"] for m in await seconds] == list(range(300))


@pytest.mark.asyncio
async def test_one_entry_for_several_channels_of_a_process_reaches_each(workers):
    receiver, sender = workers
    channels = [await receiver.new_channel() for _ in range(3)]
    for channel in channels:
        await receiver.group_add("room", channel)
    await receiver._stop_pump()  # nobody pops: look at what group_send wrote
    await sender.group_send("room", {"type": "chat.message"})
    key = receiver.prefix + receiver._pump_channel
    entries = await sender.connection(0).zrange(key, 0, -1)
    assert len(entries) == 1
    assert sorted(sender.deserialize(entries[0])["__asgi_channel__"]) == sorted(channels)
    for channel in channels:
        assert await receive(receiver, channel) == {"type": "chat.message"}


@pytest.mark.asyncio
async def test_a_closed_socket_leaves_no_queue_and_later_messages_are_dropped(workers):
    receiver, sender = workers
    channel, waiting = await a_waiting_socket(receiver, "room", "user")
    # As a consumer closes: it leaves its groups while its receive waits, a message lands meanwhile, then
    # Channels cancels the receive before it runs.
    await receiver.group_discard("room", channel)
    await receiver.group_discard("user", channel)
    receiver._deliver_locally([channel], {"type": "for nobody"})
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert channel not in receiver._local
    await sender.send(channel, {"type": "after close"})
    await asyncio.sleep(0.2)
    assert channel not in receiver._local
    assert not receiver._members and not receiver._waiting


@pytest.mark.asyncio
async def test_leaving_the_last_group_with_nothing_waiting_drops_the_queue(workers):
    receiver, _ = workers
    channel = await receiver.new_channel()
    await receiver.group_add("room", channel)
    await receiver.group_add("user", channel)
    await receiver.group_discard("room", channel)
    assert channel in receiver._local  # still in "user"
    await receiver.group_discard("user", channel)
    assert channel not in receiver._local


@pytest.mark.asyncio
async def test_a_receive_cancelled_as_its_message_arrives_loses_nothing(workers):
    receiver, _ = workers
    channel, waiting = await a_waiting_socket(receiver, "room")
    receiver._deliver_locally([channel], {"type": "one"})  # as the pump does, then the cancel lands
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert await receive(receiver, channel) == {"type": "one"}


@pytest.mark.asyncio
async def test_a_full_queue_drops_with_a_warning(prefix, caplog):
    receiver, sender = make_layer(prefix, channel_capacity={"specific.*": 3}), make_layer(prefix)
    try:
        channel = await receiver.new_channel()
        await receiver.group_add("room", channel)
        receiver._start_pump(asyncio.get_running_loop())
        for i in range(5):  # the sender's capacity lets all five into Redis
            await sender.group_send("room", {"type": "m", "n": i})
        await asyncio.sleep(0.3)
        assert [m["n"] for m in await receive_many(receiver, channel, 3)] == [0, 1, 2]
        assert "is full; message dropped" in caplog.text
    finally:
        await receiver.flush()
        await sender.flush()


@pytest.mark.asyncio
async def test_flush_stops_the_pump_and_a_waiting_receive_gets_a_new_one(workers):
    receiver, sender = workers
    channel, waiting = await a_waiting_socket(receiver, "room")
    pump = receiver._pump_task
    assert pump is not None and not pump.done()
    await receiver.close_pools()
    assert pump.done()
    assert receiver._pump_task is not None and not receiver._pump_task.done()  # restarted for the waiter
    await sender.send(channel, {"type": "after close_pools"})
    assert (await asyncio.wait_for(waiting, 5)) == {"type": "after close_pools"}
    await receiver.flush()
    assert receiver._pump_task is None


# --- one pump per event loop ----------------------------------------------------------------------


def test_the_pump_restarts_on_each_new_event_loop(prefix, caplog):
    caplog.set_level(logging.ERROR, logger="asyncio")
    receiver, sender = make_layer(prefix), make_layer(prefix)
    pumps: list[asyncio.Task[None]] = []

    async def one_run(n: int) -> None:
        channel = await receiver.new_channel()
        await receiver.group_add("room", channel)
        await sender.group_send("room", {"type": "m", "n": n})
        assert await receive(receiver, channel) == {"type": "m", "n": n}
        assert receiver._pump_task is not None
        pumps.append(receiver._pump_task)
        await receiver.group_discard("room", channel)

    asyncio.run(one_run(1))  # asyncio.run cancels the pump with every other task
    asyncio.run(one_run(2))
    loop = asyncio.new_event_loop()  # a loop closed without cancelling its tasks first
    loop.run_until_complete(one_run(3))
    loop.close()
    assert len({id(pump) for pump in pumps}) == 3
    assert all(pump.done() for pump in pumps)

    async def cleanup() -> None:
        await receiver.flush()
        await sender.flush()

    asyncio.run(cleanup())
    pumps.clear()
    gc.collect()
    assert not [r for r in caplog.records if r.name == "asyncio"], caplog.text


def test_queued_messages_follow_the_channel_to_a_new_loop(prefix):
    """async_to_sync runs each call on a new loop: what the pump queued in one call is there in the next."""
    receiver, sender = make_layer(prefix), make_layer(prefix)

    async def setup() -> str:
        channel = await receiver.new_channel()
        await receiver.group_add("room", channel)
        for i in range(3):
            await sender.group_send("room", {"type": "m", "n": i})
        return channel

    channel = asyncio.run(setup())
    received = [asyncio.run(receive(receiver, channel))["n"] for _ in range(3)]
    assert received == [0, 1, 2]

    async def cleanup() -> None:
        await receiver.flush()
        await sender.flush()

    asyncio.run(cleanup())
