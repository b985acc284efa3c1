"""Every write to accounts data (CONVENTIONS §2).

Public text (names, headlines, overviews, portfolio, company, about) is guarded by trust: each service
that writes it opens a trust write scope naming the person (trust.scope.writing), checks the text
(ContentBlocked carries the error to show), then writes in its own transaction; the scope records a
refusal after the rollback (CONVENTIONS §6).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from core.transitions import transition
from trust.scope import writing
from trust.uploads.services import upload_accept

from .exceptions import InvalidTransition
from .models import (
    ClientProfile,
    Education,
    Employment,
    FreelancerProfile,
    IdentityVerificationRequest,
    PortfolioItem,
    Skill,
    User,
)

if TYPE_CHECKING:
    from trust.uploads.models import Upload

logger = logging.getLogger(__name__)


# --- users and roles ------------------------------------------------------------------------------


def _ensure_role_profiles(user: User) -> None:
    if user.is_client:
        ClientProfile.objects.get_or_create(user=user)
    if user.is_freelancer:
        FreelancerProfile.objects.get_or_create(user=user)


def user_ensure_profiles(*, user: User) -> User:
    """Create any missing profile for the roles a user has (e.g. after staff ticked a role in admin)."""
    with transaction.atomic():
        _ensure_role_profiles(user)
    return user


def user_finish_signup(*, user: User) -> User:
    """Save a new user (from allauth's adapter) and create the profile for each role they chose."""
    if not (user.is_client or user.is_freelancer):
        raise ValidationError("Choose whether you want to hire or to work.")
    with writing(author=user, context="profile") as scope:
        scope.check(first_name=user.first_name, last_name=user.last_name)
        with transaction.atomic():
            user.full_clean(exclude=["password"])
            user.save()
            _ensure_role_profiles(user)
    return user


def user_add_role(*, user: User, role: str) -> User:
    """Give an existing user the other role (a person may hire and work) and create its profile."""
    if role not in User.Role.values:
        raise ValidationError(f"Unknown role: {role!r}.")
    field = "is_client" if role == User.Role.CLIENT else "is_freelancer"
    if getattr(user, field):
        raise ValidationError(f"You already have the {User.Role(role).label.lower()} role.")

    try:
        with transaction.atomic():
            setattr(user, field, True)
            user.full_clean(exclude=["password"])
            user.save(update_fields=[field])
            _ensure_role_profiles(user)
    except Exception:
        setattr(user, field, False)
        raise
    return user


def user_update_names(*, user: User, first_name: str, last_name: str) -> User:
    """Names are public ("First L."), so they are guarded like any profile text (and read as one)."""
    first_name, last_name = first_name.strip(), last_name.strip()
    with writing(author=user, context="profile") as scope:
        scope.check(first_name=first_name, last_name=last_name)
        with transaction.atomic():
            user.first_name, user.last_name = first_name, last_name
            user.full_clean(exclude=["password"])
            user.save(update_fields=["first_name", "last_name"])
    return user


# --- profiles -------------------------------------------------------------------------------------


def freelancer_profile_update(
    *,
    profile: FreelancerProfile,
    headline: str,
    overview: str,
    hourly_rate_cents: int | None,
    country: str,
    skills: Iterable[Skill],
    availability: str | None = None,
) -> FreelancerProfile:
    headline, overview = headline.strip(), overview.strip()
    with writing(author=profile.user, context="profile") as scope:
        scope.check(headline=headline, overview=overview)
        with transaction.atomic():
            profile.headline, profile.overview = headline, overview
            profile.hourly_rate_cents = hourly_rate_cents
            profile.country = country
            if availability is not None:
                profile.availability = availability
            profile.full_clean()
            profile.save()
            profile.skills.set(list(skills))
    return profile


def client_profile_update(*, profile: ClientProfile, company_name: str, country: str, about: str) -> ClientProfile:
    company_name, about = company_name.strip(), about.strip()
    with writing(author=profile.user, context="profile") as scope:
        scope.check(company_name=company_name, about=about)
        with transaction.atomic():
            profile.company_name, profile.about = company_name, about
            profile.country = country
            profile.full_clean()
            profile.save()
    return profile


class NamesUpdate(TypedDict):
    first_name: str
    last_name: str


class FreelancerProfileUpdate(TypedDict):
    """The arguments of `freelancer_profile_update`."""

    profile: FreelancerProfile
    headline: str
    overview: str
    hourly_rate_cents: int | None
    country: str
    skills: Iterable[Skill]
    availability: NotRequired[str | None]


class ClientProfileUpdate(TypedDict):
    """The arguments of `client_profile_update`."""

    profile: ClientProfile
    company_name: str
    country: str
    about: str


def profile_save(
    *, user: User, names: NamesUpdate, freelancer: FreelancerProfileUpdate | None = None,
    client: ClientProfileUpdate | None = None,
) -> User:
    """The profile page's one Save: names and each role's profile, all or nothing. One write scope
    around one transaction, so a refusal in any part rolls back every part and is recorded once."""
    with writing(author=user, context="profile"), transaction.atomic():
        user_update_names(user=user, **names)
        if freelancer is not None:
            freelancer_profile_update(**freelancer)
        if client is not None:
            client_profile_update(**client)
    return user


def _portfolio_image(image: UploadedFile, profile: FreelancerProfile) -> Upload:
    """Checked and stored by trust's pipeline; shown on the profile once its scan passed."""
    return upload_accept(file=image, use="portfolio_image", owner=profile.user)


def portfolio_item_create(
    *, profile: FreelancerProfile, title: str, description: str, image: UploadedFile | None = None
) -> PortfolioItem:
    title, description = title.strip(), description.strip()
    with writing(author=profile.user, context="profile") as scope:
        scope.check(title=title, description=description)
        with transaction.atomic():
            item = PortfolioItem(profile=profile, title=title, description=description)
            if image:
                item.image = _portfolio_image(image, profile)
            item.full_clean()
            item.save()
    return item


def portfolio_item_update(
    *,
    item: PortfolioItem,
    title: str,
    description: str,
    image: UploadedFile | None = None,
    remove_image: bool = False,
) -> PortfolioItem:
    """Replace or remove the image only when asked (the old upload stays with trust as a record)."""

    title, description = title.strip(), description.strip()
    with writing(author=item.profile.user, context="profile") as scope:
        scope.check(title=title, description=description)
        with transaction.atomic():
            item.title, item.description = title, description
            if image:
                item.image = _portfolio_image(image, item.profile)
            elif remove_image:
                item.image = None
            item.full_clean()
            item.save()
    return item


def portfolio_item_delete(*, item: PortfolioItem) -> None:
    with transaction.atomic():
        item.delete()


def user_avatar_set(*, user: User, image: UploadedFile | None) -> User:
    """A new profile photo (shown once trust's scan passed it), or none (`image` None)."""
    with writing(author=user, context="profile"), transaction.atomic():
        user.avatar = None if image is None else upload_accept(file=image, use="avatar", owner=user)
        user.save(update_fields=["avatar"])
    return user


# --- employment and education (public parts of a freelancer profile) ------------------------------


HistoryEntry = TypeVar("HistoryEntry", Employment, Education)
_HISTORY_TEXT = {Employment: ("company", "title", "description"), Education: ("school", "degree", "field_of_study")}


def history_entry_save(
    *, profile: FreelancerProfile, model: type[HistoryEntry], entry: HistoryEntry | None = None,
    **fields: Any,  # the form's cleaned_data: the model's fields, set as given
) -> HistoryEntry:
    """Add (entry None) or change an employment or education entry; its text is public profile text,
    checked by the write scope like the rest of the profile."""
    texts = {name: (fields.get(name) or "").strip() for name in _HISTORY_TEXT[model]}
    fields.update(texts)
    with writing(author=profile.user, context="profile") as scope:
        scope.check(**texts)
        with transaction.atomic():
            obj = entry if entry is not None else model(profile=profile)
            for name, value in fields.items():
                setattr(obj, name, value)
            obj.full_clean()
            obj.save()
    return obj


def history_entry_delete(*, entry: Employment | Education) -> None:
    entry.delete()


# --- identity verification ------------------------------------------------------------------------


def identity_verification_submit(
    *, user: User, legal_name: str, country: str, document: UploadedFile
) -> IdentityVerificationRequest:
    """Open a review request and mark the user pending. One pending request at a time; a verified
    user has nothing to submit."""
    if user.identity_status == User.IdentityStatus.VERIFIED:
        raise ValidationError("Your identity is already verified.")
    if user.identity_status == User.IdentityStatus.PENDING or user.identity_requests.filter(
        status=IdentityVerificationRequest.Status.PENDING
    ).exists():
        raise ValidationError("Your identity check is already being reviewed.")
    with transaction.atomic():
        request_obj = IdentityVerificationRequest(
            user=user, legal_name=legal_name.strip(), country=country,
            document=upload_accept(file=document, use="identity_document", owner=user),
        )
        request_obj.full_clean()
        request_obj.save()
        transition(
            user, User.IdentityStatus.PENDING, by=user, field="identity_status", error=InvalidTransition,
            stale="Your identity check is already being reviewed.",
        )
    return request_obj


def _identity_decide(
    *, request_obj: IdentityVerificationRequest, reviewer: User, note: str, to: str, user_status: str
) -> IdentityVerificationRequest:
    """The one transition a request has: pending -> approved/rejected, made conditional so two
    reviewers deciding at once cannot both win (SQLite ignores row locks, CONVENTIONS §9)."""
    from .tasks import send_identity_decision_email

    now = timezone.now()
    with transaction.atomic():
        transition(
            request_obj, to, by=reviewer, values={"reviewer": reviewer, "reviewed_at": now, "note": note.strip()},
            error=InvalidTransition,
            refused=f"This request is {request_obj.get_status_display().lower()} and can't be changed.",
            stale="Someone else has already decided this request.",
        )
        # The user's status mirrors the decision: the request's move above decided the race, and a
        # mirror never refuses a decision already taken.
        User.objects.filter(pk=request_obj.user_id).update(identity_status=user_status)
        transaction.on_commit(partial(send_identity_decision_email.delay, request_id=request_obj.pk))
    request_obj.refresh_from_db()
    request_obj.user.identity_status = user_status
    return request_obj


def identity_verification_approve(
    *, request_obj: IdentityVerificationRequest, reviewer: User, note: str = ""
) -> IdentityVerificationRequest:
    return _identity_decide(
        request_obj=request_obj,
        reviewer=reviewer,
        note=note,
        to=IdentityVerificationRequest.Status.APPROVED,
        user_status=User.IdentityStatus.VERIFIED,
    )


def identity_verification_reject(
    *, request_obj: IdentityVerificationRequest, reviewer: User, note: str = ""
) -> IdentityVerificationRequest:
    """Reject with a reason the user can act on; they may then submit again."""
    return _identity_decide(
        request_obj=request_obj,
        reviewer=reviewer,
        note=note,
        to=IdentityVerificationRequest.Status.REJECTED,
        user_status=User.IdentityStatus.REJECTED,
    )
