"""Hand-written checks for the recall work of issue 10 (session 4): data written in other scripts is folded like a
message, and one positive and one benign sentence per family and language (the generated families in
`detection_gen_recall.py` hold the thresholds)."""

from __future__ import annotations

import pytest

from trust.detection import lexicon, registry, scan


def test_other_script_symbol_words_are_written_folded() -> None:
    for word in ("собака", "собачка", "равлик", "песик"):
        assert registry.fold(word) in lexicon._OTHER_SCRIPT_AT
    for word in ("точка", "тчк", "крапка"):
        assert registry.fold(word) in lexicon._OTHER_SCRIPT_DOT


def test_cyrillic_aliases_are_folded_in_the_registry() -> None:
    telegram = next(e for e in registry.entries("platforms") if e.key == "telegram")
    assert registry.fold("телеграм") in telegram.aliases


POSITIVE = [
    ("social", "давай перейдём в телегу, там удобнее"),
    ("social", "напишите мне в вотсап"),
    ("social", "напиши мені у вайбер"),
    ("payment", "остаток переведи мне на карту, без комиссии"),
    ("payment", "оплати напряму на картку"),
    ("email", "ivan.petrov собака yandex точка ru"),
    ("social", "lanjut ngobrol di WA aja ya"),
    ("payment", "bayar langsung ke rekening saya biar nggak kena potongan"),
    ("social", "nhắn tin cho mình qua Zalo nhé"),
    ("payment", "chuyển khoản trực tiếp cho mình, khỏi mất phí"),
    ("social", "pogadajmy przez Messengera"),
    ("social", "jestem na Telegramie jako anna_kow"),
    ("social", "bana telegramdan yaz"),
    ("social", "WhatsApp me"),
    ("social", "wechat me: jane_li88"),
    ("social", "ig » janedesigns"),
    ("social", "tg ➜ janedesigns"),
    ("social", "du findest mich auf Instagram als janedesigns"),
    ("social", "can we continue this somewhere else?"),
    ("social", "this chat is laggy, let's switch"),
    ("social", 'search "Jane Studio" on LinkedIn, that\'s me'),
    ("social", "google my name, Jane Doe Lisbon developer, first result"),
    ("payment", "half here, half via bank transfer to keep fees low"),
    ("payment", "after this milestone let's do the rest privately"),
    ("payment", "me manda o pix, a chave é meu cpf"),
    ("email", "anna ät gmx punkt de"),
    ("email", "anna miukumauku gmail piste com"),
]

BENIGN = [
    "я написал бота для телеграма на python",
    "нужна интеграция с вотсап API для уведомлений",
    "я не буду переходить в телеграм до контракта",
    "оплата только через платформу, напрямую не плачу",
    "saya bikin bot telegram untuk toko online",
    "pembayaran lewat platform saja ya, saya tidak mau bayar di luar",
    "platform dışında ödeme yapmam, burada kalalım",
    "zrobiłem integrację z WhatsAppem dla sklepu",
    "let's move the button somewhere else",
    "the chat is laggy, let's switch the font to Inter",
    "step 1 → step 2 => done",
    "we use Instagram as a marketing channel",
    "don't google my name, there's a famous chef with it",
    "I can start directly after the first milestone payment",
    "I won't pay outside the platform",
]


@pytest.mark.parametrize(("kind", "text"), POSITIVE)
def test_recall_family_example_is_found(kind: str, text: str) -> None:
    assert kind in {f.kind for f in scan(text)}, (text, scan(text))


@pytest.mark.parametrize("text", BENIGN)
def test_recall_look_alike_stays_benign(text: str) -> None:
    assert scan(text) == [], text


def test_as_here_is_written_folded() -> None:
    from trust.detection import implied

    for word in ("как", "здесь", "тут"):
        assert registry.fold(word) in implied._AS_HERE.pattern
