"""The per-text working set shared by all detectors.

Why: every detector needs the same three views and the same original-offset mapping; building them
once per `scan` call keeps the cost linear and the offsets consistent across detectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import View, char_views, decoded_view, email_view


@dataclass(slots=True)
class Hit:
    """A detector result in ORIGINAL offsets, before deduplication into a `Finding`."""

    kind: str
    start: int
    end: int
    normalized: str
    confidence: float
    reason: str


@dataclass(slots=True)
class Doc:
    """Original text plus its case-preserving, lower-case and decoded views."""

    text: str
    cased: View
    low: View
    dec: View
    mail: View
    allow_domains: tuple[str, ...] = ()
    hits: list[Hit] = field(default_factory=list)
    platform_spans: list[tuple[int, int, str]] = field(default_factory=list)
    brand_spans: list[tuple[int, int, str]] = field(default_factory=list)

    @classmethod
    def build(cls, text: str, allow_domains: tuple[str, ...]) -> Doc:
        cased, low = char_views(text)
        dec = decoded_view(low)
        return cls(text=text, cased=cased, low=low, dec=dec, mail=email_view(dec), allow_domains=allow_domains)

    def span(self, view: View, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of view[start:end], trimmed of surrounding whitespace."""
        a, b = view.origin(start, end)
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return a, b

    def add(self, kind: str, span: tuple[int, int], normalized: str, confidence: float, reason: str) -> Hit:
        hit = Hit(kind, span[0], span[1], normalized, round(min(max(confidence, 0.0), 1.0), 2), reason)
        self.hits.append(hit)
        return hit

    def is_obfuscated(self, span: tuple[int, int], decoded: str) -> bool:
        """True when the sender's characters differ from what they decode to (words, spacing, unicode)."""
        return self.text[span[0] : span[1]].lower() != decoded

    def in_code(self, start: int) -> bool:
        """Inside an inline `code` span: code talks about identifiers, it does not offer them."""
        return self.text.count("`", 0, start) % 2 == 1

    def clause_before(self, start: int, limit: int = 80) -> str:
        """Lower-case original text from the last sentence break before `start` (at most `limit` chars)."""
        window = self.text[max(0, start - limit) : start].lower()
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "), window.rfind("\n"), window.rfind(";"))
        return window[cut + 1 :] if cut >= 0 else window

    def overlaps(self, start: int, end: int, kinds: tuple[str, ...]) -> bool:
        return any(h.kind in kinds and h.start < end and start < h.end for h in self.hits)


def near(spans: list[tuple[int, int, str]], start: int, end: int, before: int, after: int) -> str | None:
    """Name of the first span lying within `before` chars before or `after` chars after [start, end)."""
    for a, b, name in spans:
        if (b <= start and start - b <= before) or (a >= end and a - end <= after) or (a < end and start < b):
            return name
    return None


SENTENCE_BREAK = re.compile(r"[.!?]\s|\n")
