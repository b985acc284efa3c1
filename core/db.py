"""Prepared statements for hand-written, fixed-shape statements on hot paths (messaging's send path: the split
window, the message INSERT + counter UPDATE; marketplace.listing's job-list statement).

On PostgreSQL behind the in-process pool (DJANGO_DB_POOL: connections keep their session), the statements
are bound on the server and prepared once per connection: PostgreSQL parses and plans them once instead of
on every send, and psycopg skips its client-side quoting of every parameter. Django's own cursors bind on
the client and never prepare, so nothing else changes. Anywhere else (SQLite, PostgreSQL without the pool,
where a transaction-pooling PgBouncer could hand the session to someone else) it is Django's cursor. Either
way through Django's wrapper: query logging, test capture and error translation see these statements.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connections
from django.db.backends.utils import CursorWrapper


def prepared(alias: str) -> bool:
    """Whether `alias`'s statements may be prepared on the server (PostgreSQL with the in-process pool)."""
    connection = connections[alias]
    return connection.vendor == "postgresql" and "pool" in connection.settings_dict.get("OPTIONS", {})


@cache
def _cursor_class(prepare_by_default: bool) -> type:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class BoundCursor(ServerBindingCursor):
        def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None,
                    binary: bool | None = None) -> Any:
            return super().execute(  # type: ignore[misc]  # psycopg.Cursor.execute (stubs lack it)
                query, params, prepare=prepare_by_default if prepare is None else prepare, binary=binary
            )

    return BoundCursor


def prepared_cursor(alias: str, *, prepare: bool = True) -> CursorWrapper:
    """A cursor for a fixed statement on `alias`, bound on the server where `prepared(alias)` (see the module
    docstring), and prepared too unless `prepare=False`: a prepared statement soon runs PostgreSQL's generic
    plan, which cannot see the parameters; a statement whose best plan depends on them (a time range: the
    split window's generic plan read and sorted the whole window, 0.67 ms, where the plan made for the
    values stops after 21 rows, 0.03 ms) is better bound but planned each time."""
    if not prepared(alias):
        return connections[alias].cursor()
    return bound_cursor(alias, prepare=prepare)


def bound_cursor(alias: str, *, prepare: bool = True) -> CursorWrapper:
    """`prepared_cursor` without asking `prepared(alias)`: for a caller with its own switch (the job list's
    MARKETPLACE_JOB_LIST_PREPARED). PostgreSQL only."""
    connection = connections[alias]
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns automatic preparing off (None) for the connection; a threshold no statement
        # reaches keeps it off for Django's own cursors and lets the explicit prepare=True through.
        raw.prepare_threshold = 2**31 - 1
    wrapped = _cursor_class(prepare)(raw)
    return connection.make_debug_cursor(wrapped) if connection.queries_logged else connection.make_cursor(wrapped)
