"""Operable: liveness and readiness, request ids in logs and responses, error reporting, and the
pages a public site has (404/500, robots.txt, sitemap)."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from marketplace.models import JobPost
from tests.factories import ClientFactory, FreelancerFactory, JobPostFactory

ROOT = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- /healthz and /readyz -----------------------------------------------------------------------


def test_healthz_is_liveness_only(client):
    response = client.get("/healthz")  # no django_db mark: any database access would raise
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_without_redis_checks_database_and_cache(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert set(body["checks"]) == {"database", "cache", "worker"}


@pytest.mark.django_db
def test_readyz_is_503_when_redis_is_unreachable(client):
    down = f"redis://127.0.0.1:{closed_port()}/0"
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": down}}
    with override_settings(REDIS_URL=down, CELERY_BROKER_URL=down, CACHES=caches):
        response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    for name in ("cache", "redis", "broker", "worker"):
        assert body["checks"][name]["ok"] is False, name
    assert "Connection" in body["checks"]["redis"]["detail"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_fails(client, monkeypatch):
    from config import views

    def broken() -> str:
        raise RuntimeError("database down")

    monkeypatch.setitem(views.readiness_checks.__globals__, "_database", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "detail": "RuntimeError: database down",
                                                     "ms": response.json()["checks"]["database"]["ms"]}


@pytest.mark.redis
@pytest.mark.django_db
def test_readyz_with_redis_up_but_no_worker_says_which(client):
    url = os.environ.get("REDIS_TEST_URL") or os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis (REDIS_TEST_URL or REDIS_URL)")
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    with override_settings(REDIS_URL=url, CELERY_BROKER_URL=url, CACHES=caches):
        body = client.get("/readyz").json()
    assert body["checks"]["redis"]["ok"] and body["checks"]["cache"]["ok"] and body["checks"]["broker"]["ok"]
    assert body["checks"]["worker"]["ok"] is False
    assert "no Celery worker answered" in body["checks"]["worker"]["detail"]


# --- request ids and logs -----------------------------------------------------------------------


@pytest.mark.django_db
def test_every_response_carries_a_request_id_that_the_log_lines_share(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/jobs/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 36
    finished = [r for r in caplog.records if isinstance(r.msg, dict) and r.msg.get("event") == "request_finished"]
    assert finished and finished[-1].msg["request_id"] == request_id
    assert finished[-1].msg["code"] == 200
    assert client.get("/jobs/")["X-Request-ID"] != request_id


def test_logs_are_json_lines_with_debug_off():
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup()\n"
        "import logging; logging.getLogger('trust.audit').warning('flag %s confirmed', 7)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["event"] == "flag 7 confirmed" and line["level"] == "warning" and line["logger"] == "trust.audit"
    assert "timestamp" in line


def test_sentry_is_wired_only_when_a_dsn_is_set_and_sends_no_personal_data():
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup()\n"
        "import sentry_sdk; c = sentry_sdk.get_client()\n"
        "print(c.is_active(), c.options.get('send_default_pii'), c.options.get('include_local_variables'),"
        " c.options.get('max_request_body_size'))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_"))}
    off = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert off.stdout.split()[0] == "False", off.stderr
    # A DSN on a closed local port: nothing can leave the machine.
    dsn = f"http://public@127.0.0.1:{closed_port()}/1"
    on = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**env, "SENTRY_DSN": dsn}, capture_output=True, text=True
    )
    assert on.stdout.split() == ["True", "False", "False", "never"], on.stderr


# --- public pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_404_is_a_friendly_page(client):
    response = client.get("/jobs/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We can't find that page" in html and "Traceback" not in html


@pytest.mark.django_db
def test_500_is_a_friendly_page_with_the_request_id_and_no_trace(client, settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("secret internals")

    import config.urls

    class Urls:
        urlpatterns = [path("boom/", boom), *config.urls.urlpatterns]
        handler500 = config.urls.handler500

    settings.ROOT_URLCONF = Urls
    client.raise_request_exception = False
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert response["X-Request-ID"] in html
    assert "secret internals" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_private_areas_out(client, settings):
    settings.SITE_URL = "https://trustlance.example"
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://trustlance.example/sitemap.xml" in text
    for private in ("/admin/", "/messages/", "/contracts/", "/dashboard/"):
        assert f"Disallow: {private}" in text


@pytest.mark.django_db
def test_sitemap_lists_open_public_jobs_and_public_profiles_only(client, settings):
    settings.SITE_URL = "https://trustlance.example"
    owner = ClientFactory()
    open_job = JobPostFactory(client=owner)
    JobPost.objects.filter(pk=open_job.pk).update(status=JobPost.Status.OPEN, visibility=JobPost.Visibility.PUBLIC)
    closed = JobPostFactory(client=owner)
    JobPost.objects.filter(pk=closed.pk).update(status=JobPost.Status.CLOSED)
    invite_only = JobPostFactory(client=owner)
    JobPost.objects.filter(pk=invite_only.pk).update(
        status=JobPost.Status.OPEN, visibility=JobPost.Visibility.INVITE_ONLY
    )
    freelancer = FreelancerFactory()
    inactive = FreelancerFactory(is_active=False)
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert f"<loc>https://trustlance.example/jobs/{open_job.pk}/</loc>" in xml
    assert f"/jobs/{closed.pk}/<" not in xml
    assert f"/jobs/{invite_only.pk}/<" not in xml
    assert f"<loc>https://trustlance.example/freelancers/{freelancer.pk}/</loc>" in xml
    assert f"/freelancers/{inactive.pk}/<" not in xml
    assert f"<loc>https://trustlance.example/clients/{owner.pk}/</loc>" in xml
    assert "<loc>https://trustlance.example/jobs/</loc>" in xml
