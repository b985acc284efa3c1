"""Secure by default with DEBUG off: no start without a secret key, HTTPS defaults, CSP, admin login
through allauth's rate limits."""

from __future__ import annotations

import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parents[2]
KEY = secrets.token_urlsafe(50)


def run(code: str | None = None, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run python -c CODE (or manage.py ARGS) in a fresh process with only `env` set of ours."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120)


# --- the secret key -----------------------------------------------------------------------------


def test_manage_py_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run(None, "check")
    assert result.returncode != 0
    assert "config.E001" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("debug", "key", "refused"),
    [(False, None, True), (False, "short", True), (False, "x" * 60, True), (False, KEY, False), (True, None, False)],
)
def test_secret_key_check(settings, debug, key, refused):
    from core.checks import secret_key_check

    settings.DEBUG = debug
    settings.SECRET_KEY = key or settings.DEV_SECRET_KEY
    assert [m.id for m in secret_key_check()] == (["config.E001"] if refused else [])


def test_asgi_server_refuses_to_start_without_a_secret_key():
    """uvicorn imports config.asgi and runs no system checks itself: the module refuses."""
    code = "import config.asgi"
    refused = run(code)
    assert refused.returncode != 0
    assert "SystemCheckError" in refused.stderr and "config.E001" in refused.stderr
    assert run(code, DJANGO_SECRET_KEY=KEY).returncode == 0


def test_celery_worker_refuses_to_start_without_a_secret_key():
    worker = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-l", "warning"]
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(worker, cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "config.E001" in result.stdout + result.stderr


# --- HTTPS defaults -----------------------------------------------------------------------------

NAMES = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
]


def settings_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    """config/settings.py evaluated afresh under `env` (and none of our other variables)."""
    for name in list(os.environ):
        if name.startswith("DJANGO_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    values = runpy.run_path(str(ROOT / "config" / "settings.py"))
    return {name: values[name] for name in NAMES}


def test_https_defaults_are_on_when_debug_is_off(monkeypatch):
    assert settings_with(monkeypatch, DJANGO_SECRET_KEY=KEY) == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    }


def test_https_defaults_are_off_with_debug_and_each_is_overridable(monkeypatch):
    debug = settings_with(monkeypatch, DJANGO_DEBUG="true")
    assert not debug["SECURE_SSL_REDIRECT"] and not debug["SESSION_COOKIE_SECURE"] and debug["SECURE_HSTS_SECONDS"] == 0
    assert debug["SECURE_PROXY_SSL_HEADER"] is None
    plain = settings_with(monkeypatch, DJANGO_SECRET_KEY=KEY, DJANGO_HTTPS="false")
    assert not any(plain.values())
    one = settings_with(
        monkeypatch, DJANGO_SECRET_KEY=KEY, DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_SECURE_HSTS_SECONDS="60"
    )
    assert one["SECURE_SSL_REDIRECT"] is False and one["SECURE_HSTS_SECONDS"] == 60 and one["SESSION_COOKIE_SECURE"]


def test_deploy_check_passes_with_only_the_secret_key():
    # (contracts, issue 13) ...and the payment provider: the simulated one must be allowed explicitly.
    result = run(
        None,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=KEY,
        CONTRACTS_ALLOW_SIMULATED_PAYMENTS="true",
    )
    assert result.returncode == 0, result.stderr
    refused = run(None, "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=KEY)
    assert refused.returncode != 0 and "contracts.E001" in refused.stderr


@pytest.mark.django_db
def test_plain_http_redirects_to_https_by_default(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # the production default (the suite turns it off)
    response = client.get("/jobs/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200  # load balancers probe plain HTTP
    secure = client.get("/jobs/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# --- Content-Security-Policy --------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy(client):
    policy = client.get("/jobs/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self'")
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|<style\b|\son[a-z]+\s*=|\sstyle\s*=", re.I)


def test_templates_have_no_inline_script_style_or_handlers():
    """The policy blocks them: behaviour lives in static/js, looks in static/css (nonce for exceptions)."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "email" in path.relative_to(ROOT).parts:
            continue  # HTML emails: mail clients need inline styles, and no page CSP applies to them
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if INLINE.search(line) and "CSP_NONCE" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert offenders == []


# --- the admin login ----------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_superuser(
        email="ops@example.com", password="right-pass-123", first_name="Oli", last_name="Ops"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_admin_login_goes_through_allauth(client, staff):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    # The admin's own form no longer logs anyone in.
    client.post("/admin/login/", {"username": staff.email, "password": "right-pass-123"})
    assert "_auth_user_id" not in client.session


def test_admin_login_is_rate_limited(client, staff):
    for _ in range(5):
        client.post("/accounts/login/", {"login": staff.email, "password": "wrong"})
    response = client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": "right-pass-123"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_staff_reach_the_admin_after_the_allauth_login(client, staff):
    response = client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": "right-pass-123"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
