"""Shared fixtures. App-specific fixtures live in tests/<app>/conftest.py."""
from __future__ import annotations

import secrets

import pytest

from tests.factories import ClientFactory, FreelancerFactory, JobPostFactory, ProposalFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a per-test folder, never into the repo."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TRUST_UPLOADS_ROOT = tmp_path / "private"
    # Upload scans run where the commit happens (on_commit), not on the local worker thread that
    # `make run` uses: a thread would not see the test's transaction.
    settings.TRUST_UPLOADS_EAGER_INLINE = True


def pytest_configure(config: pytest.Config) -> None:
    """The suite runs with DEBUG off, as production does, so it needs a real secret key: without one
    config.E001 refuses to start (and importing config.asgi, as the WebSocket tests do, raises)."""
    from django.conf import settings

    settings.SECRET_KEY = "tests-" + secrets.token_urlsafe(50)


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The suite runs with DEBUG off, where HTTP redirects to HTTPS (config.settings): the test client
    speaks plain HTTP. tests/core/test_security.py checks the production defaults themselves."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Celery tasks run in-process in tests even when REDIS_URL points Celery at a broker (CI's
    second pass): tests check what a task does; a real worker is what the beat and browser tests run."""
    from config.celery import app

    old = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = old


@pytest.fixture(autouse=True)
def _no_email_timers(settings):
    """Without a worker, messaging keeps a new-message email's delay in a timer thread; in tests that
    thread would fire minutes later inside another test. Tests call the task directly instead."""
    settings.MESSAGING_EMAIL_EAGER_TIMER = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs ~0.3 s a hash; the suite checks flows, not hashing strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _simulated_payments(settings):
    """Tests run with DEBUG off; the simulated payment provider must be allowed explicitly there."""
    settings.CONTRACTS_ALLOW_SIMULATED_PAYMENTS = True


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits (allauth's, messaging's) live in the cache: every test starts from a clean slate."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_user(db):
    return ClientFactory()


@pytest.fixture
def freelancer_user(db):
    return FreelancerFactory()


@pytest.fixture
def other_client(db):
    return ClientFactory()


@pytest.fixture
def other_freelancer(db):
    return FreelancerFactory()


@pytest.fixture
def job(client_user):
    return JobPostFactory(client=client_user)


@pytest.fixture
def proposal(job, freelancer_user):
    return ProposalFactory(job=job, freelancer=freelancer_user)
