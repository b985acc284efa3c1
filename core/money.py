"""Money as typed and as shown: the one parser and the one formatter of the project.

Amounts live as integers in the currency's minor unit (`*_cents`). Parsing never hands free text to
`Decimal` first: the text must look like an amount (digits, an optional decimal part, grouping
commas, an optional symbol or code of *this* currency), so `sNaN`, `Infinity`, `1e999999` and
40-digit numbers are refused with a message instead of an exception. Display goes through Babel
(CLDR data), so the symbol and decimals always follow the contract's currency.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from babel.core import UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision, get_currency_symbol
from django import forms

DEFAULT_LOCALE = "en_US"
# Above any single payment the platform takes (a milestone, a top-up, a rate); bounded so the
# cents fit easily in a 64-bit column after any multiplication we do (fees, hours x rate).
MAX_AMOUNT_CENTS = 100_000_000_00  # 100 million in major units
_MAX_INTEGER_DIGITS = 12
_AMOUNT = re.compile(r"^(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?$")  # ASCII digits only


class MoneyError(ValueError):
    """The text is not an amount we accept; str(error) is fit for the user."""


def minor_digits(currency: str) -> int:
    """Decimals of the currency's minor unit (USD 2, JPY 0), from CLDR."""
    return int(get_currency_precision(currency.upper()))


def symbol(currency: str, locale: str = DEFAULT_LOCALE) -> str:
    return str(get_currency_symbol(currency.upper(), locale=locale))


def to_major(amount_cents: int, currency: str) -> Decimal:
    """Integer minor units as a Decimal in major units (no float on the way)."""
    return Decimal(int(amount_cents)).scaleb(-minor_digits(currency))


def format_money(amount_cents: int | None, currency: str, *, locale: str = DEFAULT_LOCALE, whole: bool = False) -> str:
    """`150050, "EUR"` -> "€1,500.50"; negative amounts "-€5.00". `whole` drops zero decimals."""
    if amount_cents is None:
        return ""
    currency = (currency or "").upper()
    amount = to_major(int(amount_cents), currency)
    try:
        if whole and amount == amount.to_integral_value():
            return str(format_currency(amount, currency, format="¤#,##0", locale=locale, currency_digits=False))
        return str(format_currency(amount, currency, locale=locale))
    except (UnknownLocaleError, ValueError):
        return f"{amount:,.{minor_digits(currency)}f} {currency}"


def amount_example(currency: str) -> str:
    digits = minor_digits(currency)
    return "250" if digits == 0 else f"250 or 250.{'5'.ljust(digits, '0')}"


def parse_money(
    text: object,  # what the user typed (str() of it; None is empty)
    currency: str,
    *,
    min_cents: int = 1,
    max_cents: int = MAX_AMOUNT_CENTS,
    locale: str = DEFAULT_LOCALE,
) -> int:
    """Text as a user types it ("1,250.50", "€ 99", "99 EUR") -> integer minor units.

    Raises MoneyError for anything that is not a plain finite amount of this currency or is outside
    [min_cents, max_cents]."""
    currency = currency.upper()
    raw = str(text if text is not None else "").strip()
    if len(raw) > 40:
        raise MoneyError(f"Enter an amount like {amount_example(currency)}.")
    cleaned = raw.replace("\u00a0", " ")
    for token in {symbol(currency, locale), currency, currency.lower()}:
        cleaned = cleaned.replace(token, "")
    cleaned = cleaned.replace(" ", "")
    if cleaned.startswith("-"):
        raise MoneyError("The amount can't be negative.")
    match = _AMOUNT.match(cleaned)
    if not match:
        raise MoneyError(f"Enter an amount like {amount_example(currency)}.")
    whole = match["whole"].replace(",", "")
    frac = match["frac"] or ""
    if len(whole.lstrip("0")) > _MAX_INTEGER_DIGITS:
        raise MoneyError(f"The amount can be at most {format_money(max_cents, currency)}.")
    digits = minor_digits(currency)
    if len(frac.rstrip("0")) > digits:
        raise MoneyError(
            "Use whole amounts." if digits == 0 else f"Use at most {digits} decimals."
        )
    cents = int(whole) * 10**digits + int((frac + "0" * digits)[:digits] or 0)
    if cents < min_cents:
        raise MoneyError(f"The amount must be at least {format_money(min_cents, currency)}.")
    if cents > max_cents:
        raise MoneyError(f"The amount can be at most {format_money(max_cents, currency)}.")
    return cents


class MoneyField(forms.CharField):
    """An amount typed in the currency's major unit -> integer minor units, via `parse_money`.

    The currency is the contract's (set by the form: `field.currency = contract.currency`); the
    label gets the currency code appended, never a hard-coded symbol."""

    def __init__(
        self,
        *args: Any,
        currency: str = "USD",
        min_cents: int = 1,
        max_cents: int = MAX_AMOUNT_CENTS,
        **kwargs: Any,  # forms.CharField's
    ) -> None:
        self.currency, self.min_cents, self.max_cents = currency, min_cents, max_cents
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": "40"})
        )
        super().__init__(*args, **kwargs)
        self.base_label = self.label

    def set_currency(self, currency: str) -> None:
        self.currency = currency.upper()
        if self.base_label:
            self.label = f"{self.base_label} ({self.currency})"
        self.widget.attrs["placeholder"] = format_money(0, self.currency).replace(symbol(self.currency), "").strip()

    def to_python(self, value: object) -> int | None:  # type: ignore[override]
        value = super().to_python(value)
        if value in ("", None):
            return None
        try:
            return parse_money(value, self.currency, min_cents=self.min_cents, max_cents=self.max_cents)
        except MoneyError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


def set_form_currency(form: forms.BaseForm, currency: str) -> None:
    """Give every MoneyField of `form` the currency (labels and parsing follow it)."""
    for field in form.fields.values():
        if isinstance(field, MoneyField):
            field.set_currency(currency)
