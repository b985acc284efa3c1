"""Split contact details across chat messages: recall, false joins, and the cost per send.

Run from the repo root: `python bench/split_bench.py [count] [seed]`.

Generated conversations (tests/messaging/split_gen.py): innocent ones full of prices, dates, times,
order numbers, quantities, scores, versions and hours on both sides; split ones where the freelancer
sends a phone number in 2-4 pieces, an email split at the '@' and the dot, or a platform and a handle,
with filler and the client's replies between. Each freelancer message is judged as the chat path
does: alone, then with the freelancer's stored messages of the window (`scan_split`), a refused
message is not stored.

Prints `RESULT split_recall=... split_false_join=...` (the figures tests/messaging/test_split.py
asserts on a fixed seed), per-kind recall, the same figures for the old joiner (`scan_conversation`
over every run of the same window) as a baseline, and the CPU time `scan_split` adds per send.
Exit status is non-zero when false joins reach 2% or recall falls under 90%.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.messaging.split_gen import WINDOW, A, innocent, simulate, split  # noqa: E402
from trust.detection import scan, scan_conversation  # noqa: E402
from trust.detection.conversation import scan_split  # noqa: E402


def _old_joiner(texts: list[str]) -> list[object]:
    """Before: every run of consecutive messages of the window joined and scanned (O(n^2) scans)."""
    last = len(texts) - 1
    return [c for c in scan_conversation(texts, max_messages=len(texts)) if last in c.message_indices]


def run(count: int, seed: int, joiner, label: str) -> tuple[float, float]:
    rng = random.Random(seed)
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for _ in range(count):
        conversation = split(rng)
        total[conversation.kind] += 1
        caught[conversation.kind] += simulate(conversation, scan=scan, scan_split=joiner).caught
    false_joins = sum(simulate(innocent(rng), scan=scan, scan_split=joiner).split_refusals > 0 for _ in range(count))
    recall = sum(caught.values()) / count
    false_join = false_joins / count
    kinds = " ".join(f"{k}={caught[k] / total[k]:.3f}({total[k]})" for k in sorted(total))
    print(f"{label}: recall={recall:.3f} false_join={false_join:.3f} per-kind recall: {kinds}")
    return recall, false_join


def cost_per_send(count: int, seed: int) -> list[float]:
    """CPU milliseconds `scan_split` adds to one send, over the freelancer's messages of generated chats
    (innocent and split alike), each with their real preceding window."""
    rng = random.Random(seed + 1)
    costs: list[float] = []
    for i in range(count):
        conversation = innocent(rng) if i % 2 else split(rng)
        stored: list[str] = []
        for party, text in conversation.messages:
            if party != A:
                continue
            texts = [*stored[-(WINDOW - 1):], text]
            t0 = time.process_time()
            scan_split(texts)
            costs.append((time.process_time() - t0) * 1000)
            stored.append(text)
    return costs


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    scan("warm up 312 555 0147")
    recall, false_join = run(count, seed, scan_split, "scan_split (now)")
    run(max(count // 4, 50), seed, _old_joiner, "scan_conversation over the same window (before)")
    costs = sorted(cost_per_send(max(count // 2, 50), seed))
    p95 = costs[int(len(costs) * 0.95)]
    print(
        f"scan_split CPU per send: median={statistics.median(costs):.3f} ms p95={p95:.3f} ms "
        f"max={costs[-1]:.3f} ms over {len(costs)} sends"
    )
    print(f"RESULT split_recall={recall:.3f} split_false_join={false_join:.3f}")
    return 0 if false_join < 0.02 and recall >= 0.9 else 1


if __name__ == "__main__":
    raise SystemExit(main())
