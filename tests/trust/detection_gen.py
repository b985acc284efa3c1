"""Generated detector cases: identifier x disguise x surrounding sentence x language, and benign look-alikes.

Why a generator: a hand-written case tests one sentence; a family tests a trick. Each family composes its
parts at random (seeded, so runs are repeatable), and `tests/trust/test_detection_generated.py` holds every
family to a recall (positives) or false-positive-rate (benign) threshold; `bench/detection_bench.py` prints
the same figures per family.

Pluggable: a family is a function `(rng) -> Case` registered with `@family(...)`. Any module named
`tests/trust/detection_gen_*.py` is imported by `load_families()`, so another part of the detector (platform
handles, payment rails, intent) adds its own families in its own file:

    from tests.trust.detection_gen import Case, family

    @family("social/handle-after-platform", kinds={"social"}, min_recall=0.9)
    def _(rng):
        return Case(f"find me on {rng.choice(PLATFORMS)}: {handle(rng)}", {"social"})

Benign families pass `kinds=set()` and `max_fpr=...`. `Case.kinds` is the set of kinds a correct detector
reports; a positive counts as found when any finding is returned (message level, as on the dev corpus), and
`kind_recall` is reported separately.
"""

from __future__ import annotations

import base64
import codecs
import importlib
import pkgutil
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import phonenumbers


@dataclass(frozen=True)
class Case:
    text: str
    kinds: frozenset[str] | set[str] = frozenset()
    lang: str = "en"
    identifier: str = ""


@dataclass
class Family:
    name: str
    make: Callable[[random.Random], Case | None]
    kinds: frozenset[str]
    min_recall: float = 0.9
    max_fpr: float = 0.01
    tags: tuple[str, ...] = ()

    @property
    def benign(self) -> bool:
        return not self.kinds


FAMILIES: dict[str, Family] = {}


def family(
    name: str, *, kinds: Iterable[str] = (), min_recall: float = 0.9, max_fpr: float = 0.01, tags: Iterable[str] = ()
) -> Callable[[Callable[[random.Random], Case | None]], Callable[[random.Random], Case | None]]:
    """Register a family of generated cases (positive when `kinds` is non-empty, benign otherwise)."""

    def register(make: Callable[[random.Random], Case | None]) -> Callable[[random.Random], Case | None]:
        FAMILIES[name] = Family(name, make, frozenset(kinds), min_recall, max_fpr, tuple(tags))
        return make

    return register


def benign_family(
    name: str,
    texts: list[str],
    *,
    fill: dict[str, list[str]] | None = None,
    lang: str = "en",
    max_fpr: float = 0.02,
    tags: Iterable[str] = (),
) -> None:
    """Register a benign family drawn from written look-alikes: one of `texts`, its `{key}` slots filled with one
    of `fill[key]`'s values each."""
    slots = dict(fill or {})

    def make(rng: random.Random) -> Case:
        text = rng.choice(texts)
        return Case(
            text.format(**{key: rng.choice(values) for key, values in slots.items()}) if slots else text, lang=lang
        )

    family(name, max_fpr=max_fpr, tags=tags)(make)


def load_families() -> dict[str, Family]:
    """This module's families plus those of every `detection_gen_*` module next to it."""
    here = Path(__file__).parent
    for info in pkgutil.iter_modules([str(here)]):
        if info.name.startswith("detection_gen_"):
            importlib.import_module(f"{__package__}.{info.name}")
    return FAMILIES


def generate(name: str, count: int, seed: int = 0) -> list[Case]:
    """`count` cases of one family (fewer if the family gives up on some draws)."""
    fam = FAMILIES[name]
    rng = random.Random(f"{seed}:{name}")
    cases = []
    for _ in range(count * 3):
        case = fam.make(rng)
        if case is not None:
            cases.append(case)
        if len(cases) >= count:
            break
    return cases


# --- identifiers --------------------------------------------------------------------------------------------
FIRST = (
    "maya ana jonas priya lucas sofia omar li chen ines marta kofi aisha rahul elena tomas nora yuki ravi dana".split()
)
LAST = "kovacs silva novak sharma weber rossi moreau tanaka okafor haddad jensen costa nguyen patel lindqvist".split()
PROVIDERS = "gmail.com outlook.com yahoo.com hotmail.com proton.me icloud.com gmx.de yahoo.fr uol.com.br".split()
OWN_TLDS = "com dev io studio design co.uk de fr es com.br in it nl".split()


def email(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = rng.choice(
        [f"{first}.{last}", f"{first}{last}", f"{first}_{last}", f"{first[0]}{last}{rng.randint(1, 99)}"]
    )
    domain = (
        rng.choice(PROVIDERS)
        if rng.random() < 0.7
        else f"{last}{rng.choice(['studio', 'design', 'dev'])}.{rng.choice(OWN_TLDS)}"
    )
    return f"{local}@{domain}"


def site(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    host = rng.choice([f"{first}{last}", f"{first}-{last}", f"{last}-studio", f"{first}codes", f"{last}design"])
    return f"{host}.{rng.choice(OWN_TLDS)}"


PHONE_REGIONS = {
    "en": ["US", "GB", "US", "CA", "AU", "IN"],
    "es": ["ES", "MX", "AR", "CO"],
    "pt": ["BR", "PT"],
    "fr": ["FR", "BE"],
    "de": ["DE", "AT", "CH"],
    "hi-Latn": ["IN"],
    "it": ["IT"],
    "nl": ["NL"],
    "pl": ["PL"],
    "tr": ["TR"],
    "id": ["ID"],
    "sv": ["SE"],
    "ro": ["RO"],
}


def phone(rng: random.Random, region: str) -> phonenumbers.PhoneNumber:
    """A valid mobile (or fixed-line) number of `region` with random subscriber digits."""
    base = phonenumbers.example_number_for_type(
        region, phonenumbers.PhoneNumberType.MOBILE
    ) or phonenumbers.example_number(region)
    national = str(base.national_number)
    for _ in range(50):
        keep = max(3, len(national) - 6)
        digits = national[:keep] + "".join(str(rng.randint(0, 9)) for _ in range(len(national) - keep))
        number = phonenumbers.parse(digits, region)
        if phonenumbers.is_valid_number(number):
            return number
    return base


def phone_text(rng: random.Random, number: phonenumbers.PhoneNumber) -> str:
    fmt = rng.choice(
        [
            phonenumbers.PhoneNumberFormat.INTERNATIONAL,
            phonenumbers.PhoneNumberFormat.NATIONAL,
            phonenumbers.PhoneNumberFormat.E164,
        ]
    )
    return phonenumbers.format_number(number, fmt)


# --- sentences per language ---------------------------------------------------------------------------------
SENTENCES: dict[str, dict[str, list[str]]] = {
    "email": {
        "en": [
            "you can email me at {x}",
            "my email: {x}",
            "write to {x} and I'll reply today",
            "{x} is my personal mail",
            "reach me directly: {x}",
            "send the files to {x} instead",
        ],
        "es": ["escríbeme a {x}", "mi correo es {x}", "mándame un mail a {x} y hablamos"],
        "pt": ["me manda um email: {x}", "meu e-mail é {x}", "escreve pra {x}"],
        "fr": ["écris-moi à {x}", "mon mail : {x}", "contacte-moi sur {x}"],
        "de": ["schreib mir an {x}", "meine Mail: {x}", "erreichbar unter {x}"],
        "hi-Latn": ["mera email {x} hai", "mujhe {x} pe mail karo"],
        "it": ["scrivimi a {x}", "la mia mail è {x}"],
    },
    "phone": {
        "en": [
            "call me on {x}",
            "text me: {x}",
            "my number is {x}",
            "WhatsApp me at {x}",
            "ring {x} after 6pm",
            "my cell {x}",
        ],
        "es": ["llámame al {x}", "mi número es {x}", "escríbeme por WhatsApp al {x}"],
        "pt": ["me liga no {x}", "meu número é {x}", "chama no zap {x}"],
        "fr": ["appelle-moi au {x}", "mon numéro : {x}", "mon portable {x}"],
        "de": ["ruf mich an: {x}", "meine Nummer ist {x}", "Handy {x}"],
        "hi-Latn": ["mera number {x} hai", "mujhe {x} pe call karo"],
        "it": ["chiamami al {x}", "il mio numero è {x}"],
        "nl": ["bel me op {x}", "mijn nummer is {x}", "app me even op {x}"],
        "pl": ["zadzwoń do mnie: {x}", "mój numer to {x}", "napisz na {x}"],
        "tr": ["beni ara: {x}", "numaram {x}", "bana {x} numarasından ulaşabilirsin"],
        "id": ["hubungi saya di {x}", "nomor saya {x}", "wa saya ke {x} ya"],
        "sv": ["ring mig på {x}", "mitt nummer är {x}"],
        "ro": ["sună-mă la {x}", "numărul meu este {x}"],
    },
    "url": {
        "en": [
            "my portfolio is at {x}",
            "see my work: {x}",
            "all my samples are on {x}",
            "visit {x} for the full case study",
        ],
        "es": ["mi portafolio está en {x}", "mira mi web: {x}"],
        "pt": ["meu portfólio: {x}", "veja meu site {x}"],
        "fr": ["mon portfolio : {x}", "voir mon site {x}"],
        "de": ["mein Portfolio: {x}", "schau auf meine Webseite {x}"],
        "hi-Latn": ["mera portfolio {x} pe hai", "meri website dekho {x}"],
    },
}
LANGS_WITH_WORDS = {
    "en": "en",
    "es": "es",
    "pt": "pt_BR",
    "fr": "fr",
    "de": "de",
    "it": "it",
    "hi-Latn": None,
    "nl": "nl",
    "pl": "pl",
    "tr": "tr",
    "id": "id",
    "sv": "sv",
    "ro": "ro",
}
HINDI_DIGITS = "shunya ek do teen char paanch chhe saat aath nau".split()

AT_DOT = {
    "en": [(" at ", " dot "), (" [at] ", " [dot] "), (" (at) ", " (dot) "), (" at ", " . ")],
    "es": [(" arroba ", " punto ")],
    "pt": [(" arroba ", " ponto ")],
    "fr": [(" arobase ", " point ")],
    "de": [(" at ", " punkt "), (" (at) ", " (punkt) ")],
    "hi-Latn": [(" at the rate ", " dot ")],
    "it": [(" chiocciola ", " punto ")],
    "nl": [(" apenstaartje ", " punt ")],
    "pl": [(" małpa ", " kropka "), (" malpa ", " kropka ")],
    "sv": [(" snabel-a ", " punkt ")],
    "tr": [(" et ", " nokta ")],
    "id": [(" at ", " titik ")],
}


def sentence(rng: random.Random, kind: str, lang: str, x: str) -> str:
    return rng.choice(SENTENCES[kind].get(lang) or SENTENCES[kind]["en"]).format(x=x)


def digit_words(digits: str, lang: str, rng: random.Random) -> str:
    """Each digit as a word in `lang` (num2words), Hindi from a table."""
    if lang == "hi-Latn":
        return " ".join(HINDI_DIGITS[int(d)] for d in digits)
    from num2words import num2words

    return " ".join(num2words(int(d), lang=LANGS_WITH_WORDS[lang] or "en") for d in digits)


def pair_words(digits: str, lang: str, rng: random.Random) -> str:
    """Digits read in pairs and singles ("forty two", "quinze"), as people dictate numbers."""
    from num2words import num2words

    parts, i = [], 0
    code = LANGS_WITH_WORDS.get(lang) or "en"
    while i < len(digits):
        take = 2 if (len(digits) - i >= 2 and digits[i] != "0" and rng.random() < 0.6) else 1
        parts.append(num2words(int(digits[i : i + take]), lang=code))
        i += take
    return " ".join(parts)


# --- disguises ------------------------------------------------------------------------------------------------
STYLES: dict[str, Callable[[str], str]] = {
    "fullwidth": lambda c: chr(0xFF01 + ord(c) - 0x21) if "!" <= c <= "~" else c,
    "circled": lambda c: chr(0x24D0 + ord(c) - 97) if "a" <= c <= "z" else c,
    "negative-circled": lambda c: chr(0x1F150 + ord(c) - 97) if "a" <= c <= "z" else c,
    "squared": lambda c: chr(0x1F130 + ord(c) - 97) if "a" <= c <= "z" else c,
    "regional-indicator": lambda c: chr(0x1F1E6 + ord(c) - 97) if "a" <= c <= "z" else c,
    "math-bold": lambda c: (
        chr(0x1D41A + ord(c) - 97) if "a" <= c <= "z" else (chr(0x1D7CE + ord(c) - 48) if c.isdigit() else c)
    ),
    "math-script": lambda c: chr(0x1D4EA + ord(c) - 97) if "a" <= c <= "z" else c,
    "small-caps": lambda c: "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡxʏᴢ"[ord(c) - 97] if "a" <= c <= "z" else c,
    "homoglyph": lambda c: {"a": "а", "o": "о", "e": "е", "c": "с", "p": "р", "i": "і", "x": "х", "y": "у"}.get(c, c),
}
SEPARATORS = [" ", "|", "_", "-", "\n", " / ", "🔥", "✨", " · ", "*"]


def _email_family(
    name: str,
    disguise: Callable[[random.Random, str, str], str | None],
    *,
    langs: Iterable[str] = ("en",),
    min_recall: float = 0.9,
) -> None:
    langs = tuple(langs)

    @family(f"email/{name}", kinds={"email"}, min_recall=min_recall, tags=("email", name))
    def make(rng: random.Random) -> Case | None:
        lang = rng.choice(langs)
        x = email(rng)
        shown = disguise(rng, x, lang)
        return None if shown is None else Case(sentence(rng, "email", lang, shown), {"email"}, lang, x)


def _phone_family(
    name: str,
    disguise: Callable[[random.Random, phonenumbers.PhoneNumber, str], str | None],
    *,
    langs: Iterable[str] = ("en",),
    min_recall: float = 0.9,
) -> None:
    langs = tuple(langs)

    @family(f"phone/{name}", kinds={"phone"}, min_recall=min_recall, tags=("phone", name))
    def make(rng: random.Random) -> Case | None:
        lang = rng.choice(langs)
        number = phone(rng, rng.choice(PHONE_REGIONS[lang]))
        shown = disguise(rng, number, lang)
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return None if shown is None else Case(sentence(rng, "phone", lang, shown), {"phone"}, lang, e164)


def _url_family(
    name: str,
    disguise: Callable[[random.Random, str, str], str | None],
    *,
    langs: Iterable[str] = ("en",),
    min_recall: float = 0.9,
) -> None:
    langs = tuple(langs)

    @family(f"url/{name}", kinds={"url"}, min_recall=min_recall, tags=("url", name))
    def make(rng: random.Random) -> Case | None:
        lang = rng.choice(langs)
        x = site(rng)
        shown = disguise(rng, x, lang)
        return None if shown is None else Case(sentence(rng, "url", lang, shown), {"url"}, lang, x)


ALL_LANGS = ("en", "es", "pt", "fr", "de", "hi-Latn", "it")


def _spelled(rng: random.Random, x: str, lang: str) -> str:
    at, dot = rng.choice(AT_DOT.get(lang, AT_DOT["en"]))
    return x.replace("@", at).replace(".", dot)


def _b64(x: str) -> str:
    return base64.b64encode(x.encode()).decode()


_email_family("plain", lambda rng, x, lang: x, langs=ALL_LANGS)
_email_family("spelled-symbols", _spelled, langs=ALL_LANGS)
_email_family("spelled-symbols-more-languages", _spelled, langs=("nl", "pl", "sv", "id"))
_email_family("reversed", lambda rng, x, lang: x[::-1])
_email_family("base64", lambda rng, x, lang: _b64(x))
_email_family("hex", lambda rng, x, lang: x.encode().hex())
_email_family("rot13", lambda rng, x, lang: codecs.encode(x, "rot13"))
_email_family("percent", lambda rng, x, lang: x.replace("@", "%40").replace(".", "%2E"))
_email_family("html-entities", lambda rng, x, lang: x.replace("@", "&#64;").replace(".", "&#46;"))
_email_family("separators", lambda rng, x, lang: rng.choice(SEPARATORS).join(x))
_email_family("zero-width", lambda rng, x, lang: "\u200b".join(x))
_email_family("bidi-override", lambda rng, x, lang: "\u202e" + x[::-1] + "\u202c")
for _style in STYLES:
    _email_family(f"unicode-{_style}", lambda rng, x, lang, s=STYLES[_style]: "".join(s(c) for c in x))


def _ph_national(rng: random.Random, n: phonenumbers.PhoneNumber, lang: str) -> str:
    return phone_text(rng, n)


def _ph_digits_words(rng: random.Random, n: phonenumbers.PhoneNumber, lang: str) -> str:
    return digit_words(
        phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL)
        .replace(" ", "")
        .replace("-", "")
        .replace("(", "")
        .replace(")", ""),
        lang,
        rng,
    )


def _national_digits(n: phonenumbers.PhoneNumber) -> str:
    return "".join(c for c in phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL) if c.isdigit())


def _mix(rng: random.Random, n: phonenumbers.PhoneNumber, lang: str) -> str:
    from num2words import num2words

    digits = _national_digits(n)
    out = []
    for i, d in enumerate(digits):
        out.append(num2words(int(d), lang="en") if i % 2 == 0 else d)
        if i % 3 == 2:
            out.append(" ")
    return "".join(out).strip()


def _leet(rng: random.Random, n: phonenumbers.PhoneNumber, lang: str) -> str:
    return phone_text(rng, n).replace("0", "O").replace("1", "l")


def _styled_digits(rng: random.Random, n: phonenumbers.PhoneNumber, lang: str) -> str:
    table = rng.choice([0x1D7CE, 0xFF10, 0x1D7D8, 0x1D7EC])  # math bold, fullwidth, double-struck, sans bold
    return "".join(chr(table + int(c)) if c.isdigit() else c for c in phone_text(rng, n))


def _circled_digits(rng: random.Random, n: phonenumbers.PhoneNumber, lang: str) -> str:
    neg = "⓿❶❷❸❹❺❻❼❽❾"
    return "".join(neg[int(c)] if c.isdigit() else c for c in phone_text(rng, n))


def _labelled(rng: random.Random, n: phonenumbers.PhoneNumber, lang: str) -> str | None:
    if n.country_code != 1:
        return None
    d = str(n.national_number)
    return rng.choice(
        [
            f"area code {d[:3]}, then {d[3:6]} {d[6:]}",
            f"{d[3:6]} {d[6:]} with {d[:3]} in front",
            f"{d[:3]} ... then {d[3:6]} ... last four {d[6:]}",
        ]
    )


_phone_family("plain", _ph_national, langs=ALL_LANGS)
_phone_family("digit-words", _ph_digits_words, langs=ALL_LANGS)
_phone_family(
    "pair-words",
    lambda rng, n, lang: pair_words(_national_digits(n), lang, rng),
    langs=("en", "es", "pt", "fr", "de", "it"),
    min_recall=0.8,
)
MORE_LANGS = ("nl", "pl", "tr", "id", "sv", "ro")
_phone_family("plain-more-languages", _ph_national, langs=MORE_LANGS)
_phone_family("digit-words-more-languages", _ph_digits_words, langs=MORE_LANGS, min_recall=0.8)
_phone_family("digit-word-mix", _mix)
_phone_family("leet", _leet, min_recall=0.8)
_phone_family("styled-digits", _styled_digits, langs=ALL_LANGS)
_phone_family("circled-digits", _circled_digits, langs=ALL_LANGS)
_phone_family(
    "separators",
    lambda rng, n, lang: rng.choice([" ", "-", ".", "|", "\n", " / "]).join(_national_digits(n)),
    langs=ALL_LANGS,
)
_phone_family("labelled-parts", _labelled)
_MORSE_CODES = dict(
    zip("0123456789", "----- .---- ..--- ...-- ....- ..... -.... --... ---.. ----.".split(), strict=True)
)


def _morse(rng: random.Random, n: phonenumbers.PhoneNumber, lang: str) -> str:
    return rng.choice([" ", " / "]).join(_MORSE_CODES[d] for d in _national_digits(n))


def _vanity(rng: random.Random, n: phonenumbers.PhoneNumber, lang: str) -> str | None:
    if n.country_code != 1:
        return None
    keypad = {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ"}
    d = str(n.national_number)
    tail = "".join(rng.choice(keypad[c]) if c in keypad and rng.random() < 0.8 else c for c in d[3:])
    if sum(c.isalpha() for c in tail) < 3:
        return None
    return rng.choice([f"1-{d[:3]}-{tail}", f"({d[:3]}) {tail[:3]}-{tail[3:]}", f"{d[:3]}-{tail}"])


_phone_family("morse", _morse)
_phone_family("vanity-letters", _vanity)
_phone_family("base64", lambda rng, n, lang: _b64(phone_text(rng, n)))
_phone_family("reversed-with-cue", lambda rng, n, lang: phone_text(rng, n)[::-1] + " (backwards)")

_url_family(
    "plain", lambda rng, x, lang: rng.choice([x, "www." + x, "https://" + x, "https://" + x + "/work"]), langs=ALL_LANGS
)
_url_family("spelled-dot", lambda rng, x, lang: "www " + x.replace(".", rng.choice([" dot ", " [dot] ", " (.) "])))
_url_family("reversed", lambda rng, x, lang: ("https://" + x)[::-1])
_url_family("unicode-fullwidth", lambda rng, x, lang: "".join(STYLES["fullwidth"](c) for c in "www." + x))
_url_family(
    "defanged",
    lambda rng, x, lang: (
        rng.choice(["hxxps://", "hxxp[:]//", "h**ps://"]) + x.replace(".", rng.choice(["[.]", "(.)", "."]))
    ),
)
_url_family("base64", lambda rng, x, lang: _b64("https://" + x))


# --- code -------------------------------------------------------------------------------------------------------
@family("code/personal-email-in-config", kinds={"email"}, tags=("code",))
def _code_email(rng: random.Random) -> Case:
    x = email(rng)
    block = rng.choice(
        [
            f'```bash\ngit config --global user.email "{x}"\n```',
            f"```\nBEGIN:VCARD\nVERSION:3.0\nFN:{rng.choice(FIRST).title()}\nEMAIL:{x}\nEND:VCARD\n```",
            f'```json\n{{"name": "widget", "version": "1.4.2", "author": "{rng.choice(FIRST).title()} <{x}>"}}\n```',
            f'```python\nADMINS = [("{rng.choice(FIRST)}", "{x}")]\n```',
            f"`{x}`",
        ]
    )
    return Case(rng.choice(["here is the config:\n", "ping me if it breaks\n", ""]) + block, {"email"}, "en", x)


@family("code/phone-in-vcard", kinds={"phone"}, tags=("code",))
def _code_phone(rng: random.Random) -> Case:
    n = phone(rng, rng.choice(["US", "GB", "DE", "BR", "IN"]))
    x = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    block = rng.choice(
        [
            f"```\nBEGIN:VCARD\nTEL;TYPE=cell:{x}\nEND:VCARD\n```",
            f'```js\nconst phone = "{x}";\n```',
            f'```yaml\ncontact:\n  mobile: "{x}"\n```',
        ]
    )
    return Case(block, {"phone"}, "en", x)


# --- benign look-alikes --------------------------------------------------------------------------------------------
def _benign(name: str, texts: Callable[[random.Random], str], max_fpr: float = 0.01) -> None:
    @family(f"benign/{name}", max_fpr=max_fpr, tags=("benign", name))
    def make(rng: random.Random) -> Case:
        return Case(texts(rng))


def _v(rng: random.Random) -> str:
    return f"{rng.randint(0, 30)}.{rng.randint(0, 40)}.{rng.randint(0, 200)}"


_benign(
    "placeholders",
    lambda rng: rng.choice(
        [
            f"use {rng.choice(['test', 'user', 'admin', 'jane.doe', 'john'])}@"
            f"{rng.choice(['example.com', 'example.org', 'test.com', 'domain.com', 'localhost'])} for the demo login",
            "the form shows 555-555-5555 as the placeholder",
            "format the field like (123) 456-7890",
            f"run it on localhost:{rng.choice([3000, 8000, 8080, 5173])} and open 127.0.0.1",
            "the test card 4242 4242 4242 4242 works in sandbox mode",
            "set EMAIL_HOST=smtp.example.com in the .env file",
        ]
    ),
)
_benign(
    "versions",
    lambda rng: rng.choice(
        [
            f"upgraded to v{_v(rng)} yesterday",
            f"needs Python {rng.choice(['3.11', '3.12'])}.{rng.randint(0, 9)} and Node {_v(rng)}",
            f"pip install django=={_v(rng)} requests=={_v(rng)}",
            f"npm i lodash@{_v(rng)} react@{_v(rng)}",
            f"Android build {rng.randint(10, 14)}.{rng.randint(0, 9)}.{rng.randint(1000000, 9999999)}",
            f"Windows 11 build {rng.randint(22000, 26100)}.{rng.randint(1000, 4999)}",
        ]
    ),
)
_benign(
    "network-numbers",
    lambda rng: rng.choice(
        [
            f"the server is at 192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)} behind the VPN",
            f"open port {rng.randint(1024, 65535)} and whitelist "
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"IPv6 2001:db8::{rng.randint(1, 9999):x} is reserved for docs",
            f"MAC 00:1A:2B:{rng.randint(10, 99)}:4D:5E",
            f"subnet 172.16.{rng.randint(0, 31)}.0/24 and gateway 172.16.0.1",
        ]
    ),
)
_benign(
    "build-and-ids",
    lambda rng: rng.choice(
        [
            f"build #{rng.randint(1000, 99999)} passed on CI",
            f"commit {rng.getrandbits(160):040x} fixed it",
            f"ticket JIRA-{rng.randint(100, 9999)} is done",
            f"UUID {rng.getrandbits(128):032x}",
            f"the job id is {rng.randint(10**9, 10**10 - 1)} in the queue logs",
            f"epoch {rng.randint(1600000000, 1800000000)} in the log line",
        ]
    ),
)
_benign(
    "prices",
    lambda rng: rng.choice(
        [
            f"the budget is ${rng.randint(1, 99)},{rng.randint(100, 999)}.00 for the whole thing",
            f"€ {rng.randint(1, 9)}.{rng.randint(100, 999)},{rng.randint(10, 99)} incl. VAT",
            f"R$ {rng.randint(10, 99)}.{rng.randint(100, 999)},00 por mês",
            f"₹{rng.randint(10, 99)},{rng.randint(100, 999)} per milestone",
            f"{rng.randint(1, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)} COP en total",
            f"revenue grew from {rng.randint(100, 999)},{rng.randint(100, 999)} "
            f"to {rng.randint(100, 999)},{rng.randint(100, 999)}",
        ]
    ),
)
_benign(
    "dates-times",
    lambda rng: rng.choice(
        [
            f"deadline 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
            f"from {rng.randint(1, 28)}/{rng.randint(1, 12)}/2025 to {rng.randint(1, 28)}/{rng.randint(1, 12)}/2025",
            f"available {rng.randint(8, 11)}:00 - {rng.randint(14, 19)}:30 CET, Mon-Fri",
            f"between {rng.randint(2010, 2019)} and {rng.randint(2020, 2025)} I worked in {rng.randint(3, 9)} agencies",
        ]
    ),
)
_benign(
    "order-numbers",
    lambda rng: rng.choice(
        [
            f"order #{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}-{rng.randint(1000000, 9999999)} arrived",
            f"invoice INV-2025-{rng.randint(100000, 999999)} is attached",
            f"tracking number 1Z{rng.getrandbits(60):X}",
            f"ISBN 978-{rng.randint(0, 9)}-{rng.randint(100, 999)}-{rng.randint(10000, 99999)}-{rng.randint(0, 9)}",
            f"pedido {rng.randint(1000000000, 9999999999)} confirmado",
            f"Rechnung Nr. {rng.randint(10000000, 99999999)}",
        ]
    ),
)
_benign(
    "code-and-styling",
    lambda rng: rng.choice(
        [
            "@media (max-width: 768px) { .nav { display: none } }",
            "add @Override and @Transactional to the service",
            "use @app.route('/api') and @login_required",
            f"set padding: {rng.randint(4, 32)}px {rng.randint(4, 32)}px and color #{rng.getrandbits(24):06x}",
            "the bug was in settings.py and utils.js, not app.ts",
            "self.app.config is read from config.io_settings",
            "```python\nimport os.path\nfrom django.db import models\n```",
            "run `git clone git@github.com:acme/site.git`",
            "```css\n@import url('theme.css');\n.btn { margin: 0 auto; }\n```",
            "resolution 1920x1080 at 60Hz, 4K is 3840x2160",
        ]
    ),
)
_benign(
    "product-references",
    lambda rng: rng.choice(
        [
            "something like stripe.com checkout would be ideal",
            "we're building a Booking.com clone",
            "read docs.djangoproject.com first",
            "I'd host it on Vercel or Netlify, not WordPress.com",
            "the plugin is on wordpress.org",
            "similar to airbnb.com search",
            "Check the MDN page on flexbox",
            "pricing like notion.so but cheaper",
        ]
    ),
)
_benign(
    "number-words-in-prose",
    lambda rng: rng.choice(
        [
            "one or two revisions, three at most, then four weeks of support",
            "seven of the nine screens are done, the other two by Friday",
            "Tengo dos o tres proyectos, uno de ellos con cinco pantallas",
            "sei pagine, tre sezioni e due form",
            "deux ou trois jours, quatre maximum",
            "zwei bis drei Wochen, dann noch eine Runde",
            "do ya teen din mein ho jayega",
            "I have to fire ten people on one team",
            "the first five pages and the last two need work",
        ]
    ),
)
_benign(
    "stats",
    lambda rng: rng.choice(
        [
            f"{rng.randint(1, 9)},{rng.randint(100, 999)} rows, {rng.randint(5, 40)} columns",
            f"conversion up {rng.randint(1, 30)}.{rng.randint(0, 9)}%",
            f"population {rng.randint(1, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
            f"coordinates {rng.randint(-80, 80)}.{rng.randint(1000, 9999)}, "
            f"{rng.randint(-170, 170)}.{rng.randint(1000, 9999)}",
            f"scores: {', '.join(str(rng.randint(1, 9)) for _ in range(10))}",
        ]
    ),
)
_benign(
    "encoded-looking",
    lambda rng: rng.choice(
        [
            "the JWT header is eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
            f"sha256 {rng.getrandbits(256):064x}",
            "base64 of hello is aGVsbG8=",
            "escape it as &amp; or %20 in the URL",
            "the font is Inter, weights 400/500/700",
        ]
    ),
)
