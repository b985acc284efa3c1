"""Operational endpoints: liveness, readiness, robots.txt and the error pages.

- `/healthz` (liveness): the process answers. Touches nothing else, so a database or Redis outage
  never gets healthy web processes restarted.
- `/readyz` (readiness): every dependency this process needs, each with its own short timeout:
  the database, the cache, and with REDIS_URL set Redis itself, the Celery broker and a live worker
  (a control ping). JSON either way; 503 when anything fails.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import structlog
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = structlog.get_logger(__name__)

# Seconds each dependency gets before it counts as down.
READY_TIMEOUT = 2


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just written")
    finally:
        cache.delete(key)
    return "ok"


def _redis() -> str:
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=READY_TIMEOUT, socket_connect_timeout=READY_TIMEOUT
    )
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def _broker() -> str:
    from config.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=READY_TIMEOUT)
    return "ok"


def _worker() -> str:
    from config.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        replies = app.control.ping(timeout=READY_TIMEOUT, limit=1, connection=conn)
    if not replies:
        raise RuntimeError(f"no Celery worker answered a ping within {READY_TIMEOUT} s")
    return f"ok ({next(iter(replies[0]))})"


def readiness_checks() -> dict[str, Callable[[], str]]:
    checks: dict[str, Callable[[], str]] = {"database": _database, "cache": _cache}
    if settings.REDIS_URL:
        checks.update({"redis": _redis, "broker": _broker, "worker": _worker})
    return checks


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict[str, object]] = {}
    for name, check in readiness_checks().items():
        started = time.perf_counter()
        try:
            detail, ok = check(), True
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; the reason is reported
            detail, ok = f"{type(exc).__name__}: {exc}"[:300], False
            logger.warning("readiness_check_failed", check=name, error=detail)
        results[name] = {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}
    if not settings.REDIS_URL:
        results["worker"] = {"ok": True, "detail": "no REDIS_URL: tasks run in-process", "ms": 0.0}
    ready = all(r["ok"] for r in results.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": results}, status=200 if ready else 503)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = settings.SITE_URL.rstrip("/") + reverse("sitemap")
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """No template context processors run here (they might be what failed): the page gets only the
    request id to quote."""
    from django.template import loader

    request_id = structlog.contextvars.get_contextvars().get("request_id", "")
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request_id": request_id, "SITE_NAME": settings.SITE_NAME}), status=500)
