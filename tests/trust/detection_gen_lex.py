"""Generated families for the lexicon side of the detector (detect-lex): platform handles, payment rails,
intent without an identifier, private-channel links, implied identifiers, bank/crypto details, and their
benign look-alikes. Loaded by `detection_gen.load_families()`; thresholds are checked by
`test_detection_generated.py` and printed by `bench/detection_bench.py`.

Platforms, rails and intent words are drawn from the same data files the detector reads only where the
family is about coverage of those lists (every platform, every rail); sentence frames are written here, so
a family measures a trick, not a copy of the detector's phrase list.
"""

from __future__ import annotations

import random

from tests.trust.detection_gen import FIRST, LAST, Case, family
from trust.detection import registry

_PLATFORMS = [e for e in registry.entries("platforms") if e.group in ("messenger", "social", "creator", "developer")]
_MESSENGERS = [e for e in registry.entries("platforms") if e.group == "messenger"]
_RAILS = [e for e in registry.entries("payments") if e.handle and e.group != "crypto"]


def _handle(rng: random.Random) -> str:
    a, b = rng.choice(FIRST), rng.choice(LAST)
    return rng.choice(
        [f"{a}{b}", f"{a}.{b}", f"{a}_{b}", f"{a}{rng.randint(2, 99)}", f"{a}{b[:3]}.art", f"the{a}codes"]
    )


def _alias(rng: random.Random, entry: registry.Entry) -> str:
    alias = rng.choice(entry.aliases or entry.weak)
    return alias.title() if rng.random() < 0.5 else alias


@family("social/lex-invitation-then-handle", kinds={"social"}, min_recall=0.9, tags=("social", "lexicon"))
def _invite_handle(rng: random.Random) -> Case:
    verb = rng.choice(
        ["DM me on", "ping me on", "add me on", "find me on", "message me on", "hit me up on", "follow me on"]
    )
    return Case(f"{verb} {_alias(rng, rng.choice(_PLATFORMS))} {_handle(rng)}", {"social"})


@family("social/lex-platform-colon-handle", kinds={"social"}, min_recall=0.9, tags=("social", "lexicon"))
def _colon_handle(rng: random.Random) -> Case:
    entry = rng.choice(_PLATFORMS)
    alias = rng.choice(entry.aliases + entry.weak)
    at = "@" if rng.random() < 0.4 else ""
    return Case(f"{alias}: {at}{_handle(rng)}", {"social"})


_MOVE = {
    "en": [
        "Let's move this chat to {p}",
        "Can we continue on {p}?",
        "Let's talk on {p} instead",
        "Shall we switch to {p}?",
    ],
    "es": ["Pasemos a {p}", "¿Podemos seguir por {p}?", "Hablemos por {p} mejor"],
    "pt": ["Vamos continuar no {p}?", "Me chama no {p}", "Bora conversar pelo {p}"],
    "fr": ["Passons sur {p}", "On continue sur {p} ?", "Écris-moi sur {p}"],
    "de": ["Lass uns auf {p} weiterschreiben", "Können wir auf {p} wechseln?", "Schreib mir auf {p}"],
    "hi-Latn": ["{p} pe baat karte hain", "chalo {p} pe shift karte hain"],
    "it": ["Passiamo su {p}", "Continuiamo su {p}?"],
    "nl": ["Laten we verder op {p}", "Stuur me een bericht op {p}"],
    "pl": ["Przejdźmy na {p}", "Napisz do mnie na {p}"],
    "tr": ["{p} üzerinden devam edelim"],
    "id": ["Yuk pindah ke {p}", "Kita lanjut di {p} ya"],
    "ro": ["Hai să vorbim pe {p}", "Continuăm pe {p}?"],
}


@family("social/lex-invitation-to-channel", kinds={"social"}, min_recall=0.9, tags=("social", "intent"))
def _move(rng: random.Random) -> Case:
    lang = rng.choice(list(_MOVE))
    entry = rng.choice(_MESSENGERS)
    return Case(rng.choice(_MOVE[lang]).format(p=_alias(rng, entry)), {"social"}, lang=lang)


_OFF = {
    "en": [
        "we'll do the next one off-platform via bank transfer, saves us both 10%",
        "Pay me directly and we skip the fee",
        "let's settle the rest outside the platform, no commission",
        "send the payment straight to my account so we avoid their cut",
    ],
    "es": ["Págame directamente y nos ahorramos la comisión", "El próximo lo hacemos por fuera, sin comisión"],
    "pt": ["Paga direto na minha conta e evitamos a taxa", "O próximo projeto a gente faz por fora, sem taxa"],
    "fr": ["Payez-moi directement, on évite les frais", "On règle le reste hors plateforme"],
    "de": ["Zahl mir direkt, dann sparen wir die Gebühren", "Den Rest rechnen wir außerhalb der Plattform ab"],
    "hi-Latn": [
        "payment direct bhej do, commission bach jayega",
        "agla project platform ke bahar karte hain, fees bachegi",
    ],
    "it": ["Pagami direttamente, così evitiamo la commissione"],
    "nl": ["Betaal me rechtstreeks, dan besparen we de kosten"],
    "pl": ["Zapłać mi bezpośrednio, unikniemy prowizji"],
    "tr": ["Ödemeyi platform dışında yapalım, komisyon ödemeyiz"],
    "id": ["Bayar langsung ke rekening saya aja biar hemat potongan"],
    "ro": ["Plătește-mi direct în cont, fără comision"],
}


@family("payment/lex-off-platform-intent", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent"))
def _off(rng: random.Random) -> Case:
    lang = rng.choice(list(_OFF))
    return Case(rng.choice(_OFF[lang]), {"payment"}, lang=lang)


@family("payment/lex-rail-then-identifier", kinds={"payment"}, min_recall=0.85, tags=("payment", "lexicon"))
def _rail(rng: random.Random) -> Case:
    entry = rng.choice(_RAILS)
    ident = rng.choice(
        [f"+1 415 555 01{rng.randint(10, 99)}", f"{rng.choice(FIRST)}.{rng.choice(LAST)}@gmail.com", f"@{_handle(rng)}"]
    )
    frame = rng.choice(["{r}: {i}", "my {r} is {i}", "send it on {r} to {i}", "{r} {i}"])
    return Case(frame.format(r=_alias(rng, entry), i=ident), {"payment"})


_LINKS = [
    "https://zoom.us/j/{d}",
    "meet.google.com/{a}-{b}-{c}",
    "calendly.com/{h}/30min",
    "https://cal.com/{h}",
    "chat.whatsapp.com/{k}",
    "discord.gg/{k}",
    "https://docs.google.com/document/d/{k}/edit",
    "https://drive.google.com/file/d/{k}/view",
    "https://www.dropbox.com/s/{k}/brief.pdf",
    "we.tl/t-{k}",
    "https://www.loom.com/share/{k}",
    "forms.gle/{k}",
    "tg://resolve?domain={h}",
]


@family("url/lex-private-channel-link", kinds={"url"}, min_recall=0.9, tags=("url", "links"))
def _link(rng: random.Random) -> Case:
    letters = "abcdefghijklmnopqrstuvwxyz"

    def word(n: int) -> str:
        return "".join(rng.choice(letters) for _ in range(n))

    key = "".join(rng.choice(letters + letters.upper() + "0123456789") for _ in range(rng.randint(8, 20)))
    link = rng.choice(_LINKS).format(
        d=rng.randint(10**9, 10**11), a=word(3), b=word(4), c=word(3), h=_handle(rng).replace(".", ""), k=key
    )
    frame = rng.choice(["{l}", "join me here: {l}", "details here {l}", "book a slot: {l}", "quick call? {l}"])
    kinds = {"social"} if link.startswith("tg://") else {"url"}
    return Case(frame.format(l=link), kinds)


@family("social/lex-implied-identifier", kinds={"social"}, min_recall=0.85, tags=("social", "implied"))
def _implied(rng: random.Random) -> Case:
    frame = rng.choice(
        [
            "search {h} on {p}",
            "look me up as {h} on {p}",
            "my username is the same on {p}",
            "the number in my profile picture",
            "my email is in my CV",
            "contact details are on my banner",
        ]
    )
    return Case(frame.format(h=_handle(rng), p=_alias(rng, rng.choice(_PLATFORMS))), {"social"})


# --- benign look-alikes ---------------------------------------------------------------------------------------
_TOPICS = [
    "I ran {p} ads for a bakery last year",
    "Do you have experience with {p} marketing?",
    "The {p} API changed its rate limits",
    "I built a {p} bot for order updates",
    "Can you design a {p} story template?",
    "{p} integration is out of scope for this milestone",
]


@family("benign/lex-platform-as-topic", max_fpr=0.02, tags=("benign", "lexicon"))
def _topic(rng: random.Random) -> Case:
    return Case(rng.choice(_TOPICS).format(p=rng.choice(rng.choice(_PLATFORMS).aliases).title()))


_BENIGN_INTENT = [
    "I never move chats to {p}, everything stays here",
    "Please don't ask me to pay outside the platform",
    "The client asked me to continue on {p}, is that allowed?",
    "zoom in on the logo please",
    "the telegraph poles in the photo need retouching",
    "We need Venmo integration at checkout",
    "The price is $450 for the full set, paid through the milestone",
    "let's talk on {p} once the contract starts",
    "Payment goes directly through escrow as usual",
    "Can you add a line break after the title?",
    "like stripe.com, but for invoices",
    "I'll keep all communication on the platform",
]


@family("benign/lex-negations-tech-prices", max_fpr=0.02, tags=("benign", "intent"))
def _benign_intent(rng: random.Random) -> Case:
    return Case(rng.choice(_BENIGN_INTENT).format(p=rng.choice(_MESSENGERS).display))
