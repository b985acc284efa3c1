"""Saved searches and the daily job-alert digest (beat task), in-app and by email."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from marketplace.models import SavedSearch
from marketplace.tasks import send_job_alerts
from notifications.models import Kind, Notification
from tests.factories import FreelancerFactory, JobPostFactory

pytestmark = pytest.mark.django_db


def test_save_search_from_the_list_and_manage_it(client):
    user = FreelancerFactory()
    client.force_login(user)
    assert "Save this search" in client.get("/jobs/?q=django&page=2").content.decode()
    response = client.post("/jobs/saved/new/", {"q": "django", "budget_type": "fixed", "page": "2", "min": ""})
    assert response.status_code == 302
    search = SavedSearch.objects.get(user=user)
    assert search.params == "budget_type=fixed&q=django" and search.name == "“django” · fixed"
    client.post("/jobs/saved/new/", {"q": "django", "budget_type": "fixed"})  # the same search once
    assert SavedSearch.objects.filter(user=user).count() == 1
    client.post(f"/jobs/saved/{search.pk}/", {})  # alerts box unticked
    search.refresh_from_db()
    assert not search.alerts
    other = FreelancerFactory()
    client.force_login(other)
    assert client.post(f"/jobs/saved/{search.pk}/", {"delete": "1"}).status_code == 404
    client.force_login(user)
    client.post(f"/jobs/saved/{search.pk}/", {"delete": "1"})
    assert not SavedSearch.objects.exists()


def test_daily_digest_lists_new_matches_once(client, django_capture_on_commit_callbacks):
    user = FreelancerFactory()
    client.force_login(user)
    client.post("/jobs/saved/new/", {"q": "kubernetes"})
    client.post("/jobs/saved/new/", {"budget_type": "hourly"})
    start = timezone.now()
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        JobPostFactory(title="Kubernetes cluster upgrade", published_at=timezone.now())
        JobPostFactory(title="Logo for a bakery", published_at=timezone.now())  # matches neither
        JobPostFactory(title="Hourly support", budget_type="hourly", budget_min_cents=3_000,
                       budget_max_cents=5_000, published_at=timezone.now())
    with time_machine.travel(start + timedelta(days=1), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert send_job_alerts() == 1
    note = Notification.objects.get(user=user, kind=Kind.JOB_ALERT)
    assert note.title == "2 new jobs for your saved searches"
    assert "Kubernetes cluster upgrade" in note.body and "Hourly support" in note.body
    assert "bakery" not in note.body
    assert len(mail.outbox) == 1 and "Kubernetes cluster upgrade" in mail.outbox[0].body
    with time_machine.travel(start + timedelta(days=2), tick=False):
        assert send_job_alerts() == 0  # nothing new since: no second digest
    assert Notification.objects.filter(user=user, kind=Kind.JOB_ALERT).count() == 1
