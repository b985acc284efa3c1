"""Issue 15's smaller marketplace and accounts bugs, each through the page a person sees."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Skill
from marketplace.selectors import JobFilters, job_list_page, job_list_public
from tests.factories import FreelancerFactory, JobPostFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def test_make_run_port_sets_the_links_in_emails():
    out = subprocess.run(["make", "-n", "run", "PORT=8101"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "SITE_URL=http://127.0.0.1:8101" in out and "--port 8101" in out


def test_login_page_offers_password_reset_once(client):
    assert client.get("/accounts/login/").content.decode().count("Forgot your password?") == 1


def test_signed_in_message_has_one_full_stop(client):
    user = UserFactory(first_name="Jo", last_name="Nguyen", email="jo@example.com")
    user.set_password("a long enough password 1")
    user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/accounts/login/", {"login": "jo@example.com", "password": "a long enough password 1"},
                           follow=True)
    body = response.content.decode()
    assert "Signed in as Jo N." in body and "Jo N.." not in body


def test_no_emoji_paperclip_anywhere_and_the_icon_is_inline_svg(client):
    offenders = [str(p) for p in (ROOT / "templates").rglob("*.html") if "📎" in p.read_text(encoding="utf-8")]
    assert offenders == []
    from django.template.loader import render_to_string

    svg = render_to_string("partials/icon.html", {"name": "paperclip"})
    assert "<svg" in svg and "icon-paperclip" in svg and "<path" in svg


def test_skip_link_is_the_first_thing_on_every_page(client):
    body = client.get("/").content.decode()
    assert body.index('class="skip-link" href="#main"') < body.index("<header")
    assert 'id="main"' in body


def test_filter_panel_starts_open(client):
    assert '<details class="filters card" open>' in client.get("/jobs/").content.decode()


def test_best_match_without_a_query_ranks_by_the_freelancers_skills(client):
    django, figma = Skill.objects.get(slug="django"), Skill.objects.get(slug="figma")
    both = JobPostFactory(title="Django and Figma")
    both.skills.set([django, figma])
    one = JobPostFactory(title="Django only")
    one.skills.set([django])
    none = JobPostFactory(title="Bakery newsletter")  # newest
    assert 'value="relevance"' not in client.get("/jobs/").content.decode()  # anonymous: newest only
    freelancer = FreelancerFactory()
    freelancer.freelancer_profile.skills.set([django, figma])
    client.force_login(freelancer)
    assert 'value="relevance"' in client.get("/jobs/").content.decode()
    body = client.get("/jobs/?sort=relevance").content.decode()
    assert body.index("Django and Figma") < body.index("Django only") < body.index("Bakery newsletter")
    ids = [django.pk, figma.pk]
    expected = [j.pk for j in job_list_public(sort="relevance", match_skill_ids=ids)]
    assert expected[:3] == [both.pk, one.pk, none.pk]
    assert [r.pk for r in job_list_page(sort="relevance", match_skill_ids=ids, filters=JobFilters()).object_list] \
        == expected
