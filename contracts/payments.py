"""The payment provider seam. Everything that touches real money outside the platform goes through
`provider()`, loaded from settings.CONTRACTS_PAYMENT_PROVIDER, so a real provider can be plugged in
by writing one class. Calls carry an idempotency key: retrying a request never charges twice.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from trust.detection.checksums import luhn_ok


@dataclass(frozen=True)
class ProviderResult:
    ok: bool
    reference: str = ""
    error: str = ""


@dataclass(frozen=True)
class TokenizedCard:
    token: str
    brand: str
    last4: str


class PaymentProvider(Protocol):
    def tokenize(self, card_number: str) -> TokenizedCard: ...

    def charge(self, card_token: str, amount_cents: int, idempotency_key: str) -> ProviderResult: ...

    def payout(self, bank_account: str, amount_cents: int, idempotency_key: str) -> ProviderResult: ...


class CardError(ValueError):
    """The card number cannot be used (not a card number)."""


class SimulatedProvider:
    """Test cards, like the real providers': 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is
    declined, 4000 0000 0000 9995 fails with insufficient funds. Bank accounts ending in 0000 fail.
    The token carries the number so any process (web, worker) decides the same way."""

    DECLINES = {
        "4000000000000002": "Your card was declined.",
        "4000000000009995": "Your card has insufficient funds.",
    }
    _lock = threading.Lock()
    _seen: dict[str, ProviderResult] = {}

    def tokenize(self, card_number: str) -> TokenizedCard:
        digits = "".join(ch for ch in card_number if ch.isdigit())
        if not 12 <= len(digits) <= 19 or not luhn_ok(digits):
            raise CardError("That is not a valid card number.")
        brand = {"4": "Visa", "5": "Mastercard", "3": "Amex"}.get(digits[0], "Card")
        return TokenizedCard(token=f"sim_card_{digits}", brand=brand, last4=digits[-4:])

    def _once(self, key: str, compute) -> ProviderResult:
        with self._lock:
            if key not in self._seen:
                self._seen[key] = compute()
            return self._seen[key]

    def charge(self, card_token: str, amount_cents: int, idempotency_key: str) -> ProviderResult:
        def compute() -> ProviderResult:
            number = card_token.removeprefix("sim_card_")
            if amount_cents <= 0:
                return ProviderResult(ok=False, error="The amount must be positive.")
            if number in self.DECLINES:
                return ProviderResult(ok=False, error=self.DECLINES[number])
            return ProviderResult(ok=True, reference=_ref("ch", idempotency_key))

        return self._once(f"charge:{idempotency_key}", compute)

    def payout(self, bank_account: str, amount_cents: int, idempotency_key: str) -> ProviderResult:
        def compute() -> ProviderResult:
            digits = "".join(ch for ch in bank_account if ch.isdigit())
            if len(digits) < 6:
                return ProviderResult(ok=False, error="That bank account number is too short.")
            if digits.endswith("0000"):
                return ProviderResult(ok=False, error="The bank rejected the transfer.")
            return ProviderResult(ok=True, reference=_ref("po", idempotency_key))

        return self._once(f"payout:{idempotency_key}", compute)


def _ref(prefix: str, key: str) -> str:
    return f"sim_{prefix}_{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def provider() -> PaymentProvider:
    return import_string(settings.CONTRACTS_PAYMENT_PROVIDER)()
