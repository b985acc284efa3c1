"""Generated families for recall on text nobody wrote down yet (issue 10, session 4): languages the lexicons lacked
(Russian/Ukrainian in Cyrillic, Vietnamese; Indonesian, Polish, Turkish, Italian filled in), platform nicknames and
inflections, a platform used as a verb, "as"/"como" and arrows before a handle, moving the conversation without naming
a platform, look-ups by name, partial or indirect payment proposals, and "at"/"dot" words of more languages, each with
benign look-alikes composed the same way (tech talk in those languages, negations, project talk, arrows in prose).

Sentences are composed from parts (actor x action x channel x outside x filler) so a family measures the trick, not a
sentence; the parts are written here from how people write, not copied from the detector's phrase lists.
"""

from __future__ import annotations

import random

from tests.trust.detection_gen import FIRST, LAST, Case, family


def _handle(rng: random.Random) -> str:
    a, b = rng.choice(FIRST), rng.choice(LAST)
    return rng.choice(
        [f"{a}{b}", f"{a}.{b}", f"{a}_{b}", f"{a}{rng.randint(2, 99)}", f"{a}_{b[:3]}_art", f"the{a}codes"]
    )


def _pick(rng: random.Random, *parts: list[str]) -> str:
    return " ".join(p for p in (rng.choice(part) for part in parts) if p)


def _benign_family(name: str, texts: list[str], *, max_fpr: float, tags: tuple[str, ...]) -> None:
    """A benign family drawn from written look-alikes (each list is one trick's variants)."""
    family(name, max_fpr=max_fpr, tags=tags)(lambda rng: Case(rng.choice(texts)))


# --- Russian / Ukrainian in Cyrillic --------------------------------------------------------------------------
_RU_PLATFORM_IN = [
    "в телеграм",
    "в телегу",
    "в телеграмм",
    "в вотсап",
    "в ватсап",
    "в вацап",
    "в вайбер",
    "в инсту",
    "в скайп",
    "в дискорд",
    "на телеграм",
    "в тг,",
]
_RU_PLATFORM_AT = [
    "в телеграме",
    "в телеге",
    "в вотсапе",
    "в ватсапе",
    "в вайбере",
    "в инсте",
    "в скайпе",
    "в дискорде",
]
_RU_FILLER = [
    "",
    "там удобнее",
    "там быстрее отвечу",
    "так проще",
    "если не сложно",
    "жду",
    ":)",
    "там и обсудим детали",
]


@family("social/recall-ru-uk-invitation", kinds={"social"}, min_recall=0.9, tags=("social", "intent", "ru"))
def _ru_invite(rng: random.Random) -> Case:
    if rng.random() < 0.25:
        uk = rng.choice(["давай перейдемо", "напиши мені", "пиши мені", "давайте перейдемо", "додай мене"])
        where = rng.choice(["у вайбер", "в телеграм", "у телеграм", "в вотсап", "у вайбері", "в телеграмі"])
        return Case(f"{uk} {where} {rng.choice(['', 'будь ласка', 'там зручніше'])}".strip(), {"social"}, lang="uk")
    frame = rng.choice(["move", "write", "add", "there"])
    if frame == "move":
        text = _pick(
            rng,
            ["давай", "давайте", "может", "лучше", ""],
            ["перейдём", "перейдем", "продолжим", "спишемся"],
            _RU_PLATFORM_IN,
            _RU_FILLER,
        )
    elif frame == "write":
        text = _pick(
            rng,
            ["", "если что,", "ок,"],
            ["напиши мне", "пиши", "напишите мне", "стукни", "маякни"],
            _RU_PLATFORM_IN,
            _RU_FILLER,
        )
    elif frame == "add":
        text = _pick(rng, ["", "плиз", "пожалуйста"], ["добавь меня", "добавьте меня"], _RU_PLATFORM_IN, _RU_FILLER)
    else:
        text = _pick(rng, ["найди меня", "ищи меня", "свяжись со мной"], _RU_PLATFORM_AT, ["", "так быстрее"])
    return Case(text, {"social"}, lang="ru")


_RU_PAY = ["заплати", "оплати", "переведи", "скинь деньги", "переведите оплату", "остаток переведи", "аванс скинь"]
_RU_OFF = [
    "напрямую на карту",
    "мне на карту",
    "на карту сбера",
    "на мою карту",
    "мимо сайта",
    "в обход платформы",
    "напрямую",
]
_RU_WHY = ["без комиссии", "чтобы не платить комиссию", "так дешевле", "сэкономим на комиссии", ""]


@family("payment/recall-ru-uk-off-platform", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent", "ru"))
def _ru_pay(rng: random.Random) -> Case:
    if rng.random() < 0.25:
        text = _pick(
            rng,
            ["оплати", "заплати", "перекажи гроші"],
            ["напряму на картку", "мені на картку", "повз сайт"],
            ["", "без комісії", "так дешевше"],
        )
        return Case(text, {"payment"}, lang="uk")
    return Case(_pick(rng, _RU_PAY, _RU_OFF, _RU_WHY).replace("  ", " ").strip(), {"payment"}, lang="ru")


_RU_BENIGN = [
    "я написал бота для {p} на python, он отвечает клиентам",
    "нужна интеграция с {p} API для уведомлений о заказах",
    "добавь кнопку {p} в футер сайта",
    "я не буду переходить в {p} до начала контракта",
    "оплата только через платформу, напрямую не плачу",
    "макет отправлю сюда завтра, посмотри карту сайта",
    "заказчик просит перейти в {p}, это разрешено?",
    "сделал рассылку в {p} для магазина, конверсия выросла",
    "давай перейдём к следующему этапу проекта",
    "напиши мне здесь, когда будет готово",
    "в {p} канале для бренда нужна новая обложка",
    "оплатил этап через сайт, проверь пожалуйста",
]
_RU_P = ["телеграм", "вотсап", "вайбер", "инстаграм", "телеграма", "дискорд"]


@family("benign/recall-ru-tech-and-project-talk", max_fpr=0.02, tags=("benign", "intent", "ru"))
def _ru_benign(rng: random.Random) -> Case:
    return Case(rng.choice(_RU_BENIGN).format(p=rng.choice(_RU_P)), lang="ru")


# --- Indonesian / Malay, Vietnamese ---------------------------------------------------------------------------------
_ID_P = ["WA", "wa", "WhatsApp", "Telegram", "tele", "IG", "Line"]


@family("social/recall-id-vi-invitation", kinds={"social"}, min_recall=0.9, tags=("social", "intent", "id", "vi"))
def _id_invite(rng: random.Random) -> Case:
    if rng.random() < 0.35:
        text = _pick(
            rng,
            ["", "bạn", "anh", "chị"],
            ["nhắn tin cho mình qua", "kết bạn", "ib mình qua", "nói chuyện qua", "liên hệ mình qua"],
            ["Zalo", "zalo", "Telegram", "Messenger"],
            ["nhé", "nha", "cho tiện", "đi"],
        )
        return Case(text, {"social"}, lang="vi")
    p = rng.choice(_ID_P)
    text = rng.choice(
        [
            f"lanjut ngobrol di {p} aja ya",
            f"yuk pindah ke {p} {rng.choice(['kak', 'gan', 'aja', ''])}".strip(),
            f"chat aku di {p} ya",
            f"kita lanjut di {p} aja, lebih enak",
            f"hubungi saya lewat {p} {rng.choice(['ya', 'aja', 'saja', ''])}".strip(),
            f"mending ngobrol lewat {p} aja",
        ]
    )
    return Case(text, {"social"}, lang="id")


@family("payment/recall-id-vi-off-platform", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent", "id", "vi"))
def _id_pay(rng: random.Random) -> Case:
    if rng.random() < 0.35:
        text = _pick(
            rng,
            ["", "bạn"],
            [
                "chuyển khoản trực tiếp cho mình",
                "thanh toán ngoài sàn",
                "trả tiền trực tiếp",
                "chuyển tiền vào tài khoản mình",
            ],
            ["", "khỏi mất phí", "cho đỡ mất phí sàn", "tiết kiệm phí"],
        )
        return Case(text.strip(), {"payment"}, lang="vi")
    text = _pick(
        rng,
        ["bayar langsung", "transfer langsung", "bayarnya langsung", "sisanya transfer", "tf aja"],
        ["ke rekening saya", "ke rekening BCA saya", "ke rekeningku", "ke rekening pribadi"],
        ["biar nggak kena potongan", "biar gak kena fee", "biar hemat", "tanpa potongan", "ya"],
    )
    return Case(text, {"payment"}, lang="id")


_ID_VI_BENIGN = [
    "proyeknya sudah {n}% selesai, besok saya kirim revisinya di sini",
    "saya bikin bot Telegram untuk toko online klien",
    "pembayaran lewat platform saja ya, saya tidak mau bayar di luar",
    "integrasi WhatsApp API sudah jalan di staging",
    "desain logo sudah saya upload di sini, cek ya kak",
    "mình đã làm tích hợp Zalo OA cho shop, cần sửa giao diện",
    "bản thiết kế mình gửi ở đây nhé, bạn xem giúp",
    "thanh toán qua sàn như bình thường nhé",
    "tolong jangan minta pindah ke WA sebelum kontrak",
    "saya sudah transfer pembayaran milestone lewat platform",
]


@family("benign/recall-id-vi-project-talk", max_fpr=0.02, tags=("benign", "intent", "id", "vi"))
def _id_benign(rng: random.Random) -> Case:
    text = rng.choice(_ID_VI_BENIGN).format(n=rng.randint(20, 90))
    return Case(text, lang="vi" if any(c in text for c in "ảẽạđơưầ") else "id")


# --- Inflected platform names (Polish, Turkish) ---------------------------------------------------------------------
_PL = [
    ("napisz do mnie na", ["WhatsAppa", "Telegrama", "Messengera", "Instagrama", "Discorda", "Skype'a"]),
    ("pogadajmy przez", ["Messengera", "WhatsAppa", "Telegrama", "Discorda", "Skype"]),
    ("jestem na", ["Telegramie", "Instagramie", "Discordzie", "Facebooku", "WhatsAppie"]),
    ("przejdźmy na", ["WhatsAppa", "Telegrama", "Messengera", "Signala"]),
]
_TR = ["whatsapp'tan", "telegramdan", "instagramdan", "whatsapptan", "telegram'dan", "discorddan"]


@family(
    "social/recall-inflected-platform-names", kinds={"social"}, min_recall=0.9, tags=("social", "intent", "pl", "tr")
)
def _inflected(rng: random.Random) -> Case:
    if rng.random() < 0.35:
        p = rng.choice(_TR)
        text = rng.choice([f"{p} yazalım", f"bana {p} yaz", f"{p} konuşalım", f"{p} devam edelim", f"{p} ulaş bana"])
        return Case(text, {"social"}, lang="tr")
    verb, forms = rng.choice(_PL)
    tail = rng.choice(["", "jako " + _handle(rng), ", tak będzie szybciej", "proszę"])
    if verb == "jestem na" and not tail.startswith("jako"):
        tail = "jako " + _handle(rng)
    return Case(f"{verb} {rng.choice(forms)} {tail}".strip(), {"social"}, lang="pl")


@family("benign/recall-inflected-platform-topic", max_fpr=0.02, tags=("benign", "intent", "pl", "tr"))
def _inflected_benign(rng: random.Random) -> Case:
    if rng.random() < 0.4:
        return Case(
            rng.choice(
                [
                    "telegram botu yazdım, siparişleri bildiriyor",
                    "whatsapp entegrasyonu hazır, test edebilirsin",
                    "instagram reklam kampanyası için görsel lazım",
                    "platform dışında ödeme yapmam, burada kalalım",
                ]
            ),
            lang="tr",
        )
    return Case(
        rng.choice(
            [
                "zrobiłem integrację z {p} dla sklepu",
                "potrzebuję grafiki na {p} do kampanii",
                "nie przejdę na {p} przed podpisaniem umowy",
                "bot na {p} wysyła powiadomienia o zamówieniach",
            ]
        ).format(p=rng.choice(["WhatsAppem", "Telegramem", "Instagrama", "Messengerze", "Facebooka"])),
        lang="pl",
    )


# --- A platform used as a verb; "as"/"como" and arrows before a handle -------------------------------------------
_VERB_P = ["WhatsApp", "whatsapp", "Telegram", "telegram", "WeChat", "wechat", "Viber", "Skype", "Signal app"]


@family("social/recall-platform-as-verb", kinds={"social"}, min_recall=0.9, tags=("social", "intent"))
def _as_verb(rng: random.Random) -> Case:
    p = rng.choice(_VERB_P)
    h = _handle(rng)
    return Case(
        rng.choice(
            [
                f"{p} me",
                f"{p} me: {h}",
                f"just {p} me at {h}",
                f"pls {p} me when you're free",
                f"{p} me at {h}",
                f"feel free to {p} me",
                f"{p} me, it's faster",
            ]
        ),
        {"social"},
    )


_ARROWS = ["→", "->", "=>", "-", "»", "➜", "⇒", "~", "|", ">>", "—", "::"]
_SHORT = ["ig", "insta", "IG", "tg", "Telegram", "snap", "X", "tiktok", "discord", "wa", "fb", "LinkedIn"]


@family("social/recall-handle-after-arrow", kinds={"social"}, min_recall=0.9, tags=("social", "disguise"))
def _arrow(rng: random.Random) -> Case:
    h = _handle(rng)
    at = "@" if rng.random() < 0.2 else ""
    sp = rng.choice([" ", ""]) if rng.random() < 0.3 else " "
    return Case(f"{rng.choice(_SHORT)}{sp}{rng.choice(_ARROWS)}{sp}{at}{h}", {"social"})


_AS = {
    "en": "you can find me on {p} as {h}",
    "es": "me encuentras en {p} como {h}",
    "pt": "me acha no {p} como {h}",
    "fr": "tu me trouves sur {p} comme {h}",
    "de": "du findest mich auf {p} als {h}",
    "it": "mi trovi su {p} come {h}",
    "pl": "znajdziesz mnie na {p} jako {h}",
    "id": "cari aku di {p} sebagai {h}",
}


@family("social/recall-handle-introduced-as", kinds={"social"}, min_recall=0.9, tags=("social", "multilingual"))
def _as_handle(rng: random.Random) -> Case:
    lang = rng.choice(list(_AS))
    p = rng.choice(["Instagram", "insta", "Telegram", "TikTok", "Discord", "GitHub", "Behance", "Twitter"])
    return Case(_AS[lang].format(p=p, h=_handle(rng)), {"social"}, lang=lang)


@family("benign/recall-arrows-and-as-in-prose", max_fpr=0.02, tags=("benign", "disguise"))
def _arrow_benign(rng: random.Random) -> Case:
    return Case(
        rng.choice(
            [
                "step 1 → step 2 => done",
                "homepage -> pricing -> checkout, three screens",
                "IG » reels template needed for the launch",
                "we use Instagram as a marketing channel",
                "Telegram as a notification channel for the bot",
                "export the logo as {w} and as SVG",
                "the arrow → should point right on mobile",
                "ig - story template in brand colours",
                "LinkedIn as well as Twitter ads",
                "tg → the tag group in the CMS, rename it",
            ]
        ).format(w=rng.choice(["PNG", "JPEG", "WebP"]))
    )


# --- Moving the conversation without naming a platform --------------------------------------------------------------
_LEAVE = {
    "en": (
        ["can we", "let's", "maybe we can", "could we", "shall we"],
        ["continue this", "talk", "take this conversation", "move this chat", "continue the conversation"],
        ["somewhere else", "elsewhere", "outside this site", "off the platform", "outside the platform"],
    ),
    "es": (
        ["", "mejor", "podemos"],
        ["sigamos la conversación", "hablemos", "continuemos"],
        ["en otro lado", "fuera de aquí", "por fuera", "en otra parte"],
    ),
    "pt": (
        ["", "bora", "podemos"],
        ["conversar", "continuar a conversa", "falar"],
        ["fora daqui", "em outro lugar", "fora da plataforma"],
    ),
    "fr": (["", "on peut"], ["continuer", "discuter", "parler"], ["ailleurs", "en dehors du site", "hors plateforme"]),
    "it": (
        ["", "possiamo"],
        ["continuiamo la conversazione", "parliamo", "sentiamoci"],
        ["altrove", "fuori dalla piattaforma", "da un'altra parte"],
    ),
    "ru": (
        ["давай", "давайте", "может"],
        ["продолжим общение", "поговорим", "спишемся", "пообщаемся"],
        ["в другом месте", "вне сайта", "вне платформы"],
    ),
    "id": (
        ["yuk", "gimana kalau", ""],
        ["ngobrol", "lanjut ngobrol", "diskusi"],
        ["di tempat lain", "di luar platform"],
    ),
    "pl": (["", "może"], ["pogadajmy", "porozmawiajmy", "kontynuujmy rozmowę"], ["gdzie indziej", "poza platformą"]),
}


@family("social/recall-leave-this-chat", kinds={"social"}, min_recall=0.9, tags=("social", "intent", "multilingual"))
def _leave(rng: random.Random) -> Case:
    if rng.random() < 0.15:
        return Case(
            rng.choice(["this chat is laggy", "the chat here is so slow", "this chat is buggy"])
            + ", "
            + rng.choice(["let's switch", "can we switch?", "let's move"]),
            {"social"},
        )
    if rng.random() < 0.1:
        return Case(
            f"lass uns {rng.choice(['woanders', 'außerhalb der Plattform'])} weiterreden", {"social"}, lang="de"
        )
    lang = rng.choice(list(_LEAVE))
    ask, verb, away = _LEAVE[lang]
    text = _pick(rng, ask, verb, away) + rng.choice(["", "?", ", ok?", " :)"])
    return Case(text.strip(), {"social"}, lang=lang)


_LEAVE_BENIGN_TEXTS = [
    "let's move the button somewhere else",
    "can we put the logo elsewhere on the page?",
    "let's continue the work outside the platform hours",
    "I'd rather not continue this somewhere else, the chat here is fine",
    "let's talk about it elsewhere in the doc",
    "the chat is laggy, let's switch the font to Inter",
    "can we continue this tomorrow?",
    "let's switch the hero image",
    "mejor movemos el botón a otro lado",
    "давай перенесём кнопку в другое место на странице",
    "never move a conversation off the platform, that's the rule",
]


_benign_family(
    "benign/recall-leave-look-alikes", _LEAVE_BENIGN_TEXTS, max_fpr=0.02, tags=("benign", "intent", "multilingual")
)


# --- Look-ups by name -----------------------------------------------------------------------------------------------
@family("social/recall-look-me-up-by-name", kinds={"social"}, min_recall=0.9, tags=("social", "implied"))
def _lookup(rng: random.Random) -> Case:
    name = f"{rng.choice(FIRST).title()} {rng.choice(['Studio', 'Design', 'Codes', 'Labs', LAST[0].title()])}"
    p = rng.choice(["LinkedIn", "Instagram", "Behance", "GitHub", "Facebook", "YouTube"])
    return Case(
        rng.choice(
            [
                f'search "{name}" on {p}, that\'s me',
                f"look up “{name}” on {p}",
                f"google my name, {name} {rng.choice(['Lisbon', 'Berlin', 'Austin'])} developer, first result",
                "just google my name and you'll find my portfolio",
                f"busca mi nombre en {p}",
                f"search for '{name}' on {p}",
            ]
        ),
        {"social"},
    )


_LOOKUP_BENIGN_TEXTS = [
    "don't google my name, there's a famous chef with it",
    "search my name here on the platform to see my reviews",
    'the search bar should say "Find a designer"',
    "I searched the brand on LinkedIn for research",
    'search "red sneakers" on the shop page returns nothing',
]


_benign_family("benign/recall-look-up-look-alikes", _LOOKUP_BENIGN_TEXTS, max_fpr=0.02, tags=("benign", "implied"))


# --- Partial or indirect payment proposals ----------------------------------------------------------------------------
@family("payment/recall-partial-payment-off", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent"))
def _partial(rng: random.Random) -> Case:
    rail = rng.choice(["bank transfer", "PayPal", "Wise", "Pix", "Revolut", "wire transfer"])
    return Case(
        rng.choice(
            [
                f"half here, half via {rail} to keep fees low",
                "let's do the rest privately after this milestone",
                f"the other half directly by {rail}",
                "me manda o pix, a chave é meu cpf",
                "minha chave pix é meu email, faz o pix direto",
                f"pay the remaining directly on {rail}, saves us both the fee",
                "ke rekening saya aja sisanya ya",
                "остаток переведи мне на карту",
            ]
        ),
        {"payment"},
    )


_PARTIAL_BENIGN_TEXTS = [
    "half now, half on delivery through the milestones",
    "I can start directly after the first milestone payment",
    "I won't pay outside the platform, sorry",
    "o pix do cliente caiu na conta da loja, preciso do relatório",
    "split the invoice into two milestones please",
    "the rest of the files are in the shared folder here",
]


_benign_family(
    "benign/recall-partial-payment-look-alikes", _PARTIAL_BENIGN_TEXTS, max_fpr=0.02, tags=("benign", "intent")
)


# --- "at" / "dot" words of more languages -----------------------------------------------------------------------------
_SYMBOLS = [
    ("de", "ät", "punkt"),
    ("de", "(ät)", "punkt"),
    ("ru", "собака", "точка"),
    ("uk", "равлик", "крапка"),
    ("fi", "miukumauku", "piste"),
    ("sv", "snabel-a", "punkt"),
    ("hu", "kukac", "pont"),
    ("it", "chiocciola", "punto"),
    ("pl", "małpa", "kropka"),
    ("tr", "at", "nokta"),
    ("vi", "a còng", "chấm"),
    ("no", "krøllalfa", "punktum"),
]


@family("email/recall-spelled-symbols-more-languages", kinds={"email"}, min_recall=0.9, tags=("email", "multilingual"))
def _symbols(rng: random.Random) -> Case:
    lang, at, dot = rng.choice(_SYMBOLS)
    user = f"{rng.choice(FIRST)}{rng.choice(['', '.', '_'])}{rng.choice(LAST)}"
    provider = rng.choice(["gmail", "gmx", "mail", "yandex", "outlook", "web"])
    tld = rng.choice(["com", "de", "ru", "net"])
    dot_user = user.replace(".", f" {dot} ")
    return Case(
        f"{rng.choice(['', 'mail: ', 'e-mail '])}{dot_user} {at} {provider} {dot} {tld}".strip(), {"email"}, lang=lang
    )


# --- Phone numbers written nationally in the new languages, and spelled in Cyrillic ------------------------------
_NATIONAL = {
    "ru": ("RU", ["мой номер {x}", "звони {x}", "телефон: {x}", "вотсап {x}", "позвоните мне {x}", "номер {x}, пиши"]),
    "uk": ("UA", ["мій номер {x}", "дзвони {x}", "телефон {x}, пиши у вайбер"]),
    "id": ("ID", ["nomor saya {x}", "WA: {x}", "hubungi {x} ya kak", "nomor WA aku {x}"]),
    "vi": ("VN", ["zalo {x}", "sđt mình {x}", "số điện thoại của mình là {x}", "gọi mình {x} nhé"]),
    "tr": ("TR", ["numaram {x}", "beni ara {x}", "telefonum {x}, whatsapp'tan yaz"]),
    "pl": ("PL", ["mój numer {x}", "zadzwoń {x}", "numer telefonu: {x}"]),
}


@family("phone/recall-national-format-new-languages", kinds={"phone"}, min_recall=0.9, tags=("phone", "multilingual"))
def _national(rng: random.Random) -> Case:
    import phonenumbers

    from tests.trust.detection_gen import phone

    lang = rng.choice(list(_NATIONAL))
    region, frames = _NATIONAL[lang]
    number = phone(rng, region)
    fmt = rng.choice([phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL])
    text = phonenumbers.format_number(number, fmt)
    if rng.random() < 0.3:
        text = text.replace(" ", "").replace("-", "")
    return Case(rng.choice(frames).format(x=text), {"phone"}, lang=lang, identifier=text)


_CYRILLIC_DIGITS = {
    "ru": "ноль один два три четыре пять шесть семь восемь девять".split(),
    # Ukrainian "п'ять"/"дев'ять" are left out: the number parser's tokens stop at the apostrophe (README, limits)
    "uk": "нуль один два три чотири пять шість сім вісім девять".split(),
}


@family("phone/recall-cyrillic-digit-words", kinds={"phone"}, min_recall=0.9, tags=("phone", "multilingual", "ru"))
def _cyrillic_digits(rng: random.Random) -> Case:
    from tests.trust.detection_gen import phone

    lang = rng.choice(list(_CYRILLIC_DIGITS))
    number = phone(rng, "RU" if lang == "ru" else "UA")
    digits = ("8" if lang == "ru" else "0") + str(number.national_number)
    spelled = " ".join(_CYRILLIC_DIGITS[lang][int(d)] for d in digits)
    frame = rng.choice(["мой номер {x}", "звони: {x}", "{x}, это мой вотсап"] if lang == "ru" else ["мій номер {x}"])
    return Case(frame.format(x=spelled), {"phone"}, lang=lang, identifier=digits)


_ORDER_LIKE = [
    "заказ номер {n} оплачен, спасибо",
    "номер заказа {n}, проверь статус",
    "номер версии {n} уже на сервере",
    "nomor pesanan {n} sudah dikirim",
    "nomor invoice {n} sudah lunas lewat platform",
    "sipariş numarası {n}, kargoya verildi",
    "numer zamówienia {n} jest w systemie",
    "mã đơn hàng {n} đã giao",
    "в доме {n} квартир, нужно посчитать",
]


@family("benign/recall-order-numbers-new-languages", max_fpr=0.02, tags=("benign", "phone", "multilingual"))
def _order_like(rng: random.Random) -> Case:
    return Case(rng.choice(_ORDER_LIKE).format(n=rng.randint(10_000_000, 9_999_999_999)))


# --- Asking for the reader's contact ----------------------------------------------------------------------------------
_ASK_YOURS = {
    "en": (
        ["send me your {p}", "what's your {p}?", "can I have your {p}", "mind sharing your {p}?"],
        ["WhatsApp", "Telegram", "number", "Instagram", "Skype"],
    ),
    "es": (["pásame tu {p}", "¿cuál es tu {p}?", "me das tu {p}?"], ["WhatsApp", "número", "Telegram", "insta"]),
    "pt": (
        ["me passa seu {p}", "qual é o seu {p}?", "me manda teu {p}"],
        ["zap", "whats", "número", "Telegram", "insta"],
    ),
    "ru": (
        ["кинь свой {p}, я напишу", "дай свой {p}", "скиньте ваш {p}", "какой у тебя {p}?"],
        ["вотсап", "телеграм", "номер", "ватсап", "инстаграм"],
    ),
    "id": (
        ["boleh minta {p} nya?", "minta {p} kamu dong", "bagi {p} nya kak"],
        ["nomor WA", "WA", "nomor", "Telegram", "IG"],
    ),
    "pl": (["podaj swój {p}", "daj swój {p}"], ["numer", "WhatsApp", "Telegram"]),
}


@family(
    "social/recall-asks-for-your-contact", kinds={"social"}, min_recall=0.9, tags=("social", "intent", "multilingual")
)
def _ask_yours(rng: random.Random) -> Case:
    lang = rng.choice(list(_ASK_YOURS))
    frames, targets = _ASK_YOURS[lang]
    return Case(rng.choice(frames).format(p=rng.choice(targets)), {"social"}, lang=lang)


_ASK_YOURS_BENIGN = [
    "send me your logo files",
    "what's your number of revisions?",
    "share your screen please",
    "give me your feedback on the WhatsApp integration",
    "what's your Instagram strategy for Q3?",
    "share your Figma link in the brief here",
    "скинь свой макет сюда",
    "какой у тебя номер заказа?",
    "boleh minta nomor invoice nya?",
    "qual é o seu número de revisões?",
    "pásame tu número de pedido",
    "your number is wrong in the footer",
    "dame tu opinión sobre el logo",
]


_benign_family(
    "benign/recall-asks-for-your-look-alikes",
    _ASK_YOURS_BENIGN,
    max_fpr=0.02,
    tags=("benign", "intent", "multilingual"),
)


# --- More English (and es/pt) variants: "my tg is ...", "@x on all socials", fee dodging, offering one's own contact --
_WEAK_SHORT = ["tg", "ig", "snap", "wa", "fb", "dc", "gh"]


@family("social/recall-my-alias-is-handle", kinds={"social"}, min_recall=0.9, tags=("social", "lexicon"))
def _my_alias_is(rng: random.Random) -> Case:
    h = _handle(rng)
    frame = rng.choice(["my {a} is {h}", "My {a} is {h}.", "my {a} is {h} btw", "oh and my {a} is {h}"])
    return Case(frame.format(a=rng.choice(_WEAK_SHORT), h=h), {"social"})


@family("social/recall-handle-on-all-socials", kinds={"social"}, min_recall=0.9, tags=("social", "lexicon"))
def _all_socials(rng: random.Random) -> Case:
    h = _handle(rng)
    frame = rng.choice(
        [
            "I'm @{h} on most socials",
            "@{h} on all socials",
            "find me as @{h} on all my socials",
            "same @{h} on every social",
        ]
    )
    return Case(frame.format(h=h), {"social"})


@family("payment/recall-fee-dodging-phrases", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent"))
def _fee_dodging(rng: random.Random) -> Case:
    rail = rng.choice(["PayPal", "paypal", "PP"])
    return Case(
        rng.choice(
            [
                f"can you send it via {rail} friends and family?",
                f"pay on {rail} as F&F so neither of us loses fees",
                "we can settle outside, I'll give you 10% off",
                "just pay me outside and keep it simple",
                "let's go direct for the next one, cheaper for both",
                "if we work directly I can drop my rate",
            ]
        ),
        {"payment"},
    )


@family("social/recall-offer-own-contact", kinds={"social"}, min_recall=0.9, tags=("social", "intent", "multilingual"))
def _offer_own(rng: random.Random) -> Case:
    lang = rng.choice(["en", "es", "pt"])
    text = {
        "en": rng.choice(["I'll send you my email", "I'll text you my number", "I'll send you my number privately"]),
        "es": rng.choice(["te paso mi número por privado", "te mando mi correo", "te paso mi número"]),
        "pt": rng.choice(["te passo meu número", "te mando meu email", "te passo meu número no privado"]),
    }[lang]
    return Case(text, {"social"}, lang=lang)


@family("social/recall-pointer-in-own-files", kinds={"social"}, min_recall=0.9, tags=("social", "implied"))
def _own_files(rng: random.Random) -> Case:
    what = rng.choice(["number", "email", "phone number", "contact details", "whatsapp"])
    where = rng.choice(["portfolio pdf", "attached pdf", "signature", "CV", "intro video", "first image"])
    return Case(
        rng.choice([f"my {what}'s in my {where}", f"my {what} is in the {where}", f"{what} in my {where}"]), {"social"}
    )


_DESIGN_NOTES = [
    "add the email link in the logo",
    "the phone number field in the first image is wrong",
    "put the website link in the video description",
    "my portfolio has twenty logos in it",
    "the contact form is in the footer video",
    "friends and family discount banner for the shop page",
    "I'll pay for the outside render myself, no problem",
    "let's settle the outstanding questions first",
    "send me your logo files in the attached pdf format",
]


_benign_family(
    "benign/recall-design-notes-with-contact-words", _DESIGN_NOTES, max_fpr=0.02, tags=("benign", "implied", "intent")
)


# --- Malay, and more Turkish / Italian / Polish payment wording -----------------------------------------------------
_MS_INVITE = ["jom sembang kat {p}", "mesej saya kat {p} ya", "boleh {p} saya nanti", "jom borak kat {p}"]
_MS_PAY = [
    "bayar terus ke akaun saya, tak kena caj",
    "bank-in terus ke akaun {b} saya",
    "transfer ke akaun saya terus, jimat caj",
]
_MORE_PAY = {
    "tr": ["sitenin dışında anlaşalım, komisyon vermeyelim", "parayı doğrudan hesabıma gönder, kesinti olmasın"],
    "it": ["pagami con paypal amici così non paghiamo commissioni", "fuori dalla piattaforma costa meno a entrambi"],
    "pl": ["zapłać blikiem na mój numer, bez prowizji", "przelej bezpośrednio na moje konto, taniej"],
}


@family("social/recall-malay-invitation", kinds={"social"}, min_recall=0.9, tags=("social", "intent", "ms"))
def _ms_invite(rng: random.Random) -> Case:
    p = rng.choice(["WhatsApp", "whatsapp", "Telegram", "WA"])
    frame = rng.choice(_MS_INVITE)
    if p == "WA" and frame.startswith("boleh"):
        p = "WhatsApp"
    return Case(frame.format(p=p), {"social"}, lang="ms")


@family(
    "payment/recall-more-payment-wording", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent", "multilingual")
)
def _more_pay(rng: random.Random) -> Case:
    if rng.random() < 0.3:
        bank = rng.choice(["maybank", "CIMB", "public bank"])
        return Case(rng.choice(_MS_PAY).format(b=bank), {"payment"}, lang="ms")
    lang = rng.choice(list(_MORE_PAY))
    return Case(rng.choice(_MORE_PAY[lang]), {"payment"}, lang=lang)


_MS_BENIGN = [
    "saya boleh mula esok, bayaran ikut milestone dalam platform",
    "tolong hantar brief kat sini ya",
    "saya dah siapkan bot telegram untuk kedai online",
    "caj perkhidmatan platform dah termasuk dalam harga",
]
_benign_family("benign/recall-malay-project-talk", _MS_BENIGN, max_fpr=0.02, tags=("benign", "intent", "ms"))


# --- Implied identifiers in more languages ------------------------------------------------------------------------
_IMPLIED_MORE = [
    ("ru", "мой номер на аватарке"),
    ("ru", "моя почта в резюме"),
    ("ru", "в {p} такой же ник, как здесь"),
    ("vi", "số điện thoại trong ảnh đại diện của mình"),
    ("pt", "procure meu nome no {p}"),
    ("es", "busca mi nombre en {p}"),
    ("en", "my number's in my portfolio pdf"),
    ("id", "nomor WA saya ada di foto profil"),
]


@family(
    "social/recall-implied-more-languages", kinds={"social"}, min_recall=0.9, tags=("social", "implied", "multilingual")
)
def _implied_more(rng: random.Random) -> Case:
    lang, frame = rng.choice(_IMPLIED_MORE)
    p = rng.choice(["инсте", "телеге"] if lang == "ru" else ["LinkedIn", "Instagram", "Behance"])
    return Case(frame.format(p=p), {"social"}, lang=lang)


_IMPLIED_MORE_BENIGN = [
    "номер заказа в описании профиля",
    "добавь номер телефона в шапку профиля",
    "номер телефона в резюме неправильный, исправь",
    "аватарка для телеграм-канала, номер 2",
    "the same font as here, please",
    "mismo nombre que el archivo anterior",
    "số điện thoại trong ảnh mẫu cần làm mờ",
]
_benign_family(
    "benign/recall-implied-more-languages-look-alikes", _IMPLIED_MORE_BENIGN, max_fpr=0.02, tags=("benign", "implied")
)


_MY_ALIAS_STATE = [
    "my ig is down today",
    "my tg is broken since the update",
    "my wa is not working",
    "my fb is private",
    "my gh is outdated",
    "my snap is acting up",
    "my signal is weak here",
    "my ig is mostly food pics",
]
_benign_family("benign/recall-my-alias-is-a-state", _MY_ALIAS_STATE, max_fpr=0.02, tags=("benign", "lexicon"))
