"""`make bench`: every benchmark in turn, each in its own process; a summary at the end."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHES = [
    "bench/detection_bench.py", "bench/split_bench.py", "bench/joblist_bench.py", "bench/messaging_bench.py",
    "bench/uploads_bench.py",
]


def main() -> int:
    failed = []
    for bench in BENCHES:
        print(f"\n===== {bench}", flush=True)
        if not (ROOT / bench).exists():
            print(f"{bench}: missing")
            failed.append(bench)
            continue
        if subprocess.run([sys.executable, bench], cwd=ROOT).returncode:
            failed.append(bench)
    print("\n===== benchmarks:", "all ran" if not failed else f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
