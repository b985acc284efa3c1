"""`scan_conversation`: details split across consecutive messages of one sender.

Why: "five five five" / "123" / "4567" sent as three messages passes any per-message check. We join
runs of consecutive messages that arrive within `window` of each other and report only what exists in the
joined text but in none of the single messages, with the message indices and per-message spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from .findings import ConversationFinding, Finding
from .scanner import scan

Message = str | tuple[str, datetime]


def scan_conversation(
    messages: Sequence[Message],
    *,
    window: timedelta = timedelta(minutes=5),
    max_messages: int = 6,
    allow_domains: Iterable[str] = (),
) -> list[ConversationFinding]:
    """Findings that only appear when consecutive messages (one sender, in order) are read together.

    `messages` are plain strings (treated as arriving together) or (text, sent_at) tuples; two neighbours
    belong to the same burst when sent at most `window` apart. Each run of up to `max_messages` consecutive
    messages inside a burst is joined with a single space and scanned.
    """
    allow = tuple(allow_domains)
    texts = [m if isinstance(m, str) else m[0] for m in messages]
    times = [None if isinstance(m, str) else m[1] for m in messages]
    close = [_within(times[i], times[i + 1], window) for i in range(len(texts) - 1)]
    singles = [{(f.kind, f.normalized) for f in scan(t, allow_domains=allow)} for t in texts]
    results: dict[tuple[str, str], ConversationFinding] = {}
    # Smallest runs first, so each finding is attributed to the fewest messages that produce it.
    for size in range(2, min(max_messages, len(texts)) + 1):
        for first in range(len(texts) - size + 1):
            last = first + size - 1
            if not all(close[first:last]):
                continue
            run = texts[first : last + 1]
            offsets = [sum(len(t) + 1 for t in run[:k]) for k in range(len(run))]
            for f in scan(" ".join(run), allow_domains=allow):
                key = (f.kind, f.normalized)
                if key in results or any(key in singles[i] for i in range(first, last + 1)):
                    continue
                results[key] = ConversationFinding(
                    f.kind,
                    f.matched,
                    f.normalized,
                    f.confidence,
                    f.reason + " (split across messages)",
                    tuple(range(first, last + 1)),
                    tuple(_split(f, offsets, run, first)),
                )
    return sorted(_drop_subsumed(list(results.values())), key=lambda c: (c.message_indices, c.kind))


def _within(a: datetime | None, b: datetime | None, window: timedelta) -> bool:
    return a is None or b is None or abs(b - a) <= window


def _drop_subsumed(found: list[ConversationFinding]) -> list[ConversationFinding]:
    """Drop a finding whose messages are a strict subset of a same-kind finding's ("123"/"4567" inside
    "five five five"/"123"/"4567")."""
    return [
        f
        for f in found
        if not any(g is not f and g.kind == f.kind and set(f.message_indices) < set(g.message_indices) for g in found)
    ]


def _split(f: Finding, offsets: list[int], texts: Sequence[str], base: int) -> list[tuple[int, int, int]]:
    """Per-message (index, start, end) pieces of a finding on the joined text."""
    spans = []
    for k, (offset, text) in enumerate(zip(offsets, texts, strict=True)):
        a, b = max(f.start, offset), min(f.end, offset + len(text))
        if a < b:
            spans.append((base + k, a - offset, b - offset))
    return spans
