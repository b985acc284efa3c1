"""Result types of the detector.

Why frozen dataclasses: findings are stored on flags and compared in tests; immutability keeps the
offsets (which index the ORIGINAL text, so `text[f.start:f.end] == f.matched`) trustworthy.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS: tuple[str, ...] = ("email", "phone", "url", "social", "payment")


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of contact or off-platform payment information found in a text."""

    kind: str
    start: int
    end: int
    matched: str
    normalized: str
    confidence: float
    reason: str


@dataclass(frozen=True, slots=True)
class ConversationFinding:
    """A finding that only exists when consecutive messages of one sender are read together.

    `spans` holds (message_index, start, end) into each message's own text, so every involved message
    can be highlighted; `message_indices` is the sorted tuple of those indices.
    """

    kind: str
    matched: str
    normalized: str
    confidence: float
    reason: str
    message_indices: tuple[int, ...]
    spans: tuple[tuple[int, int, int], ...]
