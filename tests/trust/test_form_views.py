"""The user-facing form views of guarded models: refused with the specific, highlighted reason; the
typed text stays in the form; nothing is saved; the refusal is on record as a flag."""
from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import FreelancerProfile
from marketplace.models import JobPost, Proposal
from tests.factories import CategoryFactory
from trust.models import Flag

pytestmark = pytest.mark.django_db

PHONE = "Call me on 555-123-4567 so we can talk it through"


def test_proposal_form_view_refuses_contact_details(client, job, freelancer_user):
    client.force_login(freelancer_user)
    response = client.post(reverse("marketplace:proposal-create", args=[job.pk]), {
        "cover_letter": PHONE, "bid": "1200", "duration": "1_3m",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="finding"' in html and "555-123-4567</mark>" in html
    assert "Call me on 555-123-4567 so we can talk it through</textarea>" in html
    assert not Proposal.objects.filter(job=job).exists()
    flag = Flag.objects.get(user=freelancer_user)
    assert (flag.context, flag.kind, flag.original_text) == ("proposal", "phone", PHONE)


def test_job_form_view_refuses_contact_details(client, client_user):
    client.force_login(client_user)
    category = CategoryFactory()
    before = JobPost.objects.count()
    response = client.post(reverse("marketplace:job-create"), {
        "title": "Booking site", "description": f"Need a booking site. {PHONE}", "category": category.pk,
        "budget_type": "fixed", "budget_min": "1000", "budget_max": "1500", "duration": "1_3m",
        "experience_level": "intermediate", "visibility": "public",
    })
    assert response.status_code == 200
    assert "555-123-4567</mark>" in response.content.decode()
    assert JobPost.objects.count() == before
    assert Flag.objects.filter(user=client_user, context="job_post").exists()


def test_profile_form_view_refuses_contact_details(client, freelancer_user):
    client.force_login(freelancer_user)
    response = client.post(reverse("accounts:profile-edit"), {
        "names-first_name": freelancer_user.first_name, "names-last_name": freelancer_user.last_name,
        "freelancer-headline": "Designer — bob.builder@gmail.com", "freelancer-overview": "",
        "freelancer-hourly_rate": "50", "freelancer-country": "PT",
    })
    assert response.status_code == 400  # accounts answers an invalid form with 400
    assert "bob.builder@gmail.com</mark>" in response.content.decode()
    assert FreelancerProfile.objects.get(user=freelancer_user).headline == "Full-stack developer"


def _third_pass_cases() -> list:
    """One generated case of each of the third recall pass's positive families (a family, not a sentence)."""
    from tests.trust.detection_gen import generate, load_families

    families = load_families()
    names = sorted(n for n, f in families.items() if "recall3" in n and f.kinds)
    return [generate(name, 1, seed=5)[0] for name in names]


@pytest.mark.parametrize("case", _third_pass_cases(), ids=lambda c: c.text[:40])
def test_proposal_form_refuses_each_third_pass_family(client, job, freelancer_user, case):
    """Through the form a freelancer uses: refused, nothing stored, the refusal on record."""
    client.force_login(freelancer_user)
    response = client.post(reverse("marketplace:proposal-create", args=[job.pk]), {
        "cover_letter": f"I can build this. {case.text}", "bid": "1200", "duration": "1_3m",
    })
    assert response.status_code == 200
    assert '<mark class="finding"' in response.content.decode()
    assert not Proposal.objects.filter(job=job).exists()
    assert Flag.objects.filter(user=freelancer_user, context="proposal").exists()
