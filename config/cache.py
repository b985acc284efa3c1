"""The shared cache when Redis is configured: django-redis, failing open.

django-redis's IGNORE_EXCEPTIONS turns a Redis outage into cache misses (get -> default, set/incr ->
None) instead of errors, so pages keep rendering. One operation needs the opposite answer: `add`,
which callers use as a lock (allauth's rate-limit lock waits for `add` to return True and answers
429 after a second without it, so nobody could log in while Redis was down). Failing open, `add`
reports success when Redis can't be reached; the callers' own fallbacks (messaging's per-process rate
limit) take over.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("config.cache")
_last_warning = 0.0


def _warn(exc: BaseException) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 30:  # once per 30 s per process, not once per call
        _last_warning = now
        logger.warning("cache: Redis unavailable, failing open: %r", exc.__cause__ or exc)


class FailOpenRedisCache(RedisCache):
    def add(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return bool(self.client.add(*args, **kwargs))
        except ConnectionInterrupted as exc:
            if not self._ignore_exceptions:
                raise
            _warn(exc)
            return True
