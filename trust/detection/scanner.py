"""`scan`: run every detector over one text and return findings in original offsets.

Why a prefilter: most chat messages carry no digit run, no '@', no platform or payment word and no
spelled symbol; they leave after one regex search, which is what keeps throughput in the thousands of
messages per second per core.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import contacts, lexicon, numwords, payment, phones, social, views
from .document import Doc, Hit, SpanIndex
from .findings import Finding
from .normalize import char_views

_CHEAP = re.compile(
    r"[@$]|\d{3}|\d[^\W\d_]|[^\W\d_]\d|\.[^\W\d_]|\s\.\s|\bwww\b|\bhttps?\b|[(\[{<]\s*(?:at|dot|\.|@)\s*[)\]}>]"
    r"|(?<!\S)\S \S \S \S \S(?!\S)"
)


def _worth_scanning(low: str, words: frozenset[str]) -> bool:
    """Cheap gate: could any detector possibly fire on this (lower-cased, folded) text?"""
    if _CHEAP.search(low):
        return True
    if lexicon.wakes(words, low):
        return True
    if sum(1 for w in words if w.isdigit() or w in lexicon.NUMBER_WORDS) >= 3:
        return True
    return numwords.worth_decoding(words, low)


def scan(text: str, *, allow_domains: Iterable[str] = ()) -> list[Finding]:
    """Contact details and off-platform payment offers in `text`, ordered by start offset.

    `allow_domains`: domains (or "domain/path" prefixes) that are not findings, e.g. the platform's own
    domain; subdomains of an entry are allowed too. `contacts.DEFAULT_ALLOW_DOMAINS` (reference docs) always
    applies.

    The text is read as written (with its decoded views, see `views`), and also in the other reading orders
    `views.alternate_texts` finds worth a look (reversed, bidi-override display order).
    """
    if not text:
        return []
    allow = tuple(allow_domains)
    hits, low, words = _hits(text, allow)
    for alt, index, how, digits in views.alternate_texts(text, low, words):
        for h in _hits(alt, allow)[0]:
            if h.kind == "phone" and not digits:
                continue
            positions = [index[k] for k in range(h.start, h.end)]
            a, b = min(positions), max(positions) + 1
            hits.append(Hit(h.kind, a, b, h.normalized, h.confidence, f"{h.reason} ({how})"))
    return _finalise(text, hits)


def _hits(text: str, allow: tuple[str, ...]) -> tuple[list[Hit], str, frozenset[str]]:
    """Detector results on one text (all its views) in its own offsets, its folded lower-case form and words."""
    cased, low = char_views(text)
    words = frozenset(lexicon.WORD_RE.findall(low.text))
    if not _worth_scanning(low.text, words):
        return [], low.text, words
    doc = Doc.build(text, allow, cased, low, words)
    payment.detect_payment_ids(doc)
    contacts.detect_emails(doc)
    phones.detect_phones(doc)
    contacts.detect_urls(doc)
    social.detect_social(doc)
    social.link_messenger_phones(doc)
    payment.detect_brand_accounts(doc)
    payment.detect_solicitation(doc)
    return doc.hits, low.text, words


def _finalise(text: str, hits: list[Hit]) -> list[Finding]:
    """Drop empty spans and same-kind overlaps (keeping the more confident one); sort by start.

    A bare "domain" that is really a handle after a platform name ("Discord: pinecone.audio") is reported as
    the social account only, not also as a web address.
    """
    best: list[Hit] = []
    kept = SpanIndex()
    handles = {(h.start, h.end) for h in hits if h.kind == "social" and ":" in h.normalized.split("/", 1)[0]}
    for hit in sorted(hits, key=lambda h: (-h.confidence, h.start)):
        if hit.end <= hit.start or any(kind == hit.kind for _, _, kind in kept.within(hit.start, hit.end)):
            continue
        if hit.kind == "url" and (hit.start, hit.end) in handles and "/" not in hit.normalized:
            continue
        kept.add(hit.start, hit.end, hit.kind)
        best.append(hit)
    best.sort(key=lambda h: (h.start, h.end, h.kind))
    return [Finding(h.kind, h.start, h.end, text[h.start : h.end], h.normalized, h.confidence, h.reason) for h in best]
