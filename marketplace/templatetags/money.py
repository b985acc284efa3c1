"""`{% load money %}{{ amount_cents|cents:currency }}` -> "$1,500.00" / "€1,500.00". Shared by every app
that shows money; the formatting itself is core.money.format_money (Babel), the one formatter."""
from __future__ import annotations

from django import template
from django.conf import settings

from core.money import format_money

register = template.Library()


def _currency(currency: str | None) -> str:
    return str(currency or getattr(settings, "CONTRACTS_CURRENCY", "USD")).upper()


@register.filter
def cents(value: int | str | None, currency: str | None = None) -> str:
    """Integer minor units in the given currency (the platform's when omitted); negative as -$5.00."""
    if value is None or value == "":
        return ""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    return format_money(amount, _currency(currency))


@register.filter
def whole_dollars(value: int | str | None, currency: str | None = None) -> str:
    """Compact amounts for cards: 150000 -> "$1,500"; keeps the decimals when there are some."""
    if value is None or value == "":
        return ""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    return format_money(amount, _currency(currency), whole=True)
