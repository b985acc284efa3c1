"""Build `numwords.json`: number words of every Latin-script language `num2words` knows, plus romanised ones.

Run from the repo root after upgrading num2words / wordfreq / anyascii (dev dependencies; the detector
itself only reads the JSON):

    python trust/detection/build_numwords.py            # rewrites trust/detection/numwords.json
    python trust/detection/build_numwords.py --check    # exit 1 when the shipped file is stale

Why generated: a hand list of number words covers the six languages someone remembered; `num2words` has
tested spellings of 0..999 in ~30 Latin-script languages (with their tens, teens and hundreds:
"quinientos", "quatre-vingt-dix", "zweiundvierzig"), and `anyascii` gives the usual romanisation of the
Cyrillic ones ("pyat", "sem"). Languages that `num2words` lacks but that people type in Latin letters
(Hindi/Urdu, Bengali, Swahili, Tagalog) come from the small hand tables below.

Ambiguity is measured, not guessed: a number word that is also a common word ("to" = Danish 2, "fire" =
Norwegian 4, "sei" = Italian 6 and German "be") is marked ambiguous when `wordfreq` says it is frequent in a
language where it is not a number (or extremely frequent as a function word in its own, like "un"). An
ambiguous word may sit inside a spelled number but never starts or ends one.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).with_name("numwords.json")

# Latin-script num2words languages (regional variants of the same language add nothing).
NUM2WORDS_LATIN = "az ca cs cy da de en eo es fi fr hu id is it lt lv nl no pl pt ro sk sl sr sv tet tr vi".split()
# Non-Latin languages whose usual romanisation (anyascii) is how people type them in chat.
NUM2WORDS_ROMANISED = ("ru", "uk", "be", "kz")
# The same languages in their own script, folded as the detector folds a message (registry.fold: Cyrillic look-alike
# letters read as Latin ones, so "восемь" is listed as the detector sees it). Keys get a "-Cyrl" suffix.
NUM2WORDS_CYRILLIC = ("ru", "uk", "be")
# Languages wordfreq knows, used to measure whether a number word is also a common word elsewhere.
FREQ_LANGS = "en es pt fr de it nl pl sv da nb fi tr id vi ro cs hu ca".split()

# --- hand tables: languages num2words lacks, written in Latin letters -------------------------------------
HAND: dict[str, dict[int, str]] = {
    # Hindi / Urdu in Latin letters (Hinglish): common spellings, variants separated by "|".
    "hi-Latn": {
        0: "shunya|shoonya|sunya|shuny|sifar|zero",
        1: "ek|aik",
        2: "do|dho",
        3: "teen|tin|tiin",
        4: "char|chaar|chār",
        5: "paanch|panch|paach|panc",
        6: "chhe|chhah|chah|che|chhai|chhey|chheh|chai",
        7: "saat|sat",
        8: "aath|ath|aat",
        9: "nau|nou|no",
        10: "das|dus",
        11: "gyarah|gyaarah|gyara|gyaara",
        12: "barah|baarah|bara|baara",
        13: "terah|tera",
        14: "chaudah|chauda|chodah",
        15: "pandrah|pandra|pundrah",
        16: "solah|sola",
        17: "satrah|satra",
        18: "atharah|athara|athaarah|attharah",
        19: "unnis|unnees|unees",
        20: "bees|bis",
        21: "ikkees|ikkis",
        22: "baaees|bais|baais",
        23: "teis|teyees|teyis",
        24: "chaubees|chaubis|chobis",
        25: "pachchees|pachees|pachis|pachis",
        26: "chhabbees|chabbis|chhabis",
        27: "sattaees|sattais",
        28: "atthaees|athais|atthais",
        29: "untees|untis",
        30: "tees|tis",
        31: "iktees|ikattis|iktis",
        32: "battees|battis",
        33: "taintees|tetis|taintis",
        34: "chauntees|chautis|chontis",
        35: "paintees|paintis|pentis",
        36: "chhattees|chhattis|chattis",
        37: "saintees|saintis|sentis",
        38: "adtees|artis|adtis",
        39: "untaalees|untalis",
        40: "chaalees|chalis|chaalis",
        41: "iktaalees|iktalis",
        42: "bayaalees|bayalis",
        43: "taintaalees|taintalis",
        44: "chauvaalees|chauwalis|chavalis",
        45: "paintaalees|paintalis",
        46: "chhiyaalees|chhiyalis",
        47: "saintaalees|saintalis",
        48: "adtaalees|artalis|adtalis",
        49: "unchaas|unchas",
        50: "pachaas|pachas",
        51: "ikyaavan|ikyawan",
        52: "baavan|bawan",
        53: "tirepan|tirpan",
        54: "chauvan|chauwan",
        55: "pachpan",
        56: "chhappan|chappan",
        57: "sattaavan|sattawan",
        58: "atthaavan|athawan",
        59: "unsath",
        60: "saath|sath",
        61: "iksath",
        62: "baasath|basath",
        63: "tirsath",
        64: "chaunsath|chausath",
        65: "painsath",
        66: "chhiyaasath|chiyasath",
        67: "sadsath|sarsath",
        68: "adsath|arsath",
        69: "unhattar",
        70: "sattar|sattr",
        71: "ikhattar",
        72: "bahattar",
        73: "tihattar",
        74: "chauhattar",
        75: "pachhattar|pachattar",
        76: "chhihattar",
        77: "sathattar|satattar",
        78: "athattar",
        79: "unaasi|unasi",
        80: "assi|assee",
        81: "ikyaasi|ikyasi",
        82: "bayaasi|bayasi",
        83: "tiraasi|tirasi",
        84: "chauraasi|chaurasi",
        85: "pachaasi|pachasi",
        86: "chhiyaasi|chhiyasi",
        87: "sattaasi|sattasi",
        88: "athaasi|athasi",
        89: "navaasi|nawasi",
        90: "nabbe|nabbey",
        91: "ikyaanave|ikyanve",
        92: "baanave|banve",
        93: "tiraanave|tiranve",
        94: "chauraanave|chauranve",
        95: "pachaanave|pachanve",
        96: "chhiyaanave|chhiyanve",
        97: "sattaanave|sattanve",
        98: "atthaanave|atthanve",
        99: "ninyaanave|ninyanve",
        100: "sau|ek sau",
        200: "do sau",
        300: "teen sau",
        400: "char sau",
        500: "paanch sau|panch sau",
        600: "chhe sau",
        700: "saat sau",
        800: "aath sau",
        900: "nau sau",
    },
    "bn-Latn": {
        0: "shunno|shunyo",
        1: "ek",
        2: "dui",
        3: "tin",
        4: "char",
        5: "pach|panch",
        6: "choy|chhoy",
        7: "shat|sat",
        8: "aat|at",
        9: "noy",
        10: "dosh",
    },
    "sw": {
        0: "sifuri",
        1: "moja",
        2: "mbili",
        3: "tatu",
        4: "nne",
        5: "tano",
        6: "sita",
        7: "saba",
        8: "nane",
        9: "tisa",
        10: "kumi",
    },
    "tl": {
        0: "sero|wala",
        1: "isa",
        2: "dalawa",
        3: "tatlo",
        4: "apat",
        5: "lima",
        6: "anim",
        7: "pito",
        8: "walo",
        9: "siyam",
        10: "sampu",
    },
    # spoken forms num2words does not produce
    # spoken forms num2words does not produce, and homophones people type to dodge filters ("for", "ate");
    # wordfreq marks the common ones ambiguous, so they only count inside a spelled number
    "en": {
        0: "oh|o|nought|naught|zip|nil|zed|zero",
        1: "won",
        2: "too|tu",
        3: "tree",
        4: "for|fore",
        6: "sicks",
        8: "ate|eigh",
        9: "nein",
    },
    "de": {2: "zwo"},
    "pt": {6: "meia"},
    "es": {0: "zero"},
}

# Words that may sit between the parts of a spelled number without breaking it (labels, "then", "and").
FILLER_PHRASES = [
    *"then|and|and then|after that|followed by|next|the rest is|rest is|last four|last 4|first three|first 3|"
    "area code|country code|prefix|code|ends in|ends with|ending in|ending with|starts with|start with|dial|"
    "digits|number|is|y|luego|después|despues|código de área|codigo de area|prefijo|e|depois|código|ddd|"
    "et|puis|ensuite|indicatif|und|dann|danach|vorwahl|aur|phir|uske baad|fir|ke baad|e poi|poi|en dan|daarna|"
    "og|så|och|sedan|i|potem|a potem|ve|sonra|lalu|kemudian|dan".split("|")
]
MULTIPLIERS = {
    "double": 2,
    "triple": 3,
    "treble": 3,
    "doble": 2,
    "triple ": 3,
    "duplo": 2,
    "dupla": 2,
    "triplo": 3,
    "tripla": 3,
    "doppel": 2,
    "doppelte": 2,
    "dreifach": 3,
    "dubbel": 2,
    "dobbel": 2,
    "dobbelt": 2,
    "doppio": 2,
    "triplo ": 3,
    "do baar": 2,
    "teen baar": 3,
}
HOMOPHONES = frozenset("won too tu tree for fore sicks ate eigh nein".split())
"""Always ambiguous: they are ordinary words first."""
# Digit words of the languages most of our traffic is written in stay strong even when wordfreq finds them
# common elsewhere ("one" is Polish "they", "siete" Italian "you are"): weakening them would cost far more
# recall than the rare collision costs precision.
CORE_STRONG = frozenset(
    "zero one two three four five six seven eight nine cero uno dos tres cuatro cinco seis siete ocho nueve "
    "um dois três tres quatro cinco seis sete oito nove zéro deux trois quatre cinq six huit neuf "
    "null eins zwei drei vier fünf sechs sieben acht neun".split()
) - frozenset("uno um".split())
# Label words distinctive enough to make the cheap gate look for digit groups joined by labels.
LABEL_GATE = (
    "area code prefix then followed ending ends vorwahl indicatif prefijo ddd luego depois puis ensuite dann "
    "danach phir daarna sedan sonra kemudian"
).split()
PLUS_WORDS = ["plus", "más", "mas", "mais", "piu", "più"]


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _confusable_fold() -> dict[str, str]:
    """What the detector's folding does to letters that look like ASCII (views.fold_fancy uses the same
    confusables table): Turkish "ı" reads "i", so "sıfır" must also be listed as "sifir"."""
    from importlib import resources

    with resources.files("confusable_homoglyphs").joinpath("confusables.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    table = {}
    for ch, glyphs in data.items():
        if len(ch) == 1 and not ch.isascii() and unicodedata.category(ch) != "Nd":
            targets = [g["c"] for g in glyphs if len(g["c"]) == 1 and re.fullmatch(r"[A-Za-z0-9@.]", g["c"])]
            if targets:
                table[ch] = targets[0].lower()
    return table


_FOLD: dict[str, str] = {}


def _variants(text: str) -> set[str]:
    """The spelling, without accents, and as the detector folds look-alike letters."""
    if not _FOLD:
        _FOLD.update(_confusable_fold())
    out = {text, _strip_accents(text)}
    return out | {"".join(_FOLD.get(c, c) for c in v) for v in out}


def _detector_fold(text: str) -> str:
    """`text` as the detector reads it (trust.detection.registry.fold), for words written in another script."""
    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.insert(0, root)
    from trust.detection.registry import fold

    return fold(text)


def _tokens(phrase: str) -> list[str]:
    return [t for t in re.split(r"[\s\-']+", phrase.lower().replace("'", "")) if t]


def _language_phrases() -> dict[str, dict[str, int]]:
    from anyascii import anyascii
    from num2words import num2words

    values = [*range(100), *range(100, 1000, 100)]
    langs: dict[str, dict[str, int]] = {}
    plans: list[tuple[str, str, Callable[[str], str]]] = [(lang, lang, str) for lang in NUM2WORDS_LATIN]
    plans += [(lang, lang, lambda t: anyascii(t).lower()) for lang in NUM2WORDS_ROMANISED]
    plans += [(f"{lang}-Cyrl", lang, _detector_fold) for lang in NUM2WORDS_CYRILLIC]
    for key, lang, spell in plans:
        phrases: dict[str, int] = {}
        for value in values:
            text = spell(num2words(value, lang=lang))
            for variant in _variants(text):
                phrases.setdefault(" ".join(_tokens(variant)), value)
        # the form hundreds take before tens ("ciento" in "ciento veintitrés", "five hundred and")
        for hundreds in range(100, 1000, 100):
            for tens in (1, 12, 21, 45):
                text, tail = spell(num2words(hundreds + tens, lang=lang)), spell(num2words(tens, lang=lang))
                words, tail_words = _tokens(text), _tokens(tail)
                if len(words) > len(tail_words) and words[-len(tail_words) :] == tail_words:
                    prefix = words[: -len(tail_words)]
                    for variant in _variants(" ".join(prefix)):
                        phrases.setdefault(variant, hundreds)
        _split_hundreds(phrases)
        langs[key] = phrases
    for lang, table in HAND.items():
        phrases = langs.setdefault(lang, {})
        for value, spellings in table.items():
            for spelling in spellings.split("|"):
                for variant in _variants(spelling):
                    phrases.setdefault(" ".join(_tokens(variant)), value)
    return langs


def _split_hundreds(phrases: dict[str, int]) -> None:
    """Compounds num2words writes as one word also as two, as people type them: hundreds ("beşyüz" -> "beş yüz")
    and tens with units ("otuziki" -> "otuz iki")."""
    hundred = [p for p, v in phrases.items() if v == 100 and " " not in p]
    single = {p: v for p, v in phrases.items() if " " not in p}
    for phrase, value in list(single.items()):
        if 200 <= value < 1000 and not value % 100:
            for word in hundred:
                head = phrase[: -len(word)]
                if phrase.endswith(word) and phrases.get(head) == value // 100:
                    phrases.setdefault(f"{head} {word}", value)
        elif 21 <= value < 100 and value % 10:
            for cut in range(2, len(phrase) - 1):
                head, tail = phrase[:cut], phrase[cut:]
                if single.get(head) == value - value % 10 and single.get(tail) == value % 10:
                    phrases.setdefault(f"{head} {tail}", value)


def _ambiguous(langs: dict[str, dict[str, int]]) -> list[str]:
    """Single number words that are common words in a language where they are not numbers."""
    from wordfreq import zipf_frequency

    number_langs: dict[str, set[str]] = {}
    for lang, phrases in langs.items():
        for phrase in phrases:
            for token in phrase.split():
                number_langs.setdefault(token, set()).add(lang.split("-")[0])
    ambiguous = set()
    for word, own in number_langs.items():
        if word in CORE_STRONG:
            continue
        if len(word) <= 2:
            ambiguous.add(word)
            continue
        freq = {m: zipf_frequency(word, m) for m in FREQ_LANGS}
        own_freq = max((freq.get("nb" if o == "no" else o, 0.0) for o in own), default=0.0)
        if own_freq >= 6.5:  # a function word in its own language ("un", "ein", "en")
            ambiguous.add(word)
            continue
        for m, f in freq.items():
            if ("no" if m == "nb" else m) in own:
                continue
            if f >= 4.3 and f + 1.0 > own_freq:  # common elsewhere, and not just borrowed text
                ambiguous.add(word)
                break
    return sorted(ambiguous | HOMOPHONES)


# Phone regions to try first when a message is written in a language (national numbers without "+").
REGIONS_BY_LANGUAGE = {
    "it": "IT CH SM",
    "nl": "NL BE SR",
    "pl": "PL",
    "tr": "TR CY",
    "id": "ID",
    "ms": "MY SG BN",
    "fil": "PH",
    "vi": "VN",
    "ru": "RU KZ BY UA",
    "uk": "UA",
    "ro": "RO MD",
    "cs": "CZ",
    "sk": "SK",
    "hu": "HU",
    "sv": "SE FI",
    "nb": "NO",
    "da": "DK",
    "fi": "FI",
    "el": "GR CY",
    "he": "IL",
    "ar": "SA AE EG MA JO",
    "fa": "IR",
    "ur": "PK",
    "bn": "BD IN",
    "bg": "BG",
    "sl": "SI",
    "sh": "RS HR BA ME",
    "lt": "LT",
    "lv": "LV",
    "ca": "ES AD",
    "is": "IS",
    "mk": "MK",
    "ta": "IN LK",
}


def _region_hints() -> dict[str, dict[str, list[str]]]:
    """For each language: its 200 most frequent words (minus the 300 most frequent English ones, and one-letter
    words) and the regions to try first. Why generated: cue words for thirty languages are not something to
    remember by hand; a word-frequency list is a measured, maintained source."""
    from wordfreq import top_n_list

    english = set(top_n_list("en", 300))
    hints = {}
    for lang, regions in REGIONS_BY_LANGUAGE.items():
        words = [
            _detector_fold(w)  # the phone detector compares them with the words of the folded message
            for w in top_n_list(lang, 200)
            if len(w) >= 2 and not any(c.isdigit() for c in w) and w not in english
        ]
        hints[lang] = {"regions": regions.split(), "words": words}
    return hints


def build() -> dict:
    import anyascii
    import num2words
    import wordfreq

    langs = _language_phrases()
    return {
        "_comment": "Generated by `python trust/detection/build_numwords.py`; do not edit by hand.",
        "sources": {
            "num2words": getattr(num2words, "__version__", "?"),
            "wordfreq": getattr(wordfreq, "__version__", "?"),
            "anyascii": getattr(anyascii, "__version__", "?"),
        },
        "languages": {
            lang: dict(sorted(p.items(), key=lambda kv: (kv[1], kv[0]))) for lang, p in sorted(langs.items())
        },
        "ambiguous": _ambiguous(langs),
        "fillers": sorted(set(FILLER_PHRASES)),
        "multipliers": {k.strip(): v for k, v in MULTIPLIERS.items()},
        "plus": PLUS_WORDS,
        "label_gate": LABEL_GATE,
        "region_hints": _region_hints(),
    }


def main(argv: list[str]) -> int:
    data = json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=False) + "\n"
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if json.loads(current or "{}").get("languages") != json.loads(data)["languages"]:
            print(f"{OUT} is stale: run python trust/detection/build_numwords.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(data, encoding="utf-8")
    print(f"wrote {OUT} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
