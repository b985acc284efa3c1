"""A real Celery worker with beat releases a submitted milestone once its review period passed.

Runs only with PostgreSQL and Redis (the worker is another process: it needs a shared database and
a broker). The milestone is committed (transaction=True) so the worker sees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from contracts import services
from contracts.models import Milestone
from tests.contracts.conftest import make_contract, top_up
from tests.factories import ClientFactory, FreelancerFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (django_settings.REDIS_URL and django_settings.IS_POSTGRES),
        reason="the beat test runs a real Celery worker: needs REDIS_URL and PostgreSQL (DATABASE_URL)",
    ),
]


def _database_url() -> str:
    db = django_settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_beat_auto_approves_submitted_milestone(settings, tmp_path):
    settings.CONTRACTS_AUTO_APPROVE_DAYS = 0
    hirer, worker = ClientFactory(), FreelancerFactory()
    contract = make_contract(hirer, worker, amounts=(10_000,))
    milestone = contract.milestones.get()
    top_up(hirer, 10_000)
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    services.milestone_submit(milestone_id=milestone.pk, actor=worker, message="done")

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": django_settings.REDIS_URL,
        "CONTRACTS_AUTO_APPROVE_EVERY_SECONDS": "1",
        "CONTRACTS_AUTO_APPROVE_DAYS": "0",
        "EMAIL_URL": "consolemail://",
        # a production-like worker: DEBUG off needs a real key (config.E001) and, for the simulated
        # payment provider, the explicit allowance (contracts.E001)
        "DJANGO_SECRET_KEY": "beat-test-" + "k" * 50,
        "CONTRACTS_ALLOW_SIMULATED_PAYMENTS": "true",
    }
    log = tmp_path / "worker.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--beat",
                "--pool",
                "solo",
                "-l",
                "info",
                "-s",
                str(tmp_path / "beat-schedule"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            status = Milestone.Status.SUBMITTED
            while time.monotonic() < deadline and proc.poll() is None:
                status = Milestone.objects.get(pk=milestone.pk).status
                if status == Milestone.Status.RELEASED:
                    break
                time.sleep(0.5)
            assert status == Milestone.Status.RELEASED, f"not released in time; worker log:\n{log.read_text()[-3000:]}"
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
