"""Views of a text beyond "as written": decode, then detect.

Every view maps each of its characters back to the ORIGINAL text, so a match on any view is reported on
the sender's own characters. The views, cheapest first:

* Unicode folding (`fold_fancy`, used by `normalize.char_views`): look-alike characters fold to ASCII with
  Unicode's confusables table (`confusable-homoglyphs` ships it: Cyrillic "о", Greek "ο", "ℓ", "ı"), and
  styled letters and digits (circled, negative circled, squared, parenthesised, regional indicators, small
  capitals, mathematical alphanumerics, fullwidth, super/subscripts, dingbat digits) fold with `anyascii`'s
  transliteration table. Why two tables: confusables.txt is about what LOOKS alike (Cyrillic "р" is "p");
  anyascii is about what a character MEANS ("🅐" is "A", "ᴍ" is "m") and would wrongly read Cyrillic "р" as
  "r". Accented Latin letters and real scripts are left alone.
* Encodings (`decode_encodings`): base64 / base64url, hex, percent-encoding, HTML entities, backslash
  escapes and rot13, each only where a token decodes to something identifier-shaped (an address, a link, a
  run of digits), so ordinary words and hashes are never rewritten.
* Separators (`collapse_separated`): "j.o.h.n", "j_o_h_n", "j|o|h|n", one character per line, emoji between
  characters (emoji are spaces after folding): a run of single characters joined by one repeated separator
  is read without it.
* Order (`alternate_texts`): the text reversed ("moc.liamg@nhoj", "backwards: ...") and the text as a
  bidi override displays it (U+202E ... U+202C shows its characters right to left). Those are whole new
  texts, scanned again only when a cheap precheck says they could matter.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from urllib.parse import unquote

from .normalize import Edit, Piece, View, splice

# --- Unicode folding --------------------------------------------------------------------------------------
_STYLED = re.compile(
    r"SMALL CAPITAL|CIRCLED|SQUARED|PARENTHESIZED|REGIONAL INDICATOR|DINGBAT|MATHEMATICAL|FULLWIDTH|"
    r"MODIFIER LETTER|SUBSCRIPT|SUPERSCRIPT|FULL STOP|DIGIT|LETTERLIKE|DOUBLE-STRUCK|BLACK-LETTER|SCRIPT CAPITAL"
)
"""Unicode name families of styled Latin letters and digits (the mapping itself comes from anyascii)."""
_ASCII_TARGET = re.compile(r"[A-Za-z0-9@.]")


@lru_cache(maxsize=1)
def _confusable_ascii() -> dict[str, str]:
    """Non-ASCII character -> the single ASCII letter, digit, '@' or '.' it is confusable with."""
    with resources.files("confusable_homoglyphs").joinpath("confusables.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    table: dict[str, str] = {}
    for ch, glyphs in data.items():
        if len(ch) != 1 or ch.isascii() or unicodedata.category(ch) == "Nd":
            continue
        targets = [g["c"] for g in glyphs if len(g["c"]) == 1 and _ASCII_TARGET.fullmatch(g["c"])]
        if targets:
            table[ch] = targets[0]
    return table


def fold_fancy(ch: str) -> str | None:
    """ASCII stand-in for one non-ASCII, non-digit character that disguises a letter/digit, else None."""
    target = _confusable_ascii().get(ch)
    if target is not None:
        return target
    name = unicodedata.name(ch, "")
    if name and _STYLED.search(name) and not unicodedata.combining(ch):
        from anyascii import anyascii

        folded = anyascii(ch).strip("()")
        if folded and len(folded) <= 3 and folded.isascii() and (folded.isalnum() or folded == "."):
            return folded
    return None


# --- Encodings --------------------------------------------------------------------------------------------
_IDENTIFIER = re.compile(
    r"[a-z0-9._%+\-]{1,64}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63})+|https?://|www\.|\b[a-z0-9\-]+\.(?:com|net|org|io|me|co|dev|app)\b"
    r"|t\.me/|wa\.me/|\+?\d[\d\s\-().]{6,}\d|@[a-z0-9_.]{3,}",
    re.IGNORECASE,
)
"""What a decoded token must look like to be worth rewriting."""
_B64_TOKEN = re.compile(r"(?<![A-Za-z0-9+/=_\-])[A-Za-z0-9+/_\-]{12,}={0,2}(?![A-Za-z0-9+/=_\-])")
_HEX_TOKEN = re.compile(r"(?<![0-9A-Za-z])(?:0x)?((?:[0-9a-fA-F]{2}){6,}+)(?![0-9A-Za-z])")
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]{1,6}\})")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_ROT13_CUE = re.compile(r"\brot-?13\b|\bcaesar\b|\bc[ée]sar\b")
_ROT13_TOKEN = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z]+)+|\b(?:jjj|uggcf?)\b[^\s]*")
_ENCODING_GATE = re.compile(r"[A-Za-z0-9+/_\-]{12}|%[0-9a-fA-F]{2}|\\[xu]|&#|&[a-z]{2,};")
_COMMON_TLDS = frozenset("com net org io me co dev app info biz us uk de fr es br in ru pt".split())


def _printable(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text or any(not ch.isprintable() for ch in text):
        return None
    return text


def _decode_b64(token: str) -> str | None:
    body = token.rstrip("=")
    if len(body) < 12 or not (any(c.isdigit() for c in body) or token.endswith("=") or _mixed_case(body)):
        return None
    padded = body + "=" * (-len(body) % 4)
    try:
        data = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return None
    return _printable(data)


def _mixed_case(s: str) -> bool:
    return any(c.isupper() for c in s[1:]) and any(c.islower() for c in s)


_MAX_TOKEN = 400
"""Longest encoded token worth decoding: identifiers are short, and a cap keeps every check linear."""


def _identifier(text: str | None) -> bool:
    return text is not None and len(text) <= _MAX_TOKEN and _IDENTIFIER.search(text) is not None


def _whole(token_start: int, token_end: int, decoded: str) -> list[Piece]:
    """Decoded text of a whole-token encoding; every character maps to the whole token."""
    return [(decoded.lower(), token_start, token_end)]


def decode_encodings(cased: View, low: View, words: frozenset[str]) -> View:
    """`low` with encoded identifiers decoded in place (decisions read the case-preserving `cased`)."""
    text = cased.text
    if not (
        max(map(len, words), default=0) >= 12 or "%" in text or "&" in text or "\\" in text
    ) or not _ENCODING_GATE.search(text):
        return low
    edits: list[Edit] = []
    if "&" in text:
        for m in _ENTITY.finditer(text):
            decoded = html.unescape(m.group())
            if decoded != m.group():
                edits.append((m.start(), m.end(), [(decoded.lower(), m.start(), m.end())]))
    if "\\" in text:
        for m in _ESCAPE.finditer(text):
            code = m.group()[2:].strip("{}")
            try:
                decoded = chr(int(code, 16))
            except (ValueError, OverflowError):
                continue
            edits.append((m.start(), m.end(), [(decoded.lower(), m.start(), m.end())]))
    if "%" in text:
        for m in re.finditer(r"[^\s%]{0,200}(?:%[0-9a-fA-F]{2}[^\s%]{0,200})+", text):
            token = m.group()
            if len(token) <= _MAX_TOKEN and _identifier(unquote(token)):
                base = m.start()
                for esc in _PERCENT.finditer(token):
                    a, b = base + esc.start(), base + esc.end()
                    edits.append((a, b, [(unquote(esc.group()).lower(), a, b)]))
    for m in _B64_TOKEN.finditer(text):
        if len(m.group()) > _MAX_TOKEN:
            continue
        b64 = _decode_b64(m.group())
        if b64 is not None and _identifier(b64):
            edits.append((m.start(), m.end(), _whole(m.start(), m.end(), b64)))
    for m in _HEX_TOKEN.finditer(text):
        if len(m.group()) > _MAX_TOKEN:
            continue
        hexed = _printable(bytes.fromhex(m.group(1)))
        if hexed is not None and _identifier(hexed):
            edits.append((m.start(), m.end(), _whole(m.start(), m.end(), hexed)))
    if not edits:
        return low
    edits.sort(key=lambda e: (e[0], -e[1]))
    return splice(low, _non_overlapping(edits))


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    last = -1
    for edit in edits:
        if edit[0] >= last:
            kept.append(edit)
            last = edit[1]
    return kept


_ROT13_WORDS = frozenset({"rot13", "rot", "caesar", "cesar", "césar"})


def decode_rot13(low: View, words: frozenset[str]) -> View:
    """rot13 the whole text when it says so ("rot13: ..."), else address-shaped tokens whose rot13 has a
    common top-level domain that the token lacks ("wbua@tznvy.pbz")."""
    text = low.text
    if words & _ROT13_WORDS and _ROT13_CUE.search(text):
        return View(codecs.encode(text, "rot13"), low.starts, low.ends)
    if "@" not in text and "jjj" not in text and "uggc" not in text:
        return low
    edits: list[Edit] = []
    for m in _ROT13_TOKEN.finditer(text):
        token = m.group()
        decoded = codecs.encode(token, "rot13")
        if _rot13_reveals(token, decoded):
            edits.append(
                (m.start(), m.end(), [(decoded[i], m.start() + i, m.start() + i + 1) for i in range(len(token))])
            )
    return splice(low, edits) if edits else low


def _rot13_reveals(token: str, decoded: str) -> bool:
    """The rot13 of an address-shaped token ends in a real public suffix and the token itself does not."""
    if decoded.startswith(("www", "http")):
        return True
    from .contacts import _registrable  # contacts imports document, which imports this module

    host, decoded_host = token.rsplit("@", 1)[-1], decoded.rsplit("@", 1)[-1]
    return _registrable(host) is None and _registrable(decoded_host) is not None


_DEFANGED = re.compile(
    r"\bh(?:xx|\*\*|__|tt)p(s?)\s*[\[(]?\s*:\s*[\])]?\s*//|\bh(?:xx|\*\*)p(s?)\b|[\[(]:\/\/[\])]|\[:\]"
)


def decode_defanged(low: View) -> View:
    """Defanged links as security folks write them ("hxxps[:]//site[.]com", "h**p://"), read as links."""
    text = low.text
    if not ("hxxp" in text or "h**p" in text or "h__p" in text or "[:]" in text or "(://)" in text or "[://]" in text):
        return low
    edits: list[Edit] = []
    for m in _DEFANGED.finditer(text):
        token = m.group()
        if token.startswith("h"):
            secure = "s" if (m.group(1) or m.group(2)) else ""
            fixed = "http" + secure + ("://" if "//" in token else "")
        else:
            fixed = "://" if "//" in token else ":"
        edits.append((m.start(), m.end(), [(fixed, m.start(), m.end())]))
    return splice(low, edits) if edits else low


# --- Phone keypad letters and Morse -------------------------------------------------------------------------
_KEYPAD = str.maketrans(
    {
        c: str(d)
        for d, letters in enumerate(("", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"))
        for c in letters
    }
)
_VANITY = re.compile(
    r"(?<![\w+])(?:\+?1[\s.\-]?)?\(?\d{3}\)?[\s.\-]?(?=[A-Z0-9\-]{7,9}(?![\w\-]))"
    r"(?=(?:[0-9\-]*[A-Z]){3})[A-Z0-9](?:-?[A-Z0-9]){6}(?:[A-Z0-9]{0,2})(?![\w\-])"
)
"""1-800-FLOWERS, (312) 555-LUNA: an area code in digits, then at least three capital letters among the seven."""


_UPPER_RUN = re.compile(r"[A-Z][0-9\-]{0,2}[A-Z]")
_AREA_WORD = re.compile(r"1?\d{3}$")
_GLUED_MATCH = re.compile(r"\d+[A-Z]")
_VANITY_CUE = re.compile(
    r"\b(?:call|calling|text|txt|ring|dial|phone|cell|mobile|number|tel|whats\s?app|sms|my\s+line|reach\s+me|"
    r"llama|ll[aá]mame|liga|ligue|appelle|ruf|chiama)\b"
)
_GLUED_VANITY = re.compile(r"(?:1?\d{3})[a-z][a-z0-9]{5,8}$")
"""A vanity number written as one word ("1800FLOWERS", "312CALLNOW"): its area code is not a word of its own."""


def decode_vanity(cased: View, low: View, words: frozenset[str]) -> View:
    """Keypad letters of a vanity number read as digits (the letters map to themselves in the offset map).

    `words` may be only the words that hold a digit: the area code is the one word this asks about."""
    if not any(_AREA_WORD.match(w) or _GLUED_VANITY.match(w) for w in words):  # "312", "1800", "1800flowers"
        return low
    if not _UPPER_RUN.search(cased.text):
        return low
    edits: list[Edit] = []
    cued: bool | None = None
    for m in _VANITY.finditer(cased.text):
        a = m.start()
        if _GLUED_MATCH.match(m.group()):  # "1800FLOWERS": a word like "404NOTFOUND" too, so only with a phone cue
            if cued is None:
                cued = _VANITY_CUE.search(low.text) is not None
            if not cued:
                continue
        pieces = [(ch.lower().translate(_KEYPAD), a + i, a + i + 1) for i, ch in enumerate(m.group())]
        edits.append((a, m.end(), pieces))
    return splice(low, edits) if edits else low


_MORSE = {
    code: ch
    for ch, code in {
        **dict(
            zip(
                "abcdefghijklmnopqrstuvwxyz",
                (
                    ".- -... -.-. -.. . ..-. --. .... .. .--- -.- .-.. -- -. --- .--. --.- .-. ... - ..- ...- .-- "
                    "-..- -.-- --.."
                ).split(),
                strict=True,
            )
        ),
        **dict(zip("0123456789", "----- .---- ..--- ...-- ....- ..... -.... --... ---.. ----.".split(), strict=True)),
        "@": ".--.-.",
        ".": ".-.-.-",
        "+": ".-.-.",
    }.items()
}
_MORSE_RUN = re.compile(r"(?<![\w.\-])[.\-]{1,6}(?:(?: {1,3}| ?/ ?| ?\| ?)[.\-]{1,6}){5,}(?![\w.\-])")


MORSE_RUN = _MORSE_RUN


def decode_morse(low: View) -> View:
    """Morse code ("....- .---- ..... ..." or with " / " between words) read as the letters and digits it spells,
    when that gives seven digits or an address."""
    text = low.text
    if "-" not in text or "." not in text or not _MORSE_RUN.search(text):
        return low
    edits: list[Edit] = []
    for m in _MORSE_RUN.finditer(text):
        pieces: list[Piece] = []
        for code in re.finditer(r"[.\-]+", m.group()):
            ch = _MORSE.get(code.group())
            if ch is None:
                pieces = []
                break
            a = m.start() + code.start()
            pieces.append((ch, a, a + len(code.group())))
        decoded = "".join(p[0] for p in pieces)
        if pieces and (sum(c.isdigit() for c in decoded) >= 7 or _identifier(decoded)):
            edits.append((m.start(), m.end(), pieces))
    return splice(low, edits) if edits else low


# --- Separators between single characters -----------------------------------------------------------------
_SEPARATED = re.compile(
    r"(?<![^\W_])[^\W_](?P<sep>[^\w@.]{1,3}|_{1,2})(?:[^\W_@.]|[@.])(?:(?P=sep)(?:[^\W_]|[@.])){2,}(?![^\W_])"
)
_SEPARATED_GATE = re.compile(r"(?<![^\W_])[^\W_](?P<sep>[^\w@.]{1,3}|_{1,2})[^\W_@.](?P=sep)[^\W_@.](?P=sep)")


_SINGLE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def collapse_separated(view: View, words: frozenset[str]) -> View:
    """Read "j.o.h.n"-style runs (one character, one repeated separator, at least four characters) without
    the separator. Dots and '@' inside a run stay: they are part of the address ("j o h n @ g m a i l")."""
    text = view.text
    if len(words & _SINGLE_CHARS) < 3 or not _SEPARATED_GATE.search(text):
        return view
    edits: list[Edit] = []
    for m in _SEPARATED.finditer(text):
        sep = m.group("sep")
        body = m.group()
        if sep.strip() in (",", ";") and not any(c.isalpha() for c in body):
            continue  # "1, 2, 3, 4": a list of numbers, not a phone number
        pieces: list[Piece] = []
        i = 0
        while i < len(body):
            if body.startswith(sep, i) and i > 0:
                i += len(sep)
                continue
            pieces.append((body[i], m.start() + i, m.start() + i + 1))
            i += 1
        if sum(1 for p in pieces if p[0].isalnum()) >= 4:
            edits.append((m.start(), m.end(), pieces))
    return splice(view, edits) if edits else view


# --- Other reading orders -----------------------------------------------------------------------------------
_REVERSED_TLDS = "|".join(
    sorted({t[::-1] for t in "com net org io co me dev app info biz us uk de fr es br in ru pt ca au nl it".split()})
)
_REVERSED_WORDS = frozenset(
    {t[::-1] for t in "com net org io co me dev app info biz us uk de fr es br in ru pt ca au nl it".split()}
    | {
        "liamg",
        "tod",
        "backwards",
        "backward",
        "reversed",
        "reverse",
        "invertido",
        "envers",
        "rev",
        "revés",
        "ulta",
        "ulte",
        "rückwärts",
        "ruckwarts",
        "rueckwaerts",
        "trás",
        "tras",
        "ptth",
        "sptth",
    }
)
"""Words that make a reversed reading worth a scan (reversed top-level domains, "backwards" in several
languages); the regex below confirms."""
_REVERSED_HINT = re.compile(
    r"(?<![a-z0-9])(?:" + _REVERSED_TLDS + r")\.[a-z0-9]|//:s?ptth|\bmoc\b|\btod\b|\bliamg\b"
    r"|\bbackwards?\b|\breversed?\b|\breverse order\b|\bal rev[ée]s\b|\b[àa] l'envers\b|\binvertido\b"
    r"|\bde tr[áa]s para frente\b|\br[üu]ckw[äa]rts\b|\bulta\b|\bulte\b"
)
_RLO, _LRO, _PDF = "\u202e", "\u202d", "\u202c"
_ISOLATES = "\u2066\u2067\u2068"
_PDI = "\u2069"


_REVERSED_CUE = re.compile(
    r"\bbackwards?\b|\breversed?\b|\breverse order\b|\bal rev[ée]s\b|\b[àa] l'envers\b|\binvertido\b"
    r"|\bde tr[áa]s para frente\b|\br[üu]ckw[äa]rts\b|\bulta\b|\bulte\b"
)


REVERSED_BUDGET = 20_000
"""Most characters read backwards per message: reversed identifiers sit in short stretches around a hint, and
a cap keeps a message stuffed with hints from costing more than one extra scan of 20 KB."""


def alternate_texts(text: str, low: str, words: frozenset[str]) -> list[tuple[str, list[int], str, bool]]:
    """(text, original index of each character, how it was read, digits count) for each other reading order
    worth a scan: the stretches around reversal hints ("moc.", "backwards") read right to left. Reversed digits
    are only read as a number when the message says it is written backwards: any digit run reversed is valid
    somewhere by chance."""
    if not (words & _REVERSED_WORDS):
        return []
    cue = bool(_REVERSED_CUE.search(low))
    n = len(text)
    windows: list[list[int]] = []
    closed = 0  # characters in windows before the last one
    for hint in _REVERSED_HINT.finditer(low):
        pos = hint.start()
        a, b = (0, n) if cue and n <= 2_000 else (max(0, pos - 160), min(n, pos + 160))
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            if windows:
                closed += windows[-1][1] - windows[-1][0]
            windows.append([a, b])
        if closed + windows[-1][1] - windows[-1][0] > REVERSED_BUDGET:
            break  # the last window (which only grows) no longer fits the budget: no later hint is read
    if not windows:
        return []
    found: list[tuple[str, list[int], str, bool]] = []
    budget = REVERSED_BUDGET
    for a, b in windows:
        if b - a > budget:
            break
        budget -= b - a
        found.append((text[a:b][::-1], list(range(b - 1, a - 1, -1)), "written backwards", cue))
    return found


def displayed(text: str) -> tuple[str, list[int]] | None:
    """The text in display order when it holds a right-to-left override (else None), with each character's
    original index: that order, not the stored one, is what the reader sees."""
    if _RLO not in text:
        return None
    visual, index = _bidi_visual(text)
    return (visual, index) if visual != text else None


def _bidi_visual(text: str) -> tuple[str, list[int]]:
    """Characters in display order for right-to-left overrides (U+202E ... U+202C or end of line).

    Only overrides reorder Latin letters and digits; embeddings and isolates (U+202A/B, U+2066-2069) do not,
    so they are left to `normalize` (which drops them as invisible). Linear time with C-speed slices: only the
    formatting characters and line ends are visited one by one.
    """
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while (k := text.find(_RLO, i)) >= 0:
        out.append(text[i:k])
        index.extend(range(i, k))
        depth, end, resume = 1, n, n
        for m in _BIDI_CONTROL.finditer(text, k + 1):
            c = m.group()
            if c == "\n":
                end = resume = m.start()  # the override ends with the line; the newline stays
                break
            if c in (_PDF, _PDI):
                depth -= 1
                if depth == 0:
                    end, resume = m.start(), m.start() + 1  # the closing PDF/PDI is dropped
                    break
            else:
                depth += 1
        out.append(text[k + 1 : end][::-1])
        index.extend(range(end - 1, k, -1))
        i = resume
    out.append(text[i:])
    index.extend(range(i, n))
    return "".join(out), index


_BIDI_CONTROL = re.compile("[\n\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069]")


# --- Upside-down text ---------------------------------------------------------------------------------------
_TURNED_PAIRS = (
    "ɐa qb ɔc pd ǝe ɟf ƃg ɥh ᴉi ıi ɾj ʞk ɯm un ɹr ʇt nu ʌv ʍw ʎy "
    "∀a ᗺb Ɔc ᗡd Ǝe Ⅎf ⅁g ſj ꓘk ˥l Ԁp ꓤr ⊥t ∩u Λv ⅄y "
    "Ɩ1 ᄅ2 Ɛ3 ㄣ4 ϛ5 96 ㄥ7 69 ˙. ‾_ ¡! ¿? ',"
)
_UNTURN = {pair[0]: pair[1] for pair in _TURNED_PAIRS.split()}
"""A character of text turned 180° -> the character it shows. No Unicode table says this: these are the
stand-ins upside-down text generators use (turned letters from IPA and Lisu, Hangul/Greek digit look-alikes);
b/q, d/p, n/u and 6/9 swap, the rest (o s x z l 0 8 @) read the same either way."""
TURNED_RE = re.compile("[ɐɔǝɟƃɥᴉɾʞɯɹʇʌʍʎ∀ᗺƆᗡƎℲ⅁ſꓘ˥Ԁꓤ⊥∩Λ⅄ƖᄅƐㄣϛㄥ]")
"""Characters that only upside-down text uses (not "ı", which is Turkish, nor letters that read the same)."""


def upside_down(text: str) -> list[tuple[str, list[int]]]:
    """Readings of text written upside down, each with the original index of every character: turned back
    and read right to left (what a rotated string shows), and turned back in stored order (generators that
    only turn the letters). Only for text with at least two distinct turned characters; a finding of these
    readings counts only when its own characters include a turned one (`TURNED_RE`)."""
    if text.isascii():
        return []
    first = TURNED_RE.search(text)
    if first is None or TURNED_RE.search(text, first.end()) is None or len(set(TURNED_RE.findall(text))) < 2:
        return []
    a = max(0, first.start() - 200)  # the readings cover UPSIDE_DOWN_BUDGET characters from the first turned one
    b = min(len(text), a + UPSIDE_DOWN_BUDGET)
    turned = "".join([_UNTURN.get(ch, ch) for ch in text[a:b]])
    return [(turned[::-1], list(range(b - 1, a - 1, -1))), (turned, list(range(a, b)))]


UPSIDE_DOWN_BUDGET = 20_000
"""Most characters read upside down per message (both readings): a message turned in full is rare and short,
and a 100 KB wall of turned addresses must not cost three full scans."""
