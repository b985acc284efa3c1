"""Profile the uncached job list in process: the full Django stack (middleware, view, templates) through
the test client, page and card caches off, against the bench database (BENCH_DATABASE_URL, filled by
bench/joblist_bench.py). Prints each scenario's mean wall and CPU ms per request next to the constant
page, then the top functions by cumulative time for the job list (BENCH_PROFILE=0 skips cProfile).

    .venv/bin/python bench/joblist_profile.py [N requests per scenario, default 200]
"""
from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DATABASE_URL", os.environ.get("BENCH_DATABASE_URL",
                                                     "postgres://postgres@127.0.0.1:5432/marketplace_bench"))
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "profile-" + os.urandom(32).hex())
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
# As the benchmark's server: a connection pool. Without it every test-client request opened a new
# connection (CONN_MAX_AGE=0) and the profile timed connecting instead of the pool's checkout.
os.environ.setdefault("DJANGO_DB_POOL", "true")
os.environ["BENCH_VIEWS"] = "true"
os.environ["MARKETPLACE_JOB_LIST_CACHE_SECONDS"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from bench.joblist_bench import SCENARIOS  # noqa: E402


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    client = Client()
    for _, path in SCENARIOS:  # warm: templates, connections, plans
        assert client.get(path).status_code == 200, path
    bare_ms = None
    for label, path in SCENARIOS:
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(n):
            client.get(path)
        wall_ms = (time.perf_counter() - wall) * 1000 / n
        cpu_ms = (time.process_time() - cpu) * 1000 / n
        bare_ms = bare_ms or cpu_ms
        print(f"{label:<20} wall {wall_ms:6.2f} ms  cpu {cpu_ms:6.2f} ms  "
              f"({cpu_ms / bare_ms:4.1f}x the bare page's CPU)")
    if os.environ.get("BENCH_PROFILE", "1") != "0":
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(n // 2):
            for _label, path in SCENARIOS[1:]:
                client.get(path)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
