from __future__ import annotations

import pytest
from django.core.cache import cache
from django.template import Context, Template

from marketplace import selectors, services
from marketplace.models import JobPost
from marketplace.selectors import JobFilters, job_list_public, job_page
from marketplace.templatetags.money import cents, whole_dollars
from tests.factories import JobPostFactory

pytestmark = pytest.mark.django_db


def _titles(qs) -> list[str]:
    return [j.title for j in qs]


def test_job_list_public_newest_first_open_public_only(make_job, client_user):
    older = make_job(title="Older job")
    newer = make_job(title="Newer job")
    make_job(title="Draft job", publish=False)
    closed = make_job(title="Closed job")
    services.job_close(job=closed, actor=client_user)
    make_job(title="Private job", visibility=JobPost.Visibility.INVITE_ONLY)
    assert _titles(job_list_public()) == [newer.title, older.title]


def test_job_list_public_search_all_terms(make_job):
    make_job(title="Django developer for API", description="Build a REST API for our shop.")
    make_job(title="Logo design", description="A logo for a Django meetup group.")
    make_job(title="Copywriting", description="Landing page copy.")
    assert _titles(job_list_public(query="django")) == ["Logo design", "Django developer for API"]
    assert _titles(job_list_public(query="django api")) == ["Django developer for API"]
    assert _titles(job_list_public(query="  ")) == ["Copywriting", "Logo design", "Django developer for API"]


def test_job_list_public_filters(make_job, django_skill, figma_skill, design):
    a = make_job(title="A", skills=[django_skill], budget_min_cents=50_000, budget_max_cents=80_000,
                 experience_level="expert")
    b = make_job(title="B", skills=[figma_skill], category=design, budget_type="hourly",
                 budget_min_cents=3_000, budget_max_cents=6_000)
    c = make_job(title="C", skills=[django_skill, figma_skill], budget_min_cents=500_000, budget_max_cents=500_000)
    f = JobFilters
    assert set(_titles(job_list_public(filters=f(skills=["django"])))) == {a.title, c.title}
    assert set(_titles(job_list_public(filters=f(skills=["django", "figma"])))) == {a.title, b.title, c.title}
    assert _titles(job_list_public(filters=f(category="design"))) == [b.title]
    assert _titles(job_list_public(filters=f(budget_type="hourly"))) == [b.title]
    assert _titles(job_list_public(filters=f(experience="expert"))) == [a.title]
    # budget range overlap: jobs whose range touches [$700, $1,000]
    assert _titles(job_list_public(filters=f(budget_min_cents=70_000, budget_max_cents=100_000))) == [a.title]
    assert set(_titles(job_list_public(filters=f(budget_min_cents=100_000)))) == {c.title}
    assert set(_titles(job_list_public(filters=f(budget_max_cents=10_000)))) == {b.title}


def test_job_list_public_sorts(make_job):
    make_job(title="Mid", budget_min_cents=20_000, budget_max_cents=30_000)
    make_job(title="Cheap", budget_min_cents=5_000, budget_max_cents=5_000)
    make_job(title="Rich", budget_min_cents=90_000, budget_max_cents=100_000)
    assert _titles(job_list_public(sort="budget_high")) == ["Rich", "Mid", "Cheap"]
    assert _titles(job_list_public(sort="budget_low")) == ["Cheap", "Mid", "Rich"]
    assert _titles(job_list_public(sort="nonsense")) == ["Rich", "Cheap", "Mid"]


def test_job_list_public_invited_freelancer_sees_private_job(invite_only_job, open_job, client_user,
                                                            freelancer_user, other_freelancer):
    services.invitation_create(job=invite_only_job, freelancer=freelancer_user, actor=client_user)
    assert invite_only_job.title in _titles(job_list_public(viewer=freelancer_user))
    assert invite_only_job.title not in _titles(job_list_public(viewer=other_freelancer))
    assert invite_only_job.title not in _titles(job_list_public(viewer=None))


def _render_page(client) -> None:
    response = client.get("/jobs/?sort=newest")
    assert response.status_code == 200
    assert response.content.decode().count('class="card job-card"') == min(JobPost.objects.count(), 20)


def _make_jobs(n, category, skills):
    for job in JobPostFactory.create_batch(n, category=category):
        job.skills.set(skills)


@pytest.fixture
def no_list_cache(settings):
    settings.MARKETPLACE_JOB_LIST_CACHE_SECONDS = 0


@pytest.mark.parametrize("n", [5, 50])
def test_job_list_page_query_count_bounded(client, django_assert_max_num_queries, django_skill, figma_skill,
                                           category, n, no_list_cache):
    _make_jobs(n, category, [django_skill, figma_skill])
    # anonymous, every cache cold: the page (rows, counts, withheld badges, total, the cards' fields with
    # their skills), the filter form's category and skill choices, the clients' stats (+1: the helper's count)
    with django_assert_max_num_queries(5):
        _render_page(client)
    # warm taxonomy and reputation caches: one query (the page's rows with their proposal counts, clients'
    # withheld badges, the capped total and the cards' fields with their skill ids; cards are never
    # cached), +1: the helper's own JobPost count
    with django_assert_max_num_queries(2):
        _render_page(client)


@pytest.mark.parametrize("login", [False, True])
def test_job_list_page_query_count_same_for_5_and_50_jobs(client, freelancer_user, django_assert_max_num_queries,
                                                          django_skill, figma_skill, category, login,
                                                          no_list_cache):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if login:
        client.force_login(freelancer_user)
    _make_jobs(5, category, [django_skill, figma_skill])
    _render_page(client)  # warm the session
    cache.clear()  # both measured pages start cold (reputation, taxonomy)
    with CaptureQueriesContext(connection) as five:
        _render_page(client)
    _make_jobs(45, category, [django_skill, figma_skill])
    cache.clear()
    with django_assert_max_num_queries(len(five.captured_queries)):
        _render_page(client)


def test_job_page_caps_count(settings, category):
    settings.MARKETPLACE_JOBS_PER_PAGE = 2
    settings.MARKETPLACE_JOBS_COUNT_CAP = 4
    JobPostFactory.create_batch(7, category=category)
    page = job_page(job_list_public(), "99")
    assert page.paginator.is_capped
    assert page.paginator.num_pages == 2
    assert page.number == 2
    assert len(page.object_list) == 2


def test_job_page_junk_page_number(category):
    JobPostFactory.create_batch(3, category=category)
    assert job_page(job_list_public(), "abc").number == 1


def test_job_list_view_filters_from_get(client, make_job, django_skill):
    make_job(title="Expert Django API", skills=[django_skill], experience_level="expert",
             budget_min_cents=200_000, budget_max_cents=300_000)
    make_job(title="Entry copywriting", experience_level="entry")
    body = client.get("/jobs/?q=django&skills=django&experience=expert&min=1500&max=2500&budget_type=fixed"
                      "&sort=relevance").content.decode()
    assert "Expert Django API" in body and "Entry copywriting" not in body
    assert "1 job" in body


def test_job_list_view_bad_filters_are_ignored(client, make_job):
    make_job(title="Still shown")
    response = client.get("/jobs/?min=abc&experience=wizard&category=nope&page=-3")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Still shown" in body and "were not valid" in body


def test_job_list_view_empty_search_state(client, make_job):
    make_job(title="Something")
    body = client.get("/jobs/?q=zzzzunmatched").content.decode()
    assert "No open jobs match your search" in body


def test_job_list_for_client_counts(open_job, submit, other_freelancer, client_user, third_freelancer):
    p1 = submit(open_job)
    submit(open_job, freelancer=other_freelancer)
    p3 = submit(open_job, freelancer=third_freelancer)
    services.proposal_archive(proposal=p3, actor=client_user)
    services.proposal_mark_viewed(proposal=p1, actor=client_user)
    job = selectors.job_list_for_client(client=client_user).get(pk=open_job.pk)
    assert (job.proposal_count, job.unread_count) == (2, 1)


def test_money_filters():
    assert cents(150_000) == "$1,500.00"
    assert cents(5) == "$0.05"
    assert cents(-2_550) == "-$25.50"
    assert cents(None) == ""
    assert cents(1000, "EUR") == "€10.00"
    assert whole_dollars(150_000) == "$1,500"
    assert whole_dollars(150_050) == "$1,500.50"
    rendered = Template("{% load money %}{{ x|cents }}").render(Context({"x": 123456789}))
    assert rendered == "$1,234,567.89"


def test_job_list_cache_serves_repeat_hits_without_job_queries(client, make_job, django_assert_num_queries,
                                                               client_user):
    from marketplace.cache import job_list_changed

    job = make_job(title="Cached job")
    assert "Cached job" in client.get("/jobs/?q=cached").content.decode()
    with django_assert_num_queries(0):  # anonymous repeat: the fragment comes from the cache
        assert "Cached job" in client.get("/jobs/?q=cached").content.decode()
    services.job_close(job=job, actor=client_user)
    job_list_changed()  # what the service's on-commit hook does after the transaction
    assert "Cached job" not in client.get("/jobs/?q=cached").content.decode()


def test_job_list_cache_bypassed_for_invited_freelancer(client, invite_only_job, client_user, freelancer_user):
    client.get("/jobs/")  # warm the anonymous fragment
    services.invitation_create(job=invite_only_job, freelancer=freelancer_user, actor=client_user)
    client.force_login(freelancer_user)
    assert invite_only_job.title in client.get("/jobs/").content.decode()


def test_job_services_invalidate_list_on_commit(open_job, client_user, django_capture_on_commit_callbacks):
    from marketplace.cache import job_list_version

    before = job_list_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.job_close(job=open_job, actor=client_user)
    assert job_list_version() == before + 1


def test_status_counts(open_job, make_job, submit, other_freelancer, third_freelancer, client_user, freelancer_user):
    p1 = submit(open_job)
    submit(open_job, freelancer=other_freelancer)
    p3 = submit(open_job, freelancer=third_freelancer)
    services.proposal_shortlist(proposal=p1, actor=client_user)
    services.proposal_decline(proposal=p3, actor=client_user)
    assert selectors.proposal_counts_for_job(job=open_job) == {"submitted": 1, "shortlisted": 1, "declined": 1}
    make_job(publish=False)
    make_job(publish=False)
    assert selectors.job_status_counts_for_client(client=client_user) == {"open": 1, "draft": 2}
    assert selectors.proposal_status_counts_for_freelancer(freelancer=freelancer_user) == {"shortlisted": 1}
