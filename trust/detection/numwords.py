"""Spelled numbers in ~40 languages: runs of number words, digits, digit/word mixes and leetspeak to digits.

Why a tokenizer and per-language phrase tables instead of one regex: `numwords.json` (generated from
`num2words` by `build_numwords.py`, plus romanised Hindi, Bengali, Swahili, Tagalog) holds thousands of
phrases; an alternation that large costs a regex attempt at every character, while one pass over the word
tokens and dictionary look-ups stays linear and cheap. A run is parsed once per language its words belong
to and the parse that decodes the most digits wins, so "cinq cents" is French 500 and a run never mixes
Danish "to" with English "five" by accident.

What a run may contain: number phrases ("forty two", "quatre-vingt-dix", "quinientos", "paanch sau"),
hundreds followed by tens ("five hundred and twelve" -> 512), digits, words glued to digits ("nine1two"),
leet digits ("O1O2"), multipliers ("double five", "doble cinco"), "plus" at the start ("+"), and fillers
or labels between parts ("area code 312, then 555 0147", "last four"). Ambiguous words (common words that
are also numbers somewhere: "to", "sei", "hai", "once") never start or end a run; a run is rewritten only
when it decodes to at least 7 digits and holds at least one spelled part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path

from .normalize import View, splice

_DATA = json.loads(Path(__file__).with_name("numwords.json").read_text(encoding="utf-8"))

Phrase = tuple[str, ...]
LANG_PHRASES: dict[str, dict[Phrase, int]] = {
    lang: {tuple(p.split()): v for p, v in phrases.items()} for lang, phrases in _DATA["languages"].items()
}
AMBIGUOUS: frozenset[str] = frozenset(_DATA["ambiguous"])
FILLERS: frozenset[Phrase] = frozenset(tuple(f.split()) for f in _DATA["fillers"])
MULTIPLIERS: dict[Phrase, int] = {tuple(k.split()): v for k, v in _DATA["multipliers"].items()}
PLUS: frozenset[str] = frozenset(_DATA["plus"])
REGION_HINTS: dict[str, dict[str, list[str]]] = _DATA.get("region_hints", {})
"""Language -> {"regions": phone regions to try first, "words": its frequent words} (see build_numwords)."""
MAX_PHRASE = max(len(p) for table in (*LANG_PHRASES.values(), FILLERS, MULTIPLIERS) for p in table)

WORD_LANGS: dict[str, frozenset[str]] = {}
for _lang, _phrases in LANG_PHRASES.items():
    for _phrase in _phrases:
        for _tok in _phrase:
            WORD_LANGS[_tok] = WORD_LANGS.get(_tok, frozenset()) | {_lang}
_EXTRA_TOKENS = frozenset(t for p in (*FILLERS, *MULTIPLIERS) for t in p) | PLUS
RUN_WORDS: frozenset[str] = frozenset(WORD_LANGS) | _EXTRA_TOKENS
"""Every token that may belong to a spelled-number run."""
STRONG_WORDS: frozenset[str] = frozenset(w for w in WORD_LANGS if w not in AMBIGUOUS and len(w) > 2) | frozenset(
    t for p in MULTIPLIERS for t in p
)
"""Number words that are not also common words: the cheap gate counts these."""
LABEL_WORDS: frozenset[str] = frozenset(_DATA["label_gate"])
"""Distinctive words of labels that join digit groups ("area code", "then", "vorwahl")."""
_SINGLE_WORDS: frozenset[str] = frozenset(p[0] for table in LANG_PHRASES.values() for p in table if len(p) == 1)

_TOKEN = re.compile(r"[^\W_]+")
_RUN_TOKEN = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
"""A run's tokens: words with an apostrophe inside ("п'ять", "дев'ять") are one word (looked up without it)."""
_GAP = re.compile(r"[\s,.\-/_()+:;~*|\\…]{0,6}")
_MIX = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")
_PARTS = re.compile(r"\d+|[^\W\d_]+")
_LEET = re.compile(r"(?=[0-9oil]*\d)(?=[0-9]*[oil])[0-9oil]{2,}")
_LEET_TABLE = str.maketrans({"o": "0", "l": "1", "i": "1"})
MIX_RE = _MIX
_ALPHA: Callable[[str], bool] = str.isalpha
_DIGITS: Callable[[str], bool] = str.isdigit


@lru_cache(maxsize=64)
def worth_decoding(words: frozenset[str], text: str, digit_words: frozenset[str] | None = None) -> bool:
    """Cheap gate: could `text` hold a spelled number run at all? (Cached: the scanner's gate and the decoded
    view ask about the same text.) `digit_words`, when given, are the words of `words` that are not all
    letters (the scanner has them already)."""
    strong = words & STRONG_WORDS
    if len(strong) >= 2 or (words & LABEL_WORDS and sum(1 for w in words if w.isdigit()) >= 2):
        return True
    if strong:  # one distinct number word: repeated ("five five five") or next to digits ("five 55 1234")
        word = next(iter(strong))
        if re.search(r"\b" + word + r"\W{1,3}(?:\d|" + word + r"\b)|\d\W{1,3}" + word + r"\b", text):
            return True
    if digit_words is None:
        digit_words = words.difference(filter(_ALPHA, words))  # type: ignore[arg-type]
    if any(_spelled_token(w) for w in digit_words if not w.isdigit()):
        return True
    rest = words.difference(_plain_words())
    if rest and _NOT_COMPOUND:
        rest = rest.difference(_NOT_COMPOUND)
    for w in rest:
        if len(w) >= COMPOUND_MIN and compound_parts(w):
            return True
        if len(_NOT_COMPOUND) < _NOT_COMPOUND_MAX:
            _NOT_COMPOUND.add(w)
    return False


_NOT_COMPOUND: set[str] = set()
"""Words met that are not number compounds, beyond `_plain_words()`: the next text's words are checked
against them with one set difference at C speed instead of one `compound_parts` call each."""
_NOT_COMPOUND_MAX = 50_000


@lru_cache(maxsize=8192)
def _spelled_token(token: str) -> bool:
    """A digit/word mix ("nine1two") or leet digits ("O1O2"); cached, as tokens such as "3pm" recur."""
    return _is_mix(token) or _LEET.fullmatch(token) is not None


def _is_mix(token: str) -> bool:
    return _mix_parts(token) is not None


@lru_cache(maxsize=8192)
def _mix_parts(token: str) -> tuple[tuple[str, int, int], ...] | None:
    """(part, start, end) of a token gluing digits and number words ("nine1two"), else None (cached: tokens
    recur)."""
    parts = tuple((p.group(), p.start(), p.end()) for p in _PARTS.finditer(token))
    if len(parts) > 1 and all(p[0].isdigit() or p[0] in _SINGLE_WORDS for p in parts):
        return parts
    return None


_PIECES: dict[str, dict[str, str]] = {}
"""Language -> {surface: number word} for splitting number words written as one token ("fünfhundertvierzig",
"cinquecentoquaranta", "twentyfive"): every word of the language's number phrases, plus Italian hundreds without
their final vowel before a vowel ("trecent|otto")."""
for _lang, _phrases in LANG_PHRASES.items():
    _table = {t: t for p in _phrases for t in p if len(t) >= 2 and t.isalpha()}
    if _lang == "it":
        _table |= {w[:-1]: w for w, v in ((p[0], v) for p, v in _phrases.items() if len(p) == 1) if v % 100 == 0}
        _table["tré"] = "tre"  # written with an accent at the end of a compound ("centotré")
    _PIECES[_lang] = _table
_PIECE_LANGS: dict[str, frozenset[str]] = {}
for _lang, _table in _PIECES.items():
    for _piece in _table:
        _PIECE_LANGS[_piece] = _PIECE_LANGS.get(_piece, frozenset()) | {_lang}
_MAX_PIECE = max(map(len, _PIECE_LANGS))
COMPOUND_HEADS = frozenset(p[:3] for p in _PIECE_LANGS if len(p) >= 3)
"""First three letters of every number word: a token that starts otherwise cannot be a compound."""
COMPOUND_MIN = 7
COMPOUND_MAX = 64
"""Longer tokens are not split: a phone number's groups spelled as one word stay well under this."""


def compound_parts(token: str) -> tuple[tuple[str, int, int], ...] | None:
    """See `_compound`; cached, and None at once for frequent words that are not compounds."""
    if not COMPOUND_MIN <= len(token) <= COMPOUND_MAX or token[:3] not in COMPOUND_HEADS or token in _plain_words():
        return None
    return _compound_cached(token)


@cache
def _plain_words() -> frozenset[str]:
    """Frequent words of the languages served (lexicon.common_words) that are not number compounds: a text
    made only of these cannot hold one, which a set difference says at C speed."""
    from .lexicon import common_words  # lexicon builds on this module

    return frozenset(
        w for w in common_words() if len(w) < COMPOUND_MIN or w[:3] not in COMPOUND_HEADS or _compound(w) is None
    )


@lru_cache(maxsize=8192)
def _compound_cached(token: str) -> tuple[tuple[str, int, int], ...] | None:
    return _compound(token)


def _compound(token: str) -> tuple[tuple[str, int, int], ...] | None:
    """(number word, start, end) pieces of a token made of two or more number words of ONE language, with at
    least one distinctive word among them ("cinquecentoquaranta" -> cinquecento + quaranta); else None.

    Dynamic programming over the token per language (fewest pieces wins), so it is linear in the token
    times the longest number word, and cached: the same words recur."""
    if len(token) < COMPOUND_MIN or token[:3] not in COMPOUND_HEADS or token in RUN_WORDS:
        return None
    langs: set[str] = set()
    for k in range(2, min(len(token), _MAX_PIECE) + 1):
        langs |= _PIECE_LANGS.get(token[:k], frozenset())
    best: tuple[tuple[str, int, int], ...] | None = None
    for lang in sorted(langs):
        table = _PIECES[lang]
        n = len(token)
        cost: list[int | None] = [0] + [None] * n
        back = [0] * (n + 1)
        for i in range(n):
            if cost[i] is None:
                continue
            for k in range(2, min(n - i, _MAX_PIECE) + 1):
                if token[i : i + k] in table:
                    c = cost[i] + 1  # type: ignore[operator]
                    if cost[i + k] is None or c < cost[i + k]:  # type: ignore[operator]
                        cost[i + k], back[i + k] = c, i
        if cost[n] is None or cost[n] < 2:  # type: ignore[operator]
            continue
        pieces: list[tuple[str, int, int]] = []
        end = n
        while end:
            start = back[end]
            pieces.append((table[token[start:end]], start, end))
            end = start
        pieces.reverse()
        if not any(p[0] in STRONG_WORDS for p in pieces):
            continue
        if best is None or len(pieces) < len(best):
            best = tuple(pieces)
    return best


Tok = tuple[str, int, int]
"""Token text and its [start, end) in the view."""


def _run_tokens(text: str) -> list[list[Tok]]:
    """Maximal runs of number-ish tokens separated only by short punctuation/space gaps."""
    runs: list[list[Tok]] = []
    current: list[Tok] = []
    last_end = -1
    for m in _RUN_TOKEN.finditer(text):
        tok = m.group()
        if "'" in tok or "’" in tok or "ʼ" in tok:  # Ukrainian "п'ять", "дев'ять": one word, spelled without it
            tok = tok.replace("'", "").replace("’", "").replace("ʼ", "")
        pieces: list[Tok]
        if tok.isdigit() or tok in RUN_WORDS or _LEET.fullmatch(tok):
            pieces = [(tok, m.start(), m.end())]
        elif tok.isalpha() and (len(tok) < COMPOUND_MIN or tok[:3] not in COMPOUND_HEADS):
            # An ordinary word (no digit to glue, too short or wrongly headed for a compound): what the two
            # calls below answer for it, without them (most tokens of a text are such words).
            if current:
                runs.append(current)
            current, last_end = [], -1
            continue
        elif (parts := _mix_parts(tok)) or (len(tok) >= COMPOUND_MIN and (parts := compound_parts(tok))):
            at = m.start()
            pieces = [(word, at + a, at + b) for word, a, b in parts]
        else:
            if current:
                runs.append(current)
            current, last_end = [], -1
            continue
        if current and not _GAP.fullmatch(text, last_end, m.start()):
            runs.append(current)
            current = []
        current.extend(pieces)
        last_end = m.end()
    if current:
        runs.append(current)
    return [r for r in runs if len(r) >= 2 or _LEET.fullmatch(r[0][0])]


Group = list  # [digits, start, end, is_word]


def _parse(run: list[Tok], phrases: dict[Phrase, int]) -> list[list[Group]]:
    """Segments of digit groups decoded with one language's phrases; unknown tokens split segments."""
    segments: list[list[Group]] = []
    groups: list[Group] = []
    multiplier = 0
    mult_start = 0
    i, n = 0, len(run)
    toks = [t[0] for t in run]  # phrase keys are slices of this: built once per run, not once per look-up
    lengths = _LANG_LENGTHS_BY_ID[id(phrases)]
    while i < n:
        tok, a, b = run[i]
        if tok.isdigit():
            digits = tok
            if multiplier:
                digits, a, multiplier = digits[0] * multiplier + digits[1:], mult_start, 0
            groups.append([digits, a, b, bool(a == mult_start and digits != tok)])
            i += 1
            continue
        value, k = _longest(run, toks, i, phrases, lengths)
        if k:
            end = run[i + k - 1][2]
            i += k
            if 100 <= value <= 900 and value % 100 == 0:  # "five hundred [and] twelve" -> 512
                j = i
                while j < n and (run[j][0],) in FILLERS and len(run[j][0]) <= 3:
                    j += 1
                tens, k2 = _longest(run, toks, j, phrases, lengths) if j < n else (0, 0)
                if k2 and 0 < tens < 100:
                    value, end, i = value + tens, run[j + k2 - 1][2], j + k2
            digits = str(value)
            if multiplier:
                digits, a, multiplier = digits[0] * multiplier + digits[1:], mult_start, 0
            groups.append([digits, a, end, True])
            continue
        k = _match(toks, i, MULTIPLIERS)
        if k:
            multiplier, mult_start = MULTIPLIERS[tuple(t for t, _, _ in run[i : i + k])], a
            i += k
            continue
        k = _match(toks, i, FILLERS)
        if k:
            groups.append(["", a, run[i + k - 1][2], True])
            i += k
            continue
        if tok in PLUS and not any(g[0] for g in groups):
            groups.append(["+", a, b, True])
            i += 1
            continue
        if _LEET.fullmatch(tok):
            groups.append([tok.translate(_LEET_TABLE), a, b, True])
            i += 1
            continue
        if groups:
            segments.append(groups)
        groups, multiplier = [], 0
        i += 1
    if groups:
        segments.append(groups)
    return segments


def _lengths(table: Iterable[Phrase]) -> dict[str, tuple[int, ...]]:
    """First token -> the phrase lengths starting with it, longest first (so a look-up tries only those)."""
    index: dict[str, set[int]] = {}
    for phrase in table:
        index.setdefault(phrase[0], set()).add(len(phrase))
    return {tok: tuple(sorted(lengths, reverse=True)) for tok, lengths in index.items()}


_LANG_LENGTHS = {lang: _lengths(phrases) for lang, phrases in LANG_PHRASES.items()}
_LANG_LENGTHS_BY_ID = {id(LANG_PHRASES[lang]): lengths for lang, lengths in _LANG_LENGTHS.items()}
_FILLER_LENGTHS = _lengths(FILLERS)
_MULTIPLIER_LENGTHS = _lengths(MULTIPLIERS)


def _longest(
    run: list[Tok], toks: list[str], i: int, phrases: dict[Phrase, int], lengths: dict[str, tuple[int, ...]]
) -> tuple[int, int]:
    """(value, length) of the longest phrase starting at token i, or (0, 0). `toks` are the run's token
    texts, `lengths` the phrase lengths of `phrases` by first token (`_LANG_LENGTHS`)."""
    first = toks[i]
    for k in lengths.get(first, ()):
        if k == 1:
            key: Phrase = (first,)
        elif i + k <= len(toks):
            key = tuple(toks[i : i + k])
        else:
            continue
        if key in phrases and (k == 1 or _whole(run, i, k)):
            return phrases[key], k
    return 0, 0


def _whole(run: list[Tok], i: int, k: int) -> bool:
    """A phrase of k > 1 tokens lies inside one glued compound or spans only separate words: "twenty
    onehundredfiftytwo" is 20 152, not 21 ..., so no phrase may take part of a compound with its neighbour."""
    glued = sum(1 for j in range(i, i + k - 1) if run[j][2] == run[j + 1][1])
    if glued:
        return glued == k - 1
    before = i > 0 and run[i - 1][2] == run[i][1]
    after = i + k < len(run) and run[i + k - 1][2] == run[i + k][1]
    return not (before or after)


def _match(toks: list[str], i: int, table: frozenset[Phrase] | dict[Phrase, int]) -> int:
    lengths = (_FILLER_LENGTHS if table is FILLERS else _MULTIPLIER_LENGTHS).get(toks[i], ())
    for k in lengths:
        if i + k <= len(toks) and tuple(toks[i : i + k]) in table:
            return k
    return 0


def _trim(groups: list[Group], text: str) -> list[Group]:
    """Drop fillers and ambiguous words at both ends ("kar do 98989 12121" keeps ten digits); a "+" only
    counts right before digits."""

    def weak(k: int, step: int) -> bool:
        g = groups[k]
        if not g[0]:
            return True
        if not g[3] or g[0] == "+" or not _ambiguous_span(text, g[1], g[2]):
            return False
        # an ambiguous word stays when its neighbour is a spelled number too ("nau aath saat")
        neighbour = groups[k + step] if 0 <= k + step < len(groups) else None
        return not (neighbour and neighbour[0] and neighbour[3] and neighbour[0] != "+")

    start, end = 0, len(groups)
    while start < end and weak(start, 1):
        start += 1
    while end > start and (weak(end - 1, -1) or groups[end - 1][0] == "+"):
        end -= 1
    kept = groups[start:end]
    return [g for k, g in enumerate(kept) if g[0] != "+" or (k == 0 and len(kept) > 1 and kept[1][0])]


@lru_cache(maxsize=4096)
def _is_ambiguous_text(span_text: str) -> bool:
    words = _TOKEN.findall(span_text)
    return bool(words) and all(w in AMBIGUOUS for w in words)


def _ambiguous_span(text: str, start: int, end: int) -> bool:
    return _is_ambiguous_text(text[start:end])


def _candidates(run: list[Tok]) -> list[str]:
    """Languages worth parsing the run in: those of its distinctive number words (ambiguous words alone
    cannot make a run), or English for digit groups joined by labels."""
    langs: set[str] = set()
    for tok, _, _ in run:
        if tok not in AMBIGUOUS:
            langs |= WORD_LANGS.get(tok, frozenset())
    return sorted(langs) or ["en"]


def decode_numbers(view: View) -> View:
    """Rewrite spelled-number runs of `view` (lower-case) as digit groups, keeping the offset map."""
    text = view.text
    edits: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    for run in _run_tokens(text):
        spelled = digits = 0
        leet = False
        for t, _, _ in run:  # one pass; leet needs a digit and one of "oil", so digit runs and words skip the regex
            if t.isdigit():
                digits += 1
                continue
            is_leet = not t.isalpha() and _LEET.fullmatch(t) is not None
            leet = leet or is_leet
            spelled += t in WORD_LANGS or is_leet
        if (spelled + digits < 2 and not leet) or not (
            spelled or leet or any((t,) in FILLERS and t in LABEL_WORDS for t, _, _ in run)
        ):
            continue
        best: list[list[Group]] = []
        best_score = (0, 0)
        for lang in _candidates(run):
            segments = [_trim(seg, text) for seg in _parse(run, LANG_PHRASES[lang])]
            segments = [s for s in segments if _valid(s, text)]
            score = (sum(sum(len(g[0]) for g in s) for s in segments), -len(segments))
            if score > best_score:
                best, best_score = segments, score
        for seg in best:
            edits.append((seg[0][1], seg[-1][2], _pieces(seg)))
    if not edits:
        return view
    return splice(view, edits)


def _valid(groups: list[Group], text: str) -> bool:
    """At least 7 digits, and either a spelled part or digit groups joined by a label ("area code 312,
    then 555 0147"); label-joined digits must be phone-sized groups, not years ("2019 then 2021")."""
    digit_groups = [g[0] for g in groups if g[0] and g[0] != "+"]
    if sum(len(d) for d in digit_groups) < 7:
        return False
    if any(g[3] and g[0] and g[0] != "+" for g in groups):
        return True
    labelled = any(not g[0] and _is_label(text[g[1] : g[2]]) for g in groups)
    return (
        labelled
        and all(len(d) <= 4 for d in digit_groups)
        and not any(len(d) == 4 and d[:2] in ("19", "20") for d in digit_groups)
    )


def _is_label(span_text: str) -> bool:
    """A filler that names a part of a number ("area code", "then", "last four"), not a connector ("and")."""
    return len(span_text) > 3


def _pieces(groups: list[Group]) -> list[tuple[str, int, int]]:
    """Digit groups as text pieces; consecutive single spelled digits join ("five five five" -> "555")."""
    out: list[tuple[str, int, int]] = []
    prev_single_word = False
    prev_end = -1
    for digits, a, b, is_word in groups:
        if not digits:
            continue
        single = is_word and len(digits) == 1
        glued = a == prev_end  # parts of one token: "nine1two"
        if out and out[-1][0] != "+" and not glued and not (single and prev_single_word):
            out.append((" ", a, a + 1))
        out.append((digits, a, b))
        prev_single_word, prev_end = single, b
    return out
