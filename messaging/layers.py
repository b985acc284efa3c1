"""A channels_redis layer that keeps sockets open through a Redis outage and receives with one pump.

channels_redis raises from `receive()` when Redis goes away, and Channels then tears the consumer
down: every open WebSocket closes at once and the pages reconnect in a loop against a handshake that
fails too. This subclass keeps a per-process copy of the group memberships of its own channels:

- a Redis error in the receive pump (below) is logged and retried with backoff (0.5 s doubling to
  5 s) instead of raised, so the sockets stay open;
- `group_send()`/`send()` that fail on Redis deliver to the sockets of this process instead (the
  other processes' sockets catch up from the database when they reconnect: `?after=<id>` replay);
- group memberships are written again once Redis is back: those that could not be written while it was
  down, and all of this process's after any Redis error (a restarted Redis keeps nothing on disk here, so
  the memberships written before the outage may be gone).

Receiving: one pump per process. Every socket of a process has a channel `specific.<client_prefix>!<id>`,
and channels_redis stores all their messages in one sorted set per process, `<prefix>specific.<client
prefix>!`. channels_redis's own `receive()` reads it with four commands per message (a Lua clean-up of a
backup set, BZPOPMIN, ZADD of the popped entry to the backup set, ZPOPMIN of the backup set) and with
several tasks, a lock and an `asyncio.wait` per call. Here one long-lived task per layer and event loop
(`_pump`) reads the key: a pipeline of BZPOPMIN (blocking up to 5 s) and ZPOPMIN of up to 256 more, one
round trip that returns the first entry and everything queued behind it (a `group_send_many` writes its
entries in one Lua call, so they are all there when BZPOPMIN wakes). Each entry is put, in score order,
into the asyncio.Queue of its channel (or of each channel it lists), and `receive()` of a socket's
channel is `await queue.get()`: no task, lock or Redis command per message.

Why no backup set: channels_redis keeps the popped entry in a backup set until the message is handed
over because its `receive()` can be cancelled (a socket closing, a `wait_for` timing out) between the
pop and the delivery, which would lose a message meant for another socket of the process. The pump is
not cancelled while sockets live: nothing awaits between its pop and the puts into the queues, and it
is stopped only by `flush()`/`close_pools()` and by the end of its event loop. A pop whose reply is
lost to a Redis failure loses those entries, as a send during the outage would; the pages replay from
the database on reconnect. A cancelled `receive()` loses nothing: an item stays in its queue.

Queues: a channel's queue is made by `new_channel()` (or `group_add`/`receive` of a channel of this
process) and holds at most `capacity` messages (a message for a full queue is dropped with a warning).
Entries for a channel that has no queue here (its socket closed) are dropped. The queue goes when its
consumer's `receive()` is cancelled (a closing socket) and it is empty or the channel has left all its
groups, or when the channel leaves its last group with no `receive()` waiting and nothing queued (so a
`receive()` cancelled with nothing queued, a `wait_for` timing out, ends the channel's buffering here
until its next `receive()`). A pump belongs to one event loop: a receive on another loop (tests,
`async_to_sync`, which runs each call on a new loop) starts a new pump there, the old loop's pump must
have ended (two running loops receiving at once is an error, as in channels_redis), and a channel's
queued messages move to a queue of the new loop; before a loop closes its pump is cancelled and
awaited (asyncio.run and asgiref cancel every task first anyway).

When Redis is up every message still goes through Redis (local delivery only carries fallback
deliveries), so cross-process delivery is channels_redis's format. General (non-'!') channels keep
channels_redis's receive. One difference in how groups are written: `group_send` (and
`group_send_many`, several groups at once: a chat message and the recipient's badge) costs two Redis
commands instead of channels_redis's four per group: one script trims and reads the members of every
group, a second trims every member channel's expired messages and makes the capacity-checked ZADDs
(channels_redis's own Lua script, with a score per delivery). Both are sent by hash (EVALSHA). Each
delivery gets its own, increasing score, so a channel receives the events in the order they were sent.
"""

from __future__ import annotations

import asyncio
import logging
import time
import types
import weakref
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from channels_redis.core import RedisChannelLayer
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a dead or unreachable Redis raises through redis-py's asyncio client.
REDIS_DOWN = (RedisError, OSError, asyncio.TimeoutError)
RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 5.0
PUMP_BATCH = 256  # entries taken by the ZPOPMIN behind each BZPOPMIN

# The groups' members (KEYS: group keys; ARGV[1]: the expiry cut-off), each group trimmed of memberships
# older than the group expiry first, as channels_redis's group_send does with two commands per group.
GROUP_MEMBERS_LUA = """
local members = {}
for i = 1, #KEYS do
    redis.call('ZREMRANGEBYSCORE', KEYS[i], 0, ARGV[1])
    members[i] = redis.call('ZRANGE', KEYS[i], 0, -1)
end
return members
"""

# channels_redis's group_send script, with one score per key (ARGV: messages, capacities, scores, expiry,
# then the cut-off of expired entries), each key trimmed of expired messages first as channels_redis does.
GROUP_SEND_LUA = """
local over_capacity = 0
local n = #KEYS
local expiry = ARGV[3 * n + 1]
local cutoff = ARGV[3 * n + 2]
for i = 1, n do
    redis.call('ZREMRANGEBYSCORE', KEYS[i], 0, cutoff)
    if redis.call('ZCOUNT', KEYS[i], '-inf', '+inf') < tonumber(ARGV[n + i]) then
        redis.call('ZADD', KEYS[i], ARGV[2 * n + i], ARGV[i])
        redis.call('EXPIRE', KEYS[i], expiry)
    else
        over_capacity = over_capacity + 1
    end
end
return over_capacity
"""


class _ChannelQueue(asyncio.Queue[dict[str, Any]]):
    """A channel's messages in this process, with the event loop its consumer runs on."""

    def __init__(self, maxsize: int, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(maxsize=maxsize)
        self.owner_loop = loop


class ResilientRedisChannelLayer(RedisChannelLayer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._members: dict[str, set[str]] = defaultdict(set)  # group -> this process's channels
        self._local: dict[str, _ChannelQueue] = {}  # this process's channels -> their messages
        self._waiting: set[str] = set()  # channels with a receive() waiting on their queue
        self._stale: set[tuple[str, str]] = set()  # (group, channel) not yet written to Redis
        self._pump_task: asyncio.Task[None] | None = None
        self._scripts: dict[str, Any] = {}  # Lua source -> redis-py's script object (EVALSHA)
        self._pump_loop: asyncio.AbstractEventLoop | None = None
        self._close_wrapped: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()
        # The key of this process's specific channels (channels_redis's receive reads the same).
        self._pump_channel = f"specific.{self.client_prefix}!"

    # --- this process's channels ----------------------------------------------------------------

    def _is_ours(self, channel: str) -> bool:
        return "!" in channel and self.non_local_name(channel).endswith(self.client_prefix + "!")

    def _queue(self, channel: str) -> _ChannelQueue:
        queue = self._local.get(channel)
        if queue is None:
            loop = asyncio.get_running_loop()
            queue = self._local[channel] = _ChannelQueue(self.get_capacity(channel), loop)
        return queue

    def _in_a_group(self, channel: str) -> bool:
        return any(channel in members for members in self._members.values())

    def _deliver_locally(self, channels: set[str] | list[str], message: dict[str, Any]) -> int:
        delivered = 0
        for channel in list(channels):
            queue = self._local.get(channel)
            if queue is None:  # its socket closed: nobody would read it
                continue
            try:
                queue.put_nowait(message)
                delivered += 1
            except asyncio.QueueFull:
                logger.warning("channel layer: local queue of %s is full; message dropped", channel)
        return delivered

    async def new_channel(self, prefix: str = "specific") -> str:
        channel = await super().new_channel(prefix)
        self._queue(channel)
        return channel

    # --- Redis state ------------------------------------------------------------------------------

    def _forget_redis_state(self) -> None:
        """After a Redis error, assume Redis lost this process's group memberships (a restart without
        persistence): the pump writes them again before it reads."""
        for group, channels in self._members.items():
            self._stale.update((group, channel) for channel in channels)

    @property
    def is_degraded(self) -> bool:
        return bool(self._stale)

    async def _rejoin(self) -> None:
        for group, channel in list(self._stale):
            if channel in self._members.get(group, ()):
                await super().group_add(group, channel)
            self._stale.discard((group, channel))

    # --- groups -----------------------------------------------------------------------------------

    async def group_add(self, group: str, channel: str) -> None:
        self._members[group].add(channel)
        if self._is_ours(channel):
            self._queue(channel)
        try:
            await super().group_add(group, channel)
        except REDIS_DOWN as exc:
            logger.warning("channel layer: Redis unavailable on group_add(%s): %r", group, exc)
            self._stale.add((group, channel))

    async def group_discard(self, group: str, channel: str) -> None:
        members = self._members.get(group)
        if members is not None:
            members.discard(channel)
            if not members:
                del self._members[group]
        self._stale.discard((group, channel))
        queue = self._local.get(channel)
        if queue is not None and queue.empty() and channel not in self._waiting and not self._in_a_group(channel):
            del self._local[channel]
        try:
            await super().group_discard(group, channel)
        except REDIS_DOWN as exc:
            logger.warning("channel layer: Redis unavailable on group_discard(%s): %r", group, exc)

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        await self.group_send_many([(group, message)])

    async def group_send_many(
        self,
        sends: list[tuple[str, dict[str, Any]]],
        *,
        exclude: Mapping[int, str] | None = None,
        covered: Mapping[int, int] | None = None,
    ) -> None:
        """Send each (group, message) in order, in two Redis round trips for all of them.

        `exclude`: {index in `sends`: a channel} that delivery skips (a sender's own socket, which has
        the message in its "sent" ack already); the group's other channels still get it.
        `covered`: {index j: an earlier index i}: send j skips the channels that send i reaches (a new
        message's badge event, for the sockets that count it from the message itself).
        Best effort: the local fallback while Redis is down and the sharded path deliver to every member
        (the consumers tolerate both)."""
        try:
            await self._group_send_many(sends, exclude or {}, covered or {})
        except REDIS_DOWN as exc:
            self._forget_redis_state()
            for group, message in sends:
                count = self._deliver_locally(self._members.get(group, set()), message)
                logger.warning(
                    "channel layer: Redis unavailable on group_send(%s), delivered to %d local socket(s): %r",
                    group, count, exc,
                )

    async def _group_send_many(
        self, sends: list[tuple[str, dict[str, Any]]], exclude: Mapping[int, str], covered: Mapping[int, int]
    ) -> None:
        for group, _ in sends:
            assert self.require_valid_group_name(group), "Group name not valid"
        if self.ring_size != 1:  # sharded: channels_redis's own path, group by group
            for group, message in sends:
                await super().group_send(group, message)
            return
        connection = self.connection(0)
        members = await self._script(GROUP_MEMBERS_LUA)(
            keys=[self._group_key(group) for group, _ in sends],
            args=[int(time.time()) - self.group_expiry],
            client=connection,
        )
        reached: list[list[str]] = []
        for index, names in enumerate(members):
            skip = exclude.get(index)
            channel_names = [name.decode("utf8") for name in names]
            if skip is not None:
                channel_names = [name for name in channel_names if name != skip]
            if covered.get(index, index) < index:
                earlier = set(reached[covered[index]])
                channel_names = [name for name in channel_names if name not in earlier]
            reached.append(channel_names)
        keys: list[str] = []
        payloads: list[bytes] = []
        capacities: list[int] = []
        for (_, message), channel_names in zip(sends, reached, strict=True):
            if not channel_names:
                continue
            by_connection, key_messages, key_capacities = self._map_channel_keys_to_connection(channel_names, message)
            for channel_key in by_connection.get(0, []):
                keys.append(channel_key)
                payloads.append(key_messages[channel_key])
                capacities.append(key_capacities[channel_key])
        if not keys:
            return
        now = time.time()
        # Distinct increasing scores: a channel that gets two of these events pops them in this order.
        scores = [now + i * 1e-6 for i in range(len(keys))]
        over_capacity = await self._script(GROUP_SEND_LUA)(
            keys=keys, args=[*payloads, *capacities, *scores, self.expiry, int(now) - int(self.expiry)],
            client=connection,
        )
        if over_capacity:
            logger.info("channel layer: %s of %s channel deliveries over capacity", over_capacity, len(keys))

    def _script(self, source: str) -> Any:
        """redis-py's script object for `source` (EVALSHA, loaded again where Redis lacks it; the client is
        passed on each call, so one object serves every event loop's connection)."""
        script = self._scripts.get(source)
        if script is None:
            script = self._scripts[source] = self.connection(0).register_script(source)
        return script

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        try:
            await super().send(channel, message)
        except REDIS_DOWN as exc:
            if channel not in self._local:
                raise
            self._forget_redis_state()
            logger.warning("channel layer: Redis unavailable on send(%s), delivered locally: %r", channel, exc)
            self._deliver_locally([channel], message)

    # --- receiving --------------------------------------------------------------------------------

    async def receive(self, channel: str) -> dict[str, Any]:
        if "!" not in channel:
            return await self._receive_general(channel)
        loop = asyncio.get_running_loop()
        queue = self._local.get(channel)
        if queue is None or queue.owner_loop is not loop:
            assert self._is_ours(channel), "Wrong client prefix"
            queue = self._rebind(channel, loop)
        if not queue.empty():
            return queue.get_nowait()
        if self._pump_loop is not loop or self._pump_task is None or self._pump_task.done():
            self._start_pump(loop)
        self._waiting.add(channel)
        try:
            return await queue.get()
        except asyncio.CancelledError:
            # The consumer is gone (a closing socket) or gave up waiting: keep what is queued for a
            # consumer that is still in its groups, else nobody will read it.
            if self._local.get(channel) is queue and (queue.empty() or not self._in_a_group(channel)):
                del self._local[channel]
            raise
        finally:
            self._waiting.discard(channel)

    def _rebind(self, channel: str, loop: asyncio.AbstractEventLoop) -> _ChannelQueue:
        """The channel's queue on `loop`, with what an earlier loop's queue held (a queue that was
        waited on is bound to its loop; async_to_sync runs each call on a new one)."""
        queue = _ChannelQueue(self.get_capacity(channel), loop)
        old = self._local.get(channel)
        while old is not None and not old.empty() and not queue.full():
            queue.put_nowait(old.get_nowait())
        self._local[channel] = queue
        return queue

    async def _receive_general(self, channel: str) -> dict[str, Any]:
        """A general channel: channels_redis's receive, retried with backoff while Redis is down."""
        delay = RETRY_FIRST_SECONDS
        while True:
            try:
                if self._stale:
                    await self._rejoin()
                return await super().receive(channel)
            except REDIS_DOWN as exc:
                self._forget_redis_state()
                logger.warning("channel layer: Redis unavailable on receive; retrying in %.1f s: %r", delay, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_SECONDS)

    def _start_pump(self, loop: asyncio.AbstractEventLoop) -> None:
        task, old = self._pump_task, self._pump_loop
        if task is not None and not task.done() and old is not loop:
            if old is not None and old.is_running():
                raise RuntimeError("Two event loops are trying to receive() on one channel layer at once!")
            # A loop that stopped without cancelling its tasks: this task can never run again.
            task._log_destroy_pending = False  # type: ignore[attr-defined]
        self._pump_loop = loop
        self._pump_task = loop.create_task(self._pump(), name=f"channel layer pump {self.client_prefix}")
        self._pump_task.add_done_callback(self._pump_ended)
        # channels_redis closes this loop's connections when the loop closes; wrapped after it, the
        # pump is stopped first.
        self.connection(self.consistent_hash(self._pump_channel))
        self._wrap_loop_close(loop)

    def _pump_ended(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            logger.error("channel layer: receive pump ended", exc_info=task.exception())

    def _wrap_loop_close(self, loop: asyncio.AbstractEventLoop) -> None:
        """Before `loop` closes, cancel and await its pump (asyncio.run and asgiref cancel every task
        themselves; a loop closed without that would otherwise drop a pending pump)."""
        if loop in self._close_wrapped:
            return
        self._close_wrapped.add(loop)
        original = loop.close

        def close(this: asyncio.AbstractEventLoop) -> None:
            self._close_wrapped.discard(loop)
            this.close = original  # type: ignore[method-assign]
            task = self._pump_task
            if task is not None and self._pump_loop is loop and not task.done() and not loop.is_running():
                task.cancel()
                loop.run_until_complete(asyncio.wait([task]))
            original()

        loop.close = types.MethodType(close, loop)  # type: ignore[method-assign]

    async def _pump(self) -> None:
        """Move this process's messages from Redis into the channels' queues until cancelled."""
        key = self.prefix + self._pump_channel
        index = self.consistent_hash(self._pump_channel)
        delay = RETRY_FIRST_SECONDS
        while True:
            try:
                if self._stale:
                    await self._rejoin()
                pipe = self.connection(index).pipeline(transaction=False)
                pipe.bzpopmin(key, timeout=self.brpop_timeout)
                pipe.zpopmin(key, PUMP_BATCH)
                first, rest = await pipe.execute()
                delay = RETRY_FIRST_SECONDS
            except REDIS_DOWN as exc:
                self._forget_redis_state()
                logger.warning("channel layer: Redis unavailable on receive; retrying in %.1f s: %r", delay, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_SECONDS)
                continue
            except Exception:
                logger.exception("channel layer: receive pump failed; retrying in %.1f s", delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_SECONDS)
                continue
            if first is not None:
                self._dispatch(first[1])
            for member, _score in rest:
                self._dispatch(member)

    def _dispatch(self, entry: bytes) -> None:
        try:
            message = self.deserialize(entry)
            channels = message.pop("__asgi_channel__")
        except Exception:
            logger.exception("channel layer: undecodable entry dropped")
            return
        self._deliver_locally([channels] if isinstance(channels, str) else channels, message)

    async def _stop_pump(self) -> None:
        task, loop = self._pump_task, self._pump_loop
        self._pump_task = None
        if task is None or task.done():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if loop is running:
            task.cancel()
            await asyncio.wait([task])
        elif loop is not None and loop.is_running():
            loop.call_soon_threadsafe(task.cancel)
        else:
            task._log_destroy_pending = False  # type: ignore[attr-defined]

    async def close_pools(self) -> None:
        """Stop the pump (its blocking pop holds a pooled connection), close the pools, and start the
        pump again if sockets of this loop are still waiting for messages."""
        await self._stop_pump()
        await super().close_pools()
        loop = asyncio.get_running_loop()
        if self._waiting and self._pump_loop is loop:
            self._start_pump(loop)
