"""Phone numbers in any region, after normalisation.

Why the layering: `phonenumbers` answers "is this a valid number somewhere", which is true of many
order IDs and ISBN fragments. So a candidate must also look like a phone (grouping, a '+', spelled-out
digits) or sit next to a phone cue ("call me", "número", "WhatsApp"), and must not sit next to an ID cue
("order", "ISBN", "invoice"). `phonenumbers` is only called on candidates, never on every token.
"""

from __future__ import annotations

import re

import phonenumbers

from . import codeaware, lexicon, numwords, registry
from .document import Doc

_REGIONS: tuple[str, ...] = (
    "US",
    "IN",
    "GB",
    "DE",
    "FR",
    "ES",
    "BR",
    "PT",
    "MX",
    "IT",
    "AU",
    "AR",
    "CO",
    "NL",
    "CH",
    "AT",
    "BE",
    "CL",
    "PE",
    "IE",
    "CA",
)
_TRUNK_ZERO_REGIONS = frozenset({"GB", "DE", "FR", "AU", "AT", "NL", "CH", "BE", "IE"})
"""Regions whose national numbers are written with a leading 0: "20 7946 0958" alone is not a UK number."""
PHONE_RE = re.compile(
    r"(?<![\w+@$€£¥#/.,%-])(?<!\d:)(?:\+|00)?[ ]?\(?\d(?:[ \t.\-/_()~*|\\]{0,5}\d)*+"
    r"(?P<ext>\s*(?:x|ext\.?|extn\.?|extension|ramal|durchwahl)\s*\d{1,6})?(?![a-z%°²³])"
)
_DIGIT_RUN_RE = re.compile(r"\d[\d \t.\-/_()~*|\\]{5,}\d")
_SEQUENCES = frozenset({"1234567890", "0123456789", "12345678910", "123456789", "10987654321"})
"""Counting (up from one, down from ten): a placeholder or a list, not a number. "98765 43210" stays a number:
it is a common dummy, but also what people type when they make a number up to pass it on."""
_PLACEHOLDER_CUE = re.compile(
    r"\b(?:placeholder|example|e\.g\.|eg|dummy|fake|sample|mask|formats?|formatted|such\s+as|regex|"
    r"validate|validation|test\s+number|ejemplo|exemplo|exemple|beispiel)\b"
)
_PLACEHOLDER_AFTER = re.compile(
    r"[^.!?\n]{0,24}\b(?:style|format|formats|formatted|pattern|patterns|placeholder|regex|validate|validation|mask)\b"
)
"""A number described as a format right after it ("555 CALLNOW style vanity numbers", "(555) 010-0000 format")."""
_DECIMAL_LIST = re.compile(r"^\d{1,3}[.,]\d{1,3}(?:\s*[/;|]\s*\d{1,3}[.,]\d{1,3})+$")
"""Decimal figures listed with slashes ("0.80/0.44/0.45", "1,5 / 2,3 / 4,1"); a dotted number is one token."""
_DATE_RE = re.compile(r"^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[./-]\d{1,2})$")
_DATE_PREFIX_RE = re.compile(r"^(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])\b")
_IP_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}(?![.\d])")
_YEARS_RE = re.compile(r"^(?:19|20)\d\d\s*[-/–]\s*(?:19|20)?\d\d$")
_IN_FRONT_RE = re.compile(
    r"^\W{0,3}\s*(?:with|and)\s+(?:the\s+)?(?:area\s+code\s+|prefix\s+)?(\d{2,4})\s+"
    r"(?:in\s+front|before(?:\s+it)?|first|at\s+the\s+(?:start|front|beginning)|as\s+(?:the\s+)?(?:area\s+code|prefix))"
)
_AREA_BEFORE_RE = re.compile(
    r"\b(?:area\s+code|prefix|código\s+de\s+área|ddd|vorwahl|indicatif)\W{0,3}(\d{2,4})\W{1,4}$"
)


_LANGUAGE_HINTS: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (
        frozenset(
            "appelle appelez moi mon ma numéro numero téléphone telephone portable je tu sur le les et est pour avec "
            "mes joindre zéro deux trois quatre cinq sept huit neuf douze treize quatorze quinze seize vingt "
            "trente quarante cinquante soixante".split()
        ),
        ("FR", "BE", "CH"),
    ),
    (
        frozenset(
            "ich du mich mir mein meine nummer handy ruf rufen anrufen und ist die der das mit bei schreib "
            "telefon erreichbar null eins zwei drei vier fünf sechs sieben acht neun zwölf zwanzig "
            "dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split()
        ),
        ("DE", "AT", "CH"),
    ),
    (
        frozenset(
            "mi llámame llamame número teléfono telefono móvil movil al el y en es con para agrégame escríbeme "
            "whatsapp cero uno dos tres cuatro cinco siete ocho nueve doce veinte treinta cuarenta cincuenta "
            "sesenta setenta ochenta noventa".split()
        ),
        ("ES", "MX", "AR", "CO"),
    ),
    (
        frozenset(
            "meu minha número telefone celular liga ligue me você voce para com é não no na zap chama "
            "pix um dois três quatro cinco sete oito nove meia vinte trinta quarenta cinquenta sessenta "
            "oitenta".split()
        ),
        ("BR", "PT"),
    ),
    (
        frozenset(
            "mera meri hai karo kar pe par mujhe aap hoon ke ka ki lena phonepe paytm upi ek teen char chaar "
            "paanch chhe saat aath nau shunya".split()
        ),
        ("IN",),
    ),
)


_GENERATED_HINTS: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = tuple(
    (frozenset(h["words"]), tuple(h["regions"])) for h in numwords.REGION_HINTS.values()
)
"""Thirty more languages' most frequent words (from wordfreq, in numwords.json) -> their regions."""


_CUE_REGIONS: dict[str, tuple[str, ...]] = {
    registry.fold(word): tuple(regions.split())
    for regions, words in (
        (
            "RU KZ BY UA",
            "номер номера номеру телефон телефона телефону звони звоните позвони позвоните набери мобильный "
            "вотсап ватсап вацап телеграм телега телеге вайбер",
        ),
        ("UA RU", "мій мого телефону дзвони подзвони зателефонуй зателефонуйте мобільний"),
        ("ID MY", "nomor nomorku hp telpon telepon hubungi sms"),
        ("VN", "zalo sđt sdt số điện thoại gọi"),
        ("TR CY", "numaram numarası numaramı numarasi ara arayın arayin telefonum cep"),
        ("PL", "numer numeru numerem zadzwoń zadzwon komórka komorka tel."),
        ("IT CH", "cellulare chiamami telefonami numero di telefono"),
    )
    for word in words.split()
}
"""Phone cue words of a language whose numbers are written nationally ("мой номер 8 916 ...", "nomor 0812 ...",
"zalo: 0912 ..."): one of them is enough to try its regions first (after the hints above, which need two words)."""


def _preferred_regions(words: frozenset[str]) -> tuple[str, ...]:
    """Regions to try first, from the language the words suggest (a French sentence -> FR before DE).

    The hand-tuned hints of the six main languages win ties; a generated one needs at least two of its words
    and strictly more than any other language (short chat shares many words across languages)."""
    best: tuple[str, ...] = ()
    best_score = 1.0
    for hints, regions in _LANGUAGE_HINTS:
        score = float(len(words & hints))
        if score > best_score:
            best, best_score = regions, score
    for hints, regions in _GENERATED_HINTS:
        score = len(words & hints) - 0.5
        if score > best_score:
            best, best_score = regions, score
    if not best:
        cued = [_CUE_REGIONS[w] for w in sorted(words & _CUE_REGIONS.keys())]
        if cued:
            best = tuple(dict.fromkeys(r for regions in cued for r in regions))
    return best + tuple(r for r in _REGIONS if r not in best)


def _parse(
    digits: str, international: bool, regions: tuple[str, ...] = _REGIONS
) -> tuple[phonenumbers.PhoneNumber | None, bool]:
    """(number, is_valid) for the first region where it is valid, else the first possible parse."""
    if international:
        try:
            number = phonenumbers.parse("+" + digits, None)
        except phonenumbers.NumberParseException:
            return None, False
        if phonenumbers.is_valid_number(number):
            return number, True
        # "+91 098..." / "+31 06...": a national trunk 0 kept after the country code
        cc = len(str(number.country_code))
        if digits[cc : cc + 1] == "0":
            try:
                fixed = phonenumbers.parse("+" + digits[:cc] + digits[cc + 1 :], None)
            except phonenumbers.NumberParseException:
                return number, False
            if phonenumbers.is_valid_number(fixed):
                return fixed, True
        return number, False
    possible: phonenumbers.PhoneNumber | None = None
    if digits.startswith("0") and regions[:1] != ("IN",):
        # a written trunk 0 is how Europe writes numbers; Indian numbers are usually written without it
        regions = (*(r for r in regions if r != "IN"), "IN")
    for region in regions:
        if digits.startswith("0") and region in ("US", "CA"):
            continue
        if region in _TRUNK_ZERO_REGIONS and not digits.startswith("0"):
            continue
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number, True
        if (
            possible is None
            and region in ("US", "IN", "GB", "DE", "FR", "BR")
            and phonenumbers.is_possible_number(number)
        ):
            possible = number
    return possible, False


def _display_number(
    number: phonenumbers.PhoneNumber, digits: str, international: bool, regions: tuple[str, ...]
) -> phonenumbers.PhoneNumber:
    """What to show the sender: a ten-digit number in a text with no other country cue reads as North
    American ("555-123-4567"), even when it only parses as valid elsewhere (as +55 ...). The decision
    to flag was already made on the parse that succeeded; this only picks the country shown."""
    if international or number.country_code == 1 or len(digits) != 10 or regions[:1] != ("US",):
        return number
    try:
        us = phonenumbers.parse(digits, "US")
    except phonenumbers.NumberParseException:
        return number
    return us if phonenumbers.is_possible_number(us) else number


def _strong_cue(dec: str, start: int) -> bool:
    return bool(lexicon.STRONG_PHONE_CONTEXT_RE.search(dec[max(0, start - 40) : start]))


def _looks_like_quantity(raw: str) -> bool:
    """Digit groups written like amounts or scores rather than a phone number.

    Only consulted when nothing else says "phone": thousands grouping ("67 390 000", "12 345 678"), round
    ranges ("5000-10000") and unprefixed pairs ("98 97 96 95 94"; pair-grouped numbers start with a trunk 0).
    """
    groups = re.findall(r"\d+", raw)
    if len(groups) == 2 and re.fullmatch(r"\d+[.,]\d+", raw.strip()):
        return True  # a decimal number ("52.390881")
    if len(groups) == 2 and "-" in raw and len(groups[0]) == 5 and len(groups[1]) in (3, 4):
        return True  # ZIP+4 / CEP postcode ("94107-1234", "01310-100")
    if len(re.sub(r"\D", "", raw)) < 8:
        return True  # seven digits or fewer is a local number at best; it needs a phone cue
    if len(groups) >= 3 and all(len(g) == 3 for g in groups[1:]) and (len(groups[0]) < 3 or groups[-1] == "000"):
        return True
    if sum(1 for g in groups if len(g) >= 3 and g.endswith("00")) >= 2:
        return True
    return len(groups) >= 4 and all(len(g) == 2 for g in groups) and not raw.lstrip("(").startswith("0")


def _shape(raw: str) -> tuple[list[int], bool]:
    """Digit-group sizes and whether the grouping looks like a phone's (no group over 6 digits)."""
    groups = [len(g) for g in re.split(r"\D+", raw) if g]
    return groups, len(groups) > 1 and max(groups) <= 6


def detect_phones(doc: Doc) -> None:
    dec = doc.dec.text
    if not _DIGIT_RUN_RE.search(dec):
        return
    regions: tuple[str, ...] | None = None
    for m in PHONE_RE.finditer(dec):
        if doc.full:
            break
        body = m.group()[: m.start("ext") - m.start()] if m.group("ext") else m.group()
        raw = re.sub(r"\(0\)", "", body.strip())  # "+44 (0)20 ...": the trunk 0 in brackets is not dialled
        start, end = m.start() + (len(m.group()) - len(m.group().lstrip())), m.end()
        digits = re.sub(r"\D", "", raw)
        international = raw.startswith("+") or (
            raw.startswith("00") and len(digits) > 10 and (bool(re.search(r"\D", raw)) or _strong_cue(dec, start))
        )
        if raw.startswith("00") and international:
            digits = digits[2:]
        tail = dec[end : end + 60]
        front = _IN_FRONT_RE.match(tail)
        area = _AREA_BEFORE_RE.search(dec[max(0, start - 25) : start]) if len(digits) == 7 else None
        if front and len(digits) == 7:
            digits = front.group(1) + digits
            end += front.end()
        elif area:
            digits = area.group(1) + digits
        if not 7 <= len(digits) <= 15:
            continue
        if _DATE_RE.match(raw) or _IP_RE.match(raw) or _YEARS_RE.match(raw) or _DATE_PREFIX_RE.match(raw):
            continue
        if _DECIMAL_LIST.match(raw):  # "0.80/0.44/0.45/0.48": figures, not a number
            continue
        if re.match(r":\d", dec[end : end + 2]):  # "2024-05-29 06:29": a timestamp runs into a time
            continue
        if raw.startswith(("978", "979")) and len(digits) in (10, 13):
            continue
        if (
            len(set(digits[-7:])) == 1
            or digits[-10:] in _SEQUENCES
            or digits in _SEQUENCES
            or _PLACEHOLDER_CUE.search(dec[max(0, start - 40) : start])
            or _PLACEHOLDER_AFTER.match(dec, end)
        ):
            continue  # 555-555-5555, 123-456-7890, "placeholder like (415) 555-0100": not someone's number
        span = doc.span(doc.dec, start, end)
        if doc.overlaps(*span, ("payment",)):
            continue
        line = doc.code_line(span[0])
        if line is not None and not codeaware.phone_counts(line):
            continue
        before = dec[max(0, start - 40) : start]
        if lexicon.NUMBER_NEGATIVE_RE.search(before):
            continue
        strong = bool(
            lexicon.STRONG_PHONE_CONTEXT_RE.search(before) or lexicon.STRONG_PHONE_CONTEXT_RE.search(tail[:30])
        )
        weak = strong or bool(lexicon.PHONE_CONTEXT_RE.search(before[-15:]))
        obfuscated = doc.is_obfuscated(span, dec[start:end]) or bool(front or area)
        groups, phone_shape = _shape(raw)
        if regions is None:
            regions = _preferred_regions(doc.raw_words)
        number, valid = _parse(digits, international, regions)
        if number is None:
            continue
        if valid:
            if international:
                conf = 0.97 if strong else 0.95
            elif strong:
                conf = 0.95
            elif obfuscated:
                conf = 0.92
            elif phone_shape and not _looks_like_quantity(raw):
                conf = 0.85
            elif len(digits) >= 10 and weak:
                conf = 0.7
            else:
                continue
        elif (strong or obfuscated) and len(digits) >= 10 and (phone_shape or obfuscated or len(groups) == 1):
            conf = 0.6
        elif (
            international and (phone_shape or strong) and len(digits) >= 10 and phonenumbers.is_possible_number(number)
        ):
            conf = 0.6
        else:
            continue
        number = _display_number(number, digits, international, regions)
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        pretty = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        how = " (spelled out)" if obfuscated else ("" if valid else " (possible)")
        doc.add("phone", span, e164, conf, f"Phone number{how}: {pretty}")
