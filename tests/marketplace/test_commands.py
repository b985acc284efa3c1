from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.models import JobPost

pytestmark = pytest.mark.django_db


def test_generate_jobs_bulk_inserts_with_skills(category):
    out = StringIO()
    call_command("generate_jobs", "--count", "120", "--batch", "50", "--seed", "1", stdout=out)
    assert JobPost.objects.count() == 120
    assert JobPost.skills.through.objects.count() >= 120
    assert len(set(JobPost.objects.values_list("title", flat=True))) > 60  # varied, not one template
    assert "Generated 120 jobs" in out.getvalue()
