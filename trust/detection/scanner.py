"""`scan`: run every detector over one text and return findings in original offsets.

Why a prefilter: most chat messages carry no digit run, no '@', no platform or payment word and no
spelled symbol; they leave after one regex search, which is what keeps throughput in the thousands of
messages per second per core.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import contacts, lexicon, payment, phones, social
from .document import Doc, Hit, SpanIndex
from .findings import Finding
from .normalize import char_views

_CHEAP = re.compile(
    r"[@$]|\d{3}|\d[^\W\d_]|[^\W\d_]\d|\.[^\W\d_]|\s\.\s|\bwww\b|\bhttps?\b|[(\[{<]\s*(?:at|dot|\.|@)\s*[)\]}>]"
    r"|(?<!\S)\S \S \S \S \S(?!\S)"
)


def _worth_scanning(low: str) -> bool:
    """Cheap gate: could any detector possibly fire on this (lower-cased, folded) text?"""
    if _CHEAP.search(low):
        return True
    words = lexicon.WORD_RE.findall(low)
    if lexicon.wakes(words, low):
        return True
    return sum(1 for w in words if w.isdigit() or w in lexicon.NUMBER_WORDS) >= 3


def scan(text: str, *, allow_domains: Iterable[str] = ()) -> list[Finding]:
    """Contact details and off-platform payment offers in `text`, ordered by start offset.

    `allow_domains`: domains (or "domain/path" prefixes) that are not findings, e.g. the platform's own
    domain; subdomains of an entry are allowed too. `contacts.DEFAULT_ALLOW_DOMAINS` (reference docs) always
    applies.
    """
    if not text:
        return []
    cased, low = char_views(text)
    if not _worth_scanning(low.text):
        return []
    doc = Doc.build(text, tuple(allow_domains), cased, low)
    payment.detect_payment_ids(doc)
    contacts.detect_emails(doc)
    phones.detect_phones(doc)
    contacts.detect_urls(doc)
    social.detect_social(doc)
    social.link_messenger_phones(doc)
    payment.detect_brand_accounts(doc)
    payment.detect_solicitation(doc)
    return _finalise(doc)


def _finalise(doc: Doc) -> list[Finding]:
    """Drop empty spans and same-kind overlaps (keeping the more confident one); sort by start.

    A bare "domain" that is really a handle after a platform name ("Discord: pinecone.audio") is reported as
    the social account only, not also as a web address.
    """
    best: list[Hit] = []
    kept = SpanIndex()
    handles = {(h.start, h.end) for h in doc.hits if h.kind == "social" and ":" in h.normalized.split("/", 1)[0]}
    for hit in sorted(doc.hits, key=lambda h: (-h.confidence, h.start)):
        if hit.end <= hit.start or any(kind == hit.kind for _, _, kind in kept.within(hit.start, hit.end)):
            continue
        if hit.kind == "url" and (hit.start, hit.end) in handles and "/" not in hit.normalized:
            continue
        kept.add(hit.start, hit.end, hit.kind)
        best.append(hit)
    best.sort(key=lambda h: (h.start, h.end, h.kind))
    return [
        Finding(h.kind, h.start, h.end, doc.text[h.start : h.end], h.normalized, h.confidence, h.reason) for h in best
    ]
