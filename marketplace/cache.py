"""The job list's fragment cache.

The public job list is the busiest page. Its search form and results depend only on the GET parameters
(for everyone but freelancers with invitations, who bypass the cache), so the rendered fragment is
cached per parameter set. Any write that changes what the list shows bumps a version number that is
part of every key, so with a shared cache (Redis) a change is visible at once; with the per-process
LocMemCache other processes see it within MARKETPLACE_JOB_LIST_CACHE_SECONDS.
"""
from __future__ import annotations

import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict

_VERSION_KEY = "marketplace:job-list:version"


def job_list_version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        # Start from the clock so a version lost to eviction never reuses an old number.
        cache.add(_VERSION_KEY, int(time.time() * 1000), None)
        version = cache.get(_VERSION_KEY) or 0
    return version


def job_list_changed() -> None:
    """Call (on commit) after any write that can change what the public job list shows."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, int(time.time() * 1000), None)


def job_list_key(params: QueryDict) -> str:
    items = sorted((key, value) for key, values in params.lists() for value in values)
    digest = hashlib.sha1(urlencode(items).encode(), usedforsecurity=False).hexdigest()
    return f"marketplace:job-list:{job_list_version()}:{digest}"


def job_list_ttl() -> int:
    return settings.MARKETPLACE_JOB_LIST_CACHE_SECONDS
