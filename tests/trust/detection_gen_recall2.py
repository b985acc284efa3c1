"""Generated families for the second recall pass (issue 10, session 4): being paid on a named rail ("pode me pagar
via Pix?"), pointers to a number shown elsewhere next to a platform ("whatsapp is the same number"), leaving the site
in general words ("let's take this off-site and talk privately"), payment splits where one part goes "directly",
self-naming on a platform, Turkish hundreds and Ukrainian apostrophe number words; each with look-alikes composed the
same way. Parts are written from how people write, not copied from the detector's phrase lists.
"""

from __future__ import annotations

import random

from tests.trust.detection_gen import Case, benign_family, family

# --- "pay me via <rail>" in every language ------------------------------------------------------------------------
_PAY_ME_RAIL = {
    "en": (
        ["can you pay me via {r}?", "just pay me with {r}", "you can pay me on {r}", "pay me through {r} pls"],
        ["PayPal", "Zelle", "Venmo", "Wise", "Revolut", "Cash App", "Payoneer"],
    ),
    "pt": (
        ["pode me pagar via {r}?", "me paga no {r}", "pode me pagar por {r}", "me manda o pagamento pelo {r}"],
        ["Pix", "pix", "PicPay", "Mercado Pago", "PayPal"],
    ),
    "es": (
        ["¿puedes pagarme con {r}?", "págame por {r}", "me pagas por {r} y listo", "me puedes pagar por {r}?"],
        ["Nequi", "Bizum", "Yape", "Mercado Pago", "Zelle", "PayPal"],
    ),
    "de": (
        ["zahl mir einfach per {r}", "kannst du mir per {r} zahlen?", "überweis mir das über {r}"],
        ["PayPal", "Revolut", "Wise"],
    ),
    "fr": (["tu peux me payer par {r} ?", "payez-moi via {r}", "paie-moi sur {r}"], ["PayPal", "Lydia", "Revolut"]),
    "it": (["pagami con {r}", "mi paghi su {r}?", "puoi pagarmi con {r}?"], ["Satispay", "PayPal", "PostePay"]),
    "tr": (["bana {r} ile öde", "{r} ile ödeyebilir misin?", "{r} üzerinden öde bana"], ["Papara", "ininal", "PayPal"]),
    "id": (["bayar saya pakai {r} ya", "bayarnya lewat {r} aja", "bisa bayar via {r}?"], ["OVO", "GoPay", "DANA"]),
    "ru": (
        ["оплатите мне на {r}", "переведи мне на {r}", "можешь оплатить через {r}?"],
        ["Сбер", "Тинькофф", "ЮMoney"],
    ),
    "uk": (["оплатіть мені на {r}", "скинь мені на {r}"], ["Монобанк", "ПриватБанк"]),
    "vi": (["trả tiền qua {r} cho mình nhé", "thanh toán qua {r} được không?"], ["Momo", "MoMo", "ZaloPay"]),
    "pl": (["zapłać mi {r}", "przelej mi przez {r}"], ["BLIK", "Revolut"]),
    "nl": (["betaal me via {r}", "kun je me betalen via {r}?"], ["Tikkie", "PayPal"]),
}


@family(
    "payment/recall2-pay-me-via-rail", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent", "multilingual")
)
def _pay_me_rail(rng: random.Random) -> Case:
    lang = rng.choice(list(_PAY_ME_RAIL))
    frames, rails = _PAY_ME_RAIL[lang]
    return Case(rng.choice(frames).format(r=rng.choice(rails)), {"payment"}, lang=lang)


_PAY_ME_RAIL_BENIGN = [
    "can you pay me through the milestone, not PayPal?",
    "please don't pay me via PayPal, use the platform",
    "the client wants to pay me via Payoneer, is that allowed?",
    "integrate Pix so customers can pay me via Pix in the checkout",
    "o cliente pode me pagar pela plataforma, sem Pix",
    "pay me on time please, I use revolut for my bills",
    "ödeme butonunu Papara ile öde yazısıyla değiştir",
    "no me pagues por Bizum, mejor por la plataforma",
    "the PayPal button should say 'pay me' in the mockup",
    "bayar lewat platform saja, jangan pakai OVO",
]
benign_family("benign/recall2-pay-me-rail-look-alikes", _PAY_ME_RAIL_BENIGN, max_fpr=0.02, tags=("benign", "intent"))


# --- a number shown elsewhere, with a messenger: "whatsapp is the same number" -------------------------------------
_SAME_NUMBER = {
    "en": [
        "{p} is the same number",
        "my {p}: same as my phone",
        "same number on {p}",
        "{p} - same number as my cell",
        "you can reach me on {p}, same number",
        "{p}? same digits as my phone",
    ],
    "es": ["{p} es el mismo número", "en {p} el mismo número", "mi {p}: igual que mi teléfono"],
    "pt": ["{p} é o mesmo número", "no {p} o mesmo número do celular", "{p}: mesmo número"],
    "fr": ["{p} c'est le même numéro", "même numéro sur {p}"],
    "de": ["{p} ist die gleiche Nummer", "auf {p} dieselbe Nummer"],
    "it": ["su {p} lo stesso numero", "{p} stesso numero"],
    "tr": ["{p} aynı numara", "{p}'ta aynı numaradan yaz"],
    "id": ["{p} nomornya sama ya", "{p} nomor yang sama"],
    "ru": ["в {p} тот же номер", "{p} — тот же номер, что и телефон", "по тому же номеру в {p}"],
    "uk": ["у {p} той самий номер", "{p}: той же номер"],
    "vi": ["{p} cùng số nhé", "{p} cùng số điện thoại"],
}
_MESSENGERS = ["WhatsApp", "whatsapp", "Telegram", "telegram", "Viber", "viber", "Signal", "WA", "tg"]
_MESSENGERS_LOCAL = {
    "ru": ["телеграм", "вотсап", "вайбер", "телеге"],
    "uk": ["телеграмі", "вайбері", "вотсапі"],
    "vi": ["Zalo", "zalo", "Viber"],
    "pt": ["zap", "WhatsApp", "whats"],
    "id": ["WA", "Telegram"],
}


@family("social/recall2-same-number-on-messenger", kinds={"social"}, min_recall=0.9, tags=("social", "implied"))
def _same_number(rng: random.Random) -> Case:
    lang = rng.choice(list(_SAME_NUMBER))
    p = rng.choice(_MESSENGERS_LOCAL.get(lang, _MESSENGERS))
    return Case(rng.choice(_SAME_NUMBER[lang]).format(p=p), {"social"}, lang=lang)


_SAME_NUMBER_BENIGN = [
    "on telegram bots you need the same number of workers",
    "the same number of followers on instagram and tiktok",
    "use the same number format as the WhatsApp export",
    "el mismo número de páginas que en la versión de WhatsApp",
    "the Telegram channel shows the same number of members every day",
    "нужен тот же номер версии, что и в телеграм боте",
    "same number of slides as the LinkedIn carousel",
    "the Instagram and TikTok posts show the same number",
    "o mesmo número de telas do app de WhatsApp",
    "keep the same phone frame for the WhatsApp mockups",
]
benign_family("benign/recall2-same-number-look-alikes", _SAME_NUMBER_BENIGN, max_fpr=0.02, tags=("benign", "implied"))


# --- leaving the site in general words: "let's get off this site and chat privately" ------------------------------
_LEAVE_PRIVATE = {
    "en": (
        ["let's", "can we", "could we", "shall we", ""],
        ["talk", "chat", "continue", "discuss this"],
        ["privately", "in private", "off-site", "offline", "somewhere else"],
        ["", "?", ", easier", " pls"],
    ),
    "es": (
        ["", "¿podemos", "mejor"],
        ["hablemos", "seguimos", "conversemos"],
        ["en privado", "por privado", "fuera de aquí"],
        ["", "?", " mejor"],
    ),
    "pt": (
        ["", "podemos", "bora"],
        ["conversar", "falar", "continuar"],
        ["em particular", "no privado", "fora do site"],
        ["", "?", " melhor"],
    ),
    "de": (
        ["lass uns", "können wir"],
        ["privat weiterreden", "woanders weiterschreiben", "unter vier augen sprechen"],
        [""],
        ["", "?"],
    ),
    "fr": ([""], ["parlons-en", "continuons", "discutons"], ["en privé", "ailleurs", "hors du site"], ["", " ?"]),
    "ru": (
        ["давай", "можем"],
        ["поговорим", "обсудим", "продолжим"],
        ["в личке", "наедине", "в другом месте"],
        ["", "?"],
    ),
    "uk": (["давай", "може"], ["поговоримо", "обговоримо"], ["в особисті", "наодинці", "поза сайтом"], ["", "?"]),
    "tr": (["hadi", ""], ["özelden konuşalım", "başka yerde konuşalım", "özelden yazışalım"], [""], ["", "?"]),
    "id": (
        ["yuk", "mending"],
        ["ngobrol", "lanjut ngobrol"],
        ["secara pribadi", "di luar platform", "lewat japri"],
        ["", " aja"],
    ),
    "pl": ([""], ["porozmawiajmy", "pogadajmy"], ["prywatnie", "gdzie indziej", "poza serwisem"], ["", "?"]),
    "it": ([""], ["ne parliamo", "continuiamo"], ["in privato", "altrove", "fuori dal sito"], ["", "?"]),
    "vi": (["mình", "chúng ta"], ["nói chuyện", "trao đổi"], ["riêng", "chỗ khác", "ngoài nền tảng"], [" nhé", ""]),
}


@family("social/recall2-leave-in-general-words", kinds={"social"}, min_recall=0.9, tags=("social", "intent"))
def _leave_private(rng: random.Random) -> Case:
    lang = rng.choice(list(_LEAVE_PRIVATE))
    ask, verb, where, tail = (rng.choice(part) for part in _LEAVE_PRIVATE[lang])
    if lang == "en" and rng.random() < 0.3:
        return Case(f"let's get off this site and {verb} {where}{tail}".replace("  ", " "), {"social"})
    text = " ".join(p for p in (ask, verb, where) if p) + tail
    return Case(text, {"social"}, lang=lang)


_LEAVE_PRIVATE_BENIGN = [
    "the private repo is on github",
    "the app has an offline mode",
    "the company is privately funded",
    "let's talk about the private repo access",
    "we can discuss the privately funded round in the deck",
    "I never talk privately with clients, everything stays here",
    "let's keep talking here, no need to go private",
    "the offline mode should sync when back online",
    "hablemos del repositorio privado",
    "vamos falar sobre o modo offline",
    "let's chat about the off-site backup strategy",
    "wir sprechen privat über das Budget im Meeting",
    "можем обсудить приватный ключ",
    "özel olarak tasarlanmış logo",
    "riêng phần logo mình làm lại nhé",
    "talk privately funded startups into hiring",
]
benign_family("benign/recall2-private-and-offline-talk", _LEAVE_PRIVATE_BENIGN, max_fpr=0.02, tags=("benign", "intent"))


# --- a payment split where one part goes "directly" / "outside" ----------------------------------------------------
_SPLIT = {
    "en": (
        [
            "{a} percent here",
            "{a}% via escrow",
            "{a}% through here",
            "{a}% via the platform",
            "{a}% on here",
            "a third here",
            "half here",
        ],
        [
            "the other {b}% directly",
            "{b}% outside",
            "the rest by bank transfer",
            "rest directly to me",
            "the other {b}% straight to my account",
        ],
    ),
    "es": (
        ["{a}% por aquí", "la mitad por la plataforma", "una parte aquí"],
        ["el otro {b}% directo", "el resto directo", "la otra mitad por fuera"],
    ),
    "pt": (
        ["{a}% por aqui", "metade aqui", "uma parte aqui"],
        ["os outros {b}% direto", "o resto direto", "o resto por fora"],
    ),
    "ru": (["{a}% здесь", "половину здесь", "часть тут"], ["остальное напрямую", "остальные {b}% мне на карту"]),
    "de": (["{a}% hier", "die hälfte hier"], ["den rest direkt", "die anderen {b}% direkt auf mein konto"]),
    "tr": (["%{a} burada", "yarısı burada"], ["kalanı doğrudan", "kalan %{b} doğrudan hesabıma"]),
}


@family("payment/recall2-split-part-outside", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent"))
def _split_part(rng: random.Random) -> Case:
    lang = rng.choice(list(_SPLIT))
    here, out = _SPLIT[lang]
    a = rng.choice([20, 30, 40, 50, 60])
    glue = (
        rng.choice([" and ", ", ", " + "]) if lang == "en" else rng.choice([" e ", " y ", ", ", " и ", " und ", " ve "])
    )
    text = rng.choice(here).format(a=a) + glue + rng.choice(out).format(b=100 - a)
    return Case(text, {"payment"}, lang=lang)


_SPLIT_BENIGN = [
    "split 50% now and 50% on delivery through the milestones",
    "50% upfront and 50% on delivery",
    "the outside wall is 50% done and the roof 30%",
    "conversion went up 50% outside the US and 20% inside",
    "the image is 50% transparent outside the frame and 100% inside",
    "50% of users here and 50% directly from google",
    "30% of the site traffic comes from outside the EU, 70% local",
    "I'll pay for the outside render myself, no problem",
    "la mitad del diseño aquí y la otra mitad en la segunda página",
    "the rest of the 50% discount applies here, not outside",
    "conversion went up 50 percent outside the US and 20 percent here",
    "60% via escrow and 40% on delivery",
]
benign_family("benign/recall2-split-look-alikes", _SPLIT_BENIGN, max_fpr=0.02, tags=("benign", "intent"))


# --- spelled numbers: Turkish hundreds and spaced tens, Ukrainian words with an apostrophe -------------------------
_TR_UNITS = ["sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz"]
_TR_TENS = ["", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan"]
_UK_UNITS = ["нуль", "один", "два", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"]


def _tr_spell(n: int) -> str:
    """0..999 in Turkish words, spaced as people type them ("beş yüz otuz iki")."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words = [] if not h else (["yüz"] if h == 1 else [_TR_UNITS[h], "yüz"])
    words += [_TR_TENS[t]] if t else []
    words += [_TR_UNITS[u]] if u or not words else []
    return " ".join(words)


@family("phone/recall2-turkish-hundreds-ukrainian-apostrophe", kinds={"phone"}, min_recall=0.9, tags=("phone", "words"))
def _spelled_more(rng: random.Random) -> Case:
    if rng.random() < 0.5:  # Turkish mobile 5xx xxx xx xx, grouped as spoken
        groups = [rng.randint(530, 559), rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99)]
        spoken = ", ".join(_tr_spell(g) for g in groups)
        return Case(rng.choice(["numaram {}", "ara beni: {}", "telefonum {} ara"]).format(spoken), {"phone"}, lang="tr")
    digits = "0" + rng.choice(["67", "97", "50", "63", "93"]) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    apostrophe = rng.choice(["'", "’", "ʼ"])
    spoken = " ".join(_UK_UNITS[int(d)].replace("'", apostrophe) for d in digits)
    return Case(rng.choice(["мій номер {}", "телефон: {}", "дзвоніть {}"]).format(spoken), {"phone"}, lang="uk")


_SPELLED_MORE_BENIGN = [
    "sayfa beş yüz otuz iki kelime olsun",
    "otuz iki sayfa, yirmi üç resim",
    "logo yüz yirmi piksel, başlık kırk beş",
    "п'ять сторінок і дев'ять ілюстрацій",
    "зробимо п'ять банерів за дев'ять днів",
    "beş yüz lira, teslim yedi gün",
]
benign_family("benign/recall2-spelled-counts", _SPELLED_MORE_BENIGN, max_fpr=0.02, tags=("benign", "words"))


# --- naming oneself on a platform without a handle's shape ---------------------------------------------------------
_SELF_NAMES = ["Maria Lopez", "Kostya Petrov", "Ana Souza", "Jan Kowalski", "Nguyễn Văn An", "Ayşe Demir"]
_SELF_HANDLES = ["pixelmaria", "maria.draws", "kostya_dev", "anacodes"]
_SELF_NAMING = [
    ("en", "on {p} I'm known as {h}"),
    ("en", "on {p} I go by {h}"),
    ("en", "{p}: I'm {n}, add me"),
    ("en", "I'm the only '{n}' on {p}"),
    ("en", "type my full name into {p} search, {n}"),
    ("es", "en {p} soy {n}, agrégame"),
    ("pt", "no {p} sou {n}, me adiciona"),
    ("vi", "{p} mình là {n}, kết bạn nhé"),
    ("ru", "в {p} я {n}, добавляйся"),
    ("id", "di {p} saya {n}, add aja"),
]


@family("social/recall2-self-naming-on-platform", kinds={"social"}, min_recall=0.9, tags=("social", "implied"))
def _self_naming(rng: random.Random) -> Case:
    lang, frame = rng.choice(_SELF_NAMING)
    p = rng.choice(
        ["Telegram", "telegram", "Instagram", "Facebook", "Zalo"] if lang != "ru" else ["телеграме", "инсте"]
    )
    return Case(frame.format(p=p, n=rng.choice(_SELF_NAMES), h=rng.choice(_SELF_HANDLES)), {"social"}, lang=lang)


_SELF_NAMING_BENIGN = [
    "on LinkedIn I'm a senior designer",
    "On LinkedIn I'm Senior Designer at Acme",
    "in Telegram I am busy today",
    "I'm known as the fastest designer on Fiverr",
    "I'm the only designer on this team using Figma",
    "we go by bus to the office, then telegram the team",
    "known issues on the GitHub page",
    "the only thing on Instagram is the logo",
    "en Instagram soy muy activa con los clientes",
]
benign_family("benign/recall2-self-naming-look-alikes", _SELF_NAMING_BENIGN, max_fpr=0.02, tags=("benign", "implied"))
