from django.conf import settings
from django.http import HttpRequest

from core.money import symbol


def site(request: HttpRequest) -> dict:
    """The site's name and the platform currency (job budgets, bids and rates are quoted in it)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PLATFORM_CURRENCY": settings.CONTRACTS_CURRENCY,
        "PLATFORM_CURRENCY_SYMBOL": symbol(settings.CONTRACTS_CURRENCY),
    }
