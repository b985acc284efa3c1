"""Trust fixtures: confirmed flags and sanctions are built with the real services."""
from __future__ import annotations

import pytest

from tests.factories import ClientFactory, FreelancerFactory, UserFactory

CONTACT = "Write to me at bob.builder@gmail.com"
PAYMENT = "pay me via paypal instead"


@pytest.fixture(autouse=True)
def _trust_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TRUST_EXEMPT_STAFF = True
    settings.TRUST_AUTO_CONFIRM_CONFIDENCE = 0.96
    settings.TRUST_STRIKE_EXPIRY_DAYS = 365
    settings.TRUST_PAYMENT_STRIKE_WEIGHT = 2
    settings.TRUST_PACING_MINUTES = 10
    settings.TRUST_STRIKE_LADDER = [
        {"strikes": 1, "action": "warning"},
        {"strikes": 2, "action": "badge_loss", "days": 183},
        {"strikes": 3, "action": "restriction", "days": 7},
        {"strikes": 4, "action": "suspension"},
    ]




@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True, email="ops@example.com")


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def freelancer(db):
    return FreelancerFactory()


@pytest.fixture
def buyer(db):
    return ClientFactory()


@pytest.fixture
def make_flag():
    """A recorded automatic flag for `user` (pending unless its confidence reaches auto-confirm)."""
    from trust.exceptions import ContentBlocked
    from trust.scope import writing

    def make(user, text: str = CONTACT, *, context: str = "proposal", counterpart=None, target=None, delivered=True):
        with pytest.raises(ContentBlocked) as caught:
            with writing(author=user, counterpart=counterpart, context=context, target=target,
                         delivered=delivered) as scope:
                scope.check(text=text)
        return caught.value.flag

    return make


@pytest.fixture
def confirm(staff_user):
    """confirm(user, kind="contact"|"payment") -> the confirmed Flag (one strike on the ladder)."""
    from datetime import timedelta

    from django.utils import timezone

    from trust.models import Flag
    from trust.services import flag_confirm

    made = [0]

    def do(user, kind: str = "contact", note: str = ""):
        flag = Flag.objects.create(
            user=user, kind=Flag.Kind.PAYMENT if kind == "payment" else Flag.Kind.EMAIL, context="message",
            confidence=0.5, original_text=PAYMENT if kind == "payment" else CONTACT, findings=[],
        )
        # Each refusal an hour apart: outside the pacing window, so each confirmation is its own strike.
        made[0] += 1
        Flag.objects.filter(pk=flag.pk).update(created_at=timezone.now() - timedelta(hours=100 - made[0]))
        flag.refresh_from_db()
        return flag_confirm(flag=flag, reviewer=staff_user, note=note)

    return do
