"""Payment accounts and off-platform payment solicitation.

Why checksums and context: IBANs, wallets and card numbers are validated by their own schemes (see
`checksums`), so random hex or long IDs do not count. Brand names alone are benign ("I integrate PayPal");
a brand becomes a finding only when tied to an identifier (an email, phone, handle or link offered for
it) or to an explicit proposal to pay outside the platform.
"""

from __future__ import annotations

import re
from pathlib import Path

import base58

from . import checksums, lexicon, registry
from .document import Doc

_B58 = "1-9A-HJ-NP-Za-km-z"
_DIGIT_RE = re.compile(r"\d")
_FOUR_DIGITS_RE = re.compile(r"\d{4}")
_LONG_TOKEN_RE = re.compile(r"[A-Za-z0-9]{25}")
_IBAN_HEAD_RE = re.compile(r"[a-z]{2}\d{2}")
"""An IBAN's start inside one lower-case word: a necessary condition for `_IBAN_START_RE` on the text."""
_IBAN_START_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")
IBAN_RE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]{4}){2,7}(?:[ \-]?[A-Za-z0-9]{1,4})?)(?![A-Za-z0-9])"
)
ETH_RE = re.compile(r"(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])")
BASE58_RE = re.compile(r"(?<![A-Za-z0-9])[13LMDT][" + _B58 + r"]{25,34}(?![A-Za-z0-9])")
BECH32_RE = re.compile(r"(?<![A-Za-z0-9])(?:bc1|ltc1|tb1|BC1|LTC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}(?![A-Za-z0-9])")
SOLANA_RE = re.compile(r"(?<![A-Za-z0-9])[" + _B58 + r"]{32,44}(?![A-Za-z0-9])")
CARD_RE = re.compile(r"\d(?<![\d.,]\d)\d{3}(?:[ \-]?\d{4}){2}[ \-]?\d{0,7}(?![\d]|[.,]\d)")
"""12-19 digits in groups of four, not inside a longer number; the digit comes first and the lookbehind
after it, so the engine skips from digit to digit (about 3x faster on chat)."""
CARD_CONTEXT_RE = re.compile(
    r"\b(?:card|cc|credit|debit|visa|mastercard|master\s+card|amex|maestro|discover|jcb|diners|tarjeta|cart[aã]o|"
    r"carte|karte|kreditkarte|rupay|cvv|cvc|exp|expiry|expires)\b"
)
CASHTAG_RE = re.compile(r"\$(?<![\w$]\$)([A-Za-z][A-Za-z0-9_]{2,19})(?![\w(.=])")
"""A "$" not after a word character or another "$" (the literal first lets the engine jump from "$" to "$")."""
ROUTING_RE = re.compile(r"\b(?:routing|aba|rtn|ach)\b\W{0,3}(?:number|no|nr|#)?\W{0,3}(\d{9})\b")
ACCOUNT_RE = re.compile(
    r"\b(?:account|acct|acc|a/c|kontonummer|konto|cuenta|conta|compte|khata|clabe|cbu)\b\W{0,3}"
    r"(?:number|no|nr|num|n[°º]|#)?\W{0,3}(\d[\d \-]{4,20}\d)\b"
)
BANK_CONTEXT_RE = re.compile(
    r"\b(?:bank|banco|banque|routing|ifsc|swift|bic|iban|sort code|branch|agência|agencia|transfer|wire|clabe|cbu|"
    r"bsb|bankleitzahl|blz)\b"
)
IFSC_RE = re.compile(r"\bifsc\b\W{0,5}([a-z]{4}0[a-z0-9]{6})\b")
SWIFT_RE = re.compile(r"\b(?:swift|bic)(?:\s*code)?\W{0,5}([a-z]{6}[a-z0-9]{2}(?:[a-z0-9]{3})?)\b")
BRAND_HANDLE_RE = re.compile(
    r"(?P<sep>\s*(?:me\s+)?(?:id|handle|user\s?name|username|user|tag|:|=|-|is|to|at|an|a|para|pour|per|on|é|es|est|ist|hai)?\s*)"
    r"(?P<p>[@$])?(?P<h>[a-z0-9][a-z0-9._\-]{1,30}[a-z0-9])"
)
PIX_KEY_RE = re.compile(
    r"\bpix\b[^.!?\n]{0,30}?(?<![\w.-])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|"
    r"\d{3}\.\d{3}\.\d{3}-\d{2}|\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2})(?![\w-])"
)
"""Brazilian Pix keys other than phone/email: random key (UUID), CPF, CNPJ."""
UPI_CONTEXT_RE = re.compile(r"\bupi\b")
UPI_ANY_RE = re.compile(r"(?<![\w.@])([a-z0-9][a-z0-9._\-]{1,40})@([a-z]{2,15})(?![\w.@])")

_FEES = (
    r"(?:fees?|commission|comisi[oó]n|comiss[aã]o|taxas?|frais|geb[uü]hr\w*|provision|cut|service\s+charges?|"
    r"platform\s+charges?|charges)"
)
_OFF = (
    r"(?:off|outside)[\s\-]+(?:of\s+)?(?:the\s+|this\s+)?(?:platform|site|website|app|upwork|fiverr)|off\s+here|"
    r"outside\s+(?:of\s+)?here|without\s+(?:going\s+through|using)\s+(?:the\s+)?(?:platform|site|app)|"
    r"sans\s+passer\s+par\s+(?:la\s+)?plate-?forme|sin\s+pasar\s+por\s+(?:la\s+)?plataforma|"
    r"sem\s+passar\s+pela\s+plataforma|ohne\s+(?:[uü]ber\s+)?die\s+plattform|platform\s+ke\s+bina|"
    r"fuera\s+de\s+(?:la\s+)?(?:plataforma|p[aá]gina|app)|fora\s+da\s+(?:plataforma|p[aá]gina)|por\s+fora|por\s+fuera|"
    r"(?:en\s+dehors|hors)\s+(?:de\s+la\s+)?plate-?forme|au[sß]erhalb\s+der\s+plattform|ausserhalb\s+der\s+plattform|"
    r"an\s+der\s+plattform\s+vorbei|platform\s+ke\s+bahar|bahar\s+se"
)
_PAYWORD = (
    r"pay|paying|payment|paid|settle|transfer|money|invoice|billing|"
    r"pago|pagar|pagamos|pagamento|pagas|paga|cobrar|paiement|payer|r[ée]gler|"
    r"r[eè]glement|zahlung|zahlen|bezahl\w*|abrechnen|abrechnung|[uü]berweis\w*|paisa|paise"
)
_BRANDS_ALT = (
    r"paypal|venmo|zelle|cashapp|westernunion|moneygram|revolut|banktransfer|crypto|btc|bitcoin|usdt|"
    r"skrill|payoneer|wise|upi|pix|gpay|paytm|phonepe|bizum|mbway|bank"
)
SOLICIT_RE = re.compile(
    r"\b(?:avoid|avoids|avoiding|skip|skipping|save|saves|saved|saving|dodge|bypass|cut\s+out|escape|evitar|evitamos|"
    r"ahorr\w+|econom\w+|[ée]vit\w+|umgeh\w+|spar\w+|bachao|bacha\w*|bachenge|bach\s+jayega|bachega)"
    r"(?:\s+(?:on|the|platform|platform's|site|site's|upwork|fiverr|upwork's|fiverr's|its|their|your|our|any|service|"
    r"all|those|these|us|both|you|me|paying|la|el|los|las|a|as|o|os|les|des|die|der|den|plattform|\d+%))*\s+"
    + _FEES
    + r"\b"
    r"|\b(?:" + _PAYWORD + r")\b[^.!?\n]{0,40}?\b(?:" + _OFF + r")\b"
    r"|\b(?:" + _OFF + r")\b[^.!?\n]{0,40}?\b(?:" + _PAYWORD + "|" + _FEES + r")\b"
    r"|\b(?:rather|prefer|like|want)\s+(?:to\s+)?(?:be\s+)?(?:paid|pay|payment)\s+(?:me\s+)?directly\b"
    r"|\b(?:r[ée]gler|payer|paiement|pagar|pago|pagamento|zahlen|bezahlen)\s+en\s+direct\b"
    r"|\bpay(?:ing)?\s+(?:me|you|us)\s+(?:directly|direct|outside|privately)\b"
    r"|\bdirect(?:ly)?\s+(?:payment|transfer|bank\s+transfer)\b|\bpay\s+(?:me|you|us)\s+(?:via|through|by|on|with|using|in|to)\s+"
    r"(?:my\s+)?(?:paypal|venmo|zelle|cashapp|wise|payoneer|revolut|crypto|btc|bitcoin|usdt|banktransfer|bank|skrill|upi|pix|gpay|paytm)\b"
    r"|\b(?:i|we)\s+(?:only\s+)?(?:accept|take|prefer)\s+(?:payments?\s+(?:via|by|through|in)\s+)?"
    r"(?:paypal|venmo|zelle|cashapp|westernunion|moneygram|revolut|banktransfer|crypto|btc|bitcoin|usdt|skrill|"
    r"payoneer|wise)\b"
    r"|\b(?:" + _BRANDS_ALT + r")\s+(?:to|in|into|under)\s+my\s+(?:name|account|number|wallet|id|details)\b"
    r"|\bsend\s+(?:it|the\s+money|the\s+payment|payment|the\s+funds|funds)\s+(?:via|by|through|with|on|to|over)\s+"
    r"(?:my\s+)?(?:" + _BRANDS_ALT + r")\b"
    r"|\bp[aá]game\b|\bpagame\s+(?:directamente|directo|por)|\bpago\s+directo\b|\bme\s+paga\s+direto\b|"
    r"\bpagamento\s+direto\b|\bpague\s+direto\b|\bpaie[- ]moi\b|\bpayez[- ]moi\s+directement\b|\bpaiement\s+direct\b|"
    r"\bdirekt\s+(?:bezahlen|zahlen|[uü]berweisen|abrechnen)\b|\bzahlung\s+(?:gerne\s+)?direkt\b|\bseedha\s+(?:payment|paisa|pay)\b|"
    r"\bdirect\s+(?:bhej|transfer\s+kar)\w*"
)
REPORTING_RE = re.compile(
    r"\b(?:refused|declined|reported|report(?:ing)?|scam\w*|suspicious|is\s+(?:that|this|it)\s+allowed|"
    r"against\s+the\s+(?:rules|tos|terms)|not\s+allowed|asked\s+me\s+to|wanted\s+me\s+to|told\s+me\s+to|"
    r"recus[ée]|rechaz\w+|recus\w+|abgelehnt|gemeldet|denunci\w+|signal[ée]|"
    r"(?:is|are)\s+(?:it|that|this|they)\s+(?:safe|ok|okay|legal|permitted|allowed))\b"
)
FEE_TOPIC_RE = re.compile(
    r"\b(?:plan|plans|subscription|billing|annual|yearly|pricing|coupon|promo|copy|copywriting|article|blog|post|"
    r"landing|headline|tagline|newsletter|campaign|customers?|users?|clients?\s+can|app|feature|explain|compare)\b"
)
"""Fee talk that is a topic ("save on fees with the annual plan" in ad copy), not a proposal to the reader."""
"""Someone reporting or refusing an off-platform request is not making one."""
BRAND_NEGATION_RE = re.compile(
    r"\b(?:never|not|don't|dont|do\s+not|won't|wont|cannot|can't|nunca|jamais|jam[aá]s|nicht|niemals|kein|keine|"
    r"nahi|nahin|n[aã]o|pas)\b"
)
"""Negation before an identifier offered for a brand ("I don't use PayPal, mail me at ..."); unlike NEGATION_RE
it leaves out "no"/"ne", which are also Portuguese/Spanish articles and prepositions ("um pix no 1198...")."""
NEGATION_RE = re.compile(
    r"\b(?:never|not|don't|dont|do\s+not|won't|wont|will\s+not|cannot|can't|nunca|jamais|jam[aá]s|nicht|niemals|"
    r"kein|keine|nahi|nahin|mat|nem|n[aã]o|ne|pas|against|forbidden|prohibited|rules|policy|tos|no)\b"
)


def detect_payment_ids(doc: Doc) -> None:
    """Checksum-validated account numbers: IBAN, crypto wallets, cards, routing/account, UPI, cashtags."""
    cased = doc.cased.text
    low = doc.low.text
    # The Doc's word features come first: they are set tests, each regex below is a scan of the whole text.
    if doc.digit_words and _DIGIT_RE.search(cased):
        if any(_IBAN_HEAD_RE.search(w) for w in doc.digit_words) and _IBAN_START_RE.search(cased):
            _ibans(doc)
        if any(len(w) >= 4 for w in doc.digit_words) and _FOUR_DIGITS_RE.search(cased):
            _cards(doc)
            _bank(doc)
        if "0x" in low or (doc.longest >= 25 and _LONG_TOKEN_RE.search(cased)):
            _crypto(doc)
    if "$" in cased:
        _cashtags(doc)
    if "pix" in doc.words:
        for m in PIX_KEY_RE.finditer(low):
            span = doc.span(doc.low, m.start(1), m.end(1))
            if not doc.overlaps(*span, ("payment",)):
                doc.add("payment", span, f"pix:{m.group(1)}", 0.93, f"Pix key: {m.group(1)}")
    if "@" in low and UPI_CONTEXT_RE.search(low):
        for m in UPI_ANY_RE.finditer(low):
            span = doc.span(doc.low, m.start(), m.end())
            if not doc.overlaps(*span, ("payment", "email")):
                doc.add("payment", span, f"upi:{m.group()}", 0.9, f"UPI payment ID: {m.group()}")


def _ibans(doc: Doc) -> None:
    for m in IBAN_RE.finditer(doc.cased.text):
        raw = m.group(1)
        parts = re.split(r"[ \-]", raw)
        if len(parts) == 1:
            parts = [raw[i : i + 4] for i in range(0, len(raw), 4)]
        while len(parts) >= 3:
            compact = "".join(parts).upper()
            if checksums.iban_ok(compact, check_length="iban" not in doc.words):
                end = m.start(1) + (len(" ".join(parts)) if " " in raw or "-" in raw else len(compact))
                end = min(end, m.end(1))
                if re.match(r"-?[A-Za-z0-9]", doc.cased.text[end : end + 2]) and "-" in raw:
                    break  # a prefix of a longer dashed token (a UUID), not an account number
                span = doc.span(doc.cased, m.start(1), end)
                doc.add("payment", span, compact, 0.97, f"Bank account (IBAN): {compact}")
                break
            parts.pop()


def _cards(doc: Doc) -> None:
    for m in CARD_RE.finditer(doc.cased.text):
        digits = re.sub(r"\D", "", m.group())
        if not (12 <= len(digits) <= 19 and checksums.luhn_ok(digits)):
            continue
        if checksums.card_prefix_ok(digits) or (
            checksums.card_prefix_ok(digits, lenient=True) and CARD_CONTEXT_RE.search(doc.low.text)
        ):
            span = doc.span(doc.cased, m.start(), m.end())
            doc.add("payment", span, digits, 0.9, f"Payment card number: ****{digits[-4:]}")


_BANK_NAMES = tuple(
    line.strip()
    for line in (Path(__file__).with_name("data") / "banks.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
BANK_NAME_RE = re.compile(r"(?<![\w@.])(?:" + registry.trie_pattern(_BANK_NAMES) + r")(?![\w@]|\.\w)")
"""A bank's name (data/banks.txt): context for a labelled account number, like the word "bank"."""
_BANK_NAME_WORDS = frozenset(w for name in _BANK_NAMES for w in re.findall(r"[^\W_]+", name)[:1])
_ROUTING_WORDS = frozenset({"routing", "aba", "rtn", "ach"})
_BANK_CONTEXT_WORDS = frozenset(
    "bank banco banque routing ifsc swift bic iban sort branch agência agencia transfer wire clabe cbu bsb "
    "bankleitzahl blz".split()
)


def _bank(doc: Doc) -> None:
    low = doc.low.text
    named = bool(doc.raw_words & _BANK_NAME_WORDS) and BANK_NAME_RE.search(low) is not None
    if not doc.raw_words & _BANK_CONTEXT_WORDS and not doc.raw_words & _ROUTING_WORDS and not named:
        return  # none of the regexes below can match without one of their words
    for m in ROUTING_RE.finditer(low) if doc.raw_words & _ROUTING_WORDS else ():
        if checksums.aba_routing_ok(m.group(1)):
            doc.add(
                "payment",
                doc.span(doc.low, m.start(1), m.end(1)),
                f"routing:{m.group(1)}",
                0.9,
                f"Bank routing number: {m.group(1)}",
            )
    if named or BANK_CONTEXT_RE.search(low):
        for m in ACCOUNT_RE.finditer(low):
            digits = re.sub(r"\D", "", m.group(1))
            if 6 <= len(digits) <= 18:
                doc.add(
                    "payment",
                    doc.span(doc.low, m.start(1), m.end(1)),
                    f"account:{digits}",
                    0.9,
                    f"Bank account number: {digits}",
                )
        for rx, label in ((IFSC_RE, "IFSC"), (SWIFT_RE, "SWIFT/BIC")):
            for m in rx.finditer(low):
                doc.add(
                    "payment",
                    doc.span(doc.low, m.start(1), m.end(1)),
                    f"{label.lower()}:{m.group(1).upper()}",
                    0.85,
                    f"Bank code ({label}): {m.group(1).upper()}",
                )


_BASE58_COINS: dict[int, str] = {
    0x00: "Bitcoin",
    0x05: "Bitcoin P2SH",
    0x30: "Litecoin",
    0x32: "Litecoin",
    0x1E: "Dogecoin",
    0x41: "Tron",
}


def _wallet_kind(address: str) -> tuple[str, str, float] | None:
    """(coin, normalized, confidence) when `address` passes its chain's checksum, else None."""
    if address[:2] == "0x":
        return ("Ethereum/EVM", address.lower(), 0.95) if checksums.eth_address_ok(address) else None
    if address[:3].lower() in ("bc1", "ltc", "tb1"):
        return ("Bitcoin/Litecoin bech32", address.lower(), 0.97) if checksums.bech32_ok(address) else None
    version = checksums.base58check_version(address)
    coin = _BASE58_COINS.get(version) if version is not None else None
    if coin and (coin != "Tron" or address.startswith("T")):
        return coin, address, 0.95
    return None


def _solana_ok(address: str) -> bool:
    """Solana has no checksum: 32 bytes of Base58, only trusted next to "sol"/"solana"/"phantom"."""
    try:
        return len(base58.b58decode(address)) == 32 and any(ch.isdigit() for ch in address)
    except ValueError:
        return False


def _crypto(doc: Doc) -> None:
    cased = doc.cased.text
    for rx in (ETH_RE, BECH32_RE, BASE58_RE):
        for m in rx.finditer(cased):
            wallet = _wallet_kind(m.group())
            if wallet:
                coin, normalized, confidence = wallet
                span = doc.span(doc.cased, m.start(), m.end())
                doc.add("payment", span, normalized, confidence, f"Crypto wallet ({coin}): {m.group()}")
    if re.search(r"\b(?:sol|solana|phantom)\b", doc.low.text):
        for m in SOLANA_RE.finditer(cased):
            span = doc.span(doc.cased, m.start(), m.end())
            if not doc.overlaps(*span, ("payment",)) and _solana_ok(m.group()):
                doc.add("payment", span, m.group(), 0.85, f"Crypto wallet (Solana): {m.group()}")


_CASHAPP_RE = re.compile(r"\b(?:cash\s*app|cashapp|cashtag|cash\.app|cash\s+me)\b")


def _cashtags(doc: Doc) -> None:
    cashapp: bool | None = None  # asked once, at the first $tag: a "$800" price never pays for the search
    for m in CASHTAG_RE.finditer(doc.cased.text):
        tag = m.group(1)
        span = doc.span(doc.cased, m.start(), m.end())
        if doc.in_code(span[0]):
            continue
        mixed = any(c.isupper() for c in tag) and any(c.islower() for c in tag)
        if cashapp is None:
            cashapp = _CASHAPP_RE.search(doc.low.text) is not None
        if cashapp:
            doc.add("payment", span, f"cashapp:${tag}", 0.95, f"Cash App $cashtag: ${tag}")
        elif mixed and re.search(r"\b(?:send|pay|tip|my|to)\b", doc.clause_before(span[0], 40)):
            doc.add("payment", span, f"cashtag:${tag}", 0.6, f"Possible $cashtag: ${tag}")


def detect_brand_accounts(doc: Doc) -> None:
    """Brand mentions; handles right after a brand; identifiers offered for a brand become payment too."""
    if not (doc.words & lexicon.BRAND_TRIGGER_WORDS or doc.words & lexicon.WEAK_TRIGGER_WORDS):
        return
    dec = doc.dec.text
    for m in lexicon.PAYMENT_BRAND_RE.finditer(dec):
        alias = " ".join(m.group().split())
        brand = lexicon.payment_key(alias)
        clause = dec[max(0, m.start() - 40) : m.end() + 40]
        if lexicon.PAYMENT_TECH_RE.search(clause):
            continue
        span = doc.span(doc.dec, m.start(), m.end())
        weak = alias in lexicon.WEAK_PAYMENT_ALIASES
        doc.brand_spans.add(span[0], span[1], ("~" if weak else "") + brand)
        if brand in lexicon.HANDLE_RAILS and not weak:
            h = BRAND_HANDLE_RE.match(dec, m.end())
            if h and (h.group("p") or (h.group("sep").strip() and re.search(r"[._\-0-9]", h.group("h")))):
                handle = (h.group("p") or "") + h.group("h")
                hspan = doc.span(doc.dec, h.start("p") if h.group("p") else h.start("h"), h.end("h"))
                if not doc.overlaps(*hspan, ("email", "phone", "payment", "url")) and not handle[1:].isdigit():
                    doc.add("payment", hspan, f"{brand}:{handle}", 0.93, f"{lexicon.display(brand)} account: {handle}")
    if not doc.brand_spans:
        return
    for hit in [h for h in doc.hits if h.kind in ("email", "phone", "social")]:
        if doc.overlaps(hit.start, hit.end, ("payment",)):
            continue
        hit_brand = _brand_for(doc, hit.start, hit.end)
        if hit_brand and not BRAND_NEGATION_RE.search(doc.clause_before(hit.start, 60)):
            doc.add(
                "payment",
                (hit.start, hit.end),
                f"{hit_brand}:{hit.normalized}",
                max(hit.confidence, 0.9),
                f"{lexicon.display(hit_brand)} payment account: {hit.normalized}",
            )


def _brand_for(doc: Doc, start: int, end: int) -> str | None:
    """The payment brand an identifier is offered for.

    Before it ("PayPal: x", "Zelle to 917...", "my venmo is tied to this number: ...") within 60 characters,
    or right after it in the same clause ("x@y.com on PayPal") when that brand does not introduce an
    identifier of its own ("..., PayPal: other@y.com").
    """
    before = [item for item in doc.brand_spans.within(start - 60, start) if item[1] <= start]
    if before:
        a, b, name = max(before, key=lambda item: item[1])
        if not name.startswith("~"):
            return name
        if re.fullmatch(
            r"\s*(?::|-|=|to|at|on|no|na|pe|via|number|no\.|nr|id|#)?\s*(?:is\s*)?:?\s*", doc.text[b:start].lower()
        ):
            return name[1:]  # a weak rail name ("Maya: 0917...", "wire to ...") only right before the identifier
        return None
    for a, b, name in doc.brand_spans.within(end, end + 30):
        gap = doc.text[end:a]
        if name.startswith("~"):
            continue
        if a >= end and not re.search(r"[,;:.!?\n]", gap) and not re.match(r"\s*:", doc.text[b : b + 2]):
            return name
    return None


_AVOID_VERBS = frozenset(
    "avoid avoids avoiding skip skipping save saves saved saving dodge bypass cut escape evitar evitamos "
    "umgehen sparen bachao".split()
)


_SOLICIT_NEEDS = frozenset(
    "fee fees commission comision comisión comissao comissão taxa taxas frais provision cut charges charge "
    "off outside without sans sin sem ohne bina fuera fora dehors hors außerhalb ausserhalb vorbei bahar "
    "directly direct direto directo direkt privately pagame págame paie payez seedha".split()
) | frozenset((_BRANDS_ALT + "|wise").split("|"))
"""Every alternative of SOLICIT_RE needs one of these words (a fee, "off"/"outside" and their translations,
"direct(ly)", a brand) or a "Gebühr": without one, the regex cannot match, so it is not run."""


def detect_solicitation(doc: Doc) -> None:
    """Explicit proposals to pay or be paid outside the platform, unless negated in the same clause."""
    if not (doc.words & lexicon.SOLICIT_TRIGGER_WORDS or doc.words & lexicon.BRAND_TRIGGER_WORDS):
        return
    dec = doc.dec.text
    if not (doc.words & _SOLICIT_NEEDS or "gebühr" in dec or "gebuhr" in dec):
        return
    reporting: bool | None = None
    fee_topic: bool | None = None
    for m in SOLICIT_RE.finditer(dec):
        span = doc.span(doc.dec, m.start(), m.end())
        clause = doc.clause_before(span[0], 60) + dec[m.start() : m.end()]
        if NEGATION_RE.search(clause) and not re.search(r"\b(?:no|sin|sem|ohne|sans)\s+" + _FEES, clause):
            continue
        if reporting is None:
            reporting = REPORTING_RE.search(dec) is not None
        if reporting or lexicon.PAYMENT_TECH_RE.search(clause):
            continue
        if m.group().split()[0] in _AVOID_VERBS:
            if fee_topic is None:
                fee_topic = FEE_TOPIC_RE.search(dec) is not None
            if fee_topic:
                continue
        if re.search(
            r"\b(?:only|solo|s[oó]lo|apenas|seulement|nur|sirf)\b.{0,30}\b(?:platform|plataforma|plateforme|plattform|here|aqu[ií]|ici|hier)\b",
            clause,
        ):
            continue
        doc.add(
            "payment",
            span,
            "off-platform payment",
            0.9,
            f"Off-platform payment proposal: “{doc.text[span[0] : span[1]]}”",
        )
