"""The per-text working set shared by all detectors.

Why: every detector needs the same three views and the same original-offset mapping; building them
once per `scan` call keeps the cost linear and the offsets consistent across detectors.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from . import lexicon, views
from .normalize import View, decoded_view, email_view


@dataclass(slots=True)
class Hit:
    """A detector result in ORIGINAL offsets, before deduplication into a `Finding`."""

    kind: str
    start: int
    end: int
    normalized: str
    confidence: float
    reason: str


_ALPHA: Callable[[str], bool] = str.isalpha

MAX_HITS = 1_000
"""Work budget: once a text has this many findings, the per-match detectors (emails, links, phones) stop. The
message is flagged many times over; reporting its 14,000th address would only cost time (adversarial input)."""

MAX_SPAN = 400
"""Longest span any detector reports; lets span lookups stay logarithmic instead of scanning every hit."""


class SpanIndex:
    """Spans sorted by start, for overlap and proximity queries in O(log n + k)."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: list[tuple[int, int, str]] = []

    def add(self, start: int, end: int, name: str) -> None:
        insort(self._items, (start, end, name))

    def __iter__(self) -> Iterator[tuple[int, int, str]]:
        return iter(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Spans that start before `end` and end after `start`."""
        hi = bisect_left(self._items, (end, -1, ""))
        lo = bisect_left(self._items, (start - MAX_SPAN, -1, ""))
        return [item for item in self._items[lo:hi] if item[1] > start]


@dataclass(slots=True)
class Doc:
    """Original text plus its case-preserving, lower-case and decoded views."""

    text: str
    cased: View
    low: View
    dec: View
    mail: View
    words: frozenset[str]
    raw_words: frozenset[str]
    allow_domains: tuple[str, ...] = ()
    digit_words: frozenset[str] = frozenset()
    """Words of the lower-case view that are not all letters (every digit of the text is in one of them)."""
    _longest: int = -1
    """`longest`, measured on first use (-1 until then): only texts with digits or "0x" ever ask."""
    hits: list[Hit] = field(default_factory=list)
    hit_index: SpanIndex = field(default_factory=SpanIndex)
    platform_spans: SpanIndex = field(default_factory=SpanIndex)
    brand_spans: SpanIndex = field(default_factory=SpanIndex)
    _ticks: list[int] | None = None

    @classmethod
    def build(
        cls,
        text: str,
        allow_domains: tuple[str, ...],
        cased: View,
        low: View,
        raw_words: frozenset[str],
        digit_words: frozenset[str] | None = None,
    ) -> Doc:
        words = raw_words
        if digit_words is None:
            digit_words = raw_words.difference(filter(_ALPHA, raw_words))  # type: ignore[arg-type]
        pre = views.decode_encodings(cased, low, words)
        pre = views.decode_vanity(cased, pre, digit_words) if pre is low else pre
        pre = views.collapse_separated(views.decode_morse(views.decode_defanged(views.decode_rot13(pre, words))), words)
        if pre is not low:
            words = frozenset(lexicon.WORD_RE.findall(pre.text))
        dec = decoded_view(pre, words, digit_words if pre is low else None)
        if dec is not low:
            words = frozenset(lexicon.WORD_RE.findall(dec.text))
        return cls(
            text=text,
            cased=cased,
            low=low,
            dec=dec,
            mail=email_view(dec),
            words=words,
            raw_words=raw_words,
            allow_domains=allow_domains,
            digit_words=digit_words,
        )

    @property
    def longest(self) -> int:
        """Length of the longest whitespace-free run of the case-preserving view (addresses need 25+)."""
        if self._longest < 0:
            self._longest = max(map(len, self.cased.text.split()), default=0)
        return self._longest

    def span(self, view: View, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of view[start:end], trimmed of surrounding whitespace."""
        a, b = view.origin(start, end)
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return a, b

    @property
    def full(self) -> bool:
        """The text already has `MAX_HITS` findings (see there)."""
        return len(self.hits) >= MAX_HITS

    def add(self, kind: str, span: tuple[int, int], normalized: str, confidence: float, reason: str) -> Hit:
        hit = Hit(kind, span[0], span[1], normalized, round(min(max(confidence, 0.0), 1.0), 2), reason)
        self.hits.append(hit)
        self.hit_index.add(hit.start, hit.end, kind)
        return hit

    def is_obfuscated(self, span: tuple[int, int], decoded: str) -> bool:
        """True when the sender's characters differ from what they decode to (words, spacing, unicode)."""
        return self.text[span[0] : span[1]].lower() != decoded

    def in_code(self, start: int) -> bool:
        """Inside a fenced code block or an inline `code` span."""
        if self._ticks is None:
            self._ticks = code_regions(self.text)
        k = bisect_right(self._ticks, start)
        return k % 2 == 1

    def code_line(self, start: int) -> str | None:
        """The lower-case line of code around `start` when it lies in code, else None.

        Why not skip code: a personal address in a `git config` line, a vCard or a package.json author is
        still an address. Detectors use the line to apply code-aware rules instead (`codeaware`).
        """
        if not self.in_code(start):
            return None
        a = self.text.rfind("\n", 0, start) + 1
        b = self.text.find("\n", start)
        return self.text[a : b if b >= 0 else len(self.text)].lower()

    def clause_before(self, start: int, limit: int = 80) -> str:
        """Lower-case original text from the last sentence break before `start` (at most `limit` chars)."""
        window = self.text[max(0, start - limit) : start].lower()
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "), window.rfind("\n"), window.rfind(";"))
        return window[cut + 1 :] if cut >= 0 else window

    def overlaps(self, start: int, end: int, kinds: tuple[str, ...]) -> bool:
        return any(kind in kinds for _, _, kind in self.hit_index.within(start, end))


_FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*$", re.MULTILINE)


def code_regions(text: str) -> list[int]:
    """Flat sorted [start0, end0, start1, end1, ...] of fenced blocks and inline `code` spans.

    An unclosed fence runs to the end of the text; inline spans pair backticks outside fences.
    """
    if "`" not in text and "~~~" not in text:
        return []
    bounds: list[int] = []
    fences = list(_FENCE.finditer(text)) if ("```" in text or "~~~" in text) else []
    pos = 0
    k = 0
    while k < len(fences):
        opening = fences[k]
        closing = next((f for f in fences[k + 1 :] if f.group(1) == opening.group(1)), None)
        _inline(text, pos, opening.start(), bounds)
        end = closing.end() if closing else len(text)
        bounds += [opening.start(), end]
        pos = end
        k = fences.index(closing) + 1 if closing else len(fences)
    _inline(text, pos, len(text), bounds)
    return bounds


def _inline(text: str, start: int, end: int, bounds: list[int]) -> None:
    ticks = [m.start() for m in re.finditer(r"`+", text[start:end])]
    for a, b in zip(ticks[::2], ticks[1::2], strict=False):
        bounds += [start + a, start + b + 1]


def near(spans: SpanIndex, start: int, end: int, before: int, after: int) -> str | None:
    """Name of the closest span lying within `before` chars before or `after` chars after [start, end)."""
    candidates = spans.within(start - before, end + after)
    if not candidates:
        return None
    return min(candidates, key=lambda item: abs((item[0] + item[1]) - (start + end)))[2]
