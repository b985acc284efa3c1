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
    singles = [{(f.kind, f.normalized) for f in scan(t, allow_domains=allow)} for t in texts]
    results: dict[tuple[str, str], ConversationFinding] = {}
    for first in range(len(texts)):
        for last in range(first + 1, min(len(texts), first + max_messages)):
            t_prev, t_cur = times[last - 1], times[last]
            if t_prev is not None and t_cur is not None and abs(t_cur - t_prev) > window:
                break
            offsets: list[int] = []
            pos = 0
            for i in range(first, last + 1):
                offsets.append(pos)
                pos += len(texts[i]) + 1
            joined = " ".join(texts[first : last + 1])
            for f in scan(joined, allow_domains=allow):
                key = (f.kind, f.normalized)
                spans = _split(f, offsets, texts[first : last + 1], first)
                if len(spans) < 2 or key in results:
                    continue
                if any(key in singles[i] for i in range(first, last + 1)):
                    continue
                results[key] = ConversationFinding(
                    f.kind, f.matched, f.normalized, f.confidence, f.reason + " (split across messages)",
                    tuple(s[0] for s in spans), tuple(spans),
                )
    return sorted(results.values(), key=lambda c: (c.message_indices, c.kind))


def _split(f: Finding, offsets: list[int], texts: Sequence[str], base: int) -> list[tuple[int, int, int]]:
    """Per-message (index, start, end) pieces of a finding on the joined text."""
    spans = []
    for k, (offset, text) in enumerate(zip(offsets, texts, strict=True)):
        a, b = max(f.start, offset), min(f.end, offset + len(text))
        if a < b:
            spans.append((base + k, a - offset, b - offset))
    return spans
