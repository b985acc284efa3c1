"""PostgreSQL full-text search: the trigger keeps search_vector current on every write path, and the
relevance sort ranks title hits above description hits. Skipped on SQLite."""
from __future__ import annotations

import pytest
from django.db import connection

from marketplace import services
from marketplace.models import JobPost
from marketplace.selectors import job_list_public

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")


def test_search_vector_filled_by_trigger_on_every_path(make_job, client_user):
    job = make_job(title="Kubernetes migration", description="Move our services to a managed cluster.")
    assert [j.pk for j in job_list_public(query="kubernetes")] == [job.pk]
    services.job_update(job=job, actor=client_user, title="Terraform modules")
    assert not list(job_list_public(query="kubernetes"))
    JobPost.objects.filter(pk=job.pk).update(description="Also some Ansible playbooks.")  # bulk path
    assert [j.pk for j in job_list_public(query="ansible")] == [job.pk]


def test_search_websearch_syntax_and_stemming(make_job):
    make_job(title="Designing logos", description="Branding work for a bakery.")
    make_job(title="Logo animation", description="Motion design for a video intro.")
    assert len(list(job_list_public(query="logo"))) == 2  # "logos" and "logo" share a stem
    assert [j.title for j in job_list_public(query="logo -bakery")] == ["Logo animation"]
    assert [j.title for j in job_list_public(query='"motion design"')] == ["Logo animation"]


def test_search_relevance_ranks_title_matches_first(make_job):
    make_job(title="Copywriting for a launch", description="Landing page and emails for our launch.")
    make_job(title="Bookkeeping help", description="Monthly reconciliation; some copywriting too.")
    assert [j.title for j in job_list_public(query="copywriting")][0] == "Bookkeeping help"  # newest first
    ranked = [j.title for j in job_list_public(query="copywriting", sort="relevance")]
    assert ranked == ["Copywriting for a launch", "Bookkeeping help"]
