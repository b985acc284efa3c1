"""Browser test harness: a real ASGI server (uvicorn: HTTP + WebSocket) in a subprocess, driven by
Playwright through Debian's chromium.

The server gets its own freshly migrated SQLite file and a file email backend, so tests see the
site exactly as a user does (sign-up emails included) and nothing leaks into the pytest database.
When REDIS_URL is set the server uses Redis (its own database number) for channels and Celery, and
a Celery worker subprocess runs beside it: the production-like path. Never downloads a browser.
"""
from __future__ import annotations

import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Keep the browser server's queue apart from other tests' workers (override to run suites side by side).
BROWSER_REDIS_DB = os.environ.get("BROWSER_REDIS_DB", "9")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _browser_database(tmp: Path) -> tuple[str, Callable[[], None]]:
    """The server's database: a fresh PostgreSQL database when the suite runs on PostgreSQL
    (DATABASE_URL), else a SQLite file. Returns (url, drop)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'site.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'marketplace'}_browser_{os.getpid()}"
    admin_url = urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", "", ""))

    def run(sql: str) -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, "")), lambda: run(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


def _redis_url_for_browser(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{BROWSER_REDIS_DB}", parts.query, parts.fragment))


@dataclass
class Site:
    url: str
    env: dict[str, str]
    mail_dir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def manage(self, *args: str, check: bool = True) -> str:
        """Run a manage.py command against the server's database; returns stdout."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def create_user(
        self,
        email_address: str,
        password: str = "browser-pass-123",
        first_name: str = "Test",
        last_name: str = "User",
        role: str = "client",
        verified: bool = True,
        staff: bool = False,
    ) -> str:
        """Create a user (with the profile of `role`) directly in the server's database."""
        code = f"""
from allauth.account.models import EmailAddress
from accounts.models import User
from accounts.services import user_finish_signup
user = User(email={email_address!r}, first_name={first_name!r}, last_name={last_name!r},
            is_client={role == "client"!r}, is_freelancer={role == "freelancer"!r},
            is_staff={staff!r}, is_superuser={staff!r})
user.set_password({password!r})
user_finish_signup(user=user)
EmailAddress.objects.create(user=user, email=user.email, verified={verified!r}, primary=True)
print(user.pk)
"""
        return self.shell(code).strip().splitlines()[-1]

    def emails_to(self, address: str) -> list[str]:
        """Bodies (plain text) of every email sent to `address`, oldest first."""
        bodies: list[str] = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            # The file backend appends messages separated by a line of dashes.
            for raw in path.read_text().split("-" * 79):
                raw = raw.strip()
                if not raw:
                    continue
                msg = email.message_from_string(raw, policy=policy.default)
                if address.lower() in str(msg.get("To", "")).lower():
                    part = msg.get_body(preferencelist=("plain", "html"))
                    bodies.append(part.get_content() if part else msg.get_payload())
        return bodies

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.processes:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    tmp = tmp_path_factory.mktemp("site")
    mail_dir = tmp / "mail"
    mail_dir.mkdir()
    port = _free_port()
    database_url, drop_database = _browser_database(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "TRUST_UPLOADS_ROOT": str(tmp / "private"),
        "EMAIL_URL": f"filemail:///{mail_dir}",  # four slashes: an absolute path
        "SITE_URL": f"http://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_DB_POOL": "true",  # as served in production (ignored on SQLite)
    }
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = _redis_url_for_browser(os.environ["REDIS_URL"])
    site = Site(url=f"http://127.0.0.1:{port}", env=env, mail_dir=mail_dir)
    site.manage("migrate", "--noinput", "-v", "0")
    log = open(tmp / "server.log", "w")  # noqa: SIM115 (closed at teardown)
    site.processes.append(
        subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    )
    if env.get("REDIS_URL"):
        subprocess.run(  # a clean queue for this session's worker
            [sys.executable, "-c", f"import redis; redis.Redis.from_url({env['REDIS_URL']!r}).flushdb()"], check=True
        )
        site.processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-l", "warning"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{site.url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or site.processes[0].poll() is not None:
                site.stop()
                drop_database()
                raise RuntimeError(f"server did not start:\n{(tmp / 'server.log').read_text()}")
            time.sleep(0.2)
    yield site
    site.stop()
    log.close()
    drop_database()


@pytest.fixture(scope="module")
def browser(site: Site):
    """One Chromium per test module. Playwright's sync API keeps its event loop marked as running in this
    thread while it is open, so a session-wide browser made every async test that pytest ran after the
    browser modules (the Redis layer's, which need no database and so come last) fail with "cannot be
    called from a running event loop"."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, site: Site) -> Iterator[Callable]:
    """new_page(**context_options) -> a page in a fresh browser context (its own cookies)."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=site.url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def login(site: Site) -> Callable:
    def do_login(page, email_address: str, password: str = "browser-pass-123") -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=login]", email_address)
        page.fill("input[name=password]", password)
        page.locator("form button[type=submit], form input[type=submit]").last.click()
        page.wait_for_load_state()

    return do_login


@pytest.fixture
def unique_email() -> Callable[[str], str]:
    return lambda prefix="user": f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"
