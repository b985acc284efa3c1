"""Checksum validators for payment identifiers.

Why: a random 40-hex string or a 22-character IBAN-looking token is common in code and logs; a
valid checksum is what turns "looks like a wallet" into "is a payable account", so every payment
identifier we report must pass its scheme's own check. Everything here is pure Python and linear
in the input length.
"""

from __future__ import annotations

import hashlib

import base58

_KECCAK_RC: tuple[int, ...] = (
    0x0000000000000001,
    0x0000000000008082,
    0x800000000000808A,
    0x8000000080008000,
    0x000000000000808B,
    0x0000000080000001,
    0x8000000080008081,
    0x8000000000008009,
    0x000000000000008A,
    0x0000000000000088,
    0x0000000080008009,
    0x000000008000000A,
    0x000000008000808B,
    0x800000000000008B,
    0x8000000000008089,
    0x8000000000008003,
    0x8000000000008002,
    0x8000000000000080,
    0x000000000000800A,
    0x800000008000000A,
    0x8000000080008081,
    0x8000000000008080,
    0x0000000080000001,
    0x8000000080008008,
)
# Rotation offsets r[x][y] of the Keccak-f[1600] rho step.
_KECCAK_ROT: tuple[tuple[int, ...], ...] = (
    (0, 36, 3, 41, 18),
    (1, 44, 10, 45, 2),
    (62, 6, 43, 15, 61),
    (28, 55, 25, 21, 56),
    (27, 20, 39, 8, 14),
)
_MASK64 = (1 << 64) - 1


def _rol(value: int, shift: int) -> int:
    return ((value << shift) | (value >> (64 - shift))) & _MASK64 if shift else value


def _keccak_f(state: list[list[int]]) -> list[list[int]]:
    for rc in _KECCAK_RC:
        c = [state[x][0] ^ state[x][1] ^ state[x][2] ^ state[x][3] ^ state[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        a = [[state[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rol(a[x][y], _KECCAK_ROT[x][y])
        state = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
        state[0][0] ^= rc
    return state


def _keccak(data: bytes, pad_byte: int) -> bytes:
    rate = 136
    padded = bytearray(data)
    padded.append(pad_byte)
    while len(padded) % rate:
        padded.append(0)
    padded[-1] |= 0x80
    state = [[0] * 5 for _ in range(5)]
    for offset in range(0, len(padded), rate):
        block = padded[offset : offset + rate]
        for i in range(rate // 8):
            state[i % 5][i // 5] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        state = _keccak_f(state)
    return b"".join(state[i % 5][i // 5].to_bytes(8, "little") for i in range(4))


def keccak256(data: bytes) -> bytes:
    """Ethereum's Keccak-256 (original padding, not NIST SHA3-256), needed for EIP-55."""
    return _keccak(data, 0x01)


def sha3_256_selftest() -> bool:
    """The same sponge with NIST padding must equal hashlib's SHA3-256: proves the permutation."""
    return _keccak(b"abc", 0x06) == hashlib.sha3_256(b"abc").digest()


def eth_address_ok(address: str) -> bool:
    """0x + 40 hex; mixed case must satisfy EIP-55, single case carries no checksum but is valid."""
    body = address[2:]
    if len(body) != 40 or any(ch not in "0123456789abcdefABCDEF" for ch in body):
        return False
    if body.islower() or body.isupper() or body.isdigit():
        return True
    digest = keccak256(body.lower().encode("ascii")).hex()
    for ch, nibble in zip(body, digest[:40], strict=True):
        if ch.isalpha() and (ch.isupper() != (int(nibble, 16) >= 8)):
            return False
    return True


_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generator[i] if ((top >> i) & 1) else 0
    return chk


def bech32_ok(address: str, hrps: tuple[str, ...] = ("bc", "ltc", "tb")) -> bool:
    """BIP-173 (witness v0, bech32) and BIP-350 (v1+, bech32m) address check."""
    if address.lower() != address and address.upper() != address:
        return False
    address = address.lower()
    pos = address.rfind("1")
    if pos < 1 or pos + 7 > len(address) or len(address) > 90:
        return False
    hrp, data_part = address[:pos], address[pos + 1 :]
    if hrp not in hrps or any(ch not in _BECH32_CHARSET for ch in data_part):
        return False
    data = [_BECH32_CHARSET.index(ch) for ch in data_part]
    expanded = [ord(ch) >> 5 for ch in hrp] + [0] + [ord(ch) & 31 for ch in hrp]
    const = _bech32_polymod(expanded + data)
    witness_version = data[0]
    if witness_version == 0:
        return const == _BECH32_CONST
    return const == _BECH32M_CONST


def base58check_version(address: str) -> int | None:
    """Version byte of a valid Base58Check payload of 21 bytes (BTC/LTC/DOGE/TRON), else None."""
    try:
        raw = base58.b58decode_check(address)
    except ValueError:
        return None
    if len(raw) != 21:
        return None
    return raw[0]


def luhn_ok(digits: str) -> bool:
    """Luhn mod-10, the card-number check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_prefix_ok(digits: str, *, lenient: bool = False) -> bool:
    """Issuer prefix and length of the major card networks (Visa, MC, Amex, Discover, JCB, UnionPay).

    `lenient` adds the ranges that collide with barcodes and IDs (13-digit Visa, Maestro 12-19 digits,
    Diners 14, JCB 15); callers use it only when the text talks about a card.
    """
    n = len(digits)
    if lenient:
        if digits[0] == "4" and n == 13:
            return True
        if digits[:2] in ("50", "56", "57", "58") or digits[0] == "6":
            return 12 <= n <= 19
        if digits[:3] in ("300", "301", "302", "303", "304", "305") or digits[:2] in ("36", "38", "39"):
            return n == 14
        if digits[:4] in ("2131", "1800"):
            return n == 15
        if digits[:2] == "35":
            return 16 <= n <= 19
    if digits[0] == "4":
        return n in (16, 19)  # 13-digit Visa is retired; 13 digits are EAN barcodes
    two, four = int(digits[:2]), int(digits[:4])
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return n == 16
    if two in (34, 37):
        return n == 15
    if digits.startswith(("6011", "65")) or 644 <= int(digits[:3]) <= 649:
        return 16 <= n <= 19
    if 3528 <= four <= 3589:
        return 16 <= n <= 19
    return two == 62 and 16 <= n <= 19


IBAN_LENGTHS: dict[str, int] = dict(
    (pair[:2], int(pair[2:]))
    for pair in (
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 "
        "ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 "
        "LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 "
        "RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20"
    ).split()
)
"""IBAN length per country (ISO 13616 registry): a random token with a lucky mod-97 is not an IBAN."""


def iban_ok(iban: str, *, check_length: bool = True) -> bool:
    """ISO 13616 check on a compact upper-case IBAN: registered country, its exact length, mod-97.

    `check_length=False` keeps only the country and mod-97 checks, for text that says "IBAN" itself.
    """
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is None or (check_length and expected != len(iban)) or not iban[2:4].isdigit():
        return False
    if not 15 <= len(iban) <= 34:
        return False
    if not iban.isalnum() or not iban.isascii():
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def aba_routing_ok(digits: str) -> bool:
    """US ABA routing number checksum (weights 3, 7, 1)."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    d = [int(ch) for ch in digits]
    total = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])
    return total % 10 == 0 and digits != "000000000"


# --- more chains and bank formats (issue 10) ---------------------------------------------------------------
_RIPPLE_ALPHABET = b"rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"


def xrp_address_ok(address: str) -> bool:
    """XRP Ledger classic address: Ripple-alphabet Base58Check, version 0x00, 20-byte account ID."""
    if not address.startswith("r") or not 25 <= len(address) <= 35:
        return False
    try:
        raw = base58.b58decode_check(address, alphabet=_RIPPLE_ALPHABET)
    except ValueError:
        return False
    return len(raw) == 21 and raw[0] == 0


_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_XMR_BLOCK_SIZES = {0: 0, 2: 1, 3: 2, 5: 3, 6: 4, 7: 5, 9: 6, 10: 7, 11: 8}


def _xmr_b58decode(text: str) -> bytes | None:
    """Monero's block Base58: 11 characters per 8 bytes, a shorter last block."""
    out = bytearray()
    for i in range(0, len(text), 11):
        block = text[i : i + 11]
        size = _XMR_BLOCK_SIZES.get(len(block))
        if size is None:
            return None
        num = 0
        for ch in block:
            pos = _B58_ALPHABET.find(ch)
            if pos < 0:
                return None
            num = num * 58 + pos
        if num >= 1 << (8 * size):
            return None
        out += num.to_bytes(size, "big")
    return bytes(out)


def monero_address_ok(address: str) -> bool:
    """Monero standard (95 chars, '4') / subaddress ('8') / integrated (106): Keccak-256 checksum."""
    if len(address) not in (95, 106) or address[0] not in "48":
        return False
    raw = _xmr_b58decode(address)
    if raw is None or len(raw) < 69:
        return False
    return keccak256(raw[:-4])[:4] == raw[-4:]


def _crc16_xmodem(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def ton_address_ok(address: str) -> bool:
    """TON user-friendly address: 48 chars base64/base64url = flag, workchain, 32-byte hash, CRC16-XModem."""
    import base64

    if len(address) != 48:
        return False
    try:
        raw = base64.urlsafe_b64decode(address.replace("+", "-").replace("/", "_"))
    except ValueError:
        return False
    if len(raw) != 36 or raw[0] & 0x3F != 0x11:
        return False
    return _crc16_xmodem(raw[:34]) == int.from_bytes(raw[34:], "big")


def stellar_address_ok(address: str) -> bool:
    """Stellar account ID: 'G' + 55 base32 chars = version byte, 32-byte key, CRC16-XModem (little endian)."""
    import base64

    if len(address) != 56 or not address.startswith(("G", "M")):
        return False
    try:
        raw = base64.b32decode(address + "=" * (-len(address) % 8))
    except ValueError:
        return False
    return len(raw) == 35 and _crc16_xmodem(raw[:-2]) == int.from_bytes(raw[-2:], "little")


def algorand_address_ok(address: str) -> bool:
    """Algorand: 58 base32 chars = 32-byte key + last 4 bytes of SHA-512/256(key)."""
    import base64

    if len(address) != 58 or not address.isupper() and not address.isalnum():
        return False
    try:
        raw = base64.b32decode(address + "=" * (-len(address) % 8))
        digest = hashlib.new("sha512_256", raw[:32]).digest()
    except ValueError:
        return False
    return len(raw) == 36 and digest[-4:] == raw[32:]


def ss58_address_ok(address: str) -> bool:
    """Polkadot/Kusama/Substrate SS58: Base58 with a BLAKE2b-512 'SS58PRE' checksum (32-byte accounts)."""
    try:
        raw = base58.b58decode(address)
    except ValueError:
        return False
    if len(raw) not in (35, 36):
        return False
    prefix_len = 1 if raw[0] < 64 else 2
    body, check = raw[:-2], raw[-2:]
    if len(body) - prefix_len != 32:
        return False
    return hashlib.blake2b(b"SS58PRE" + body, digest_size=64).digest()[:2] == check


def bech32_any_ok(address: str, hrps: tuple[str, ...]) -> bool:
    """bech32 or bech32m with one of `hrps`, any length (Cardano and Lightning exceed BIP-173's 90)."""
    if address.lower() != address and address.upper() != address:
        return False
    address = address.lower()
    pos = address.rfind("1")
    if pos < 1 or pos + 7 > len(address) or address[:pos] not in hrps:
        return False
    data_part = address[pos + 1 :]
    if any(ch not in _BECH32_CHARSET for ch in data_part):
        return False
    hrp = address[:pos]
    data = [_BECH32_CHARSET.index(ch) for ch in data_part]
    expanded = [ord(ch) >> 5 for ch in hrp] + [0] + [ord(ch) & 31 for ch in hrp]
    return _bech32_polymod(expanded + data) in (_BECH32_CONST, _BECH32M_CONST)


_CASHADDR_GEN = (0x98F2BC8E61, 0x79B76D99E2, 0xF33E5FB3C4, 0xAE2EABE2A8, 0x1E4F43E470)


def cashaddr_ok(address: str) -> bool:
    """Bitcoin Cash CashAddr ("bitcoincash:q..."; the prefix may be omitted)."""
    address = address.lower()
    prefix, _, payload = address.rpartition(":")
    prefix = prefix or "bitcoincash"
    if prefix != "bitcoincash" or len(payload) != 42 or payload[0] not in "qp":
        return False
    if any(ch not in _BECH32_CHARSET for ch in payload):
        return False
    values = [ord(ch) & 31 for ch in prefix] + [0] + [_BECH32_CHARSET.index(ch) for ch in payload]
    chk = 1
    for value in values:
        top = chk >> 35
        chk = ((chk & 0x07FFFFFFFF) << 5) ^ value
        for i in range(5):
            if (top >> i) & 1:
                chk ^= _CASHADDR_GEN[i]
    return chk ^ 1 == 0


def clabe_ok(digits: str) -> bool:
    """Mexican CLABE: 18 digits, weights 3-7-1, check digit (10 - sum mod 10) mod 10."""
    if len(digits) != 18 or not digits.isdigit():
        return False
    total = sum((int(d) * (3, 7, 1)[i % 3]) % 10 for i, d in enumerate(digits[:17]))
    return (10 - total % 10) % 10 == int(digits[17])


def national_account_ok(kind: str, value: str) -> bool:
    """National bank account / routing formats with their check digits, via python-stdnum where it has them.

    Why python-stdnum: a maintained library with each country's published check-digit rules; hand-writing
    them is where off-by-one weights hide.
    """
    from stdnum import bic
    from stdnum.ar import cbu
    from stdnum.cz import bankaccount as cz_account
    from stdnum.es import ccc
    from stdnum.no import kontonr
    from stdnum.nz import bankaccount as nz_account
    from stdnum.us import rtn

    validators = {
        "aba": rtn.is_valid,
        "cbu": cbu.is_valid,
        "ccc": ccc.is_valid,
        "kontonr": kontonr.is_valid,
        "nz": nz_account.is_valid,
        "cz": cz_account.is_valid,
        "bic": bic.is_valid,
        "clabe": clabe_ok,
    }
    check = validators.get(kind)
    return bool(check and check(value))
