"""Profiles: employment, education and availability through the real pages; the seeded skills
taxonomy; the directory searches skill names; NUL in a search is no 500."""
from __future__ import annotations

import pytest

from accounts.models import Education, Employment, Skill
from tests.factories import FreelancerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def freelancer(db):
    return FreelancerFactory()  # with its (empty) freelancer profile


def test_skills_taxonomy_seeded_in_groups():
    assert Skill.objects.count() >= 300
    assert Skill.objects.get(slug="c-sharp").name == "C#"
    assert Skill.objects.get(slug="cpp").group == "Software engineering"
    assert Skill.objects.exclude(group="").count() == Skill.objects.count()


def test_employment_add_edit_delete_and_shown_publicly(client, freelancer):
    client.force_login(freelancer)
    response = client.post("/profile/employment/add/", {
        "company": "Northwind Studio", "title": "Backend developer", "start_date": "2021-03-01",
        "end_date": "", "description": "Payments and search.",
    })
    assert response.status_code == 302 and response.url.endswith("#employments")
    job = Employment.objects.get(profile__user=freelancer)
    page = client.get(f"/freelancers/{freelancer.pk}/").content.decode()
    assert "Backend developer" in page and "Northwind Studio" in page and "present" in page
    client.post(f"/profile/employment/{job.pk}/edit/", {
        "company": "Northwind Studio", "title": "Lead developer", "start_date": "2021-03-01",
        "end_date": "2020-01-01",
    })
    job.refresh_from_db()
    assert job.title == "Backend developer"  # end before start: refused, nothing saved
    client.post(f"/profile/employment/{job.pk}/delete/")
    assert not Employment.objects.exists()


def test_education_refuses_contact_details_and_others_cannot_edit(client, freelancer):
    client.force_login(freelancer)
    response = client.post("/profile/education/add/", {
        "school": "Write me at ana.lopez@gmail.com", "degree": "BSc", "start_year": "2015", "end_year": "2018",
    })
    assert response.status_code == 400 and not Education.objects.exists()
    client.post("/profile/education/add/", {"school": "University of Porto", "degree": "BSc",
                                            "field_of_study": "Computer science", "end_year": "2018"})
    school = Education.objects.get()
    other = FreelancerFactory()
    client.force_login(other)
    assert client.get(f"/profile/education/{school.pk}/edit/").status_code == 404
    assert client.post(f"/profile/education/{school.pk}/delete/").status_code == 404
    assert client.get("/profile/nonsense/add/").status_code == 404


def test_availability_saved_and_shown(client, freelancer):
    client.force_login(freelancer)
    page = client.get("/profile/edit/").content.decode()
    assert 'data-filter-choices=' in page  # the searchable skills picker
    data = {
        "names-first_name": freelancer.first_name, "names-last_name": freelancer.last_name,
        "freelancer-headline": "Django developer", "freelancer-overview": "", "freelancer-hourly_rate": "",
        "freelancer-country": "", "freelancer-availability": "part_time",
        "freelancer-skills": [Skill.objects.get(slug="django").pk],
    }
    assert client.post("/profile/edit/", data).status_code == 302
    assert "Less than 30 hrs/week" in client.get(f"/freelancers/{freelancer.pk}/").content.decode()


def test_directory_searches_skill_names_and_survives_nul(client, freelancer):
    freelancer.freelancer_profile.skills.add(Skill.objects.get(slug="kubernetes"))
    assert freelancer.display_name in client.get("/freelancers/?q=kubernetes").content.decode()
    assert client.get("/freelancers/?q=a%00b&skill=%00").status_code == 200
