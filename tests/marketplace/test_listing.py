"""The job list's one-query page (marketplace.listing) returns the same jobs, in the same order, as
selectors.job_list_public for every filter, sort, text query and viewer; plus its counts and paging.
Runs on SQLite in the suite and on PostgreSQL (full-text clause, covering indexes) with DATABASE_URL."""
from __future__ import annotations

import itertools

import pytest
from django.db import connection

from marketplace import services
from marketplace.models import JobPost
from marketplace.selectors import JobFilters, job_list_page, job_list_public
from tests.factories import FreelancerFactory, ProposalFactory
from trust.services.sanctions import sanction_apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(make_job, django_skill, figma_skill, design, client_user, other_client):
    made = [
        make_job(title="Django API for a shop", skills=[django_skill], budget_min_cents=50_000,
                 budget_max_cents=80_000, experience_level="expert"),
        make_job(title="Logo in Figma", description="A logo for a Django meetup.", skills=[figma_skill],
                 category=design, budget_type="hourly", budget_min_cents=3_000, budget_max_cents=6_000),
        make_job(title="Django and Figma", skills=[django_skill, figma_skill], budget_min_cents=500_000,
                 budget_max_cents=500_000, client=other_client),
        make_job(title="Copywriting 100% done_right", description="Landing page copy."),
        make_job(title="Private Django work", visibility=JobPost.Visibility.INVITE_ONLY),
    ]
    make_job(title="Draft", publish=False)
    closed = make_job(title="Closed Django job")
    services.job_close(job=closed, actor=client_user)
    return made


FILTERS = [
    JobFilters(),
    JobFilters(skills=["django"]),
    JobFilters(skills=["django", "figma"]),
    JobFilters(category="design"),
    JobFilters(budget_type="hourly"),
    JobFilters(experience="expert"),
    JobFilters(budget_min_cents=70_000, budget_max_cents=100_000),
    JobFilters(budget_min_cents=100_000),
    JobFilters(budget_max_cents=10_000, skills=["figma"]),
]
QUERIES = ["", "django", "django api", "100%", "done_right", "logo -bakery"]
SORTS = ["newest", "budget_high", "budget_low", "relevance"]


def test_listing_matches_job_list_public(jobs, client_user, freelancer_user):
    services.invitation_create(job=jobs[4], freelancer=freelancer_user, actor=client_user)
    for viewer in (None, freelancer_user):
        for filters, query, sort in itertools.product(FILTERS, QUERIES, SORTS):
            if connection.vendor != "postgresql" and query == "logo -bakery":
                continue  # websearch syntax is PostgreSQL's
            expected = [j.pk for j in job_list_public(query=query, filters=filters, sort=sort, viewer=viewer)]
            page = job_list_page(query=query, filters=filters, sort=sort, viewer=viewer)
            assert [row.pk for row in page.object_list] == expected, (filters, query, sort, viewer)
            assert page.paginator.count == len(expected)


def test_listing_rows_carry_proposals_and_withheld(jobs, other_client):
    ProposalFactory(job=jobs[0])
    ProposalFactory(job=jobs[0])
    withdrawn = ProposalFactory(job=jobs[0], freelancer=FreelancerFactory())
    withdrawn.status = "withdrawn"
    withdrawn.save(update_fields=["status"])
    sanction_apply(user=other_client, kind="badge_loss", days=3)
    rows = {row.pk: row for row in job_list_page().object_list}
    assert rows[jobs[0].pk].proposals == 2 and rows[jobs[1].pk].proposals == 0
    assert rows[jobs[2].pk].withheld and not rows[jobs[0].pk].withheld
    assert rows[jobs[0].pk].published_at.tzinfo is not None


def test_listing_pages_and_cap(make_job, settings):
    settings.MARKETPLACE_JOBS_PER_PAGE = 2
    settings.MARKETPLACE_JOBS_COUNT_CAP = 4
    made = [make_job(title=f"Job {i}") for i in range(7)]
    newest = [j.pk for j in reversed(made)]
    page = job_list_page(page="2")
    assert [r.pk for r in page.object_list] == newest[2:4]
    assert page.paginator.is_capped and page.paginator.num_pages == 2
    assert job_list_page(page="99").number == 2  # past the cap: the last page
    assert job_list_page(page="junk").number == 1
    assert [r.pk for r in job_list_page(query="nothing-matches", page="3").object_list] == []


def test_listing_prepared_statement_gives_the_same_pages(jobs, settings):
    """MARKETPLACE_JOB_LIST_PREPARED (on with the pool): the same rows, counts and card fields, through
    PostgreSQL's custom plans and, after five runs, its generic plan."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (DATABASE_URL)")

    def pages():
        return [
            (page.paginator.count, [(r.pk, r.proposals, r.withheld, r.fields) for r in page.object_list])
            for page in (job_list_page(), job_list_page(query="django"), job_list_page(sort="budget_low"),
                         job_list_page(filters=JobFilters(budget_type="hourly", experience="intermediate")))
        ]

    settings.MARKETPLACE_JOB_LIST_PREPARED = False
    expected = pages()
    settings.MARKETPLACE_JOB_LIST_PREPARED = True
    for _ in range(7):
        assert pages() == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                       ["%FROM marketplace_jobpost%"])
        assert cursor.fetchone()[0] == 4


@pytest.mark.parametrize("matching", [3, 4, 5])  # below the cap, at it, past it
def test_listing_text_query_at_the_cap(make_job, settings, matching):
    """A text query's total and page: on PostgreSQL from one pass over its matches while they number at
    most the cap, from the uncounted page statement past it; either way job_list_public's jobs, on every
    sort and page, the capped count, and the last page for a page past the end."""
    settings.MARKETPLACE_JOBS_PER_PAGE = 2
    settings.MARKETPLACE_JOBS_COUNT_CAP = 4
    for i in range(matching):  # budget ties (i % 2) leave the order to the id
        make_job(title=f"Django job {i}", budget_min_cents=10_000 * (1 + i % 2),
                 budget_max_cents=10_000 * (2 + i % 2))
    make_job(title="Logo work")
    for sort in SORTS:
        expected = [j.pk for j in job_list_public(query="django", sort=sort)]
        assert len(expected) == matching
        for number in (1, 2):
            page = job_list_page(query="django", sort=sort, page=number)
            assert [r.pk for r in page.object_list] == expected[(number - 1) * 2:number * 2], (sort, number)
            assert page.paginator.count == min(matching, 5)
            assert page.paginator.is_capped == (matching > 4)
            assert all(r.fields is not None for r in page.object_list)
        past = job_list_page(query="django", sort=sort, page="9")
        assert past.number == 2 and [r.pk for r in past.object_list] == expected[2:4], sort
    empty = job_list_page(query="nothing-matches", page="2")
    assert empty.number == 1 and empty.paginator.count == 0 and list(empty.object_list) == []


@pytest.mark.parametrize("matching, statements", [(4, 1), (5, 2)])
def test_listing_text_query_reads_its_matches_once(make_job, settings, matching, statements):
    """On PostgreSQL a text query with at most cap matches is one statement (count and page from one scan of
    the matches); past the cap a second one reads the page."""
    if connection.vendor != "postgresql":
        pytest.skip("the one-pass text statement is PostgreSQL's")
    from django.test.utils import CaptureQueriesContext

    settings.MARKETPLACE_JOBS_PER_PAGE = 2
    settings.MARKETPLACE_JOBS_COUNT_CAP = 4
    for i in range(matching):
        make_job(title=f"Django job {i}")
    job_list_page(query="django")  # the taxonomy and the like, cached
    with CaptureQueriesContext(connection) as ran:
        page = job_list_page(query="django", page=2)
    assert len(ran.captured_queries) == statements
    assert page.paginator.count == matching and len(page.object_list) == 2


def test_listing_filter_values_in_the_statement(jobs):
    """The filters' values are written into the statement (each combination planned once per connection);
    a choice that is not a plain word is bound instead and, like any unknown choice, matches nothing."""
    assert [r.pk for r in job_list_page(filters=JobFilters(budget_type="hourly")).object_list] == [jobs[1].pk]
    for odd in ("fixed' OR '1' = '1", "Fixed", "fixed;"):
        page = job_list_page(filters=JobFilters(budget_type=odd, experience=odd))
        assert list(page.object_list) == [] and page.paginator.count == 0
