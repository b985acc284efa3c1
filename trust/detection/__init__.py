"""Placeholder until the detector lands: same API, plain regexes only."""
from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    matched: str
    normalized: str
    confidence: float
    reason: str


def scan(text: str, *, allow_domains=()) -> list[Finding]:
    return [
        Finding("email", m.start(), m.end(), m.group(), m.group().lower(), 0.99, f"Email address: {m.group()}")
        for m in _EMAIL.finditer(text)
    ]
