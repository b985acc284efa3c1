"""`{% load money %}{{ amount_cents|cents }}` -> "$1,500.00". Shared by every app that shows money."""
from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


@register.filter
def cents(value: int | None, currency: str = "USD") -> str:
    """Integer cents to a dollar string with thousands separators; negative amounts as -$5.00."""
    if value is None or value == "":
        return ""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    dollars = Decimal(abs(amount)) / 100
    symbol = _SYMBOLS.get(str(currency).upper(), "")
    text = f"{dollars:,.2f}"
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


@register.filter
def whole_dollars(value: int | None) -> str:
    """Cents as whole dollars for compact places (cards): 150000 -> "$1,500"; keeps cents when present."""
    if value is None or value == "":
        return ""
    amount = int(value)
    if amount % 100:
        return cents(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount) // 100:,}"
