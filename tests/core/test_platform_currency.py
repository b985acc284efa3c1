"""Job budgets, bids and hourly rates are quoted in the platform currency (CONTRACTS_CURRENCY),
formatted by core.money: no page hard-codes a dollar sign."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import FreelancerFactory

pytestmark = pytest.mark.django_db


def test_hourly_rate_shows_the_platform_currency(client, settings):
    settings.CONTRACTS_CURRENCY = "EUR"
    freelancer = FreelancerFactory()
    profile = freelancer.freelancer_profile
    profile.hourly_rate_cents = 5_000
    profile.save(update_fields=["hourly_rate_cents"])

    page = client.get(reverse("accounts:freelancer-detail", args=[freelancer.pk])).content.decode()

    assert "€50.00/hr" in page and "$50.00" not in page


def test_job_search_budget_filter_labels_use_the_platform_currency(client, settings):
    settings.CONTRACTS_CURRENCY = "EUR"

    page = client.get(reverse("marketplace:job-list")).content.decode()

    assert "From (€)" in page and "Up to (€)" in page and "($)" not in page
