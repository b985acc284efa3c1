"""`scan`: run every detector over one text and return findings in original offsets.

Why a prefilter: most chat messages carry no digit run, no '@', no platform or payment word and no
spelled symbol; they leave after one regex search, which is what keeps throughput in the thousands of
messages per second per core.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from . import codeaware, contacts, implied, intent, lexicon, links, numwords, payment, phones, social, views, wallets
from .document import Doc, Hit, SpanIndex
from .findings import Finding
from .normalize import View, char_views

_DOT_LETTER = re.compile(r"\.[^\W\d_]")
_SPACED_DOT = re.compile(r"\s\.\s")
_BRACKETED = re.compile(r"[(\[{<]\s*(?:at|dot|\.|@)\s*[)\]}>]")
_SPACED_LETTERS = lexicon.SPACED_RUN_TRIGGER
_ENCODED = re.compile(r"&#|&[a-z]{2,8};|%[0-9a-f]{2}|\\[ux]")
_URL_WORDS = frozenset({"www", "http", "https"})
_ALPHA: Callable[[str], bool] = str.isalpha
_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")
"""`lexicon.WORD_RE` on lower-case ASCII text (same words; a plain class is cheaper than Unicode categories)."""
_SINGLE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _worth_scanning(cased: View, low_view: View, words: frozenset[str], digit_words: frozenset[str]) -> bool:
    """Cheap gate: could any detector possibly fire on this (folded) text?

    Substring and set tests first (C speed, no per-position regex work), small single-purpose regexes last.
    The last test asks the encodings view itself: a base64 token needs no digit ("KzYxNDEy..." is a phone
    number), so only decoding it can tell.
    """
    low = low_view.text
    if "@" in low or "$" in low or words & _URL_WORDS:
        return True
    for w in digit_words:  # 3+ digits, or digits+letters
        if len(w) >= 3 or not w.isdigit():
            return True
    if "." in low and (
        _DOT_LETTER.search(low) or _SPACED_DOT.search(low) or ("-" in low and views.MORSE_RUN.search(low))
    ):
        return True
    if (("&" in low or "%" in low or "\\" in low) and _ENCODED.search(low)) or (
        len(words & _SINGLE) >= 3 and _SPACED_LETTERS.search(low)
    ):
        return True
    if (words & {"at", "dot"} or "." in low) and _BRACKETED.search(low):
        return True
    if lexicon.wakes(words, low):
        return True
    if sum(1 for w in words if w.isdigit() or w in lexicon.NUMBER_WORDS) >= 3:
        return True
    if numwords.worth_decoding(words, low, digit_words):
        return True
    return views.decode_encodings(cased, low_view, words) is not low_view


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
    shown = views.displayed(text)
    if shown is None:
        hits, low, words = _hits(text, allow)
    else:  # a right-to-left override: scan what the reader sees, map back to the stored characters
        visual, order = shown
        found, low, words = _hits(visual, allow)
        hits = [_moved(h, order, "as displayed (right-to-left override)") for h in found]
    for alt, index, how, cue in views.alternate_texts(text if shown is None else shown[0], low, words):
        order = index if shown is None else [shown[1][k] for k in index]
        hits.extend(_moved(h, order, how) for h in _hits(alt, allow)[0] if cue or _reads_backwards(alt, h))
    for alt, index in views.upside_down(text):
        for hit in _hits(alt, allow)[0]:
            moved = _moved(hit, index, "written upside down")
            if views.TURNED_RE.search(text, moved.start, moved.end):  # the identifier itself was turned
                hits.append(moved)
    return _finalise(text, hits)


def _reads_backwards(alt: str, hit: Hit) -> bool:
    """Without a "backwards" cue, a reversed reading counts only for an address or a link with a scheme or
    www: any "ten.Next" typo reversed is "txen.net", and any digit run reversed is valid somewhere."""
    if hit.kind == "phone":
        return False
    found = alt[hit.start : hit.end].lower()
    return "@" in found or "://" in found or found.startswith("www.")


def _moved(hit: Hit, index: list[int], how: str) -> Hit:
    """A hit on a re-ordered text, moved to the original characters it was read from."""
    positions = [index[k] for k in range(hit.start, hit.end)]
    return Hit(hit.kind, min(positions), max(positions) + 1, hit.normalized, hit.confidence, f"{hit.reason} ({how})")


def _hits(text: str, allow: tuple[str, ...]) -> tuple[list[Hit], str, frozenset[str]]:
    """Detector results on one text (all its views) in its own offsets, its folded lower-case form and words."""
    cased, low = char_views(text)
    words = frozenset((_ASCII_WORD_RE if low.text.isascii() else lexicon.WORD_RE).findall(low.text))
    digit_words = words.difference(filter(_ALPHA, words))  # type: ignore[arg-type]
    if not _worth_scanning(cased, low, words, digit_words) and not (
        not text.isascii() and social.EMOJI_HANDLE_RE.search(text)  # "👻 ana_snaps": emoji fold to spaces
    ):
        return [], low.text, words
    doc = Doc.build(text, allow, cased, low, words, digit_words)
    payment.detect_payment_ids(doc)
    wallets.detect(doc)
    contacts.detect_emails(doc)
    phones.detect_phones(doc)
    contacts.detect_urls(doc)
    links.detect_deep_links(doc)
    social.detect_social(doc)
    social.link_messenger_phones(doc)
    payment.detect_brand_accounts(doc)
    payment.detect_solicitation(doc)
    intent.detect_intent(doc)
    implied.detect_implied(doc)
    return doc.hits, low.text, words


def _finalise(text: str, hits: list[Hit]) -> list[Finding]:
    """Drop empty spans and same-kind overlaps (keeping the more confident one); sort by start.

    A bare "domain" that is really a handle after a platform name ("Discord: pinecone.audio") is reported as
    the social account only, not also as a web address.
    """
    if not hits:
        return []  # most messages
    best: list[Hit] = []
    kept = SpanIndex()
    handles = {(h.start, h.end) for h in hits if h.kind == "social" and ":" in h.normalized.split("/", 1)[0]}
    for hit in sorted(hits, key=lambda h: (-h.confidence, h.start)):
        if hit.normalized in codeaware.KNOWN_TEST_VALUES and codeaware.TEST_CUE_RE.search(text.lower()):
            continue
        if hit.end <= hit.start or any(kind == hit.kind for _, _, kind in kept.within(hit.start, hit.end)):
            continue
        if hit.kind == "url" and (hit.start, hit.end) in handles and "/" not in hit.normalized:
            continue
        kept.add(hit.start, hit.end, hit.kind)
        best.append(hit)
    best.sort(key=lambda h: (h.start, h.end, h.kind))
    return [Finding(h.kind, h.start, h.end, text[h.start : h.end], h.normalized, h.confidence, h.reason) for h in best]
