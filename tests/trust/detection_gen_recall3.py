"""Generated families for the third recall pass (session 5), from an outsider probe of forms the tables lacked:

- a modal question with an infinitive or a clitic verb ("can you write me on…", "¿puedes escribirme por…",
  "kannst du mir auf … schreiben?", "Ти можеш написати мені у …?"), and Russian/Ukrainian "давай в …" ellipsis;
- a message named after its messenger, with an article ("mándame un whats", "schick mir eine WhatsApp", "drop me a
  Telegram"), and a weak alias followed by a time word or "que" ("me chama no zap amanhã");
- agreeing to be paid on a named rail ("Western Union works for me", "me sirve Zelle", "Сбер мне подходит").

Each with look-alikes composed the same way that must stay benign: work on a platform ("write a post on LinkedIn",
"напиши пост в инстаграм"), messages the product sends to third parties ("send the customer a WhatsApp"), a rail as a
withdrawal method or in a checkout, and "works for me" said of a deadline. Parts are written from how people write,
not copied from the detector's phrase lists.
"""

from __future__ import annotations

import random

from tests.trust.detection_gen import Case, benign_family, family

_MESSENGERS = {
    "en": ["WhatsApp", "Telegram", "Signal", "Viber"],
    "es": ["WhatsApp", "Telegram", "wasap"],
    "pt": ["WhatsApp", "Telegram", "zap"],
    "fr": ["WhatsApp", "Telegram", "Signal"],
    "de": ["WhatsApp", "Telegram", "Signal"],
    "it": ["WhatsApp", "Telegram"],
    "nl": ["WhatsApp", "Telegram"],
    "pl": ["WhatsAppie", "Telegramie", "Messengerze"],
    "ru": ["телеграм", "вотсап", "вайбер", "телегу"],
    "uk": ["телеграм", "вайбер", "вотсап"],
}

# --- a modal question with an infinitive or clitic verb ------------------------------------------------------------
_MODAL = {
    "en": ["can you {v} on {p}?", "could you {v} on {p}?", "would you mind {g} on {p}?", "is it ok to {v} on {p}?"],
    "es": ["¿puedes {v} por {p}?", "¿me podrías {v} por {p}?", "¿podés {v} por {p}?"],
    "pt": ["pode {v} no {p}?", "você pode {v} no {p}?", "consegue {v} no {p}?"],
    "fr": ["tu peux {v} sur {p} ?", "vous pouvez {v} sur {p} ?", "pourriez-vous {v} sur {p} ?"],
    "de": ["kannst du mir auf {p} {v}?", "könnten Sie mir über {p} {v}?", "magst du mir per {p} {v}?"],
    "it": ["puoi {v} su {p}?", "mi potresti {v} su {p}?"],
    "nl": ["kun je me {v} op {p}?", "wil je me even {v} via {p}?"],
    "pl": ["możesz {v} na {p}?", "czy możesz {v} na {p}?"],
    "ru": ["ты можешь {v} в {p}?", "можете {v} в {p}?", "можно {v} в {p}?"],
    "uk": ["ти можеш {v} у {p}?", "можете {v} в {p}?", "можна {v} у {p}?"],
}
_VERBS = {
    "en": (["text me", "message me", "add me", "write me", "call me"], ["messaging me", "texting me", "adding me"]),
    "es": (["escribirme", "llamarme", "agregarme", "contactarme", "mandarme un mensaje"], []),
    "pt": (["me chamar", "me mandar mensagem", "me adicionar", "me ligar", "falar comigo"], []),
    "fr": (["m'écrire", "m'appeler", "m'ajouter", "me contacter", "m'envoyer un message"], []),
    "de": (["schreiben", "eine Nachricht schicken"], []),
    "it": (["scrivermi", "chiamarmi", "aggiungermi", "contattarmi"], []),
    "nl": (["appen", "bellen", "een berichtje sturen"], []),
    "pl": (["napisać do mnie", "zadzwonić", "dodać mnie"], []),
    "ru": (["написать мне", "написать", "позвонить мне", "добавить меня"], []),
    "uk": (["написати мені", "написати", "подзвонити мені", "додати мене"], []),
}


@family(
    "social/recall3-modal-infinitive-invite",
    kinds={"social"},
    min_recall=0.9,
    tags=("social", "intent", "multilingual"),
)
def _modal_invite(rng: random.Random) -> Case:
    lang = rng.choice(list(_MODAL))
    verbs, gerunds = _VERBS[lang]
    frame = rng.choice(_MODAL[lang])
    if "{g}" in frame and not gerunds:
        frame = _MODAL[lang][0]
    text = frame.format(v=rng.choice(verbs), g=rng.choice(gerunds or verbs), p=rng.choice(_MESSENGERS[lang]))
    return Case(text, {"social"}, lang=lang)


@family("social/recall3-lets-ellipsis", kinds={"social"}, min_recall=0.9, tags=("social", "intent", "multilingual"))
def _lets_ellipsis(rng: random.Random) -> Case:
    lang = rng.choice(["ru", "uk"])
    lets = rng.choice(["давай", "давайте", "Давай"])
    middle = rng.choice(["", "лучше ", "тогда ", "сразу "] if lang == "ru" else ["", "краще ", "тоді "])
    prep = "в" if lang == "ru" else rng.choice(["в", "у"])
    tail = rng.choice(["", "?", ", так удобнее", ")"] if lang == "ru" else ["", "?", ", так зручніше"])
    return Case(f"{lets} {middle}{prep} {rng.choice(_MESSENGERS[lang])}{tail}", {"social"}, lang=lang)


# --- a message named after its messenger, and a weak alias before a time word ------------------------------------
_ARTICLE = {
    "en": (
        ["send me a {p}", "drop me a {p}", "shoot me a {p}", "just send me a {p}"],
        ["WhatsApp", "Telegram", "Viber"],
    ),
    "es": (["mándame un {p}", "mandame un {p}", "envíame un {p}"], ["whats", "whatsapp", "wasap", "telegram"]),
    "pt": (["me manda um {p}", "me envia um {p}", "manda um {p} pra mim"], ["zap", "whats", "WhatsApp"]),
    "de": (["schick mir eine {p}", "schreib mir eine {p}"], ["WhatsApp", "Telegram-Nachricht", "Signal-Nachricht"]),
    "fr": (["envoie-moi un {p}", "envoyez-moi un {p}"], ["WhatsApp", "Telegram"]),
    "it": (["mandami un {p}", "inviami un {p}"], ["WhatsApp", "Telegram"]),
}
_TIME_TAIL = {
    "en": ["", " when you can", " once you're free", " asap", " whenever"],
    "es": ["", " porfa", " mañana", " cuando puedas", " y lo vemos"],
    "pt": ["", " amanhã", " que a gente acerta", " depois", " agora"],
    "de": ["", " morgen", " später", " wenn du kannst"],
    "fr": ["", " demain", " plus tard", " ce soir"],
    "it": ["", " domani", " dopo", " stasera"],
}


@family("social/recall3-message-named-after-messenger", kinds={"social"}, min_recall=0.9, tags=("social", "intent"))
def _named_message(rng: random.Random) -> Case:
    lang = rng.choice(list(_ARTICLE))
    frames, names = _ARTICLE[lang]
    text = rng.choice(frames).format(p=rng.choice(names)) + rng.choice(_TIME_TAIL[lang])
    return Case(text, {"social"}, lang=lang)


@family("social/recall3-weak-alias-time-tail", kinds={"social"}, min_recall=0.9, tags=("social", "intent"))
def _weak_tail(rng: random.Random) -> Case:
    lang = rng.choice(["pt", "es"])
    if lang == "pt":
        head = rng.choice(["me chama no zap", "me chama no whats", "chama no zap", "me manda msg no zap"])
    else:
        head = rng.choice(["escríbeme al whats", "háblame por wasap", "escríbeme por whats"])
    return Case(head + rng.choice(_TIME_TAIL[lang][1:]), {"social"}, lang=lang)


# --- agreeing to be paid on a rail -------------------------------------------------------------------------------
_ACCEPT = {
    "en": (
        [
            "{r} works for me",
            "{r} is fine by me",
            "I'm fine with {r}",
            "I can do {r}",
            "{r} is ok with me",
            "honestly {r} suits me",
            "{r} works for me, send it there",
        ],
        ["Western Union", "Zelle", "PayPal", "Wise", "Venmo", "Cash App"],
    ),
    "es": (
        ["me sirve {r}", "{r} me va bien", "acepto {r}", "{r} me funciona"],
        ["Western Union", "Zelle", "Bizum", "PayPal"],
    ),
    "pt": (
        ["{r} pode ser", "pode ser por {r}", "aceito {r}", "{r} serve pra mim"],
        ["Pix", "PicPay", "PayPal", "Western Union"],
    ),
    "de": (["{r} passt mir", "{r} geht für mich", "ich akzeptiere {r}"], ["PayPal", "Revolut", "Wise"]),
    "fr": (["{r} me convient", "ça me va, {r}", "j'accepte {r}"], ["PayPal", "Lydia", "Western Union"]),
    "it": (["{r} mi va bene", "accetto {r}"], ["PayPal", "Satispay", "PostePay"]),
    "pl": (["{r} mi pasuje", "akceptuję {r}"], ["BLIK", "Revolut"]),
    "ru": (["{r} мне подходит", "{r} меня устраивает", "принимаю {r}"], ["Сбер", "Тинькофф", "ЮMoney"]),
    "uk": (["{r} мені підходить", "приймаю {r}"], ["Монобанк", "ПриватБанк"]),
}


@family(
    "payment/recall3-accepting-a-rail", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent", "multilingual")
)
def _accept_rail(rng: random.Random) -> Case:
    lang = rng.choice(list(_ACCEPT))
    frames, rails = _ACCEPT[lang]
    return Case(rng.choice(frames).format(r=rng.choice(rails)), {"payment"}, lang=lang)


# --- look-alikes -------------------------------------------------------------------------------------------------
_CONTENT_WORK = {
    "en": (
        [
            "can you write a {c} on {p}?",
            "could you write {c} on {p} for our brand?",
            "please add a {c} on {p}",
            "I can write the {c} on {p} this week",
        ],
        ["post", "caption", "thread", "article", "bio", "ad copy"],
    ),
    "es": (["¿puedes escribir un {c} en {p}?", "escríbeme un {c} en {p} para la marca"], ["post", "anuncio", "texto"]),
    "pt": (["você pode escrever a {c} para o {p}?", "pode escrever um {c} no {p}?"], ["legenda", "post", "artigo"]),
    "de": (["kannst du einen {c} auf {p} schreiben?", "schreib einen {c} für {p}"], ["Beitrag", "Post", "Werbetext"]),
    "it": (["mi puoi scrivere un {c} su {p}?", "scrivi un {c} su {p} per il lancio"], ["post", "articolo", "annuncio"]),
    "ru": (["можешь написать {c} в {p}?", "напиши {c} в {p} для нашего бренда"], ["пост", "текст", "статью"]),
    "uk": (["можеш написати {c} у {p}?", "напиши {c} в {p} для бренду"], ["пост", "текст", "статтю"]),
}
_SOCIAL_NETWORKS = {
    "en": ["LinkedIn", "Instagram", "Facebook", "X"],
    "es": ["Instagram", "LinkedIn", "Facebook"],
    "pt": ["Instagram", "LinkedIn", "Facebook"],
    "de": ["Instagram", "LinkedIn", "Facebook"],
    "it": ["Instagram", "LinkedIn", "Facebook"],
    "ru": ["инстаграм", "телеграм-канал", "вк"],
    "uk": ["інстаграм", "фейсбук"],
}


@family("benign/recall3-content-for-a-platform", max_fpr=0.02, tags=("benign", "intent", "multilingual"))
def _content_work(rng: random.Random) -> Case:
    lang = rng.choice(list(_CONTENT_WORK))
    frames, contents = _CONTENT_WORK[lang]
    text = rng.choice(frames).format(c=rng.choice(contents), p=rng.choice(_SOCIAL_NETWORKS[lang]))
    return Case(text, lang=lang)


_THIRD_PARTY = [
    "send the {o} a {p} when the order ships",
    "the app should send {o} a {p} message after checkout",
    "manda un {p} al cliente cuando se pague",
    "envía un {p} a los usuarios cuando cambie el estado",
    "o sistema manda um {p} pro cliente quando o pedido sai",
    "schick dem Kunden eine {p}-Nachricht nach der Bestellung",
]


benign_family(
    "benign/recall3-messages-to-third-parties",
    _THIRD_PARTY,
    fill={"o": ["customer", "customers", "users", "buyers"], "p": ["WhatsApp", "Telegram", "SMS"]},
    tags=("benign", "intent"),
)


_RAIL_BENIGN = [
    "{r} works for me for withdrawals from the platform",
    "I withdraw to {r}, the payout method works for me",
    "the deadline works for me, I'll fund the milestone today",
    "he asked if {r} works for me, I said only escrow",
    "{r} works for me in the checkout integration, the sandbox is set up",
    "pay me on time please, I use {r} for my bills",
    "o saque pelo {r} pode ser feito depois do contrato",
    "the {r} button works for me in the staging build",
]


benign_family(
    "benign/recall3-rail-look-alikes",
    _RAIL_BENIGN,
    fill={"r": ["PayPal", "Payoneer", "Wise", "Revolut"]},
    tags=("benign", "intent", "payment"),
)


# --- one handle on every platform, and an address made of the name here ---------------------------------------------
def _handle(rng: random.Random) -> str:
    first = rng.choice(["jdoe", "ana", "pixel", "marko", "lena", "dev", "studio"])
    return first + rng.choice(["_dev", ".design", "42", "_codes", ".art", "_99"])


_EVERYWHERE = {
    "en": [
        "I'm {h} on every platform",
        "same handle everywhere: {h}",
        "{h} on all platforms",
        "I go by @{h} on every app",
    ],
    "es": ["mismo usuario en todas las redes: {h}", "soy @{h} en todas las plataformas"],
    "pt": ["sou @{h} em todas as redes", "mesmo @ em todas as plataformas: {h}"],
    "fr": ["je suis @{h} sur tous les réseaux", "même pseudo partout : {h}"],
    "de": ["ich bin @{h} auf allen Plattformen", "überall derselbe Name: {h}"],
}


# Known miss (hence 0.85): a weak "everywhere" word far from the colon ("überall derselbe Name: x").
@family("social/recall3-handle-everywhere", kinds={"social"}, min_recall=0.85, tags=("social", "implied"))
def _everywhere(rng: random.Random) -> Case:
    lang = rng.choice(list(_EVERYWHERE))
    return Case(rng.choice(_EVERYWHERE[lang]).format(h=_handle(rng)), {"social"}, lang=lang)


_NAME_HERE_MAIL = {
    "en": ["my email is my {n} here {j} {p}", "email: my {n} here {j} {p}", "it's the {n} on my profile {j} {p}"],
    "es": ["mi correo es mi usuario de aquí {j} {p}"],
    "pt": ["meu email é meu usuário daqui {j} {p}"],
}
_JOINERS = {"en": ["at", "@", "plus", "on"], "es": ["en", "@", "arroba"], "pt": ["no", "@", "arroba"]}


@family("email/recall3-name-here-at-provider", kinds={"email"}, min_recall=0.9, tags=("email", "implied"))
def _name_here_mail(rng: random.Random) -> Case:
    lang = rng.choice(list(_NAME_HERE_MAIL))
    text = rng.choice(_NAME_HERE_MAIL[lang]).format(
        n=rng.choice(["username", "name", "user name", "handle"]),
        j=rng.choice(_JOINERS[lang]),
        p=rng.choice(["gmail", "outlook", "yahoo", "hotmail", "icloud", "gmail.com", "proton" if False else "gmx"]),
    )
    return Case(text, {"email"}, lang=lang)


_EVERYWHERE_BENIGN = [
    "the config uses snake_case everywhere",
    "we use the {h} module name on every platform we ship to",
    "I looked everywhere for {h}, it's not in the repo",
    "our app runs on every platform, iOS 17 and Android 14",
    "my gmail is full, please use the platform's messages",
    "my username here is fine, no need to change it",
    "the {h} folder is the same on all platforms",
    "my outlook calendar is set up, my username here is the one you see",
]


@family("benign/recall3-everywhere-and-mailbox-look-alikes", max_fpr=0.02, tags=("benign", "implied"))
def _everywhere_benign(rng: random.Random) -> Case:
    name = rng.choice(["build", "shared", "user", "image", "http", "data"]) + rng.choice(
        ["_utils", "_v2", "_cache", "_io"]
    )
    return Case(rng.choice(_EVERYWHERE_BENIGN).format(h=name))


# --- a rail proposed instead of the platform, and escrow left out ------------------------------------------------
_PROPOSALS = {
    "en": (
        [
            "can we use {r} instead?",
            "how about {r}?",
            "let's just use {r}",
            "could we do {r} instead of the platform?",
            "do you have {r}?",
            "{r} instead?",
            "let's do {r} this time",
        ],
        ["PayPal", "Zelle", "Wise", "crypto", "bank transfer", "Venmo", "Payoneer"],
    ),
    "es": (
        ["¿usamos {r}?", "¿qué tal {r}?", "mejor por {r}", "{r} en vez de la plataforma"],
        ["PayPal", "Bizum", "Zelle"],
    ),
    "pt": (
        ["bora de {r}?", "que tal {r}?", "melhor pelo {r}", "{r} em vez da plataforma?"],
        ["Pix", "PicPay", "PayPal"],
    ),
    "de": (["wie wäre es mit {r}?", "lieber per {r}?", "{r} stattdessen?"], ["PayPal", "Revolut", "Wise"]),
    "fr": (["on passe par {r} ?", "plutôt par {r} ?", "{r} au lieu de la plateforme ?"], ["PayPal", "Lydia", "Wise"]),
    "ru": (["давай через {r}?", "лучше через {r}", "может через {r}?"], ["Сбер", "Тинькофф", "ЮMoney"]),
}


@family("payment/recall3-rail-proposed", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent", "multilingual"))
def _rail_proposed(rng: random.Random) -> Case:
    lang = rng.choice(list(_PROPOSALS))
    frames, rails = _PROPOSALS[lang]
    return Case(rng.choice(frames).format(r=rng.choice(rails)), {"payment"}, lang=lang)


_BYPASS = {
    "en": (
        [
            "let's skip {e}, I trust you",
            "no need for {e} between us",
            "we don't need {e}, just pay me when done",
            "let's not use {e} for this one",
            "can we do it without {e}?",
        ],
        ["escrow", "the milestones", "milestones"],
    ),
    "es": (["sin {e}, te pago directo", "no necesitamos {e}, confío en ti"], ["escrow", "hitos"]),
    "pt": (["sem {e}, confio em você", "não precisa de {e}, a gente se acerta"], ["escrow", "marcos"]),
    "de": (["ohne {e}, ich vertraue dir", "wir brauchen keine {e}"], ["Treuhand", "Meilensteine"]),
    "ru": (["давай без {e}", "обойдёмся без {e}, я тебе доверяю"], ["эскроу", "безопасной сделки"]),
}


@family(
    "payment/recall3-escrow-left-out", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent", "multilingual")
)
def _escrow_left_out(rng: random.Random) -> Case:
    lang = rng.choice(list(_BYPASS))
    frames, words = _BYPASS[lang]
    return Case(rng.choice(frames).format(e=rng.choice(words)), {"payment"}, lang=lang)


_MONEY_PATH_BENIGN = [
    "I never work without escrow",
    "without escrow you're unprotected, so let's fund the milestone",
    "don't skip the milestone please, it protects us both",
    "we can skip the milestone review meeting this week",
    "no need for a dispute, I'll fix the bug today",
    "can we use {r} for the checkout integration?",
    "let's use {r} for the app's payments, the sandbox keys are in the repo",
    "how about Tuesday for the call here in the chat?",
    "I can't do {r}, only the platform",
    "the escrow is funded, thanks, starting now",
    "nunca trabajo sin escrow",
    "sem escrow você fica sem proteção",
    "How about {r} Express for the store?",
    "Let's use {r} for the payouts to our contractors in Europe",
    "We could use crypto payments as an option in the shop",
    "We don't need escrow for the demo account, it's test data",
    "Can you write a LinkedIn post about our {r} launch?",
]


benign_family(
    "benign/recall3-money-path-look-alikes",
    _MONEY_PATH_BENIGN,
    fill={"r": ["PayPal", "Stripe", "Wise"]},
    tags=("benign", "intent", "payment"),
)


# --- payment details offered or asked for, payment links, cash in person -----------------------------------------
_DETAILS = {
    "en": (
        [
            "I'll send you my {b} after this",
            "here are my {b}",
            "send me your {b} and I'll pay you",
            "what's your {b}?",
            "I'll share my {b} so you can transfer",
            "let me send you my {b}",
        ],
        ["bank details", "account number", "IBAN", "routing number", "banking details", "card number"],
    ),
    "es": (["te paso mis {b}", "pásame tu {b}", "te mando mi {b}"], ["datos bancarios", "CBU", "número de cuenta"]),
    "pt": (["vou te passar meus {b}", "me passa seu {b}"], ["dados bancários", "número da conta"]),
    "fr": (["je t'envoie mon {b}", "envoie-moi ton {b}"], ["RIB", "IBAN"]),
    "de": (["ich schicke dir meine {b}", "schick mir deine {b}"], ["Bankverbindung", "Kontonummer", "IBAN"]),
    "ru": (["скину {b}", "вот мои {b}"], ["реквизиты", "номер карты"]),
}


@family(
    "payment/recall3-details-offered", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent", "multilingual")
)
def _details_offered(rng: random.Random) -> Case:
    lang = rng.choice(list(_DETAILS))
    frames, nouns = _DETAILS[lang]
    return Case(rng.choice(frames).format(b=rng.choice(nouns)), {"payment"}, lang=lang)


@family("payment/recall3-link-or-cash", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent"))
def _link_or_cash(rng: random.Random) -> Case:
    text = rng.choice(
        [
            "I'll send you a {r} link for the rest",
            "here's my {r} link",
            "I'll send you a payment link",
            "here's my payment link, it's quicker",
            "let's settle the rest in person",
            "I'll pay cash on delivery",
            "you can pay me in cash when we meet",
            "tip me on {r} if you liked it",
        ]
    )
    return Case(text.format(r=rng.choice(["PayPal", "Wise", "Revolut", "Payoneer", "ko-fi"])), {"payment"})


_DETAILS_BENIGN = [
    "enter your bank details in the payout settings to withdraw",
    "the form asks users for their IBAN",
    "the {r} payment link in the checkout doesn't work",
    "here is the account number field mockup",
    "I'll send you the account details for the staging server",
    "te mando la tarjeta de presentación en PDF",
    "enable cash on delivery in WooCommerce",
    "we met in person last year at the conference",
    "the {r} link in the footer is broken",
    "add a field for the routing number on the signup page",
]


benign_family(
    "benign/recall3-details-look-alikes",
    _DETAILS_BENIGN,
    fill={"r": ["PayPal", "Stripe", "Wise"]},
    tags=("benign", "intent", "payment"),
)


# --- a platform's emoji right before a handle ----------------------------------------------------------------------
@family("social/recall3-emoji-platform-handle", kinds={"social"}, min_recall=0.9, tags=("social", "unicode"))
def _emoji_handle(rng: random.Random) -> Case:
    emoji = rng.choice(["👻", "✈️", "✈", "🐦", "📸", "📘", "🎮", "🎵"])
    sep = rng.choice([" ", ": ", " → ", " - ", ""])
    handle = _handle(rng).replace(".design", "_design").replace(".art", "_art")
    handle = rng.choice([handle, "@" + handle])
    frame = rng.choice(["{e}{s}{h}", "find me {e}{s}{h}", "{e}{s}{h} (same everywhere)", "ok! {e}{s}{h}"])
    return Case(frame.format(e=emoji, s=sep, h=handle), {"social"})


_EMOJI_BENIGN = [
    "I love the 📷 shots from day 2",
    "👻 boo, happy halloween",
    "✈️ flying to Lisbon on 12.05, back on the 20th",
    "version ✈️ 2.0.1 shipped",
    "🎵 the intro track is 2:30 long",
    "📸 photos_v2 folder is uploaded to the milestone",
    "🐦 the bird icon in the footer is 24px",
]


benign_family("benign/recall3-emoji-look-alikes", _EMOJI_BENIGN, tags=("benign", "unicode"))


@family("benign/recall3-compound-platform-words", max_fpr=0.02, tags=("benign", "social", "multilingual"))
def _compound_benign(rng: random.Random) -> Case:
    platform = rng.choice(["LinkedIn", "Instagram", "WhatsApp", "Telegram", "TikTok", "Facebook"])
    noun = rng.choice(["Beitrag", "Gruppe", "Kanal", "Kampagne", "Anzeige", "Profil", "Strategie"])
    frame = rng.choice(
        [
            "Schreib mir bitte einen {p}-{n} über unser Produkt",
            "Wir brauchen eine {p}-{n} für das Team",
            "Kannst du mir den {p}-{n} bis Freitag schicken?",
            "Der {p}-{n} ist fertig, schau ihn dir hier an",
        ]
    )
    return Case(frame.format(p=platform, n=noun), lang="de")


# --- Hinglish (hi-Latn): verb-final forms of the families above ---------------------------------------------------
_HINGLISH = [
    ("{r} chalega?", "payment"),
    ("{r} se kar do, chalega", "payment"),
    ("{r} kar dena bhai", "payment"),
    ("escrow ki zaroorat nahi hai, main trust karta hoon", "payment"),
    ("milestone ki koi zaroorat nahi", "payment"),
    ("bank details bhej deta hoon", "payment"),
    ("main apne bank details bhej dunga", "payment"),
    ("mera UPI id bhejta hoon", "payment"),
    ("baaki payment bahar kar lete hain", "payment"),
    ("apna number de do", "social"),
    ("apna whatsapp number bhejo", "social"),
    ("insta pe follow karo", "social"),
    ("telegram pe call kar lena", "social"),
]


@family("payment/recall3-hinglish-verb-final", kinds={"payment", "social"}, min_recall=0.9, tags=("intent", "hi-Latn"))
def _hinglish(rng: random.Random) -> Case:
    text, kind = rng.choice(_HINGLISH)
    return Case(text.format(r=rng.choice(["PayPal", "UPI", "GPay", "Paytm", "PhonePe"])), {kind}, lang="hi-Latn")


_HINGLISH_BENIGN = [
    "logo design kar do",
    "{r} integration kar do, API keys mail mein hain",
    "milestone ke bina project track karna mushkil hai",
    "contract ke baad number de dunga",
    "bank details ka form banana hai signup page pe",
    "{r} payment gateway integrate karna hai",
    "escrow se payment safe hai, milestone fund kar diya",
]


benign_family(
    "benign/recall3-hinglish-look-alikes",
    _HINGLISH_BENIGN,
    fill={"r": ["PayPal", "UPI", "Paytm"]},
    lang="hi-Latn",
    tags=("benign", "intent", "hi-Latn"),
)


# --- the writer's own account offered before its handle, and chat idioms of contact -----------------------------
_OWN = {
    "en": (
        ["here's my {p}", "I'll share my {p} here", "I'll drop my {p} here in a sec", "here is my {p}:"],
        ["Telegram", "WhatsApp", "Instagram", "Discord", "Signal"],
    ),
    "es": (["te paso mi {p} luego", "te dejo mi {p}", "aquí va mi {p}"], ["insta", "telegram", "whatsapp"]),
    "pt": (["te passo meu {p}", "aqui vai meu {p}"], ["insta", "telegram", "whatsapp"]),
    "fr": (["voici mon {p}", "je te passe mon {p}"], ["insta", "telegram", "whatsapp"]),
    "de": (["hier ist mein {p}", "ich gebe dir mein {p}"], ["Insta", "Telegram", "WhatsApp"]),
}


@family(
    "social/recall3-own-account-offered", kinds={"social"}, min_recall=0.9, tags=("social", "intent", "multilingual")
)
def _own_account(rng: random.Random) -> Case:
    lang = rng.choice(list(_OWN))
    frames, platforms = _OWN[lang]
    return Case(rng.choice(frames).format(p=rng.choice(platforms)), {"social"}, lang=lang)


@family("social/recall3-chat-idioms", kinds={"social"}, min_recall=0.9, tags=("social", "intent"))
def _chat_idioms(rng: random.Random) -> Case:
    frame = rng.choice(
        ["slide into my DMs on {p}", "catch me on {p}", "you can catch me on {p} anytime", "hit my DMs on {p}"]
    )
    return Case(frame.format(p=rng.choice(["insta", "Discord", "Telegram", "Snapchat", "twitter"])), {"social"})


_OWN_BENIGN = [
    "here's my Instagram strategy for Q3",
    "here's my LinkedIn post draft for your review",
    "here's my Figma file with the flows",
    "I'll share my Telegram bot demo video here",
    "I'll share my WhatsApp number after the contract starts",
    "you can catch me on the platform tomorrow morning",
]


benign_family("benign/recall3-own-account-look-alikes", _OWN_BENIGN, tags=("benign", "intent"))


# --- vanity numbers written as one word or with a spaced toll-free prefix --------------------------------------
@family("phone/recall3-glued-vanity", kinds={"phone"}, min_recall=0.9, tags=("phone", "obfuscation"))
def _glued_vanity(rng: random.Random) -> Case:
    word = rng.choice(["FLOWERS", "CALLNOW", "DESIGNS", "PIXELART", "GETHELP", "LOGOPRO"])[:7]
    prefix = rng.choice(["1800", "1888", "1877", "312", "646", "1 800 ", "1-800 ", "(312) "])
    frame = rng.choice(["call {n}", "text me at {n}", "my number is {n}", "ring {n} anytime", "{n} is my line"])
    return Case(frame.format(n=prefix + word), {"phone"})


@family("benign/recall3-glued-codes", max_fpr=0.02, tags=("benign", "phone"))
def _glued_codes(rng: random.Random) -> Case:
    code = rng.choice(["123ABCDEFG", "300ZXTURBO", "404NOTFOUND", "720HDREADY", "500FREEDOM"])
    frame = rng.choice(["our SKU {c} is out of stock", "the model {c} specs are attached", "error {c} in the logs"])
    return Case(frame.format(c=code))


@family("benign/recall3-number-formats-talk", max_fpr=0.02, tags=("benign", "phone"))
def _format_talk(rng: random.Random) -> Case:
    number = rng.choice(["(555) 010-0000", "555-0100", "+1 555 010 0199", "555 CALLNOW", "(312) 555-0142"])
    frame = rng.choice(
        [
            "The phone field should accept formats like {n}",
            "Validate numbers in the format {n} with a regex",
            "The input accepts {n} style numbers, please validate them",
            "placeholder text: {n}",
            "show {n} format as the input mask",
        ]
    )
    return Case(frame.format(n=number))


# --- payment outside in smaller steps: under-stated contracts, splits by wire, F&F, gift cards, fee-free rates ----
_SOLICIT = [
    "I'll set the milestone to ${a} and you can tip the rest to me",
    "pay the deposit here, the balance by {w}",
    "my rate drops {p}% if we don't go through here",
    "just mark it as friends and family",
    "could you pay me in gift cards?",
    "{g} is fine for the rest",
    "{r} is fine, send it whenever",
]


@family("payment/recall3-solicit-steps", kinds={"payment"}, min_recall=0.9, tags=("payment", "intent"))
def _solicit_steps(rng: random.Random) -> Case:
    text = rng.choice(_SOLICIT).format(
        a=rng.choice([10, 20, 50]),
        w=rng.choice(["wire", "bank transfer", "wire transfer"]),
        p=rng.choice([10, 15, 20]),
        g=rng.choice(["Amazon gift card", "Steam gift card", "iTunes card"]),
        r=rng.choice(["PayPal", "Zelle", "Wise", "Venmo"]),
    )
    return Case(text, {"payment"})


_SOLICIT_BENIGN = [
    "the {r} button is fine, ship it",
    "Stripe is fine for the checkout",
    "I'll pay by bank transfer into the platform",
    "pay the milestone by wire, the platform supports it",
    "the deadline is fine",
    "pay the deposit here, the rest on delivery through the milestone",
    "the gift card design is fine, just darken the logo",
    "my rate drops 10% for long-term contracts here",
]


benign_family(
    "benign/recall3-solicit-look-alikes",
    _SOLICIT_BENIGN,
    fill={"r": ["PayPal", "Stripe", "Apple Pay"]},
    tags=("benign", "intent", "payment"),
)


# --- the same families in the sentence shapes of Spanish, Portuguese, French and German -------------------------
_ROMANCE_GERMANIC = [
    ("¿te parece si pagamos por {r}?", "payment"),
    ("e se a gente fizer pelo {r}?", "payment"),
    ("et si on passait par {r} ?", "payment"),
    ("mir wäre {r} lieber", "payment"),
    ("je préfère être payé par virement directement", "payment"),
    ("sin pasar por el escrow, te lo pago yo", "payment"),
    ("no hace falta usar los hitos, confío en ti", "payment"),
    ("não precisa usar o escrow, confio em você", "payment"),
    ("pas besoin de passer par le séquestre", "payment"),
    ("wir brauchen die Treuhand nicht", "payment"),
    ("te mando los datos de mi cuenta", "payment"),
    ("te envío mi CBU por acá", "payment"),
]


@family("payment/recall3-romance-germanic-shapes", kinds={"payment"}, min_recall=0.9, tags=("payment", "multilingual"))
def _romance_germanic(rng: random.Random) -> Case:
    text, kind = rng.choice(_ROMANCE_GERMANIC)
    return Case(text.format(r=rng.choice(["PayPal", "Zelle", "Pix", "Wise", "Revolut"])), {kind})


_ROMANCE_GERMANIC_BENIGN = [
    "no hace falta usar el escrow para el demo",
    "Die Treuhand nicht vergessen!",
    "pagamos por hitos en la plataforma",
    "el cliente paga con {r} en la tienda",
    "o pagamento será feito pela plataforma, em duas etapas",
    "Bezahlung erfolgt über die Plattform, in zwei Meilensteinen",
    "le paiement se fera via la plateforme, jalon par jalon",
]


benign_family(
    "benign/recall3-romance-germanic-look-alikes",
    _ROMANCE_GERMANIC_BENIGN,
    fill={"r": ["PayPal", "Stripe", "Pix"]},
    tags=("benign", "multilingual"),
)


# --- "same as my username here" and "find me on X as <Full Name>" -------------------------------------------------
_FIRST = ["Lucía", "Marco", "Ana", "Julien", "Lena", "Priya"]
_LAST = ["Torres", "Rossi", "Silva", "Mercier", "Keller", "Sharma"]


@family(
    "social/recall3-same-as-name-here-or-as-full-name", kinds={"social"}, min_recall=0.9, tags=("social", "implied")
)
def _same_or_full_name(rng: random.Random) -> Case:
    platform = rng.choice(["telegram", "insta", "facebook", "Telegram", "Instagram"])
    full = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    frame = rng.choice(
        [
            "mi {p} es el mismo que mi usuario de aquí",
            "meu {p} é o mesmo que meu usuário daqui",
            "my {p} is the same as my username here",
            "me encuentras en {p} como {n}",
            "búscame en {p} como {n}",
            "you'll find me on {p} as {n}",
            "tu me trouves sur {p} comme {n}",
        ]
    )
    return Case(frame.format(p=platform, n=full), {"social"})


_FULL_NAME_BENIGN = [
    "en LinkedIn como Senior Designer trabajé 5 años",
    "on LinkedIn as Senior Designer I led the team",
    "the Instagram account is the same as the brand's, we manage it",
]


benign_family("benign/recall3-full-name-look-alikes", _FULL_NAME_BENIGN, tags=("benign", "implied"))


@family("benign/recall3-decimal-figure-lists", max_fpr=0.02, tags=("benign", "phone"))
def _decimal_lists(rng: random.Random) -> Case:
    sep = rng.choice(["/", " / ", "; ", " | "])
    comma = rng.random() < 0.3
    figures = sep.join(
        f"{rng.randint(0, 9)}{',' if comma else '.'}{rng.randint(10, 99)}" for _ in range(rng.randint(3, 5))
    )
    frame = rng.choice(["RESULT {f} in four runs", "ratios {f} against the old code", "scores {f} in the survey"])
    return Case(frame.format(f=figures))


# --- chat-speak spellings ('ur', 'u', 'thru', 'lemme') ------------------------------------------------------------
@family("social/recall3-chat-speak", kinds={"social", "payment"}, min_recall=0.9, tags=("social", "payment", "intent"))
def _chat_speak(rng: random.Random) -> Case:
    platform = rng.choice(["whatsapp", "telegram", "insta", "snap", "signal"])
    text, kind = rng.choice(
        [
            ("drop ur number and I'll text u", "social"),
            ("what's ur {p}?", "social"),
            ("can I get ur email so I can send the files", "social"),
            ("lemme know ur {p}", "social"),
            ("lmk ur {p} pls", "social"),
            ("ill pay u thru {r} if thats ok", "payment"),
            ("i can pay u via {r}", "payment"),
        ]
    )
    return Case(text.format(p=platform, r=rng.choice(["paypal", "zelle", "venmo", "cashapp"])), {kind})


_CHAT_SPEAK_BENIGN = [
    "let me know your availability",
    "let me know your number of revisions",
    "tell me your hourly rate",
    "what's ur budget?",
    "I'll pay you once the milestone is approved",
    "I'll pay you through the milestone as usual",
    "lmk ur thoughts on the draft",
]


benign_family("benign/recall3-chat-speak-look-alikes", _CHAT_SPEAK_BENIGN, tags=("benign", "intent"))
