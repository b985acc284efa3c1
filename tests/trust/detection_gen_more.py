"""Generated families for disguises added in session 3 (issue 10): upside-down text, number words written as
one token, invitations to send something over a messenger, and national bank accounts given with their
context (sort code, BSB, routing, IFSC, transit, agência, a bank's name) but no IBAN; each with benign
look-alikes. Loaded by `detection_gen.load_families()`.

The flip table below is written from what upside-down text generators emit, independently of the
detector's own table; number words come from `num2words`; bank names are drawn from a short list written
here, not from the detector's data file.
"""

from __future__ import annotations

import random

import phonenumbers

from tests.trust.detection_gen import FIRST, LAST, PHONE_REGIONS, Case, email, family, phone, sentence, site
from trust.detection import registry

# --- upside-down text -----------------------------------------------------------------------------------------
_FLIP = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz0123456789.@_-+!?,'",
        "ɐqɔpǝɟƃɥᴉɾʞlɯuodbɹsʇnʌʍxʎz0ƖᄅƐㄣϛ9ㄥ86˙@‾-+¡¿',",
        strict=True,
    )
)
_FLIP_DOTLESS = {**_FLIP, "i": "ı"}  # generators differ on the turned i


def flip(text: str, rng: random.Random, *, reverse: bool = True) -> str:
    table = _FLIP_DOTLESS if rng.random() < 0.5 else _FLIP
    turned = "".join(table.get(c, c) for c in text.lower())
    return turned[::-1] if reverse else turned


def _upside(kind: str, make_id: object) -> None:
    @family(f"{kind}/upside-down", kinds={kind}, min_recall=0.9, tags=(kind, "upside-down"))
    def make(rng: random.Random) -> Case:
        x = make_id(rng)  # type: ignore[operator]
        lang = "en"
        how = rng.random()
        if how < 0.45:  # only the identifier turned, inside a plain sentence
            text = sentence(rng, kind, lang, flip(x, rng))
        elif how < 0.85:  # the whole message turned
            text = flip(sentence(rng, kind, lang, x), rng)
        else:  # letters turned in place, not reordered
            text = sentence(rng, kind, lang, flip(x, rng, reverse=False))
        return Case(text, {kind}, lang, x)


def _phone_text(rng: random.Random) -> str:
    number = phone(rng, rng.choice(["US", "GB", "DE", "IN", "BR"]))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


_upside("email", email)
_upside("phone", _phone_text)
_upside("url", lambda rng: f"www.{site(rng)}")

_BENIGN_FLIPPED = [
    "happy birthday!",
    "thanks, see you tomorrow",
    "the logo looks great upside down too",
    "version 2 is ready for review",
    "order 4471 shipped today",
    "total is 350 for the first milestone",
    "meeting moved to 10:30 on monday",
    "invoice 2024-118 is attached",
    "upload the files here please",
    "page 12 of 40",
]
_TURKISH = [
    "Yarın sabah ilk taslağı gönderirim, teşekkürler",
    "Işık ayarları çok iyi olmuş, kapak fotoğrafı hazır",
    "Fiyatı 1500 TL olarak anlaştık, ödeme platform üzerinden",
    "Tasarımın açık ve koyu sürümlerini yükledim",
]
_IPA = [
    "the IPA for 'thought' is /θɔːt/ and for 'cat' /kæt/",
    "pronounced /ˈdeɪtə/ or /ˈdɑːtə/, both are fine in the voice-over",
    "the brand name is read /ˈnɔːrə/ in the ad",
]


@family("benign/upside-down-prose", max_fpr=0.01, tags=("benign", "upside-down"))
def _benign_flipped(rng: random.Random) -> Case:
    pick = rng.random()
    if pick < 0.6:
        return Case(flip(rng.choice(_BENIGN_FLIPPED), rng, reverse=rng.random() < 0.8))
    if pick < 0.85:
        return Case(rng.choice(_TURKISH), lang="tr")
    return Case(rng.choice(_IPA))


# --- number words written as one token ---------------------------------------------------------------------------
_COMPOUND_LANGS = {"it": "it", "de": "de", "nl": "nl", "sv": "sv", "en": "en"}
_DIGIT_WORD = {
    "it": "zero uno due tre quattro cinque sei sette otto nove",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun",
    "nl": "nul een twee drie vier vijf zes zeven acht negen",
    "sv": "noll ett två tre fyra fem sex sju åtta nio",
    "en": "zero one two three four five six seven eight nine",
}


def _one_token(value: int, lang: str) -> str:
    from num2words import num2words

    words = num2words(value, lang=_COMPOUND_LANGS[lang])
    return words.replace(" and ", "").replace("-", "").replace(" ", "")


def _group(digits: str, rng: random.Random) -> list[str]:
    groups, i = [], 0
    while i < len(digits):
        take = rng.choice([2, 3, 3]) if len(digits) - i > 3 else len(digits) - i
        groups.append(digits[i : i + take])
        i += take
    return groups


@family("phone/compound-number-words", kinds={"phone"}, min_recall=0.85, tags=("phone", "compound-words"))
def _compound_phone(rng: random.Random) -> Case:
    lang = rng.choice(list(_COMPOUND_LANGS))
    region = {"it": "IT", "de": "DE", "nl": "NL", "sv": "SE", "en": "US"}[lang]
    number = phone(rng, region)
    national = phonenumbers.national_significant_number(number)
    prefix = "0" if lang != "en" and rng.random() < 0.5 else ""
    digits = prefix + national
    parts: list[str] = []
    for g in _group(digits, rng):
        if g[0] == "0" or len(g) == 1:  # a leading zero is said as a digit word
            parts.extend(_DIGIT_WORD[lang].split()[int(d)] for d in g)
        else:
            parts.append(_one_token(int(g), lang))
    lang_key = lang if lang in PHONE_REGIONS else "en"
    shown = " ".join(parts)
    if lang == "en":
        shown = f"+1 {shown}" if rng.random() < 0.5 else shown
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Case(sentence(rng, "phone", lang_key, shown), {"phone"}, lang, e164)


_COMPOUND_PROSE = {
    "it": [
        "il logo costa {a} euro, consegna in {b} giorni",
        "ho scritto {a} parole per la pagina chi siamo",
        "la tela è larga {a} millimetri e alta {b}",
    ],
    "de": [
        "das Angebot liegt bei {a} Euro, Lieferung in {b} Tagen",
        "der Text hat {a} Wörter, das Bild {b} Pixel",
        "wir brauchen {a} Exemplare bis Seite {b}",
    ],
    "nl": ["de offerte is {a} euro voor {b} paginas", "het artikel telt {a} woorden"],
    "sv": ["offerten är {a} kronor för {b} sidor", "texten har {a} ord"],
    "en": [
        "I wrote {a} words for the landing page",
        "the banner is {a} pixels wide and {b} high",
        "it took twentyfive minutes to render {a} frames",
    ],
}


@family("benign/compound-number-prose", max_fpr=0.01, tags=("benign", "compound-words"))
def _compound_prose(rng: random.Random) -> Case:
    lang = rng.choice(list(_COMPOUND_PROSE))
    a, b = rng.randint(21, 999), rng.randint(21, 999)
    text = rng.choice(_COMPOUND_PROSE[lang]).format(a=_one_token(a, lang), b=_one_token(b, lang))
    return Case(text, lang=lang)


# --- sending something over a messenger ------------------------------------------------------------------------
_MESSENGER_ALIASES = [
    a for e in registry.entries("platforms") if e.group == "messenger" for a in e.aliases[:2] if len(a) > 3
]
_SEND = {
    "en": [
        "send me the brief on {p}",
        "can you send the files via {p}?",
        "just share the draft on {p}",
        "send the logo over {p} when it's ready",
        "forward me the contract on {p} please",
        "add me on {p} and send the references",
        "let's continue on {p}",
    ],
    "es": ["mándame el brief por {p}", "envíame los archivos por {p}", "pásame el borrador por {p}"],
    "pt": ["me manda o briefing no {p}", "envia os arquivos pelo {p}", "me passa o rascunho no {p}"],
    "fr": ["envoie-moi le brief sur {p}", "envoyez-moi les fichiers sur {p}"],
    "de": ["schick mir das Briefing per {p}", "sende mir die Dateien über {p}"],
    "it": ["mandami il brief su {p}", "inviami i file su {p}"],
    "nl": ["stuur me de briefing via {p}", "stuur de bestanden via {p}"],
    "hi-Latn": ["brief {p} pe bhejo", "files {p} pe bhej do"],
}


@family("social/send-over-messenger", kinds={"social"}, min_recall=0.9, tags=("social", "intent"))
def _send(rng: random.Random) -> Case:
    lang = rng.choice(list(_SEND))
    alias = rng.choice(_MESSENGER_ALIASES)
    alias = alias.title() if rng.random() < 0.5 else alias
    return Case(rng.choice(_SEND[lang]).format(p=alias), {"social"}, lang)


_SEND_BENIGN = [
    "send me the mockups on Figma",
    "share the board on Trello so we can track it",
    "please send the files here in the chat",
    "I'll send the invoice through the platform",
    "don't send anything on {p}, keep it all here",
    "the client wants a {p} button on the contact page",
    "send the final files once the milestone is approved",
    "mándame los archivos por aquí, gracias",
    "schick mir die Dateien hier im Chat",
    "can you share the Google Doc link here?",
    "we shared the {p} export with the analytics team",
]


@family("benign/send-here-or-work-tools", max_fpr=0.02, tags=("benign", "intent"))
def _send_benign(rng: random.Random) -> Case:
    return Case(rng.choice(_SEND_BENIGN).format(p=rng.choice(["WhatsApp", "Telegram", "Signal"])))


# --- national bank accounts with their context -------------------------------------------------------------------
def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _aba(rng: random.Random) -> str:
    while True:
        d = [rng.randint(0, 9) for _ in range(8)]
        d[0] = rng.choice([0, 1, 2, 3])
        for last in range(10):
            full = d + [last]
            if sum(w * x for w, x in zip([3, 7, 1] * 3, full, strict=True)) % 10 == 0:
                return "".join(map(str, full))


_NAMED_BANKS = ["Barclays", "HSBC", "Lloyds", "GTBank", "Access Bank", "Nubank", "Itaú", "HDFC", "ICICI", "Monzo"]


def _bank_text(rng: random.Random) -> str:
    pick = rng.randrange(8)
    acct = _digits(rng, 8)
    if pick == 0:
        sc = "-".join(_digits(rng, 2) for _ in range(3))
        return rng.choice([f"sort code {sc} acc {acct}", f"Sort code: {sc}, account number {acct}"])
    if pick == 1:
        return f"BSB {_digits(rng, 3)}-{_digits(rng, 3)} account {_digits(rng, rng.choice([6, 8, 9]))}"
    if pick == 2:
        return rng.choice(
            [f"routing {_aba(rng)} account {_digits(rng, 10)}", f"ABA {_aba(rng)}, acct {_digits(rng, 9)}"]
        )
    if pick == 3:
        ifsc = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + "0" + _digits(rng, 6)
        return f"a/c {_digits(rng, 12)} IFSC {ifsc}"
    if pick == 4:
        return f"transit {_digits(rng, 5)} institution {_digits(rng, 3)} account {_digits(rng, 7)}"
    if pick == 5:
        return f"agência {_digits(rng, 4)} conta {_digits(rng, 5)}-{_digits(rng, 1)}"
    bank = rng.choice(_NAMED_BANKS)
    num = _digits(rng, rng.choice([8, 10]))
    return rng.choice([f"account number {num} at {bank}", f"{bank} acct {num}", f"acc no. {num} ({bank})"])


_BANK_FRAMES = [
    "pay the balance to {x}",
    "here are my details: {x}",
    "{x}, thanks!",
    "you can transfer it to {x} instead",
    "{x} - name on the account is {n}",
]


@family("payment/national-account-with-context", kinds={"payment"}, min_recall=0.9, tags=("payment", "bank"))
def _bank(rng: random.Random) -> Case:
    name = f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}"
    x = _bank_text(rng)
    return Case(rng.choice(_BANK_FRAMES).format(x=x, n=name), {"payment"}, "en", x)


def _bank_benign_text(rng: random.Random) -> str:
    d8 = _digits(rng, 8)
    return rng.choice(
        [
            f"order {rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)} shipped, tracking {d8}",
            f"invoice {d8} is due {rng.randint(1, 28)}-{rng.randint(1, 12)}-2025",
            f"Invoice INV-2025-{_digits(rng, 5)} for {rng.randint(100, 5000)}.00 is paid through the milestone",
            f"the ticket {d8} was closed on {rng.randint(1, 28)}/{rng.randint(1, 12)}/2024",
            f"```python\naccount_id = {d8}\nbank_code = '{_digits(rng, 6)}'\n```",
            f"```sql\nSELECT * FROM accounts WHERE id = {d8};\n```",
            f"I spent {rng.randint(2, 9)} years at HSBC as a designer, now freelancing",
            f"the Barclays app redesign had {rng.randint(20, 90)} screens, case study {d8[:4]}",
            f"sort the table by code, rows {rng.randint(10, 99)}-{rng.randint(10, 99)} first",
            f"my account on this platform is {rng.randint(2, 9)} years old, {rng.randint(100, 900)} reviews",
            f"price: {rng.randint(10, 99)},{_digits(rng, 3)}.00 for {rng.randint(2, 12)} pages",
        ]
    )


@family("benign/bank-look-alikes", max_fpr=0.01, tags=("benign", "bank"))
def _bank_benign(rng: random.Random) -> Case:
    return Case(_bank_benign_text(rng))
