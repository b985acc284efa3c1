"""The embedded SQLite default, after-commit robustness, the cached standing on the send path."""

from __future__ import annotations

import logging
import threading

import pytest
from django.conf import settings as django_settings
from django.db.backends.sqlite3.base import DatabaseWrapper

from messaging import realtime, services
from messaging.exceptions import Restricted
from messaging.models import Message

pytestmark = pytest.mark.django_db


def _sqlite_file_connection(path) -> DatabaseWrapper:
    settings_dict = dict(django_settings.DATABASES["default"], NAME=str(path), ENGINE="django.db.backends.sqlite3")
    settings_dict["OPTIONS"] = dict(settings_dict.get("OPTIONS", {}))
    if not django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("the SQLite options only apply when the default database is SQLite")
    return DatabaseWrapper(settings_dict, alias=f"sqlite-{path.name}")


def test_sqlite_default_runs_wal_with_busy_timeout_and_immediate_transactions(tmp_path):
    conn = _sqlite_file_connection(tmp_path / "embedded.sqlite3")
    try:
        with conn.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5_000
        assert conn.transaction_mode == "IMMEDIATE"
    finally:
        conn.close()


def test_sqlite_two_writers_wait_for_each_other_instead_of_database_is_locked(tmp_path):
    """The failure of `make run`: a transaction that reads and then writes while another connection
    writes. With BEGIN IMMEDIATE (and the busy timeout) the second waits and both commit."""
    path = tmp_path / "two-writers.sqlite3"
    setup = _sqlite_file_connection(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n integer)")
    setup.close()
    errors: list[BaseException] = []
    inside = threading.Event()

    def writer(hold: float) -> None:
        conn = _sqlite_file_connection(path)
        try:
            conn.set_autocommit(False)
            with conn.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM t")  # read first...
                inside.set()
                threading.Event().wait(hold)
                cursor.execute("INSERT INTO t VALUES (1)")  # ...then write
            conn.commit()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            conn.close()

    first = threading.Thread(target=writer, args=(0.3,))
    first.start()
    inside.wait(5)
    second = threading.Thread(target=writer, args=(0,))
    second.start()
    first.join(10)
    second.join(10)
    assert errors == []
    check = _sqlite_file_connection(path)
    with check.cursor() as cursor:
        assert cursor.execute("SELECT count(*) FROM t").fetchone()[0] == 2
    check.close()


def test_failing_after_commit_broadcast_is_logged_not_raised(conversation, monkeypatch, caplog,
                                                              django_capture_on_commit_callbacks):
    """A broadcast that fails after commit used to raise AttributeError ('functools.partial' object
    has no attribute '__qualname__') from Django's own error logging, turning a stored message into a 500."""

    def broken(**kwargs):
        raise ConnectionError("channel layer down")

    monkeypatch.setattr(realtime, "broadcast_message", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        message = services.message_send(conversation=conversation, sender=conversation.client, body="Still stored")
    assert Message.objects.filter(pk=message.pk).exists()
    assert any("in on_commit()" in r.getMessage() and "channel layer down" in r.getMessage() for r in caplog.records)


def test_standing_is_cached_and_a_new_sanction_applies_at_once(conversation):
    from tests.factories import UserFactory
    from trust.services import sanction_apply

    sender = conversation.client
    services.message_send(conversation=conversation, sender=sender, body="First")
    # Cached: the next sends don't ask trust for the sender's sanctions again.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.message_send(conversation=conversation, sender=sender, body="Second")
    assert not any("trust_sanction" in q["sql"] for q in queries.captured_queries)

    staff = UserFactory(is_staff=True)
    sanction_apply(user=sender, kind="restriction", days=7, actor=staff, reason="Off-platform payment")
    with pytest.raises(Restricted, match="restricted"):
        services.message_send(conversation=conversation, sender=sender, body="Third")
    # Lifted: allowed again at once.
    from trust.models import Sanction
    from trust.services import sanction_lift

    sanction_lift(sanction=Sanction.objects.get(user=sender), actor=staff, reason="Appeal granted")
    # Lifting is a conditional update that announces itself: allowed again at once (on Redis too,
    # where a cache entry can't be aged by travelling in time).
    services.message_send(conversation=conversation, sender=sender, body="Fourth")


def test_socket_database_work_runs_on_the_processs_few_messaging_threads(settings):
    """With concurrent database work (PostgreSQL) a socket's service calls share MESSAGING_DB_THREADS
    threads of their own, not asyncio's default executor (cores + 4 threads fighting over the GIL); without
    it (SQLite) they run on Channels' one database thread."""
    import asyncio
    import time

    from messaging import consumers

    def work() -> str:
        time.sleep(0.05)  # long enough that the ten calls overlap
        return threading.current_thread().name

    async def ten() -> list[str]:
        return await asyncio.gather(*(consumers._database(work)() for _ in range(10)))

    settings.MESSAGING_DB_CONCURRENT = True
    names = asyncio.run(ten())
    assert all(name.startswith("messaging-db") for name in names)
    assert 1 < len(set(names)) <= django_settings.MESSAGING_DB_THREADS
    settings.MESSAGING_DB_CONCURRENT = False
    assert len(set(asyncio.run(ten()))) == 1

