"""Reads for accounts pages (CONVENTIONS §2): they own select_related / prefetch_related."""
from __future__ import annotations

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
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(headline__icontains=word)
            | Q(skills__name__icontains=word)
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
            "employments",
            "educations",
        )
    )


def client_public_qs() -> QuerySet[ClientProfile]:
    return ClientProfile.objects.filter(user__is_active=True, user__is_client=True).select_related("user__avatar")


def skill_list() -> QuerySet[Skill]:
    """The taxonomy in its groups (for <optgroup>s), alphabetical within each."""
    return Skill.objects.order_by("group", "name")


def identity_request_latest(*, user: User) -> IdentityVerificationRequest | None:
    return user.identity_requests.order_by("-created_at", "-pk").first()
