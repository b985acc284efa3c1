"""WebSocket messaging benchmark: the full message path against a bare echo on the same server.

Run from the repo root: `python bench/messaging_bench.py` (needs Redis: REDIS_URL, default
redis://127.0.0.1:6379; the bench uses database BENCH_REDIS_DB, default 7, and leaves the rest alone).

What it does, bounded in time and stopping by itself:
1. a throwaway SQLite database in a temp dir, migrated; 50 client/freelancer pairs, each with a job,
   a proposal and a conversation (created through the messaging services), and a logged-in session
   per user (created directly in the session store, sent as the session cookie on the handshake);
2. its own uvicorn server (one process, config.asgi, Redis channel layer and cache, BENCH_VIEWS on
   so `ws/bench/echo/` exists) on a free loopback port;
3. phase "echo": 50 sockets on the bare echo consumer (same JSON framing, no auth, no database);
   each socket sends, waits for its echo, sends again, for BENCH_SECONDS (default 10);
4. phase "full": 50 conversations, both parties connected (100 sockets), taking turns like people
   do. A message goes through the consumer, `message_send` (standing, rate limit in the Redis cache,
   trust check_text with the sender's preceding messages, the trust guard on save, the SQLite
   write), then the Redis channel layer to the other party's socket: a round trip ends when the
   recipient has it (and the sender its "sent" ack); then the other party answers.

Prints a table (round trips/s, p50/p90/p99/max latency, errors) and the cost ratio
full/echo (= echo throughput / full throughput at the same concurrency). Goal: <= 2x. Exits 0 when
it ran (printing MET or MISSED), non-zero only on errors (no Redis, server failed, sockets broken).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PAIRS = int(os.environ.get("BENCH_PAIRS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
GOAL_RATIO = 2.0
MESSAGE_TIMEOUT = 5.0

SETUP_SCRIPT = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from accounts.models import User
from marketplace.models import Category, JobPost, Proposal
from messaging.services import conversation_start_for_proposal

Store = import_module(settings.SESSION_ENGINE).SessionStore

def session_for(user):
    store = Store()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

def make_user(email, first, last, **roles):
    user = User(email=email, first_name=first, last_name=last, **roles)
    user.set_unusable_password()  # sessions are made directly: no password hashing cost
    user.save()
    return user

category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
rows = []
for i in range(PAIRS):
    client = make_user(f"bench-client-{i}@bench.invalid", "Client", f"Number{i}", is_client=True)
    freelancer = make_user(f"bench-freelancer-{i}@bench.invalid", "Freelancer", f"Number{i}", is_freelancer=True)
    job = JobPost.objects.create(
        client=client, title=f"Bench job {i}", description="A job used by the messaging benchmark.",
        category=category, budget_min_cents=10_000, budget_max_cents=20_000, status="open",
        published_at=timezone.now(),
    )
    proposal = Proposal.objects.create(
        job=job, freelancer=freelancer, cover_letter="Happy to help with this.", bid_cents=15_000, duration="lt_1m",
    )
    conversation = conversation_start_for_proposal(proposal=proposal, actor=client)
    rows.append({"conversation": conversation.pk, "client": session_for(client), "freelancer": session_for(freelancer)})
print("BENCH-SETUP " + json.dumps(rows))
"""

# Ordinary chat: what real conversations mostly are (the detector runs on every one of them).
BODIES = [
    "Hi! I read your proposal, can you start on Monday?",
    "Sure, I can share a first draft of the wireframes by Wednesday.",
    "Sounds good. Do you have questions about the booking flow?",
    "How should cancellations work, and do you need recurring classes?",
    "Recurring classes yes, cancellations up to 24 hours before the class.",
]


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    timeouts: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(round(p / 100 * (len(data) - 1))))] * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_url() -> str:
    base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    parts = urlsplit(base)
    db = os.environ.get("BENCH_REDIS_DB", "7")
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def run_manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_for_server(url: str, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not start in {timeout:.0f}s:\n{log.read_text()}")


async def echo_worker(uri: str, origin: str, cookie: str, phase: Phase, stop_at: float, n: int) -> None:
    from websockets.asyncio.client import connect

    headers = {"Cookie": cookie} if cookie else None
    async with connect(uri, origin=origin, additional_headers=headers, open_timeout=10) as ws:
        i = 0
        while time.monotonic() < stop_at:
            i += 1
            payload = json.dumps({"type": "send", "body": BODIES[i % len(BODIES)], "client_id": f"{n}-{i}"})
            started = time.perf_counter()
            await ws.send(payload)
            try:
                await asyncio.wait_for(ws.recv(), MESSAGE_TIMEOUT)
            except TimeoutError:
                phase.timeouts += 1
                continue
            phase.latencies.append(time.perf_counter() - started)


async def full_worker(base: str, origin: str, row: dict, phase: Phase, stop_at: float, n: int) -> None:
    from websockets.asyncio.client import connect

    path = f"{base}/ws/conversations/{row['conversation']}/"
    sender = connect(path, origin=origin, additional_headers={"Cookie": f"sessionid={row['client']}"}, open_timeout=10)
    receiver = connect(
        path, origin=origin, additional_headers={"Cookie": f"sessionid={row['freelancer']}"}, open_timeout=10
    )
    async with sender as client_ws, receiver as freelancer_ws:

        async def until(ws, predicate) -> dict:
            while True:
                event = json.loads(await ws.recv())
                if event.get("type") == "error":
                    raise RuntimeError(f"server refused a benchmark message: {event}")
                if predicate(event):
                    return event

        # The two parties take turns, as people do: each message is answered by the next one.
        i = 0
        while time.monotonic() < stop_at:
            i += 1
            sender_ws, recipient_ws = (client_ws, freelancer_ws) if i % 2 else (freelancer_ws, client_ws)
            client_id = f"{n}-{i}"
            body = f"{BODIES[i % len(BODIES)]} ({i})"
            started = time.perf_counter()
            await sender_ws.send(json.dumps({"type": "send", "body": body, "client_id": client_id}))
            try:
                await asyncio.wait_for(
                    asyncio.gather(
                        until(sender_ws, lambda e, c=client_id: e.get("type") == "sent" and e.get("client_id") == c),
                        until(recipient_ws, lambda e, b=body: e.get("type") == "message" and e["message"]["body"] == b),
                    ),
                    MESSAGE_TIMEOUT,
                )
            except TimeoutError:
                phase.timeouts += 1
                continue
            phase.latencies.append(time.perf_counter() - started)


async def run_phase(name: str, workers) -> Phase:
    phase = Phase(name)
    stop_at = time.monotonic() + SECONDS
    started = time.monotonic()
    results = await asyncio.gather(*(w(phase, stop_at) for w in workers), return_exceptions=True)
    phase.seconds = time.monotonic() - started
    failures = [r for r in results if isinstance(r, BaseException)]
    phase.errors = len(failures)
    if failures:
        print(f"  {name}: {len(failures)} socket(s) failed, first: {failures[0]!r}", flush=True)
    return phase


def print_table(phases: list[Phase]) -> None:
    header = (
        f"{'phase':<8} {'sockets':>7} {'round trips':>11} {'per s':>9} {'p50 ms':>8} {'p90 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8} {'timeouts':>8} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for p, sockets in zip(phases, (PAIRS, PAIRS * 2), strict=False):
        print(
            f"{p.name:<8} {sockets:>7} {len(p.latencies):>11} {p.rate:>9.1f} {p.pct(50):>8.2f} {p.pct(90):>8.2f} "
            f"{p.pct(99):>8.2f} {max(p.latencies, default=0) * 1000:>8.2f} {p.timeouts:>8} {p.errors:>6}"
        )


async def bench(url: str, rows: list[dict]) -> int:
    ws_base = url.replace("http://", "ws://")
    origin = url
    echo_workers = [
        (lambda phase, stop_at, n=n: echo_worker(f"{ws_base}/ws/bench/echo/", origin, "", phase, stop_at, n))
        for n in range(PAIRS)
    ]
    full_workers = [
        (lambda phase, stop_at, n=n, row=row: full_worker(ws_base, origin, row, phase, stop_at, n))
        for n, row in enumerate(rows)
    ]
    print(f"phase echo: {PAIRS} sockets, {SECONDS:.0f} s ...", flush=True)
    echo = await run_phase("echo", echo_workers)
    print(f"phase full: {PAIRS} conversations ({PAIRS * 2} sockets), {SECONDS:.0f} s ...", flush=True)
    full = await run_phase("full", full_workers)
    print()
    print_table([echo, full])
    if echo.errors or full.errors or not echo.latencies or not full.latencies:
        print("\nERROR: sockets failed or no round trip completed")
        return 1
    cost_ratio = echo.rate / full.rate
    p50_ratio = full.pct(50) / echo.pct(50)
    print(f"\ncost ratio full/echo (throughput at equal concurrency): {cost_ratio:.2f}x   p50 ratio: {p50_ratio:.2f}x")
    print(f"goal: full path <= {GOAL_RATIO:.0f}x the bare echo -> {'MET' if cost_ratio <= GOAL_RATIO else 'MISSED'}")
    print(
        "note: every send runs on channels' one shared database thread per server process (standing query, "
        "rate-limit INCR, trust check + guard, SQLite write, unread count); the echo never leaves the event "
        "loop. Throughput scales with server processes on PostgreSQL, not within one process."
    )
    return 0


def main() -> int:
    redis = redis_url()
    if not redis_reachable(redis):
        print(f"ERROR: Redis is not reachable at {redis} (set REDIS_URL); the bench measures the Redis layer.")
        return 2
    # The throwaway database lives in memory-backed /dev/shm when there is one: the comparison is
    # about the message path, not the disk's fsync latency (production runs on PostgreSQL).
    shm = Path("/dev/shm")
    tmp = Path(tempfile.mkdtemp(prefix="messaging-bench-", dir=shm if shm.is_dir() else None))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "REDIS_URL": redis,
        "BENCH_VIEWS": "true",
        "DJANGO_DEBUG": "false",
        # As deployed, but plain HTTP on loopback; DEBUG off needs a real key (config.E001).
        "DJANGO_HTTPS": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-" + os.urandom(32).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CONN_MAX_AGE": "600",  # as in production: keep the database connection between calls
        # The limit is still checked (a Redis INCR per message); it just never trips here.
        "MESSAGING_RATE_LIMIT_PER_MINUTE": "100000000",
        "PYTHONUNBUFFERED": "1",
    }
    server = None
    log_path = tmp / "server.log"
    try:
        import redis as redis_client

        redis_client.Redis.from_url(redis).flushdb()
        print(f"setup: migrating a throwaway SQLite database in {tmp} ...", flush=True)
        run_manage(env, "migrate", "--noinput", "-v", "0")
        with sqlite3.connect(tmp / "bench.sqlite3") as db:
            db.execute("PRAGMA journal_mode=WAL")  # persistent: readers don't wait for the writer
        out = run_manage(env, "shell", "-c", f"PAIRS = {PAIRS}\n" + SETUP_SCRIPT)
        rows = json.loads(next(line for line in out.splitlines() if line.startswith("BENCH-SETUP "))[12:])
        print(f"setup: {len(rows)} pairs with conversations and sessions; starting uvicorn on {url}", flush=True)
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
                 "--port", str(port), "--log-level", "warning", "--no-access-log"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            wait_for_server(url, server, log_path)
            status = asyncio.run(bench(url, rows))
        if status:
            print("server log (tail):\n" + log_path.read_text()[-3000:])
        return status
    except Exception as exc:  # noqa: BLE001 - any failure is reported as an error exit
        print(f"ERROR: {exc}")
        if log_path.exists():
            print(log_path.read_text()[-3000:])
        return 1
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
