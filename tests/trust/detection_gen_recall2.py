"""Generated families for the second recall pass (issue 10, session 4): being paid on a named rail ("pode me pagar
via Pix?"), pointers to a number shown elsewhere next to a platform ("whatsapp is the same number"), leaving the site
in general words ("let's take this off-site and talk privately"), payment splits where one part goes "directly",
self-naming on a platform, Turkish hundreds and Ukrainian apostrophe number words; each with look-alikes composed the
same way. Parts are written from how people write, not copied from the detector's phrase lists.
"""

from __future__ import annotations

import random

from tests.trust.detection_gen import Case, family


def _benign_family(name: str, texts: list[str], *, max_fpr: float, tags: tuple[str, ...]) -> None:
    family(name, max_fpr=max_fpr, tags=tags)(lambda rng: Case(rng.choice(texts)))


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
_benign_family("benign/recall2-pay-me-rail-look-alikes", _PAY_ME_RAIL_BENIGN, max_fpr=0.02, tags=("benign", "intent"))
