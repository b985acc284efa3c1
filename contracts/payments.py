"""The payment provider seam. Everything that touches real money outside the platform goes through
`provider()`, loaded from settings.CONTRACTS_PAYMENT_PROVIDER, so a real provider can be plugged in
by writing one class. Calls carry an idempotency key: retrying a request never charges twice.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
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

    def tokenize_bank(self, bank_account: str) -> TokenizedCard: ...

    def charge(self, card_token: str, amount_cents: int, idempotency_key: str) -> ProviderResult: ...

    def payout(self, bank_token: str, amount_cents: int, idempotency_key: str) -> ProviderResult: ...


class CardError(ValueError):
    """The card number cannot be used (not a card number)."""


class SimulatedProvider:
    """Test cards, like the real providers': 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is
    declined, 4000 0000 0000 9995 fails with insufficient funds. Bank accounts ending in 0000 fail.

    Tokens are opaque, as a real provider's: random, never derived from the number. Like Stripe's
    test tokens they name the simulated behaviour (`sim_tok_declined_…`), so any process (web,
    worker) decides the same way without the number being stored anywhere."""

    SIMULATED = True
    DECLINES = {
        "4000000000000002": ("declined", "Your card was declined."),
        "4000000000009995": ("insufficient", "Your card has insufficient funds."),
    }
    OUTCOMES = {"declined": "Your card was declined.", "insufficient": "Your card has insufficient funds."}
    _lock = threading.Lock()
    _seen: dict[str, ProviderResult] = {}

    def tokenize(self, card_number: str) -> TokenizedCard:
        digits = "".join(ch for ch in card_number if ch.isdigit())
        if not 12 <= len(digits) <= 19 or not luhn_ok(digits):
            raise CardError("That is not a valid card number.")
        brand = {"4": "Visa", "5": "Mastercard", "3": "Amex"}.get(digits[0], "Card")
        outcome = self.DECLINES.get(digits, ("ok", ""))[0]
        return TokenizedCard(token=f"sim_tok_{outcome}_{secrets.token_hex(12)}", brand=brand, last4=digits[-4:])

    def tokenize_bank(self, bank_account: str) -> TokenizedCard:
        digits = "".join(ch for ch in bank_account if ch.isdigit())
        if len(digits) < 6:
            raise CardError("Enter your full bank account number (at least 6 digits).")
        outcome = "rejected" if digits.endswith("0000") else "ok"
        return TokenizedCard(token=f"sim_ba_{outcome}_{secrets.token_hex(12)}", brand="Bank", last4=digits[-4:])

    def _once(self, key: str, compute: Callable[[], ProviderResult]) -> ProviderResult:
        with self._lock:
            if key not in self._seen:
                self._seen[key] = compute()
            return self._seen[key]

    def charge(self, card_token: str, amount_cents: int, idempotency_key: str) -> ProviderResult:
        def compute() -> ProviderResult:
            if amount_cents <= 0:
                return ProviderResult(ok=False, error="The amount must be positive.")
            parts = card_token.split("_")
            if len(parts) != 4 or parts[:2] != ["sim", "tok"]:
                return ProviderResult(ok=False, error="Unknown card.")
            if parts[2] in self.OUTCOMES:
                return ProviderResult(ok=False, error=self.OUTCOMES[parts[2]])
            return ProviderResult(ok=True, reference=_ref("ch", idempotency_key))

        return self._once(f"charge:{idempotency_key}", compute)

    def payout(self, bank_token: str, amount_cents: int, idempotency_key: str) -> ProviderResult:
        def compute() -> ProviderResult:
            parts = bank_token.split("_")
            if len(parts) != 4 or parts[:2] != ["sim", "ba"]:
                return ProviderResult(ok=False, error="Unknown bank account.")
            if parts[2] != "ok":
                return ProviderResult(ok=False, error="The bank rejected the transfer.")
            return ProviderResult(ok=True, reference=_ref("po", idempotency_key))

        return self._once(f"payout:{idempotency_key}", compute)


def _ref(prefix: str, key: str) -> str:
    return f"sim_{prefix}_{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def simulator_refused() -> str:
    """Why the configured provider may not run here ("" when it may): the simulator moves no real
    money, so with DEBUG off it needs CONTRACTS_ALLOW_SIMULATED_PAYMENTS explicitly."""
    provider_class = import_string(settings.CONTRACTS_PAYMENT_PROVIDER)
    if getattr(provider_class, "SIMULATED", False) and not (
        settings.DEBUG or settings.CONTRACTS_ALLOW_SIMULATED_PAYMENTS
    ):
        return (
            f"The payment provider {settings.CONTRACTS_PAYMENT_PROVIDER} is a simulator and DEBUG is off: "
            "payments would look real and move no money."
        )
    return ""


def provider() -> PaymentProvider:
    refused = simulator_refused()
    if refused:
        raise ImproperlyConfigured(refused)
    return import_string(settings.CONTRACTS_PAYMENT_PROVIDER)()


@register(Tags.security, deploy=True)
def check_payment_provider(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    refused = simulator_refused()
    if not refused:
        return []
    return [
        Error(
            refused,
            hint="Configure a real provider in CONTRACTS_PAYMENT_PROVIDER, or set "
            "CONTRACTS_ALLOW_SIMULATED_PAYMENTS=true for a demo or CI deployment.",
            id="contracts.E001",
        )
    ]
