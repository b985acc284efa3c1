"""Decode, then detect: each view of a text (folded, decoded, collapsed, reversed) and spelled numbers."""

from __future__ import annotations

import base64
import codecs
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from trust.detection import numwords, scan

EMAIL = "maya.kovacs@gmail.com"


def kinds(text: str) -> set[str]:
    found = scan(text)
    for f in found:
        assert text[f.start : f.end] == f.matched and f.start < f.end
    return {f.kind for f in found}


def normalized(text: str, kind: str) -> set[str]:
    return {f.normalized for f in scan(text) if f.kind == kind}


# --- order ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        EMAIL[::-1],
        f"my email, backwards: {EMAIL[::-1]}",
        f"write me at {EMAIL[::-1]} (read it right to left)",
        "https://maya-designs.com/contact"[::-1],
    ],
)
def test_reversed_identifiers(text: str) -> None:
    assert kinds(text) & {"email", "url"}


def test_reversed_email_maps_to_its_own_characters() -> None:
    text = f"hi! {EMAIL[::-1]} thanks"
    (finding,) = [f for f in scan(text) if f.kind == "email"]
    assert finding.normalized == EMAIL and finding.matched == EMAIL[::-1]
    assert "backwards" in finding.reason


def test_reversed_phone_needs_a_backwards_cue() -> None:
    assert "phone" in kinds("my number written backwards: 4310-555-514")
    assert kinds("order 4310-555-514 shipped") == set()


def test_bidi_override_shows_an_address_the_raw_text_hides() -> None:
    text = f"email \u202e{EMAIL[::-1]}\u202c thanks"
    assert normalized(text, "email") == {EMAIL}


# --- encodings ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "encode",
    [
        lambda s: base64.b64encode(s.encode()).decode(),
        lambda s: base64.urlsafe_b64encode(s.encode()).decode().rstrip("="),
        lambda s: s.encode().hex(),
        lambda s: "".join(f"%{ord(c):02X}" if c in "@." else c for c in s),
        lambda s: "".join(f"&#{ord(c)};" if c in "@." else c for c in s),
        lambda s: "".join(f"&#x{ord(c):x};" if c in "@." else c for c in s),
        lambda s: s.replace("@", "\\u0040").replace(".", "\\x2e"),
        lambda s: codecs.encode(s, "rot13"),
    ],
    ids=["base64", "base64url", "hex", "percent", "entity-dec", "entity-hex", "escapes", "rot13"],
)
def test_encoded_email(encode) -> None:  # type: ignore[no-untyped-def]
    text = f"contact: {encode(EMAIL)}"
    assert normalized(text, "email") == {EMAIL}


@pytest.mark.parametrize("text", ["my site: hxxps://maya-studio[.]com", "hxxp[:]//mayakovacs[.]dev/work"])
def test_defanged_links(text: str) -> None:
    assert "url" in kinds(text)


def test_base64_phone() -> None:
    token = base64.b64encode(b"+1 415 555 0134").decode()
    assert normalized(f"my number {token}", "phone") == {"+14155550134"}


@pytest.mark.parametrize(
    "text",
    [
        "The API returns aGVsbG8gd29ybGQ= for hello world",
        "commit 3f2a9c1e8b7d6a5f4e3d2c1b0a998877 fixed the layout",
        "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "Use &amp; and &lt;div&gt; in templates",
        "Reference: https://en.wikipedia.org/wiki/Caf%C3%A9",
        "The token looks like eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 in the header",
        "Internationalization and accessibility requirements are in the brief",
    ],
)
def test_encodings_leave_ordinary_text_alone(text: str) -> None:
    assert kinds(text) == set()


# --- unicode ----------------------------------------------------------------------------------------------
_STYLES = {
    "circled": lambda c: chr(0x24D0 + ord(c) - 97) if c.isalpha() else c,
    "negative circled": lambda c: chr(0x1F150 + ord(c) - 97) if c.isalpha() else c,
    "squared": lambda c: chr(0x1F130 + ord(c) - 97) if c.isalpha() else c,
    "regional indicator": lambda c: chr(0x1F1E6 + ord(c) - 97) if c.isalpha() else c,
    "math bold": lambda c: chr(0x1D41A + ord(c) - 97) if c.isalpha() else c,
    "math double-struck": lambda c: chr(0x1D552 + ord(c) - 97) if c.isalpha() else c,
    "fullwidth": lambda c: chr(0xFF41 + ord(c) - 97) if c.isalpha() else c,
    "small caps": lambda c: "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡxʏᴢ"[ord(c) - 97] if c.isalpha() else c,
    "cyrillic look-alikes": lambda c: {"a": "а", "o": "о", "e": "е", "c": "с", "p": "р"}.get(c, c),
}


@pytest.mark.parametrize("style", sorted(_STYLES))
def test_styled_letters_fold(style: str) -> None:
    text = "mail: " + "".join(_STYLES[style](c) for c in "mayak@gmail.com")
    assert normalized(text, "email") == {"mayak@gmail.com"}


@pytest.mark.parametrize("digits", ["❹❶❺ ❺❺❺ ⓪①③④", "➍➊➎ ➎➎➎ ⓿➀➂➃", "𝟒𝟏𝟓 𝟓𝟓𝟓 𝟎𝟏𝟑𝟒", "４１５ ５５５ ０１３４"])
def test_styled_digits_fold(digits: str) -> None:
    assert normalized(f"call me {digits}", "phone") == {"+14155550134"}


def test_accented_words_are_not_transliterated() -> None:
    assert kinds("Obrigado! Vou enviar a primeira versão amanhã pela plataforma.") == set()
    assert kinds("Ich schicke die Entwürfe bis Freitag über die Plattform, Größe 1920×1080.") == set()


# --- separators ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("sep", [" ", "|", "_", "-", "\n", " / ", "🔥", "⭐", " | "])
def test_one_separator_between_characters(sep: str) -> None:
    text = sep.join("mayak@gmail.com")
    assert normalized(text, "email") == {"mayak@gmail.com"}


def test_one_digit_per_line() -> None:
    assert "phone" in kinds("call me\n" + "\n".join("4155550134"))


@pytest.mark.parametrize(
    "text",
    [
        "Steps: 1, 2, 3, 4, 5, 6, 7, 8, 9",
        "Options a | b | c | d are fine",
        "Rate each 5 / 4 / 3 / 5 / 4 / 3 / 5 / 4 / 3",
    ],
)
def test_separator_lists_stay_benign(text: str) -> None:
    assert kinds(text) == set()


# --- numbers as words ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("nine1two three4five six7eight", "+34912345678"),
        ("text me: five one two, four five six, seven eight nine oh", "+15124567890"),
        ("call: four one five, five five five, oh one three four", "+14155550134"),
        ("double five five, one two three, four five six seven", "+15551234567"),
        ("area code 312, then 555 0147", "+13125550147"),
        ("llámame: quinientos cincuenta y cinco, ciento veintitrés, cuarenta y cinco sesenta y siete", None),
        ("appelle-moi au zéro six douze trente-quatre cinquante-six soixante-dix-huit", "+33612345678"),
        ("mera number nau aath saat chhe paanch chaar teen do ek shunya", "+919876543210"),
        ("mera number nau aath do chaar paanch saat ek teen chhe shunya", "+919824571360"),
        ("chiama il tre quattro sette, uno due tre, quattro cinque sei sette", None),
        ("WhatsApp plus four four seven seven zero zero nine zero zero four five six", "+447700900456"),
        ("four hundred fifteen, five hundred fifty five, zero one three four", "+14155550134"),
        ("text me at for one five five five five oh one tree for", "+14155550134"),
        ("call 1-800-FLOWERS today", "+18003569377"),
        ("morse: ....- .---- ..... / ..... ..... ..... / ----- .---- ...-- ....-", "+14155550134"),
        ("zadzwoń do mnie, mój numer to 512 345 678", "+48512345678"),
        ("numaram sıfır beş sıfır bir iki üç dört iki altı sekiz iki", "+905012342682"),
    ],
)
def test_spelled_numbers(text: str, number: str | None) -> None:
    found = normalized(text, "phone")
    assert found, text
    if number:
        assert number in found


@pytest.mark.parametrize(
    "text",
    [
        "I have to fire ten people on one team",
        "I ate too much for lunch and won a prize for the tree",
        "Sprint plan: one two three four five six seven eight nine ten tasks",
        "I worked there 2015 then 2019 then 2021 and 2022",
        "between 2019 and 2023, 40 then 50 more",
        "one or two revisions, three at most, then four weeks of support",
        "seven of the nine screens are done, the other two by Friday",
        "Tengo dos o tres proyectos, uno de ellos con cinco pantallas",
        "sei pagine, tre sezioni e due form",
    ],
)
def test_number_words_in_prose_stay_benign(text: str) -> None:
    assert "phone" not in kinds(text)


def test_numwords_json_is_what_the_generator_makes() -> None:
    if not (importlib.util.find_spec("num2words") and importlib.util.find_spec("wordfreq")):
        pytest.skip("num2words / wordfreq (dev dependencies) not installed")
    script = Path(numwords.__file__).with_name("build_numwords.py")
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_numwords_covers_many_latin_languages() -> None:
    assert len(numwords.LANG_PHRASES) >= 35
    assert numwords.LANG_PHRASES["es"][("quinientos",)] == 500
    assert numwords.LANG_PHRASES["hi-Latn"][("pachpan",)] == 55
    assert "to" in numwords.AMBIGUOUS and "five" not in numwords.AMBIGUOUS
