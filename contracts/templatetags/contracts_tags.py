from django import template

register = template.Library()


@register.filter
def hm(minutes: int | None) -> str:
    """Minutes as "3h 05m"."""
    minutes = int(minutes or 0)
    return f"{minutes // 60}h {minutes % 60:02d}m"


@register.filter
def net_of_fee(amount_cents: int | None) -> int:
    """What the freelancer receives of `amount_cents` after the platform fee (the same rounding as
    the ledger's release)."""
    from django.conf import settings

    from contracts.ledger import fee_cents

    amount = int(amount_cents or 0)
    return amount - fee_cents(amount, settings.CONTRACTS_FEE_BPS)


@register.simple_tag
def fee_percent() -> str:
    """The platform fee as people read it: "10%" or "12.5%"."""
    from decimal import Decimal

    from django.conf import settings

    return f"{(Decimal(settings.CONTRACTS_FEE_BPS) / 100).normalize():f}%"


@register.simple_tag
def fee_bps() -> int:
    from django.conf import settings

    return int(settings.CONTRACTS_FEE_BPS)
