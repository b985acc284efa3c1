"""Print the query plans behind job-list pages: `python bench/joblist_plans.py /jobs/ "/jobs/?q=x" ...`.

Run by bench/joblist_bench.py with its environment (DATABASE_URL, cache off). Each page is requested
once through Django's test client, then each SELECT it ran is shown with EXPLAIN (ANALYZE, BUFFERS).
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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for path in paths:
        client.get(path)  # warm caches the page may use (taxonomy, reputation, cards)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        print(f"\n=== {path} ({response.status_code}, {len(captured.captured_queries)} queries)")
        for query in captured.captured_queries:
            sql = query["sql"]
            print(f"-- {sql[:160]}{'...' if len(sql) > 160 else ''}")
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                for (line,) in cursor.fetchall():
                    print(f"   {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
