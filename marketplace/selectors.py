"""Reads of the marketplace. Visibility rules live here, once:

- a draft is seen only by its owner;
- an invite-only job is seen by its owner, invited freelancers and freelancers with a proposal on it;
- a proposal is seen only by its freelancer and the job's owner.

The public list is built to stay fast on 100k+ jobs: index-backed filters and sorts, a PostgreSQL
full-text index (migration 0003), constant queries per page, and a bounded count for pagination.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, TypedDict, cast

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Skill, User

from .models import Category, Invitation, JobPost, Proposal

SORTS = {
    "newest": "Newest first",
    "budget_high": "Budget: high to low",
    "budget_low": "Budget: low to high",
    "relevance": "Best match",
}



@dataclass
class JobFilters:
    """What the job list can be narrowed by: skill and category slugs; budgets in cents, None means "any"."""

    skills: list[str] = field(default_factory=list)
    category: str = ""
    budget_type: str = ""
    budget_min_cents: int | None = None
    budget_max_cents: int | None = None
    experience: str = ""


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def invited_job_ids(user: User | None) -> list[int]:
    """Invite-only jobs this freelancer may browse (pending or accepted invitations)."""
    if user is None or not user.is_authenticated or not user.is_freelancer:
        return []
    return list(
        Invitation.objects.filter(freelancer=user).exclude(status=Invitation.Status.DECLINED).values_list(
            "job_id", flat=True
        )
    )


def _apply_search(qs: QuerySet[JobPost], query: str, *, rank: bool) -> tuple[QuerySet[JobPost], bool]:
    """Filter by the search text; returns (queryset, ranked?). The rank (which reads every match's
    vector) is computed only when the caller sorts by it."""
    query = " ".join(query.split())[:200]
    if not query:
        return qs, False
    if _is_postgres():
        search = SearchQuery(query, search_type="websearch", config="english")
        qs = qs.filter(search_vector=search)
        if rank:
            qs = qs.annotate(rank=SearchRank(F("search_vector"), search))
        return qs, rank
    for term in query.split()[:10]:
        term = term.strip("\"'")
        if term and term.lower() not in ("or", "and") and not term.startswith("-"):
            qs = qs.filter(Q(title__icontains=term) | Q(description__icontains=term))
    return qs, False


_CHOICES_CACHE_KEY = "marketplace:search-choices:v1"
_CHOICES_VERSION_KEY = "marketplace:search-choices:version"
_CHOICES_TTL = 300
# This process's copy, used while the shared cache still names its version: every job-list hit reads
# the taxonomy three or four times, and unpickling a few hundred skills each time cost ~0.1 ms a read.
_local_choices: dict[str, SearchChoices] = {}


class SearchChoices(TypedDict):
    skills: list[tuple[int, str, str]]  # (id, slug, name)
    categories: list[tuple[int, str, str]]
    version: int


def search_choices() -> SearchChoices:
    """(id, slug, name) of every skill and category, cached: the filter sidebar of every job-list hit
    needs them, and they change only when staff edit the taxonomy. `version` changes with them. A
    small version key is read on each call; the full lists are unpickled only when it changed
    (search_choices_clear, in any process, drops both keys)."""
    version = cache.get(_CHOICES_VERSION_KEY)
    local = _local_choices.get("choices")
    if version is not None and local is not None and local["version"] == version:
        return local
    choices = cache.get(_CHOICES_CACHE_KEY)
    if choices is None:
        choices = {
            "skills": list(Skill.objects.order_by("name").values_list("id", "slug", "name")),
            "categories": list(Category.objects.order_by("name").values_list("id", "slug", "name")),
            "version": time.time_ns(),
        }
        cache.set_many({_CHOICES_CACHE_KEY: choices, _CHOICES_VERSION_KEY: choices["version"]}, _CHOICES_TTL)
    elif version != choices["version"]:
        cache.set(_CHOICES_VERSION_KEY, choices["version"], _CHOICES_TTL)
    _local_choices["choices"] = choices
    return choices


def search_choices_clear() -> None:
    cache.delete_many([_CHOICES_CACHE_KEY, _CHOICES_VERSION_KEY])
    _local_choices.clear()


def _ids_for(kind: Literal["skills", "categories"], slugs: list[str]) -> list[int]:
    wanted = set(slugs)
    return [pk for pk, slug, _ in search_choices()[kind] if slug in wanted]


def _apply_filters(qs: QuerySet[JobPost], filters: JobFilters) -> QuerySet[JobPost]:
    if filters.skills:
        # Any of the chosen skills. EXISTS on the through table's (jobpost, skill) index lets PostgreSQL walk
        # the newest-first index and stop after a page, with no join fan-out and no DISTINCT.
        through = JobPost.skills.through
        qs = qs.filter(
            Exists(through.objects.filter(jobpost_id=OuterRef("pk"), skill_id__in=_ids_for("skills", filters.skills)))
        )
    if filters.category:
        qs = qs.filter(category_id__in=_ids_for("categories", [filters.category]))
    if filters.budget_type:
        qs = qs.filter(budget_type=filters.budget_type)
    # A job matches a budget range when its own range overlaps it.
    if filters.budget_min_cents is not None:
        qs = qs.filter(budget_max_cents__gte=filters.budget_min_cents)
    if filters.budget_max_cents is not None:
        qs = qs.filter(budget_min_cents__lte=filters.budget_max_cents)
    if filters.experience:
        qs = qs.filter(experience_level=filters.experience)
    return qs


def job_list_public(
    *,
    query: str = "",
    filters: JobFilters | None = None,
    sort: str = "newest",
    viewer: User | None = None,
    invited_ids: list[int] | None = None,
    match_skill_ids: list[int] | None = None,
) -> QuerySet[JobPost]:
    """Open jobs anyone may browse, plus (for a freelancer) invite-only jobs they are invited to.
    `invited_ids` saves the lookup when the caller already has invited_job_ids(viewer). "Best match"
    ranks by the text when there is a query, else by how many of `match_skill_ids` (the viewer's
    profile skills) a job asks for."""
    qs = JobPost.objects.filter(status=JobPost.Status.OPEN)
    invited = invited_job_ids(viewer) if invited_ids is None else invited_ids
    if invited:
        qs = qs.filter(Q(visibility=JobPost.Visibility.PUBLIC) | Q(pk__in=invited))
    else:
        qs = qs.filter(visibility=JobPost.Visibility.PUBLIC)
    qs = _apply_filters(qs, filters or JobFilters())
    qs, ranked = _apply_search(qs, query, rank=sort == "relevance")
    if sort == "budget_high":
        qs = qs.order_by("-budget_max_cents", "-pk")
    elif sort == "budget_low":
        qs = qs.order_by("budget_min_cents", "pk")
    elif sort == "relevance" and ranked:
        qs = qs.order_by(F("rank").desc(), "-published_at", "-pk")  # rank: annotated by _apply_search
    elif sort == "relevance" and match_skill_ids and not query.strip():
        through = JobPost.skills.through.objects.filter(jobpost_id=OuterRef("pk"), skill_id__in=match_skill_ids)
        counted = through.order_by().values("jobpost_id").annotate(n=Count("pk"))
        matched = Subquery(counted.values("n"))  # type: ignore[misc]  # "n" is the annotation above
        qs = qs.annotate(skill_match=Coalesce(matched, 0)).order_by("-skill_match", "-published_at", "-pk")
    else:
        qs = qs.order_by("-published_at", "-pk")
    return qs.select_related("category", "client").prefetch_related("skills").defer("search_vector")


class CappedPaginator(Paginator):
    """Counts at most `cap` rows: deep pages of a 100k-row result cost a LIMITed count, not a full one.
    Beyond the cap the user is asked to refine the search."""

    def __init__(
        self, object_list: QuerySet[JobPost] | list[object], per_page: int, *, cap: int, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return cast("QuerySet[JobPost]", self.object_list)[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        pages = super().num_pages
        return min(pages, max(1, self.cap // self.per_page))


def job_page(qs: QuerySet[JobPost], page: str | int | None) -> Page:
    """One page of the job list; out-of-range or junk page numbers give the nearest page."""
    paginator = CappedPaginator(qs, settings.MARKETPLACE_JOBS_PER_PAGE, cap=settings.MARKETPLACE_JOBS_COUNT_CAP)
    return paginator.get_page(page)


def _page_number(page: str | int | None, max_pages: int) -> int:
    try:
        number = int(str(page))
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), max_pages)


def job_list_page(
    *,
    query: str = "",
    filters: JobFilters | None = None,
    sort: str = "newest",
    viewer: User | None = None,
    invited_ids: list[int] | None = None,
    page: str | int | None = None,
    match_skill_ids: list[int] | None = None,
) -> Page:
    """The job list's page of light rows for cached cards, in one query (marketplace.listing); the
    same jobs in the same order as job_list_public."""
    from .listing import job_rows_page

    filters = filters or JobFilters()
    invited = invited_job_ids(viewer) if invited_ids is None else invited_ids
    return job_rows_page(
        query=query,
        filters=filters,
        sort=sort,
        invited_ids=invited,
        page=page,
        skill_ids=_ids_for("skills", filters.skills) if filters.skills else None,
        category_ids=_ids_for("categories", [filters.category]) if filters.category else None,
        match_skill_ids=match_skill_ids,
    )


def viewer_skill_ids(viewer: User | None) -> list[int]:
    """A freelancer's profile skills ("Best match" without a query); empty for anyone else."""
    if viewer is None or not getattr(viewer, "is_freelancer", False):
        return []
    return list(Skill.objects.filter(freelancers__user=viewer).values_list("pk", flat=True))


def job_latest(*, limit: int = 6) -> list[JobPost]:
    return list(job_list_public()[:limit])


def job_visible_to(job: JobPost, user: User | None) -> bool:
    """May `user` see this job's page?"""
    if user is not None and user.is_authenticated and job.client_id == user.pk:
        return True
    if job.status == JobPost.Status.DRAFT:
        return False
    if job.visibility == JobPost.Visibility.PUBLIC:
        return True
    if user is None or not user.is_authenticated:
        return False
    return (
        Invitation.objects.filter(job=job, freelancer=user).exists()
        or Proposal.objects.filter(job=job, freelancer=user).exists()
    )


def job_get_for_viewer(*, pk: int, user: User | None) -> JobPost | None:
    job = (
        JobPost.objects.select_related("category", "client")
        .prefetch_related("skills")
        .defer("search_vector")
        .filter(pk=pk)
        .first()
    )
    if job is None or not job_visible_to(job, user):
        return None
    return job


def job_get_owned(*, pk: int, user: User) -> JobPost | None:
    return JobPost.objects.select_related("category").defer("search_vector").filter(pk=pk, client=user).first()


def job_list_for_client(*, client: User) -> QuerySet[JobPost]:
    """The client's jobs with proposal counts (live = not withdrawn/archived), drafts included."""
    live = ~Q(proposals__status__in=[Proposal.Status.WITHDRAWN, Proposal.Status.ARCHIVED])
    return (
        JobPost.objects.filter(client=client)
        .defer("search_vector")
        .select_related("category")
        .annotate(
            proposal_count=Count("proposals", filter=live),
            unread_count=Count("proposals", filter=live & Q(proposals__viewed_at__isnull=True)),
        )
        .order_by("-updated_at", "-pk")
    )


def job_status_counts_for_client(*, client: User) -> dict[str, int]:
    rows = JobPost.objects.filter(client=client).order_by().values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows}


def proposal_status_counts_for_freelancer(*, freelancer: User) -> dict[str, int]:
    rows = Proposal.objects.filter(freelancer=freelancer).order_by().values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows}


def job_open_for_client(*, client: User) -> QuerySet[JobPost]:
    return JobPost.objects.filter(client=client, status=JobPost.Status.OPEN).defer("search_vector").order_by("title")


def job_open_public_for_client(*, client: User, limit: int = 10) -> list[JobPost]:
    """A client's open public jobs, newest first (their public page lists them)."""
    return list(
        JobPost.objects.filter(client=client, status=JobPost.Status.OPEN, visibility=JobPost.Visibility.PUBLIC)
        .defer("search_vector").order_by("-published_at", "-pk")[:limit]
    )


def proposal_list_for_job(*, job: JobPost, status: str = "") -> QuerySet[Proposal]:
    """The owner's view: all but withdrawn ones; `status` narrows (archived only shows when asked)."""
    qs = Proposal.objects.filter(job=job).exclude(status=Proposal.Status.WITHDRAWN)
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=Proposal.Status.ARCHIVED)
    return qs.select_related("freelancer", "freelancer__freelancer_profile").order_by("-created_at", "-pk")


def proposal_counts_for_job(*, job: JobPost) -> dict[str, int]:
    rows = Proposal.objects.filter(job=job).order_by().values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows}


def proposal_get_for_viewer(*, pk: int, user: User) -> Proposal | None:
    """The proposal if `user` is its freelancer or the job's owner; None (-> 404) otherwise."""
    if not user.is_authenticated:
        return None
    return (
        Proposal.objects.select_related("job__client", "job__category", "freelancer")
        .defer("job__search_vector")
        .filter(Q(freelancer=user) | Q(job__client=user), pk=pk)
        .first()
    )


def proposal_for_job_and_freelancer(*, job: JobPost, freelancer: User) -> Proposal | None:
    if not freelancer.is_authenticated:
        return None
    return (
        Proposal.objects.filter(job=job, freelancer=freelancer)
        .exclude(status=Proposal.Status.WITHDRAWN)
        .first()
    )


def proposal_list_for_freelancer(*, freelancer: User) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(freelancer=freelancer)
        .select_related("job", "job__client")
        .defer("job__search_vector", "job__description")
        .order_by("-updated_at", "-pk")
    )


def invitation_list_for_freelancer(*, freelancer: User) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(freelancer=freelancer)
        .select_related("job", "job__client", "job__category")
        .defer("job__search_vector", "job__description")
        .order_by("-created_at", "-pk")
    )


def invitation_get_for_freelancer(*, pk: int, freelancer: User) -> Invitation | None:
    return Invitation.objects.select_related("job").filter(pk=pk, freelancer=freelancer).first()


def freelancer_get(*, pk: int) -> User | None:
    return User.objects.filter(pk=pk, is_freelancer=True, is_active=True).first()


