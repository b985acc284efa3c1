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
                if cat == "Nd":
                    c = str(unicodedata.digit(c))
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
    for ch in set(text):
        if not ch.isascii():
            folded = _fold_char(ch)[0]
            if len(folded) != 1:
                table = {}
                break
            if folded != ch:
                table[ord(ch)] = folded
    else:
        translated = text.translate(table) if table else text
        translated_lower = translated.lower()
        if len(translated_lower) == n:
            return (
                View(translated, identity_starts, identity_ends),
                View(translated_lower, identity_starts, identity_ends),
            )
    cased: list[str] = []
    lower: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        c, lc = _fold_char(ch) if not ch.isascii() else (ch, ch.lower())
        if not c:
            continue
        cased.append(c)
        lower.append(lc)
        k = len(c)
        starts.extend([i] * k)
        ends.extend([i + 1] * k)
    return View("".join(cased), starts, ends), View("".join(lower), starts, ends)


def rewrite(view: View, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], list[Piece] | None]) -> View:
    """Apply `replace` to every match of `pattern`, composing the offset map.

    `replace` returns pieces (text, start, end) in current-view coordinates, or None to keep the match
    unchanged. Unchanged stretches are copied with slices, so a pass over text with nothing to rewrite
    costs one regex scan.
    """
    text = view.text
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    changed = False
    for match in pattern.finditer(text):
        pieces = replace(match)
        if pieces is None:
            continue
        changed = True
        a = match.start()
        out.append(text[last:a])
        starts.extend(view.starts[last:a])
        ends.extend(view.ends[last:a])
        for piece, p_start, p_end in pieces:
            if not piece:
                continue
            out.append(piece)
            o_start = view.starts[p_start]
            o_end = view.ends[p_end - 1] if p_end > p_start else o_start
            starts.extend([o_start] * len(piece))
            ends.extend([o_end] * len(piece))
        last = match.end()
    if not changed:
        return view
    out.append(text[last:])
    starts.extend(view.starts[last:])
    ends.extend(view.ends[last:])
    return View("".join(out), starts, ends)


def _keep_non_space(match: re.Match[str]) -> list[Piece]:
    """Collapse "w h a t s a p p" to "whatsapp", keeping each letter's own origin."""
    return [(ch, match.start() + i, match.start() + i + 1) for i, ch in enumerate(match.group()) if ch != " "]


def _symbol_word(match: re.Match[str]) -> list[Piece]:
    """Replace a spelled or bracketed at/dot/underscore word (and its padding) with the symbol."""
    group = next(name for name in match.re.groupindex if match.group(name) is not None)
    symbol = lexicon.SYMBOL_WORDS[re.sub(r"\s+", " ", match.group(group))]
    return [(symbol, match.start(group), match.end(group))]


def _alias(match: re.Match[str]) -> list[Piece]:
    """Replace a provider/platform spelling variant with its canonical token."""
    key = re.sub(r"[\s\-]+", " ", match.group()).strip()
    return [(lexicon.ALIASES[key], match.start(), match.end())]


def _squeeze(match: re.Match[str]) -> list[Piece]:
    """Drop the padding around '@' / '.' / '//' in "grace . liu @ outlook . com"."""
    return [(ch, match.start() + i, match.start() + i + 1) for i, ch in enumerate(match.group()) if not ch.isspace()]


def _numeric_run(match: re.Match[str]) -> list[Piece] | None:
    """Turn a run of number words / digits / leet digits into space-separated digit groups.

    Only rewritten when it decodes to at least 7 digits and contains a word or leet token, so ordinary
    prose ("I do 2 or 3") is never touched. Ambiguous words ("do", "un", "e", "o") may not start or end
    a run: "kar do 98989 12121" must stay a ten-digit number.
    """
    tokens = [(m.group(), m.start(), m.end()) for m in lexicon.RUN_TOKEN.finditer(match.group())]
    groups: list[list] = []  # [digits, start, end, is_word, open_tens]
    pending_multiplier = 0
    multiplier_start = 0
    for tok, a, b in tokens:
        tok = " ".join(tok.split())
        a += match.start()
        b += match.start()
        if tok in lexicon.FILLERS_ONE_WORD or tok in lexicon.FILLER_PHRASES_KEYS:
            pending_multiplier = 0
            groups.append(["", a, b, True, False])
            continue
        if tok in lexicon.MULTIPLIERS:
            pending_multiplier = lexicon.MULTIPLIERS[tok]
            multiplier_start = a
            continue
        if _tens(groups, tok, a, b):
            continue
        if tok.isdigit():
            digits, is_word = tok, False
        elif tok in lexicon.NUMBER_WORDS:
            digits, is_word = lexicon.NUMBER_WORDS[tok], True
            last = _last_number(groups)
            if last is not None and last[4] and digits != "0":  # "trente-quatre", "veinte y dos", "forty two"
                last[0], last[2], last[4] = last[0][:-1] + digits, b, False
                continue
        else:
            digits = tok.translate(lexicon.LEET_DIGITS)
            if not digits.isdigit():
                continue
            is_word = True
        if pending_multiplier:
            digits = digits[0] * pending_multiplier + digits[1:]
            pending_multiplier = 0
            a = multiplier_start
            is_word = True
        groups.append([digits, a, b, is_word, False])
    # trim ambiguous words and fillers from both ends
    while groups and (
        not groups[0][0]
        or (groups[0][3] and match.string[groups[0][1] : groups[0][2]] in lexicon.AMBIGUOUS_NUMBER_WORDS)
    ):
        groups.pop(0)
    while groups and (
        not groups[-1][0]
        or (groups[-1][3] and match.string[groups[-1][1] : groups[-1][2]] in lexicon.AMBIGUOUS_NUMBER_WORDS)
    ):
        groups.pop()
    total = sum(len(g[0]) for g in groups)
    if total < 7 or not any(g[3] for g in groups):
        return None
    first, last = groups[0][1], groups[-1][2]
    pieces: list[Piece] = _verbatim(match.string, match.start(), first)
    run: list[Piece] = []
    prev_word = False
    for digits, a, b, is_word, _ in groups:
        if not digits:
            continue
        # consecutive single spelled digits belong to one group ("five five five" -> "555")
        if run and not (is_word and prev_word and len(digits) == 1):
            run.append((" ", a, a + 1))
        run.append((digits, a, b))
        prev_word = is_word and len(digits) == 1
    pieces.extend(run)
    pieces.extend(_verbatim(match.string, last, match.end()))
    return pieces


def _last_number(groups: list[list]) -> list | None:
    """Last digit group, skipping connector fillers ("y", "e", "et", "und")."""
    return next((group for group in reversed(groups) if group[0]), None)


def _tens(groups: list[list], tok: str, start: int, end: int) -> bool:
    """Fold a tens word into the groups (two-digit group; French 70-99 and German unit-first compounds)."""
    compound = lexicon.GERMAN_COMPOUND.fullmatch(tok)
    if compound:
        compound_value = lexicon.TENS_WORDS[compound.group(2)] + int(lexicon.NUMBER_WORDS[compound.group(1)])
        groups.append([f"{compound_value:02d}", start, end, True, False])
        return True
    value = lexicon.TENS_WORDS.get(tok)
    if value is None:
        return False
    last = _last_number(groups)
    if last is not None and last[3] and last[4] and last[0].endswith("0") and 10 <= value <= 19:
        total = int(last[0][-2:]) + value  # soixante-douze = 72, soixante-dix(-huit) = 70 (78)
        last[0], last[2], last[4] = last[0][:-2] + str(total), end, total % 10 == 0
        return True
    if last is not None and last[3] and last[0] == "4" and value == 20:  # quatre-vingt(s)
        last[0], last[2], last[4] = "80", end, True
        return True
    groups.append([f"{value:02d}", start, end, True, value % 10 == 0])
    return True


def _verbatim(text: str, start: int, end: int) -> list[Piece]:
    """Untouched characters, each keeping its own origin."""
    return [(text[i], i, i + 1) for i in range(start, end)]


def decoded_view(lower: View, words: frozenset[str]) -> View:
    """Apply the token-level decoders to the lower-case view (see module doc).

    `words` (the letter/digit tokens of `lower`) gates each pass, so text without any spelled symbol,
    alias or number word costs no regex pass at all.
    """
    view = lower
    text = view.text
    if lexicon.SPACED_RUN_TRIGGER.search(text):
        view = rewrite(view, lexicon.SPACED_RUN, _keep_non_space)
    if words & lexicon.SYMBOL_TRIGGER_WORDS or _BRACKET_SYMBOL.search(text):
        view = rewrite(view, lexicon.SYMBOL_WORD_RE, _symbol_word)
    if words & lexicon.ALIAS_TRIGGER_WORDS:
        view = rewrite(view, lexicon.ALIAS_RE, _alias)
    text = view.text
    if _SQUEEZE_GATE.search(text):
        view = rewrite(view, lexicon.SQUEEZE_RE, _squeeze)
    if words & lexicon.NUMBER_TRIGGER_WORDS or _LEET_TOKEN.search(view.text):
        view = rewrite(view, lexicon.NUMERIC_RUN, _numeric_run)
    return view


_BRACKET_SYMBOL = re.compile(r"[(\[{<]\s*(?:at|dot|a|et|@|\.|arroba|arobase|punto|ponto|point|punkt|slash)\s*[)\]}>]")
_SQUEEZE_GATE = re.compile(
    r"\s@|@\s|\s\.\s|\s\.[a-z]|\.\s(?:com|net|org|io|co|de|fr|es|br|in|me|dev|app|ru|uk|pt)\b|:\s+//|//\s|\.[a-z] [a-z]"
    r"|https?\s+:"
)
_LEET_TOKEN = re.compile(lexicon.LEET)
"""A token mixing digits with o/l/i ("O1O2", "4l5"), the leetspeak spelling of digits."""


def email_view(decoded: View) -> View:
    """The decoded view with plain "at" read as '@' as well (only email detection looks at this)."""
    if " at " not in decoded.text:
        return decoded
    return rewrite(decoded, lexicon.AT_WORD_RE, _symbol_word)
