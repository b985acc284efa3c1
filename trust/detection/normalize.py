"""Normalisation with an offset map back to the original text.

Why: obfuscation lives in the surface form (fullwidth "＠", Cyrillic "о", zero-width joiners,
"dot"/"arroba" words, "f i v e", "w h a t s a p p"), while findings must highlight the sender's own
characters. Every view therefore carries, for each of its characters, the span of the original text it
came from; a match on any view maps back with `View.origin`.

Invariant: `View.starts[i] <= View.ends[i]` and both index into the ORIGINAL text, whatever number of
rewrite passes produced the view.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import lexicon

Piece = tuple[str, int, int]
"""Replacement text and the [start, end) span of the CURRENT view it stands for."""


@dataclass(frozen=True, slots=True)
class View:
    """A transformed text whose characters each know their original [start, end)."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def origin(self, start: int, end: int) -> tuple[int, int]:
        """Original span covered by view[start:end] (end exclusive, start < end)."""
        return self.starts[start], self.ends[end - 1]


# Zero-width and formatting characters that render as nothing and only serve to break patterns.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068"
    "\u2069\u3164\ufe0e\ufe0f\ufeff\uffa0"
)
_char_cache: dict[str, tuple[str, str]] = {}


def _fold_fancy(ch: str) -> str | None:
    from .views import fold_fancy  # views builds on View/splice defined here

    return fold_fancy(ch)


def _fold_char(ch: str) -> tuple[str, str]:
    """(case-preserving, lower-case) replacement for one original character, cached."""
    cached = _char_cache.get(ch)
    if cached is not None:
        return cached
    if ch in _INVISIBLE or unicodedata.category(ch) in ("Cf", "Mn", "Me"):
        result = ("", "")
    else:
        cased_parts: list[str] = []
        for c in unicodedata.normalize("NFKC", ch):
            c = lexicon.HOMOGLYPHS.get(c, c)
            if not c.isascii():
                cat = unicodedata.category(c)
                fancy = None if cat == "Nd" else _fold_fancy(c)
                if cat == "Nd":
                    c = str(unicodedata.digit(c))
                elif fancy is not None:
                    c = fancy
                elif cat in ("So", "Sk", "Sm", "Cn", "Co", "Cs") or c in lexicon.SYMBOL_SEPARATORS:
                    c = " "
                elif cat == "Pd":
                    c = "-"
                elif cat == "Zs":
                    c = " "
            cased_parts.append(c)
        cased = "".join(cased_parts)
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in cased)
        result = (cased, lower)
        if cased == ch and ch.isupper() and not ch.isascii() and len(ch.lower()) == 1:
            small = _fold_char(ch.lower())
            if small[0] != ch.lower():  # capital "Б" has no look-alike, its lower case "б" has ("6"): fold the
                result = small  # capital as its lower case, so "ПриватБанк" reads as the alias "приватбанк" does
    if len(_char_cache) < 50_000:
        _char_cache[ch] = result
    return result


def char_views(text: str) -> tuple[View, View]:
    """Case-preserving and lower-case views after per-character folding (same length, same map).

    Pure ASCII text with no control characters is its own normal form, so the common case costs
    one `str.lower()` and no per-character work.
    """
    n = len(text)
    identity_starts, identity_ends = range(n), range(1, n + 1)
    if text.isascii():
        return View(text, identity_starts, identity_ends), View(text.lower(), identity_starts, identity_ends)
    # Fast path: every non-ASCII character folds to exactly one character (accents, homoglyphs,
    # fullwidth forms), so the offsets stay the identity and `str.translate` does the work in C.
    table: dict[int, str] = {}
    odd: dict[str, int] = {}  # characters that fold to zero or several characters -> how many
    for ch in set(text):
        if not ch.isascii():
            folded = _fold_char(ch)[0]
            if len(folded) != 1:
                odd[ch] = len(folded)
            if folded != ch:
                table[ord(ch)] = folded
    cased = text.translate(table) if table else text
    lower = cased.lower()
    if len(lower) == len(cased) and (not odd or "Σ" not in cased):  # str.lower reads a final Σ as ς
        if not odd:
            return View(cased, identity_starts, identity_ends), View(lower, identity_starts, identity_ends)
        # Some characters change length: the map is the identity between them, built with C-speed ranges.
        starts: list[int] = []
        ends: list[int] = []
        last = 0
        for m in re.finditer("[" + "".join(re.escape(c) for c in odd) + "]", text):
            i = m.start()
            starts.extend(range(last, i))
            ends.extend(range(last + 1, i + 1))
            k = odd[text[i]]
            starts.extend([i] * k)
            ends.extend([i + 1] * k)
            last = i + 1
        starts.extend(range(last, n))
        ends.extend(range(last + 1, n + 1))
        return View(cased, starts, ends), View(lower, starts, ends)
    cased_parts: list[str] = []
    lower_parts: list[str] = []
    starts = []
    ends = []
    for i, ch in enumerate(text):
        c, lc = _fold_char(ch) if not ch.isascii() else (ch, ch.lower())
        if not c:
            continue
        cased_parts.append(c)
        lower_parts.append(lc)
        k = len(c)
        starts.extend([i] * k)
        ends.extend([i + 1] * k)
    return View("".join(cased_parts), starts, ends), View("".join(lower_parts), starts, ends)


Edit = tuple[int, int, list[Piece]]
"""Replace view[start:end] with pieces (text, start, end in current-view coordinates)."""


def rewrite(view: View, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], list[Piece] | None]) -> View:
    """Apply `replace` to every match of `pattern`, composing the offset map.

    `replace` returns pieces (text, start, end) in current-view coordinates, or None to keep the match
    unchanged. Unchanged stretches are copied with slices, so a pass over text with nothing to rewrite
    costs one regex scan.
    """
    edits: list[Edit] = []
    for match in pattern.finditer(view.text):
        pieces = replace(match)
        if pieces is not None:
            edits.append((match.start(), match.end(), pieces))
    return splice(view, edits) if edits else view


def splice(view: View, edits: Sequence[Edit]) -> View:
    """Apply non-overlapping edits (sorted by start) to `view`, composing the offset map."""
    text = view.text
    v_starts, v_ends = view.starts, view.ends
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    put, put_starts, put_ends = out.append, starts.extend, ends.extend
    last = 0
    for a, b, pieces in edits:
        if a < last:
            continue
        put(text[last:a])
        put_starts(v_starts[last:a])
        put_ends(v_ends[last:a])
        for piece, p_start, p_end in pieces:
            if not piece:
                continue
            put(piece)
            o_start = v_starts[p_start]
            o_end = v_ends[p_end - 1] if p_end > p_start else o_start
            if len(piece) == 1:
                starts.append(o_start)
                ends.append(o_end)
            else:
                put_starts([o_start] * len(piece))
                put_ends([o_end] * len(piece))
        last = b
    out.append(text[last:])
    starts.extend(view.starts[last:])
    ends.extend(view.ends[last:])
    return View("".join(out), starts, ends)


def _keep_non_space(match: re.Match[str]) -> list[Piece]:
    """Collapse "w h a t s a p p" to "whatsapp", keeping each letter's own origin."""
    return [(ch, match.start() + i, match.start() + i + 1) for i, ch in enumerate(match.group()) if ch != " "]


_SPACES = re.compile(r"\s+")


def _symbol_word(match: re.Match[str]) -> list[Piece]:
    """Replace a spelled or bracketed at/dot/underscore word (and its padding) with the symbol."""
    # The patterns' alternatives are named groups and nothing else captures: the one that matched is the last.
    group = match.lastgroup or next(name for name in match.re.groupindex if match.group(name) is not None)
    word = match.group(group)
    symbol = lexicon.SYMBOL_WORDS.get(word) or lexicon.SYMBOL_WORDS[_SPACES.sub(" ", word)]
    return [(symbol, match.start(group), match.end(group))]


def _alias(match: re.Match[str]) -> list[Piece]:
    """Replace a provider/platform spelling variant with its canonical token."""
    key = re.sub(r"[\s\-]+", " ", match.group()).strip()
    return [(lexicon.ALIASES[key], match.start(), match.end())]


def _squeeze(match: re.Match[str]) -> list[Piece]:
    """Drop the padding around '@' / '.' / '//' in "grace . liu @ outlook . com"."""
    return [(ch, match.start() + i, match.start() + i + 1) for i, ch in enumerate(match.group()) if not ch.isspace()]


def decoded_view(lower: View, words: frozenset[str], digit_words: frozenset[str] | None = None) -> View:
    """Apply the token-level decoders to the lower-case view (see module doc).

    `words` (the letter/digit tokens of `lower`) gates each pass, so text without any spelled symbol,
    alias or number word costs no regex pass at all.
    """
    from . import numwords  # numwords builds on View/splice defined here

    view = lower
    text = view.text
    if len(words & _SINGLE_CHARS) >= 3 and lexicon.SPACED_RUN_TRIGGER.search(text):
        view = rewrite(view, lexicon.SPACED_RUN, _keep_non_space)
    if words & lexicon.SYMBOL_TRIGGER_WORDS or (_has_bracket(text) and _BRACKET_SYMBOL.search(text)):
        view = rewrite(view, lexicon.SYMBOL_WORD_RE, _symbol_word)
    if words & lexicon.ALIAS_TRIGGER_WORDS:
        view = rewrite(view, lexicon.ALIAS_RE, _alias)
    text = view.text
    if _needs_squeeze(text):
        view = rewrite(view, lexicon.SQUEEZE_RE, _squeeze)
    if numwords.worth_decoding(words, lower.text, digit_words) or (view is not lower and _LEET_TOKEN.search(view.text)):
        view = numwords.decode_numbers(view)
    return view


_SINGLE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _needs_squeeze(text: str) -> bool:
    """Could padding around '@', '.' or '//' need squeezing? Literal tests first, small regexes after."""
    if "@" in text and _SQUEEZE_AT.search(text):
        return True
    if "." in text and _SQUEEZE_DOTS.search(text):
        return True
    return ("//" in text or "http" in text) and _SQUEEZE_SCHEME.search(text) is not None


_SQUEEZE_AT = re.compile(r"\s@|@\s")
_SQUEEZE_DOTS = re.compile(
    r"\.(?:(?<=\s\.)(?:\s|[a-z])|\s(?:com|net|org|io|co|de|fr|es|br|in|me|dev|app|ru|uk|pt)\b|[a-z] [a-z])"
)
"""The three dot shapes SQUEEZE_RE rewrites (" . " / " .x", ". com", ".a b") in one scan that starts at the
literal "." (the engine skips to each dot instead of trying every position)."""
_SQUEEZE_SCHEME = re.compile(r":\s+//|//\s|https?\s+:")


def _has_bracket(text: str) -> bool:
    """An opening bracket anywhere (substring tests at C speed): `_BRACKET_SYMBOL` cannot match without one."""
    return "(" in text or "[" in text or "{" in text or "<" in text


_BRACKET_SYMBOL = re.compile(r"[(\[{<]\s*(?:at|dot|a|et|@|\.|arroba|arobase|punto|ponto|point|punkt|slash)\s*[)\]}>]")
_LEET_TOKEN = re.compile(lexicon.LEET)
"""A token mixing digits with o/l/i ("O1O2", "4l5"), the leetspeak spelling of digits."""


def email_view(decoded: View) -> View:
    """The decoded view with plain "at" read as '@' as well (only email detection looks at this)."""
    if " at " not in decoded.text:
        return decoded
    return rewrite(decoded, lexicon.AT_WORD_RE, _symbol_word)
