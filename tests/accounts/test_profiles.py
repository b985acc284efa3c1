import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PortfolioItem, TalentBadge
from marketplace.models import JobPost, Proposal
from tests.factories import (
    ClientFactory,
    FreelancerFactory,
    JobPostFactory,
    ProposalFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


def test_freelancer_detail_shows_profile_and_never_the_email(client, freelancer_user):
    profile = freelancer_user.freelancer_profile
    profile.skills.add(SkillFactory(name="Django", slug="django"))
    PortfolioItem.objects.create(profile=profile, title="Booking site", description="Yoga studio bookings")
    TalentBadge.objects.create(user=freelancer_user, kind=TalentBadge.Kind.TOP_RATED, awarded_at=timezone.now())

    response = client.get(reverse("accounts:freelancer-detail", args=[freelancer_user.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert freelancer_user.display_name in content
    assert freelancer_user.email not in content
    assert freelancer_user.last_name not in content  # only the initial
    assert "$50.00/hr" in content
    assert "Django" in content and "Booking site" in content and "Top Rated" in content


def test_freelancer_detail_invite_link_only_for_other_clients(client, freelancer_user, client_user):
    url = reverse("accounts:freelancer-detail", args=[freelancer_user.pk])
    invite = f"/jobs/invite/{freelancer_user.pk}/"

    assert invite not in client.get(url).content.decode()
    client.force_login(freelancer_user)
    assert invite not in client.get(url).content.decode()
    client.force_login(client_user)
    assert invite in client.get(url).content.decode()


def test_freelancer_detail_404_for_non_freelancer(client, client_user):
    response = client.get(reverse("accounts:freelancer-detail", args=[client_user.pk]))

    assert response.status_code == 404


def test_client_detail_shows_open_public_jobs_not_email(client, client_user):
    open_job = JobPostFactory(client=client_user, title="Open public job")
    JobPostFactory(client=client_user, title="Secret invite job", visibility=JobPost.Visibility.INVITE_ONLY)
    JobPostFactory(client=client_user, title="Draft job", status=JobPost.Status.DRAFT, published_at=None)
    ProposalFactory(job=open_job, status=Proposal.Status.HIRED)
    ProposalFactory(job=open_job)

    response = client.get(reverse("accounts:client-detail", args=[client_user.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="/jobs/{open_job.pk}/"' in content
    assert "Secret invite job" not in content and "Draft job" not in content
    assert client_user.email not in content


def test_freelancer_list_searches_name_and_headline_and_filters_skill(client):
    django = SkillFactory(name="Django", slug="django")
    ana = FreelancerFactory(first_name="Anabela", last_name="Costa")
    ana.freelancer_profile.skills.add(django)
    ben = FreelancerFactory(first_name="Benedict", last_name="Oyelaran")
    ben.freelancer_profile.headline = "Logo designer"
    ben.freelancer_profile.save()

    by_name = client.get(reverse("accounts:freelancer-list"), {"q": "anabela"})
    by_headline = client.get(reverse("accounts:freelancer-list"), {"q": "logo"})
    by_skill = client.get(reverse("accounts:freelancer-list"), {"skill": "django"})

    assert [p.user for p in by_name.context["page_obj"]] == [ana]
    assert [p.user for p in by_headline.context["page_obj"]] == [ben]
    assert [p.user for p in by_skill.context["page_obj"]] == [ana]
    for response in (by_name, by_headline, by_skill):
        assert ana.email not in response.content.decode()


def test_freelancer_list_empty_state(client):
    response = client.get(reverse("accounts:freelancer-list"), {"q": "nobody-matches-this"})

    assert response.status_code == 200
    assert "No freelancers match your search." in response.content.decode()


def test_freelancer_list_paginates(client, monkeypatch):
    FreelancerFactory.create_batch(3)
    monkeypatch.setattr("accounts.views.FREELANCERS_PER_PAGE", 2)

    first = client.get(reverse("accounts:freelancer-list"))
    second = client.get(reverse("accounts:freelancer-list"), {"page": 2})

    assert len(first.context["page_obj"]) == 2
    assert len(second.context["page_obj"]) == 1
    assert "Page 1 of 2" in first.content.decode()


def test_client_and_freelancer_pages_hide_inactive_users(client):
    gone = FreelancerFactory(is_active=False)
    gone_client = ClientFactory(is_active=False)

    assert client.get(reverse("accounts:freelancer-detail", args=[gone.pk])).status_code == 404
    assert client.get(reverse("accounts:client-detail", args=[gone_client.pk])).status_code == 404


def test_suspended_freelancer_not_listed_and_not_invitable(client, client_user, staff_user):
    from trust.services import user_suspend

    suspended = FreelancerFactory(first_name="Suspendia")
    user_suspend(user=suspended, actor=staff_user, reason="Repeated contact sharing")

    listing = client.get(reverse("accounts:freelancer-list"), {"q": "suspendia"})
    client.force_login(client_user)
    detail = client.get(reverse("accounts:freelancer-detail", args=[suspended.pk]))

    assert list(listing.context["page_obj"]) == []
    assert detail.context["can_invite"] is False
    assert f"/jobs/invite/{suspended.pk}/" not in detail.content.decode()


def test_withheld_badges_are_not_shown(client, freelancer_user):
    from trust.services import sanction_apply

    sanction_apply(user=freelancer_user, kind="badge_loss", days=30, reason="test")
    TalentBadge.objects.create(user=freelancer_user, kind=TalentBadge.Kind.RISING_TALENT, awarded_at=timezone.now())

    response = client.get(reverse("accounts:freelancer-detail", args=[freelancer_user.pk]))

    assert "Rising Talent" not in response.content.decode()


def test_freelancer_list_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    django = SkillFactory(name="Django", slug="django")
    for user in FreelancerFactory.create_batch(12):
        user.freelancer_profile.skills.add(django)
        TalentBadge.objects.create(user=user, kind=TalentBadge.Kind.RISING_TALENT, awarded_at=timezone.now())

    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:freelancer-list"))

    assert len(response.context["page_obj"]) == 12
