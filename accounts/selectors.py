"""Reads for accounts pages (CONVENTIONS §2): they own select_related / prefetch_related."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from .models import (
    ClientProfile,
    FreelancerProfile,
    IdentityVerificationRequest,
    PortfolioItem,
    Skill,
    TalentBadge,
    User,
)


def _suspended_user_ids() -> QuerySet:
    from trust.models import Sanction

    return Sanction.objects.active().filter(kind="suspension").values("user_id")


def freelancer_list(*, query: str = "", skill_slug: str = "") -> QuerySet[FreelancerProfile]:
    """Active freelancers for the public directory, searchable by name or headline, filterable by skill.
    Suspended accounts are not listed (they can't take work)."""
    qs = (
        FreelancerProfile.objects.filter(user__is_active=True, user__is_freelancer=True)
        .exclude(user_id__in=_suspended_user_ids())
        .select_related("user__avatar")
        .prefetch_related("skills", Prefetch("user__badges", queryset=TalentBadge.objects.order_by("kind")))
    )
    for word in query.split()[:5]:
        qs = qs.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word) | Q(headline__icontains=word)
        )
    if skill_slug:
        qs = qs.filter(skills__slug=skill_slug)
    return qs.distinct().order_by("-updated_at", "-pk")


def freelancer_public_qs() -> QuerySet[FreelancerProfile]:
    """Profiles that may be shown publicly, with what the detail page needs."""
    return (
        FreelancerProfile.objects.filter(user__is_active=True, user__is_freelancer=True)
        .select_related("user__avatar")
        .prefetch_related(
            "skills",
            Prefetch("portfolio_items", queryset=PortfolioItem.objects.select_related("image")),
            "user__badges",
        )
    )


def client_public_qs() -> QuerySet[ClientProfile]:
    return ClientProfile.objects.filter(user__is_active=True, user__is_client=True).select_related("user__avatar")


def skill_list() -> QuerySet[Skill]:
    return Skill.objects.all()


@dataclass(frozen=True)
class ClientActivity:
    jobs_posted: int
    open_jobs: list[Any]
    hires: int


def client_activity(*, client: User, open_jobs_limit: int = 10) -> ClientActivity:
    """What a freelancer wants to know about a client: jobs posted (drafts don't count), the open public
    ones, and how many freelancers they hired."""
    from marketplace.models import JobPost

    jobs = JobPost.objects.filter(client=client)
    open_jobs = list(
        jobs.filter(status=JobPost.Status.OPEN, visibility=JobPost.Visibility.PUBLIC).order_by(
            "-published_at", "-pk"
        )[:open_jobs_limit]
    )
    return ClientActivity(
        jobs_posted=jobs.exclude(status=JobPost.Status.DRAFT).count(),
        open_jobs=open_jobs,
        hires=client_hire_count(client=client),
    )


def client_hire_count(*, client: User) -> int:
    from marketplace.models import Proposal

    return Proposal.objects.filter(job__client=client, status=Proposal.Status.HIRED).count()


def identity_request_latest(*, user: User) -> IdentityVerificationRequest | None:
    return user.identity_requests.order_by("-created_at", "-pk").first()
