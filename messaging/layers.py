"""A channels_redis layer that keeps sockets open and messages flowing through a Redis outage.

channels_redis raises from `receive()` when Redis goes away, and Channels then tears the consumer
down: every open WebSocket closes at once and the pages reconnect in a loop against a handshake that
fails too. This subclass keeps a per-process copy of the group memberships of its own channels:

- `receive()` waits on Redis and on a process-local queue at the same time; a Redis error is logged
  and retried with backoff instead of raised, so the socket stays open;
- `group_send()`/`send()` that fail on Redis deliver to the sockets of this process instead (the
  other processes' sockets catch up from the database when they reconnect: `?after=<id>` replay);
- group memberships are written again once Redis is back: those that could not be written while it was
  down, and all of this process's after any Redis error (a restarted Redis keeps nothing on disk here, so
  the memberships written before the outage may be gone).

When Redis is up every message still goes through Redis (the local queue only carries fallback
deliveries), so cross-process delivery is channels_redis's own. One difference in how it is written:
`group_send` (and `group_send_many`, several groups at once: a chat message and the recipient's
badge) costs two Redis round trips instead of channels_redis's four per group: the groups' members
are read in one pipeline, and every member channel's expiry trim and the capacity-checked ZADDs
(channels_redis's own Lua script, with a score per delivery) go in a second one. Each delivery
gets its own, increasing score, so a channel receives the events in the order they were sent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from typing import Any

from channels_redis.core import RedisChannelLayer
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a dead or unreachable Redis raises through redis-py's asyncio client.
REDIS_DOWN = (RedisError, OSError, asyncio.TimeoutError)
RETRY_MAX_SECONDS = 5.0

# channels_redis's group_send script, with one score per key (ARGV: messages, capacities, scores, expiry).
GROUP_SEND_LUA = """
local over_capacity = 0
local n = #KEYS
local expiry = ARGV[3 * n + 1]
for i = 1, n do
    if redis.call('ZCOUNT', KEYS[i], '-inf', '+inf') < tonumber(ARGV[n + i]) then
        redis.call('ZADD', KEYS[i], ARGV[2 * n + i], ARGV[i])
        redis.call('EXPIRE', KEYS[i], expiry)
    else
        over_capacity = over_capacity + 1
    end
end
return over_capacity
"""


class ResilientRedisChannelLayer(RedisChannelLayer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._members: dict[str, set[str]] = defaultdict(set)  # group -> this process's channels
        self._local: dict[str, asyncio.Queue[dict[str, Any]]] = {}
        self._stale: set[tuple[str, str]] = set()  # (group, channel) not yet written to Redis

    def _queue(self, channel: str) -> asyncio.Queue[dict[str, Any]]:
        queue = self._local.get(channel)
        if queue is None:
            queue = self._local[channel] = asyncio.Queue(maxsize=self.capacity)
        return queue

    def _deliver_locally(self, channels: set[str] | list[str], message: dict[str, Any]) -> int:
        delivered = 0
        for channel in list(channels):
            try:
                self._queue(channel).put_nowait(message)
                delivered += 1
            except asyncio.QueueFull:
                logger.warning("channel layer: local queue of %s is full; message dropped", channel)
        return delivered

    def _forget_redis_state(self) -> None:
        """After a Redis error, assume Redis lost this process's group memberships (a restart without
        persistence): each channel's receive loop writes its own again before it reads."""
        for group, channels in self._members.items():
            self._stale.update((group, channel) for channel in channels)

    @property
    def is_degraded(self) -> bool:
        return bool(self._stale)

    async def group_add(self, group: str, channel: str) -> None:
        self._members[group].add(channel)
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
        self._local.pop(channel, None)
        try:
            await super().group_discard(group, channel)
        except REDIS_DOWN as exc:
            logger.warning("channel layer: Redis unavailable on group_discard(%s): %r", group, exc)

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        await self.group_send_many([(group, message)])

    async def group_send_many(self, sends: list[tuple[str, dict[str, Any]]]) -> None:
        """Send each (group, message) in order, in two Redis round trips for all of them."""
        try:
            await self._group_send_many(sends)
        except REDIS_DOWN as exc:
            self._forget_redis_state()
            for group, message in sends:
                count = self._deliver_locally(self._members.get(group, set()), message)
                logger.warning(
                    "channel layer: Redis unavailable on group_send(%s), delivered to %d local socket(s): %r",
                    group, count, exc,
                )

    async def _group_send_many(self, sends: list[tuple[str, dict[str, Any]]]) -> None:
        for group, _ in sends:
            assert self.require_valid_group_name(group), "Group name not valid"
        if self.ring_size != 1:  # sharded: channels_redis's own path, group by group
            for group, message in sends:
                await super().group_send(group, message)
            return
        connection = self.connection(0)
        pipe = connection.pipeline(transaction=False)
        for group, _ in sends:
            key = self._group_key(group)
            pipe.zremrangebyscore(key, min=0, max=int(time.time()) - self.group_expiry)
            pipe.zrange(key, 0, -1)
        members = (await pipe.execute())[1::2]
        keys: list[str] = []
        payloads: list[bytes] = []
        capacities: list[int] = []
        for (_, message), names in zip(sends, members, strict=True):
            channel_names = [name.decode("utf8") for name in names]
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
        pipe = connection.pipeline(transaction=False)
        for channel_key in dict.fromkeys(keys):
            pipe.zremrangebyscore(channel_key, min=0, max=int(now) - int(self.expiry))
        pipe.eval(GROUP_SEND_LUA, len(keys), *keys, *payloads, *capacities, *scores, self.expiry)
        over_capacity = (await pipe.execute())[-1]
        if over_capacity:
            logger.info("channel layer: %s of %s channel deliveries over capacity", over_capacity, len(keys))

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        try:
            await super().send(channel, message)
        except REDIS_DOWN as exc:
            if channel not in self._local:
                raise
            self._forget_redis_state()
            logger.warning("channel layer: Redis unavailable on send(%s), delivered locally: %r", channel, exc)
            self._deliver_locally([channel], message)

    async def _rejoin(self, channel: str) -> None:
        for group, member in list(self._stale):
            if member == channel:
                await super().group_add(group, channel)
                self._stale.discard((group, member))

    async def receive(self, channel: str) -> dict[str, Any]:
        local = self._queue(channel)
        delay = 0.5
        while True:
            if not local.empty():
                return local.get_nowait()
            redis_task = asyncio.ensure_future(self._receive_from_redis(channel))
            local_task = asyncio.ensure_future(local.get())
            try:
                done, _ = await asyncio.wait({redis_task, local_task}, return_when=asyncio.FIRST_COMPLETED)
            except BaseException:
                redis_task.cancel()
                local_task.cancel()
                raise
            if local_task in done:
                redis_task.cancel()
                try:
                    await redis_task  # let channels_redis release its receive lock
                except BaseException:  # noqa: BLE001 - cancelled (or failed) on purpose
                    pass
                if redis_task.done() and not redis_task.cancelled() and redis_task.exception() is None:
                    local.put_nowait(redis_task.result())  # both arrived: keep the Redis one for the next call
                return local_task.result()
            local_task.cancel()
            try:
                return redis_task.result()
            except REDIS_DOWN as exc:
                self._forget_redis_state()
                logger.warning("channel layer: Redis unavailable on receive; retrying in %.1f s: %r", delay, exc)
                try:
                    return await asyncio.wait_for(local.get(), timeout=delay)
                except TimeoutError:
                    delay = min(delay * 2, RETRY_MAX_SECONDS)

    async def _receive_from_redis(self, channel: str) -> dict[str, Any]:
        if self._stale:
            await self._rejoin(channel)
        return await super().receive(channel)
