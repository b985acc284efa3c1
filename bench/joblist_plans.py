"""Print the query plans behind job-list pages: `python bench/joblist_plans.py /jobs/ "/jobs/?q=x" ...`.

Run by bench/joblist_bench.py with its environment (DATABASE_URL, cache off). Each page is requested
once through Django's test client, then each SELECT it ran is shown with EXPLAIN (ANALYZE, BUFFERS), the
list's statement also as the generic plan of a prepared statement when it runs prepared.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(paths: list[str]) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.backends.postgresql.base import ServerBindingCursor
    from django.test import Client

    prepared = getattr(settings, "MARKETPLACE_JOB_LIST_PREPARED", False)
    client = Client()
    for path in paths:
        client.get(path)  # warm caches the page may use (taxonomy, reputation, cards)
        ran: list[tuple[str, list[object]]] = []

        def record(execute, sql, params, many, context, ran=ran):  # type: ignore[no-untyped-def]
            ran.append((sql, list(params or [])))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            response = client.get(path)
        print(f"\n=== {path} ({response.status_code}, {len(ran)} queries)")
        for sql, params in ran:
            print(f"-- {sql[:160]}{'...' if len(sql) > 160 else ''}")
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            with connection.cursor() as cursor:  # the values in the text: a custom plan
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                for (line,) in cursor.fetchall():
                    print(f"   {line}")
            if prepared and "OFFSET" in sql:
                # The list's statement runs prepared (marketplace.listing): after five runs PostgreSQL
                # keeps a generic plan when it costs no more than the custom ones. This is that plan.
                print("   -- as a prepared statement's generic plan:")
                with ServerBindingCursor(connection.connection) as cursor:
                    cursor.execute("SET plan_cache_mode = force_generic_plan")
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    for (line,) in cursor.fetchall():
                        print(f"   {line}")
                    cursor.execute("RESET plan_cache_mode")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
