"""Wallets of every widely held chain, naming services, and national bank formats; also when split up.

Why here and validated: a random 34-character token or 18-digit number is common in code and logs, so each
candidate must pass its own scheme (`checksums`): XRP (Ripple Base58Check), Monero (block Base58 +
Keccak), TON (CRC16), Stellar (CRC16), Algorand (SHA-512/256), Polkadot SS58 (BLAKE2b), Cosmos / Cardano /
Avalanche / Lightning (bech32/bech32m), Bitcoin Cash (CashAddr); bank numbers through python-stdnum or
the national check digit (CLABE, CBU, NZ, NO, ES, CZ, ABA). Senders split addresses into groups or over
lines to slip past a pattern; `_rejoined` glues runs of short chunks back together and validates the result,
so the checksum, not the layout, decides.
"""

from __future__ import annotations

import re

from . import checksums, lexicon
from .document import Doc

_B58 = "1-9A-HJ-NP-Za-km-z"
_CHAINS: tuple[tuple[str, re.Pattern[str], object], ...] = (
    ("XRP", re.compile(r"(?<![A-Za-z0-9])r[" + _B58 + r"]{24,34}(?![A-Za-z0-9])"), checksums.xrp_address_ok),
    (
        "Monero",
        re.compile(r"(?<![A-Za-z0-9])[48][" + _B58 + r"]{94}(?:[" + _B58 + r"]{11})?(?![A-Za-z0-9])"),
        checksums.monero_address_ok,
    ),
    ("TON", re.compile(r"(?<![\w\-+/])[EUk0]Q[\w\-+/]{46}(?![\w\-+/])"), checksums.ton_address_ok),
    ("Stellar", re.compile(r"(?<![A-Z0-9])G[A-Z2-7]{55}(?![A-Z0-9])"), checksums.stellar_address_ok),
    ("Algorand", re.compile(r"(?<![A-Z0-9])[A-Z2-7]{58}(?![A-Z0-9])"), checksums.algorand_address_ok),
    (
        "Polkadot/Substrate",
        re.compile(r"(?<![A-Za-z0-9])[" + _B58 + r"]{46,48}(?![A-Za-z0-9])"),
        checksums.ss58_address_ok,
    ),
    (
        "Bitcoin Cash",
        re.compile(r"(?<![A-Za-z0-9:])(?:bitcoincash:)?[qp][02-9ac-hj-np-z]{41}(?![A-Za-z0-9])", re.IGNORECASE),
        checksums.cashaddr_ok,
    ),
)
_BECH32_HRPS = (
    "addr",
    "stake",
    "cosmos",
    "osmo",
    "terra",
    "juno",
    "inj",
    "sei",
    "celestia",
    "avax",
    "lnbc",
    "lntb",
    "lnurl",
    "thor",
    "kava",
    "akash",
    "dydx",
    "noble",
    "erd",
    "zil",
    "bnb",
    "one",
    "tb",
    "bc",
    "ltc",
)
BECH32_ANY_RE = re.compile(
    r"(?<![a-z0-9\-])(?:x-|p-|c-)?(?P<addr>(?:" + "|".join(_BECH32_HRPS) + r")1[02-9ac-hj-np-z]{20,600})(?![a-z0-9])"
)
NAME_SERVICE_RE = re.compile(
    r"(?<![\w.@/\-])(?P<name>[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9\-]{1,62})?\.(?:eth|sol|crypto|nft|wallet|bnb|arb|"
    r"ton|lens|bit|blockchain|bitcoin|dao|x))(?![\w.\-@/])"
)
"""ENS (.eth), SNS (.sol), Unstoppable (.crypto .nft .wallet .x ...), SPACE ID (.bnb .arb), TON DNS (.ton)."""
_NAME_CONTEXT_RE = re.compile(
    r"\b(?:send|sending|pay|paying|payment|tip|tips|donate|wallet|address|ens|crypto|usdt|usdc|eth|ether|btc|sol|"
    r"ton|bnb|to|at|my|via|envía|envia|manda|paga|envoie|schick|bhejo|transfer)\b"
)
_CHUNKED_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z0-9]{2,64}(?:(?:[ \t]{1,3}|[ \t]*\n[ \t]*|[ \t]?[\-_.|·][ \t]?)[A-Za-z0-9]{2,64}){1,40}"
    r"(?![A-Za-z0-9])"
)
_GLUE_RE = re.compile(r"[\s\-_.|·]+")

# national bank formats: (label, stdnum kind, regex with group 1 = the number, needs a cue word)
_BANK_FORMATS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("CLABE", "clabe", re.compile(r"(?<!\d)(\d{3}[ \-]?\d{3}[ \-]?\d{11}[ \-]?\d)(?!\d)")),
    ("CBU", "cbu", re.compile(r"(?<!\d)(\d{8}[ \-]?\d{14})(?!\d)")),
    ("NZ bank account", "nz", re.compile(r"(?<!\d)(\d{2}-\d{4}-\d{7}-\d{2,3})(?!\d)")),
    ("Norwegian account", "kontonr", re.compile(r"(?<!\d)(\d{4}[ .]?\d{2}[ .]?\d{5})(?!\d)")),
    ("Spanish account (CCC)", "ccc", re.compile(r"(?<!\d)(\d{4}[ \-]?\d{4}[ \-]?\d{2}[ \-]?\d{10})(?!\d)")),
    ("Czech account", "cz", re.compile(r"(?<![\d\-])((?:\d{1,6}-)?\d{2,10}/\d{4})(?![\d/])")),
    ("ABA routing", "aba", re.compile(r"(?<!\d)(\d{9})(?!\d)")),
)
_BANK_CUE_RE = re.compile(
    r"\b(?:bank|banco|banque|bankas|konto|kontonr|kontonummer|cuenta|conta|compte|account|acct|a/c|clabe|cbu|cvu|"
    r"routing|aba|rtn|ach|wire|transfer|transferencia|transferência|virement|überweisung|przelew|rekening|"
    r"deposit|deposito|depósito|iban|swift|bic|účet|ucet|kontonummer|spei)\b"
)
SORT_CODE_RE = re.compile(
    r"\bsort\s*code\b\W{0,5}(\d{2}[ \-]?\d{2}[ \-]?\d{2})\b(?:[^\d\n]{0,40}?(?<!\d)(\d{8})(?!\d))?"
)
BSB_RE = re.compile(r"\bbsb\b\W{0,5}(\d{3}[ \-]?\d{3})\b(?:[^\d\n]{0,40}?(?<!\d)(\d{6,10})(?!\d))?")
TRANSIT_RE = re.compile(r"\b(?:transit|institution)\b\W{0,10}(\d{5})\b[^\d\n]{0,30}?(?<!\d)(\d{3})(?!\d)")
AGENCIA_RE = re.compile(
    r"\bag(?:ência|encia|\.)?\s*:?\s*(\d{4}(?:-\d)?)\b[^\d\n]{0,20}?\bc(?:onta|/c|c)\b[^\d\n]{0,15}?(\d{4,12}-?[\dxX])"
)
SWIFT_ANY_RE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)(?![A-Za-z0-9])")
_SWIFT_CUE_RE = re.compile(r"\b(?:swift|bic|bank|banco|banque|wire|transfer|iban|account|code)\b")


_DIGIT_RE = re.compile(r"\d")
_LONG_RUN_RE = re.compile(r"[\w\-+/:]{25}")


def _crypto_context(doc: Doc) -> bool:
    return bool(doc.words & _CRYPTO_WORDS) or "0x" in doc.low.text


_GENERIC_ALIAS_WORDS = frozenset("com pay cash trust tag memo destination phrase".split())
"""Words of multi-word crypto aliases ("crypto.com", "binance pay", "memo tag") that say nothing on their own;
"dot" (Polkadot's ticker) is mostly the spelled "." of an address."""
_CRYPTO_WORDS = frozenset(
    w
    for e in lexicon.PAYMENT_ENTRIES
    if e.group == "crypto"
    for a in e.aliases
    for w in lexicon.WORD_RE.findall(a)
    if len(w) > 2 and (w == a or w not in _GENERIC_ALIAS_WORDS)
) - {"dot"} | {
    "wallet",
    "address",
    "carteira",
    "billetera",
    "cartera",
    "portefeuille",
    "adresse",
    "endereço",
    "dirección",
}


def detect(doc: Doc) -> None:
    """Wallets of other chains, naming services, national bank numbers, and split-up identifiers."""
    cased = doc.cased.text
    has_digit = bool(doc.digit_words) and _DIGIT_RE.search(cased) is not None
    if (
        has_digit and doc.longest >= 25 and _LONG_RUN_RE.search(cased)
    ):  # every chain address is one run of 25+ address characters
        for coin, rx, ok in _CHAINS:
            for m in rx.finditer(cased):
                if ok(m.group()):  # type: ignore[operator]
                    _add_wallet(doc, doc.span(doc.cased, m.start(), m.end()), coin, m.group())
        low = doc.low.text
        if "1" in low:
            for m in BECH32_ANY_RE.finditer(low):
                addr = m.group("addr")
                hrp = addr[: addr.rfind("1")]
                if checksums.bech32_any_ok(addr, (hrp,)):
                    _add_wallet(doc, doc.span(doc.low, m.start(), m.end()), f"bech32 {hrp}", addr)
    if has_digit or doc.words & {"swift", "bic"}:
        _banks(doc)
    if "." in doc.low.text and _crypto_context(doc):
        _names(doc)
    if _crypto_context(doc) or doc.words & {"iban", "wallet", "clabe", "cbu", "account", "konto", "cuenta", "conta"}:
        _rejoined(doc)


def _add_wallet(doc: Doc, span: tuple[int, int], coin: str, value: str) -> None:
    if doc.overlaps(*span, ("payment",)) or doc.in_code(span[0]):
        return
    doc.add("payment", span, value, 0.95, f"Crypto wallet ({coin}): {value}")


def _names(doc: Doc) -> None:
    low = doc.low.text
    for m in NAME_SERVICE_RE.finditer(low):
        name = m.group("name")
        if name.endswith(".x") and not re.search(r"\b(?:unstoppable|wallet|crypto|ens)\b", low):
            continue
        if not _NAME_CONTEXT_RE.search(low[max(0, m.start() - 50) : m.start()]):
            continue
        if lexicon.PAYMENT_TECH_RE.search(low[max(0, m.start() - 60) : m.end() + 40]):
            continue  # "ENS integration", "resolver API": talk about the technology
        span = doc.span(doc.low, m.start(), m.end())
        if not doc.overlaps(*span, ("payment", "email")):
            doc.add("payment", span, name, 0.9, f"Crypto name ({name.rsplit('.', 1)[1]}): {name}")


_BANK_CUE_WORDS = frozenset(
    "bank banco banque bankas konto kontonr kontonummer cuenta conta compte account acct clabe cbu cvu routing aba "
    "rtn ach wire transfer transferencia transferência virement überweisung przelew rekening deposit deposito "
    "depósito iban swift bic účet ucet spei sortcode bsb transit agência agencia".split()
)
"""The words of `_BANK_CUE_RE` and the sort code / BSB / transit / agência labels, for a set test first."""


def _bank_cue(doc: Doc) -> bool:
    words = doc.raw_words
    return bool(words & _BANK_CUE_WORDS) or "a/c" in doc.low.text or ("sort" in words and "code" in words)


def _banks(doc: Doc) -> None:
    low = doc.low.text
    if not _bank_cue(doc):
        return
    if not _BANK_CUE_RE.search(low) and not re.search(r"\b(?:sort\s*code|bsb|transit|ag[eê]ncia)\b", low):
        return
    for label, kind, rx in _BANK_FORMATS:
        for m in rx.finditer(low):
            value = m.group(1)
            compact = re.sub(r"[ .\-]", "", value) if kind not in ("nz", "cz") else value
            if checksums.national_account_ok(kind, compact):
                span = doc.span(doc.low, m.start(1), m.end(1))
                if not doc.overlaps(*span, ("payment",)):
                    doc.add("payment", span, f"{kind}:{compact}", 0.9, f"Bank account ({label}): {value}")
    for rx, label in (
        (SORT_CODE_RE, "UK sort code"),
        (BSB_RE, "BSB"),
        (TRANSIT_RE, "transit/institution"),
        (AGENCIA_RE, "agência/conta"),
    ):
        for m in rx.finditer(low):
            end = m.end(2) if m.lastindex and m.lastindex >= 2 and m.group(2) else m.end(1)
            span = doc.span(doc.low, m.start(1), end)
            if not doc.overlaps(*span, ("payment",)):
                value = " ".join(g for g in m.groups() if g)
                doc.add("payment", span, f"bank:{value}", 0.9, f"Bank details ({label}): {value}")
    if _SWIFT_CUE_RE.search(low):
        for m in SWIFT_ANY_RE.finditer(doc.cased.text):
            code = m.group(1)
            if checksums.national_account_ok("bic", code) and code[4:6] in checksums.IBAN_LENGTHS | _BIC_ONLY:
                span = doc.span(doc.cased, m.start(1), m.end(1))
                if not doc.overlaps(*span, ("payment",)):
                    doc.add("payment", span, f"bic:{code}", 0.85, f"Bank code (SWIFT/BIC): {code}")


_BIC_ONLY = dict.fromkeys("US CA MX AR CL CO PE IN PK BD NG KE ZA GH AU NZ SG MY ID PH TH VN JP KR CN HK TW".split(), 0)


def _rejoined(doc: Doc) -> None:
    """Identifiers typed in groups or over several lines: glue the chunks and let the checksum decide."""
    cased = doc.cased.text
    budget = _REJOIN_BUDGET  # checksum attempts per text: keeps a 100 KB wall of "NL91 NL91 ..." linear
    for m in _CHUNKED_RE.finditer(cased):
        chunks = list(re.finditer(r"[A-Za-z0-9]+", m.group()))
        for first in range(len(chunks)):
            head = chunks[first].group()
            if not _plausible_head(head):
                continue
            budget -= len(chunks) - first
            if budget < 0:
                return
            start = m.start() + chunks[first].start()
            joined = ""
            for last in range(first, len(chunks)):
                joined += chunks[last].group()
                if len(joined) > 110:
                    break
                if len(joined) < 15 or last == first:
                    continue
                found = _validate(joined)
                if found:
                    end = m.start() + chunks[last].end()
                    span = doc.span(doc.cased, start, end)
                    if not doc.overlaps(*span, ("payment",)):
                        doc.add("payment", span, found[1], 0.93, f"{found[0]} (split up): {found[1]}")
                    break
            else:
                continue
            break


_REJOIN_BUDGET = 3000


def _plausible_head(head: str) -> bool:
    return bool(
        re.match(r"(?:0x|bc1|ltc1|[13LMDTr48GEU]|[A-Z]{2}\d{2}|addr1|cosmos1|[A-Z2-7]{2})", head) and len(head) >= 2
    )


def _validate(joined: str) -> tuple[str, str] | None:
    from .payment import _wallet_kind

    if joined[:2].isalpha() and joined[2:4].isdigit() and checksums.iban_ok(joined.upper()):
        return "Bank account (IBAN)", joined.upper()
    wallet = _wallet_kind(joined)
    if wallet:
        return f"Crypto wallet ({wallet[0]})", wallet[1]
    for coin, _rx, ok in _CHAINS:
        if ok(joined):  # type: ignore[operator]
            return f"Crypto wallet ({coin})", joined
    return None
