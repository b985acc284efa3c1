"""`scan_conversation`: details split across consecutive messages of one sender.

Why: "five five five" / "123" / "4567" sent as three messages passes any per-message check. We join
runs of consecutive messages that arrive within `window` of each other and report only what exists in the
joined text but in none of the single messages, with the message indices and per-message spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache

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


# --- the chat path: one sender's messages over a long window ----------------------------------------------------
#
# `scan_split` is what the send and edit paths use. The window is long (30 minutes / 20 messages of the sender,
# regardless of the other party's replies), so plain joining would glue innocent numbers together ("450" ...
# "500" ... "1200" reads as a phone number). Three rules keep the joins honest:
# 1. Numbers that already are something else are masked before joining: prices, dates, times, versions,
#    percentages, a number with a unit ("3 days", "20 pcs"), order/invoice/ticket ids, scores.
# 2. Only "fragment" messages join: what is left carries a digit, '@', '+', a dotted token, a contact cue word,
#    or the message is a single token. Prose without any of those is filler: skipped, it breaks nothing.
# 3. A finding counts only if it spans two or more messages, includes the current one, and its fragments are at
#    most `max_gap` of the sender's messages apart; a phone joined only from bare numbers (no cue, no '+', no
#    leading 0) must have 10-11 digits in 2-4 pieces of 2-4 digits (the shape of a number dictated in groups).

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_UNITS = (
    r"(?:hours?|hrs?|h|days?|d|weeks?|wks?|months?|mos?|years?|yrs?|y/?o|minutes?|mins?|min|seconds?|secs?|s|"
    r"items?|pcs|pieces?|units?|pages?|words?|revisions?|screens?|rounds?|logos?|photos?|pics?|images?|videos?|"
    r"files?|people|persons?|users?|stars?|points?|pts|px|dpi|mb|gb|kb|tb|ms|fps|x|k|m|bn|am|pm|st|nd|rd|th|"
    r"sq\.?\s?ft|ft|feet|cm|mm|km|kg|g|lbs?|miles?|reviews?|clients?|projects?|products?|orders?|posts?|"
    r"articles?|slides?|sections?|languages?|variants?|colou?rs?|sizes?|tasks?|tickets?|issues?|bugs?|"
    r"commits?|tests?|endpoints?|apis?|calls?|requests?|rows?|records?|skus?|listings?|emails?|leads?|"
    r"followers?|likes?|views?|downloads?|installs?|seats?|licen[cs]es?|copies|sets?|boxes?|packs?|"
    r"times|tries|attempts|goals?|runs?|wickets?|laps?|levels?|chapters?|episodes?|drafts?|concepts?|"
    r"usd|eur|gbp|inr|cad|aud|dollars?|bucks|euros?|pounds?|rupees?|cents?|percent|per\s?cent|%|"
    r"bucks|an?\s+hour|/h|/hr|/hour|/day|/week|/month|p/h|ph)"
)
_INNOCENT = re.compile(
    "|".join(
        (
            r"[$€£¥₹]\s?\d[\d,.]*\s?[km]?\b",  # $450, €1.200, £3k
            r"\b\d[\d,.]*\s?-\s?\d[\d,.]*\s?" + _UNITS + r"(?![a-z])",  # 3-5 days
            r"\b\d[\d,.]*\s?" + _UNITS + r"(?![a-z])",  # 3 days, 20pcs, 450 usd, 40%
            r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b",  # 12/05/2025, 2025-05-12
            r"\b\d{1,2}/\d{1,2}\b",  # 12/05, 4/5
            r"\b" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?\b",  # May 5th
            r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS,  # 5 May
            r"\b(?:in|since|from|by|until|till|of|year|before|after|early|late|mid|summer|winter|spring|fall|"
            r"autumn|end\s+of|back\s+in)\s+(?:19|20)\d\d\b",  # years (a bare 2021 may end a phone number)
            r"\b\d{1,2}[:.h]\d{2}\s?(?:[ap]\.?m\.?)?(?![\d])",  # 10:30, 9.15pm, 14h30
            r"\bv(?:ersion)?\s?\d+(?:\.\d+)*\b",  # v2, version 3.1
            r"\b\d{1,2}(?:\.\d{1,3}){1,3}\b",  # 2.3.1, 4.5, 1.0.12
            r"(?:\b(?:order|invoice|inv|ticket|ref|reference|id|po|sku|tracking|case|item|job|task|issue|bug|pr|"
            r"room|flight|table|gate|page|step|chapter|section|line|row|build|release|sprint|milestone|lot|"
            r"batch|model|part|serial|account|acct)\s*(?:no\.?|number|num|#)?\s*[:#-]?\s*|#)\d[\d-]*",
            r"\b\d{1,2}\s?[-:x×]\s?\d{1,2}\b",  # scores 3-1, 2:0, sizes 16x9
            r"\b\d+\s?(?:to|or|and|-|–)\s?\d+\s?" + _UNITS,  # "2 or 3 days"
            # amounts said as such: "2850 max", "ok 500 then", "for 450", "under 1200" (not when more
            # digits follow: "for 312 555 0147" stays a number)
            r"\b\d[\d,.]*\s+(?:max|min|tops|total|each|then|flat|firm|only|upfront|deposit|budget|"
            r"is\s+my\s+(?:budget|floor|limit|max|price|rate|offer))\b",
            r"\b(?:for|about|around|approx\.?|budget|price|cost|costs|pay|paid|offer|quote|rate|bid|under|over|"
            r"above|below|than|between|upto|up\s+to)\s+\d[\d,.]*\b(?!\s*[-.(]?\s*\d)",
        )
    ),
    re.IGNORECASE,
)
_CUE = re.compile(
    r"\b(?:call|calls|text|txt|ring|phone|tel|cell|mobile|number|num|whats\s?app|wa|signal|telegram|tg|viber|"
    r"sms|imessage|facetime|skype|wechat|line|reach|contact|e-?mail|mail|gmail|yahoo|hotmail|outlook|proton|"
    r"insta|instagram|ig|snap|snapchat|discord|handle|dm|at|dot)\b",
    re.IGNORECASE,
)
_PHONE_CUE = re.compile(
    r"\b(?:call|text|txt|ring|phone|tel|cell|mobile|number|num|whats\s?app|wa|signal|telegram|viber|sms|"
    r"imessage|reach|contact)\b",
    re.IGNORECASE,
)
_ROUND = re.compile(r"[1-9]\d*(?:00|50)")
_EMAIL_CUE = re.compile(r"\b(?:e-?mail|mail|inbox|address)\b", re.IGNORECASE)
_CONTACTISH = re.compile(r"[\d@+]|\.[a-z]{2,}\b|\b[a-z0-9_-]+\.[a-z0-9_-]+\b", re.IGNORECASE)
_WORD = re.compile(r"\S+")
# One-word messages that are chat filler, never a piece of an address ("ok" between two digit groups must
# not break the join, and "thanks" + "@gmail.com" is no email).
_FILLER_WORDS = frozenset(
    "ok okay k kk sure great thanks thank thx ty yes yep yeah yup no nope nah cool perfect alright hmm hm hi "
    "hello hey done nice good fine right np understood agreed deal awesome gotcha noted wait sorry please "
    "what why how when where who lol haha true exactly indeed later tomorrow today tonight now soon maybe "
    "agreed correct interesting wow oh ah so and or but then also".split()
)
_DIGIT_GROUP = re.compile(r"\d+")
_INTENT_START = re.compile(
    r"(?:\b(?:call|text|txt|ring|reach|contact|message|msg|whats\s?app|wa|signal|telegram|viber|sms|e-?mail|mail|"
    r"write|ping)\s+(?:me\s+)?(?:on|at|via|to|@)?|"
    r"\bmy\s+(?:\w+\s+)?(?:number|no\.?|phone|cell|mobile|whats\s?app|telegram|signal|e-?mail|mail|contact)"
    r"\s*(?:is|:|=)?)\s*"
    r"(?P<tail>(?:\+|00)\s?\d[\d\s().-]{0,14}|\(?\d{2,}[\d\s().-]{0,14}|[a-z0-9._%+-]*[a-z0-9_%+-](?:@[a-z0-9.-]*|\.))"
    r"\s*$",
    re.IGNORECASE,
)


def _mask(text: str) -> str:
    """`text` with numbers that are something else (prices, dates, quantities...) replaced by '~'."""
    return _INNOCENT.sub(" ~ ", text)


# Masking a window re-masked every stored message of the sender on every send (20 texts, ~0.9 ms of a
# ~1.5 ms scan_split on the bench's chat): a message's masked form and fragment test depend on its text
# only, so they are kept per text. Long texts are not kept (bounded memory: at most _MASK_CACHE_SIZE
# entries of at most _MASK_CACHE_MAX_LEN characters, twice).
_MASK_CACHE_SIZE = 4096
_MASK_CACHE_MAX_LEN = 2000


@lru_cache(maxsize=_MASK_CACHE_SIZE)
def _masked_cached(text: str) -> tuple[str, bool]:
    masked = _mask(text)
    return masked, _is_fragment(masked)


def _masked(text: str) -> tuple[str, bool]:
    """(`_mask(text)`, `_is_fragment` of it), cached per text."""
    if len(text) > _MASK_CACHE_MAX_LEN:
        masked = _mask(text)
        return masked, _is_fragment(masked)
    return _masked_cached(text)


def _is_fragment(masked: str) -> bool:
    """Could this message be a piece of a contact detail (rule 2)? Filler prose can't."""
    if _CONTACTISH.search(masked) or _CUE.search(masked):
        return True
    words = [w for w in _WORD.findall(masked) if w != "~"]
    return len(words) == 1 and words[0].strip(".,!?;:").lower() not in _FILLER_WORDS


def _bare_digits(masked: str) -> list[str]:
    return _DIGIT_GROUP.findall(masked)


def _phone_shape_ok(matched: str, pieces: Sequence[str], cued: bool) -> bool:
    """Rule 3 for joined phone numbers: international ('+'/'00') or at least 10 digits; joined only from
    bare numbers (no cue in the pieces, no '+', no leading 0): dictated in groups, 10-11 digits in all."""
    international = matched.lstrip().startswith(("+", "00"))
    if not international and sum(c.isdigit() for c in matched) < 10:
        return False
    if cued or international or matched.lstrip().startswith("0"):
        return True
    if any(piece.rstrip().endswith("?") for piece in pieces):
        return False  # "3200?": a number offered in a negotiation, not dictated
    groups = [g for piece in pieces for g in _bare_digits(piece)]
    if not 2 <= len(groups) <= 4 or not all(2 <= len(g) <= 4 for g in groups):
        return False
    if sum(_ROUND.fullmatch(g) is not None for g in groups) > 1:
        return False  # two round amounts (2500, 4500): prices, whatever they add up to
    return 10 <= sum(len(g) for g in groups) <= 11


def could_be_piece(text: str) -> bool:
    """Whether `scan_split` can find anything with `text` as its current message: only a fragment (rule 2)
    joins, so for any other text its answer is [] whatever the other messages are, and a caller may skip
    reading them. Same test as scan_split's, from the same per-text cache."""
    return _masked(text or "")[1]


def looks_like_contact_start(text: str) -> bool:
    """A message that ends like the start of a contact detail after an intent cue ("call me on 312",
    "my number is +44 7700", "email me at john."), while not being a whole detail itself: the chat path
    holds such a message back for a few seconds (the next one may complete it)."""
    if not text or len(text) > 200:
        return False
    # The masked form from the per-text cache: the send path's scan_split masks the same text.
    return _INTENT_START.search(_masked(text.strip())[0]) is not None


def scan_split(
    texts: Sequence[str],
    *,
    current: int = -1,
    allow_domains: Iterable[str] = (),
    max_fragments: int = 5,
    max_gap: int = 8,
) -> list[ConversationFinding]:
    """Findings across one sender's messages (oldest first) that include `texts[current]`.

    The caller passes only the sender's own messages within its window (the other party's replies are
    not in `texts`). Cost: nothing is scanned unless the current message is a fragment and an earlier or
    later one is too; then one scan per window of consecutive fragments containing the current message
    (at most `max_fragments` long).
    """
    n = len(texts)
    if n < 2:
        return []
    current = current % n
    allow = tuple(allow_domains)
    mine, mine_is_fragment = _masked(texts[current] or "")
    if not mine_is_fragment:
        return []  # the common case, decided before masking the rest of the window
    pairs = [_masked(t or "") for t in texts]
    masked = [m for m, _ in pairs]
    fragments = [i for i in range(n) if pairs[i][1]]
    pos = fragments.index(current)
    # The chain of fragments around the current one whose neighbours are at most `max_gap` messages apart.
    lo = pos
    while lo > 0 and pos - lo < max_fragments - 1 and fragments[lo] - fragments[lo - 1] <= max_gap:
        lo -= 1
    hi = pos
    while hi < len(fragments) - 1 and hi - pos < max_fragments - 1 and fragments[hi + 1] - fragments[hi] <= max_gap:
        hi += 1
    if lo == hi:
        return []
    results: dict[tuple[str, str], ConversationFinding] = {}
    singles: dict[int, set[tuple[str, str]]] = {}

    def _single(i: int) -> set[tuple[str, str]]:
        if i not in singles:
            singles[i] = {(f.kind, f.normalized) for f in scan(masked[i], allow_domains=allow)}
        return singles[i]

    # Smallest windows first, so a finding is attributed to the fewest messages that produce it.
    for size in range(2, min(max_fragments, hi - lo + 1) + 1):
        for first in range(max(lo, pos - size + 1), min(pos, hi - size + 1) + 1):
            members = fragments[first : first + size]
            run = [masked[i].strip() for i in members]
            joined, offsets = _join(run)
            for f in scan(joined, allow_domains=allow):
                key = (f.kind, f.normalized)
                if key in results:
                    continue
                spans = [(members[k], s, e) for (k, s, e) in _split(f, offsets, run, 0)]
                touched = [i for i, _, _ in spans]
                if len(touched) < 2:
                    # Inside one message: a finding only if that message alone does not give it (the
                    # context came from a neighbour: "telegram" / "@name").
                    if not touched or key in _single(touched[0]):
                        continue
                    touched = sorted(set(members))
                if current not in touched:
                    continue
                if f.kind == "phone":
                    cued = any(_PHONE_CUE.search(texts[i]) for i in touched)
                    if not _phone_shape_ok(f.matched, [masked[i] for i in touched], cued):
                        continue
                # Masking only replaces characters, so spans must be mapped back onto the original texts.
                spans = [(i, *_unmask_span(texts[i], masked[i], s, e)) for i, s, e in spans]
                results[key] = ConversationFinding(
                    f.kind,
                    " ".join(texts[i][s:e] for i, s, e in spans),
                    f.normalized,
                    f.confidence,
                    f.reason + " (split across messages)",
                    tuple(touched),
                    tuple(spans),
                )
    return sorted(_drop_subsumed(list(results.values())), key=lambda c: (c.message_indices, c.kind))


def _join(run: Sequence[str]) -> tuple[str, list[int]]:
    """The pieces joined as they would be typed: glued at an '@' or a '.' ("anna.k" + "@yahoo" + ".com"),
    a space elsewhere; with each piece's offset in the joined text."""
    out: list[str] = []
    offsets: list[int] = []
    length = 0
    for k, piece in enumerate(run):
        piece = piece.strip()
        if k:
            glue = "" if _glued(out[-1], piece) else " "
            out.append(glue)
            length += len(glue)
        offsets.append(length)
        out.append(piece)
        length += len(piece)
    return "".join(out), offsets


def _glued(prev: str, piece: str) -> bool:
    """Typed as one address? "anna.k" + "@yahoo" + ".com" and "john@" + "gmail.com" are; "telegram" +
    "@name" and "my telegram is" + "@name" are a platform and a handle (read with a space)."""
    if piece.startswith(".") or prev.endswith(("@", ".")):
        return True
    if not piece.startswith("@"):
        return False
    last = prev.split()[-1] if prev.split() else ""
    if _EMAIL_CUE.search(prev) and re.fullmatch(r"[a-z0-9._%+-]+", last, re.IGNORECASE):
        return True  # "email me at sara" + "@gmail.com"
    if not last or _CUE.fullmatch(last) or last.lower() in _FILLER_WORDS or last.lower() in ("is", "me", "my"):
        return False
    return len(prev.split()) == 1 or bool(re.search(r"[._\d]", last))


def _unmask_span(original: str, masked: str, start: int, end: int) -> tuple[int, int]:
    """Map a span of the masked text back onto the original (masks only occur outside findings, so the
    text before the span differs by the masks' length changes only)."""
    if original == masked:
        return start, end
    piece = masked[start:end]
    at = original.find(piece)
    if at >= 0:
        return at, at + len(piece)
    return 0, len(original)
