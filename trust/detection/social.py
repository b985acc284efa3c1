"""Social and messenger accounts offered to the reader.

Why intent matters here: platform names are everyday topics ("Instagram marketing", "Telegram bots",
"WhatsApp API"). A mention only becomes a finding when it is tied to something reachable: a handle
right after it ("TikTok: @chef"), an @handle in the same breath ("telegram pe aa jao @deepak"), a phone
number (WhatsApp number), or the implied "same username as here".
"""

from __future__ import annotations

import re

from . import lexicon
from .document import Doc, SpanIndex, near

_SEP = (
    r"(?:\s*(?:id|handle|user\s?name|username|user|name|account|profile|acc|é|es|est|ist|is|hai|as|under|i'?m|i\s+am|"
    r"como|comme|als|come|jako|olarak|sebagai|kak|la|me|at|hesab[ıi]m|hesap|akun|akaun|konto|perfil|profil|cuenta|"
    r"conta|compte|:|=|-|–|—|>|»|~|\||,)"
    r"\s*){0,3}"
    r"\s*"
)
HANDLE_AFTER_RE = re.compile(
    r"(?P<sep>" + _SEP + r")(?:/?(?:in|u|user|add)/)?(?P<at>@)?(?P<h>[a-z0-9][a-z0-9._\-#:]*[a-z0-9]|[a-z0-9]{2,})"
)
AT_HANDLE_RE = re.compile(r"(?<![\w@.])@([a-z0-9_][a-z0-9._\-]{1,40}[a-z0-9_])")
TOPIC_AFTER_RE = re.compile(
    r"^[\s\-]*(?:bot|bots|api|apis|chatbot|chatbots|marketing|ads|ad|campaigns?|integration|integrations|business|"
    r"clone|reels?|stories|story|growth|strategy|strategist|page|pages|shop|group|groups|channel|channels|"
    r"templates?|content|posts?|videos?|filters?|influencers?|analytics|automation|scraper|scraping|widget|"
    r"login|oauth|sdk|webhooks?|feed|embed|embeds|pixel|mini|web)\b"
)
HANDLE_BEFORE_RE = re.compile(
    r"(?<![\w@.])(?:@([a-z0-9_][a-z0-9._\-]{1,40}[a-z0-9_])|((?=[a-z0-9._\-]*[._\d])[a-z0-9][a-z0-9._\-]{2,40}[a-z0-9]))"
    r"\s+(?:on|in|at|no|na|en|em|sur|auf|bei|pe|par|su|op)\s+(?:the\s+)?$"
)
"""A handle right before its platform: "@luana.arte on Insta", "luana.arte no insta", "@ana em todas as redes"."""
_STOP_HANDLES = frozenset(
    "me you us him her it is the a an and or to on at in of for my your our this that here there also too "
    "please pls yes no ok okay only just now later today tomorrow bot api group channel marketing ads and "
    "account profile page business broken down not blocked banned private closed deactivated deleted new old "
    "same linked off open full available active inactive gone hacked suspended restricted limited under "
    "currently mostly usually always never very so kind better best fine dead empty public verified down "
    "offline online busy full different unavailable disabled enabled working fixed".split()
)
FEDIVERSE_RE = re.compile(r"(?<![\w@.])@[a-z0-9_]{1,30}@[a-z0-9](?:[a-z0-9\-]*\.)+[a-z]{2,}(?![\w.])")
"""Mastodon/fediverse addresses ("@ana@mastodon.social"): the leading '@' keeps them out of the email pattern."""
_NOT_A_HANDLE = re.compile(r"[0-9a-f]{1,2}(?::[0-9a-f]{1,2})+|[\d:.\-]+")
"""MAC addresses, times, version numbers: text after "dc:" or "fb:" that no one would use as a user name."""
_WORDLIKE_RE = re.compile(r"(?:ed|ing|ly|ion|ment|ness|able|ible)$")
"""Plain tokens that read as English words ("outdated", "working") rather than user names."""
OFFER_RE = re.compile(
    r"\b(?:add|find|follow|message|msg|dm|ping|reach|contact|text|hit|search|my|mi|mon|mein|meu|mera|meri|"
    r"agr[eé]game|a[nñ]ádeme|sígueme|sigueme|búscame|buscame|escr[ií]beme|me\s+(?:segue|siga|chama|acha|add)|"
    r"adiciona|ajoute|contacte|écris|ecris|schreib|folg|kontaktier|karo|i'?m\s+on|i\s+am\s+on|estoy\s+en|"
    r"estou\s+n[oa]|je\s+suis\s+sur|ich\s+bin\s+(?:auf|bei)|me\s+encuentras|me\s+encontra|hoon|milega|mil\s+jaunga|"
    r"trouves|trouvez|findest|findet|finden\s+sie|mi\s+trovi|mi\s+trovate|znajdziesz|jestem\s+na|temukan|cari\s+aku|"
    r"beni\s+bul|bulabilirsin|vind\s+je|ik\s+ben|sono\s+su)\b"
)
"""Words that turn "Platform: name" into an offer ("add me on Discord: name", "my Kik: name")."""
_CODE_AT = frozenset(
    "media import property staticmethod classmethod abstractmethod override entity app angular types keyframes "
    "font-face supports layer apply tailwind autowired component service repository controller restcontroller "
    "getmapping postmapping requestmapping bean configuration test before after param return throws deprecated "
    "suppresswarnings transactional inject injectable input output viewchild hostlistener ngmodule dataclass "
    "pytest fixture patch lru_cache cached_property wraps api_view login_required csrf_exempt receiver register "
    "task shared_task route get post put delete mixin include extend use forward each if else function charset "
    "namespace container babel vue nestjs prisma nuxt sveltejs tanstack emotion mui radix-ui reduxjs "
    "testing-library storybook vitejs typescript-eslint everyone here channel".split()
)
"""Code annotations, CSS at-rules, npm scopes and chat mentions that follow '@' without being an account."""


EMOJI_PLATFORMS = {
    "👻": "snapchat",
    "✈": "telegram",
    "🐦": "twitter",
    "📷": "instagram",
    "📸": "instagram",
    "📘": "facebook",
    "🎮": "discord",
    "👾": "discord",
    "🎵": "tiktok",
    "🎶": "tiktok",
    "💬": "messenger",
    "📞": "phone",
    "📱": "phone",
}
"""Emoji that stand for a platform in bios and signatures ("👻 ana_snaps", "✈️ @ana"); a message's views fold emoji
to spaces, so they are read in the original text, and only right before a handle."""
EMOJI_HANDLE_RE = re.compile(
    r"(?P<emoji>" + "|".join(re.escape(e) for e in EMOJI_PLATFORMS) + r")\ufe0f?\s*[:\-–—>→➡️]*\s*"
    r"(?P<h>@[A-Za-z0-9_][\w.\-]{1,40}[A-Za-z0-9_]|(?=[\w.\-#]*[._\d#])[A-Za-z0-9][\w.\-#]{2,40}[A-Za-z0-9])(?![\w@])"
    r"(?=\s*(?:$|[\n,.;!?)(|/·•]|(?:and|or|on|in|if|for|to|pls|please|thanks)\b))"
)


def _emoji_handles(doc: Doc) -> None:
    """A handle right after a platform's emoji: "👻 ana_snaps", "✈️ @ana42", "📷 → ana.art"."""
    for m in EMOJI_HANDLE_RE.finditer(doc.text):
        handle = m.group("h")
        if handle.replace(".", "").replace("-", "").isdigit():
            continue  # "📞 555 212" is the phone detector's
        platform = EMOJI_PLATFORMS[m.group("emoji")]
        if platform == "phone":
            continue  # a phone emoji before a handle says nothing of where it lives
        span = (m.start("h"), m.end("h"))
        if doc.overlaps(*span, ("social", "email", "url")):
            continue
        doc.add("social", span, f"{platform}:{handle.lstrip('@')}", 0.85, f"{platform} account (emoji): {handle}")


def detect_social(doc: Doc) -> None:
    """Handles offered next to a platform name, implied same-name accounts, and fediverse addresses."""
    if not doc.text.isascii():
        _emoji_handles(doc)
    if "@" in doc.dec.text:
        for m in FEDIVERSE_RE.finditer(doc.dec.text):
            span = doc.span(doc.dec, m.start(), m.end())
            doc.add("social", span, f"fediverse:{m.group()}", 0.93, f"Fediverse account: {m.group()}")
    if not (doc.words & lexicon.PLATFORM_TRIGGER_WORDS or doc.words & lexicon.WEAK_TRIGGER_WORDS):
        return
    dec = doc.dec.text
    same_name: bool | None = None
    for m in lexicon.PLATFORM_RE.finditer(dec):
        alias = " ".join(m.group().split())
        platform = lexicon.PLATFORM_CANON.get(alias, alias)
        weak = alias in lexicon.WEAK_PLATFORM_ALIASES
        if weak and alias == "x" and not doc.text[doc.dec.origin(m.start(), m.end())[0]] == "X":
            continue
        span = doc.span(doc.dec, m.start(), m.end())
        doc.platform_spans.add(span[0], span[1], platform)
        after = dec[m.end() : m.end() + 60]
        if TOPIC_AFTER_RE.match(after):
            continue
        if _handle_after(doc, m.start(), m.end(), platform, weak):
            continue
        if not weak and _handle_nearby(doc, m.start(), m.end(), platform):
            continue
        if same_name is None:
            same_name = lexicon.SAME_NAME_STRONG_RE.search(dec) is not None or (
                lexicon.SAME_NAME_RE.search(dec) is not None and OFFER_RE.search(dec) is not None
            )
        if not weak and same_name:
            doc.add(
                "social",
                span,
                f"{platform}: same handle as on this platform",
                0.75,
                f"{lexicon.display(platform)} account offered (same name as here)",
            )


def _handle_after(doc: Doc, start: int, end: int, platform: str, weak: bool) -> bool:
    dec = doc.dec.text
    h = HANDLE_AFTER_RE.match(dec, end)
    if not h:
        return False
    handle = h.group("h").rstrip(".:-")
    sep = h.group("sep")
    has_sep = bool(sep.strip()) or (dec[end : end + 1] == "@")
    arrow = _ARROW_RE.search(doc.text, *_origin_gap(doc, end, h.start("h")))
    if arrow:  # "ig → jane", "tg ➜ jane" (arrows fold to spaces), "ig => jane", "ig » jane": read as a colon
        sep = sep + ":"
        has_sep = True
    if handle.isdigit() or (handle.replace(" ", "").replace("-", "").isdigit()) or _NOT_A_HANDLE.fullmatch(handle):
        return False
    if sep == "-" and not h.group("at") and not re.search(r"[._\d#]", handle):
        return False  # "LinkedIn-Beitrag", "WhatsApp-Gruppe": a compound word, not "LinkedIn - handle"
    before = dec[max(0, start - 40) : start]
    my_x_is = bool(re.search(r"\bmy\s+$", before)) and bool(re.search(r"\bis\b", sep))
    standalone = bool(arrow or re.match(r"\s*(?:[:\-–=]|is\b)", sep)) and bool(
        re.match(r"\s*[.!)]?\s*(?:$|\n)", dec[h.end("h") : h.end("h") + 4])
    )
    plain_ok = _plain_handle_ok(handle)
    if h.group("at"):
        if handle in _CODE_AT:
            return False
    elif not has_sep and plain_ok and INVITE_BEFORE_RE.search(before) and _ends_clause(dec, h.start("h") + len(handle)):
        pass  # "DM me on insta anacodes", "ping me on telegram janedesigns"
    elif weak and ":" in sep and standalone and plain_ok:
        pass  # "snap: janedesigns"
    elif (
        weak
        and my_x_is
        and plain_ok
        and (re.search(r"[._\d]", handle) or not _WORDLIKE_RE.search(handle))
        and _ends_clause(dec, h.start("h") + len(handle))
    ):
        pass  # "my tg is marcodev"
    elif not has_sep and not weak and "#" in handle and OFFER_RE.search(before):
        pass  # "add me: discord marco#4412" (a Discord tag needs no separator)
    elif not has_sep or (weak and ":" not in sep and not my_x_is):
        return False
    elif handle in _STOP_HANDLES or len(handle) < 3:
        return False
    elif not re.search(r"[._#:0-9]", handle) and (
        weak or len(handle) < 4 or _WORDLIKE_RE.search(handle) or not (OFFER_RE.search(before) or standalone)
    ):
        return False
    hspan = doc.span(doc.dec, h.start("at") if h.group("at") else h.start("h"), h.start("h") + len(handle))
    if doc.overlaps(*hspan, ("email",)):
        return False
    value = ("@" if h.group("at") else "") + handle
    doc.add("social", hspan, f"{platform}:{value}", 0.93, f"{lexicon.display(platform)} account: {value}")
    return True


_ARROW_RE = re.compile(r"[:=>»→⇒➜➡⟶➔➝➞➙➛⇨⮕↦⟹~|—–]|(?<!\S)-(?!\S)")
"""Separators people put between a platform and the handle, looked up in the ORIGINAL text (symbols fold to spaces)."""


def _origin_gap(doc: Doc, end: int, start: int) -> tuple[int, int]:
    """Original-text span between a platform name ending at `end` and a handle starting at `start` (dec offsets)."""
    if start <= end:
        return 0, 0
    lo, hi = doc.dec.origin(end, start)
    return lo, hi


INVITE_BEFORE_RE = re.compile(
    r"\b(?:dm|pm|ping|message|msg|text|add|follow|find|hit|reach|contact|catch|hmu|write|chat|talk|call|"
    r"search|look|sub|subscribe|friend|connect|escr[ií]beme|b[uú]scame|s[ií]gueme|agr[eé]game|ag[rr]egame|"
    r"me\s+(?:segue|siga|chama|acha|add|adiciona)|chama|ajoute|[ée]cris|trouve|schreib|folg|find|such|"
    r"scrivimi|cercami|seguimi|aggiungimi|zoek|volg|stuur|napisz|znajd[zź]|dodaj|yaz|ekle|bul|takip\s+et|"
    r"hubungi|cari|tambahkan|follow|scrie|caut[aă]|adaug[aă]|karo|kar|bhejo|dhundo|dekho)\w*"
    r"(?:\s+(?:me|us|moi|mich|mi|me|mnie|beni|aku|saya|ma|mujhe|-me|-moi))?(?:\s+up)?(?:\s+(?:directly|privately|instead|there))?"
    r"\s+(?:on|at|in|via|over|through|en|no|na|sur|auf|bei|su|op|w|na|[uü]zerinden|di|pe|par)\s+(?:the\s+|my\s+)?$"
)
"""An invitation right before a platform name: a plain word after the name is then the handle."""


def _plain_handle_ok(handle: str) -> bool:
    """A bare token that reads as a user name rather than a word ("anacodes", not "today")."""
    if len(handle) < 3 or handle in _STOP_HANDLES or _NOT_A_HANDLE.fullmatch(handle):
        return False
    if re.search(r"[._#0-9]", handle):
        return True
    return len(handle) >= 4 and handle not in lexicon.common_words() and handle not in lexicon.PLATFORM_CANON


def _ends_clause(dec: str, end: int) -> bool:
    """The token is the last word of its clause (end of text, punctuation, or a new sentence)."""
    return (
        re.match(
            r"[ \t]*(?:$|[\n.!?,;:)]|\s+(?:and|or|if|pls|please|thanks|thx|or|y|e|et|und|ou|o|btw|tbh|lol)\b)",
            dec[end : end + 12],
        )
        is not None
    )


_CLAUSE_END_RE = re.compile(r"[.!?\n]\s")


def _handle_nearby(doc: Doc, start: int, end: int, platform: str) -> bool:
    """An @handle within the same clause after (or just before) the platform mention."""
    dec = doc.dec.text
    window_end = min(len(dec), end + 45)
    clause = _CLAUSE_END_RE.search(dec, end, window_end)
    if clause:
        window_end = clause.start()
    for h in AT_HANDLE_RE.finditer(dec, end, window_end):
        if h.group(1) not in _CODE_AT:
            hspan = doc.span(doc.dec, h.start(), h.end())
            if not doc.overlaps(*hspan, ("email",)):
                doc.add(
                    "social",
                    hspan,
                    f"{platform}:@{h.group(1)}",
                    0.9,
                    f"{lexicon.display(platform)} account: @{h.group(1)}",
                )
                return True
    before = dec[max(0, start - 30) : start]
    h_before = HANDLE_BEFORE_RE.search(before)
    if h_before and (h_before.group(1) or h_before.group(2)) not in _CODE_AT:
        offset = max(0, start - 30)
        value = f"@{h_before.group(1)}" if h_before.group(1) else h_before.group(2)
        if h_before.group(2) and re.fullmatch(r"[\d.\-]+", h_before.group(2)):
            return False
        hspan = doc.span(doc.dec, offset + h_before.start(), offset + h_before.start() + len(value))
        doc.add("social", hspan, f"{platform}:{value}", 0.9, f"{lexicon.display(platform)} account: {value}")
        return True
    return False


def link_messenger_phones(doc: Doc) -> None:
    """A phone number offered next to a messenger name is also a messenger account."""
    messengers = SpanIndex()
    for a, b, name in doc.platform_spans:
        if name in lexicon.MESSENGERS:
            messengers.add(a, b, name)
    if not messengers:
        return
    for hit in [h for h in doc.hits if h.kind == "phone"]:
        platform = near(messengers, hit.start, hit.end, before=50, after=30)
        if platform:
            doc.add(
                "social",
                (hit.start, hit.end),
                f"{platform}:{hit.normalized}",
                hit.confidence,
                f"{lexicon.display(platform)} number: {hit.normalized}",
            )
