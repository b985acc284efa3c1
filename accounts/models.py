from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import ClassVar, cast

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from core.models import TimeStampedModel
from core.money import format_money
from trust.guards import GuardedManager


class UserManager(GuardedManager, BaseUserManager):
    """Email is the login; there is no username. Guarded: names are public text."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = cast(User, self.model(email=self.normalize_email(email).lower(), **extra))
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Roles are flags, not types: one account can hire and work.

    Other users never see the email: they see `display_name` ("First L.").
    """

    class IdentityStatus(models.TextChoices):
        UNVERIFIED = "unverified", "Not verified"
        PENDING = "pending", "Pending review"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"

    class Role(models.TextChoices):
        # Not a field: a person's roles are the is_client / is_freelancer flags below.
        CLIENT = "client", "Client"
        FREELANCER = "freelancer", "Freelancer"

    username = None  # type: ignore[assignment]  # no username: email is the login
    email = models.EmailField("email address", unique=True)
    first_name = models.CharField("first name", max_length=60)
    last_name = models.CharField("last name", max_length=60)
    is_client = models.BooleanField(default=False)
    is_freelancer = models.BooleanField(default=False)
    identity_status = models.CharField(
        max_length=12, choices=IdentityStatus.choices, default=IdentityStatus.UNVERIFIED
    )
    # Moved only by the identity services, through core.transitions (a request is submitted, then decided).
    IDENTITY_STATUS_TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        IdentityStatus.UNVERIFIED: {IdentityStatus.PENDING},
        IdentityStatus.PENDING: {IdentityStatus.VERIFIED, IdentityStatus.REJECTED},
        IdentityStatus.REJECTED: {IdentityStatus.PENDING},
        IdentityStatus.VERIFIED: set(),
    }
    # Profile photo (trust's upload pipeline, use "avatar"): public once the scan passed it.
    avatar = models.ForeignKey("trust.Upload", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_status__in=["unverified", "pending", "verified", "rejected"]),
                name="user_identity_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """What other users see: first name and last initial, never the email."""
        first = self.first_name.strip()
        initial = self.last_name.strip()[:1]
        if first and initial:
            return f"{first} {initial}."
        return first or f"User {self.pk}"

    @property
    def roles(self) -> list[str]:
        return [label for flag, label in ((self.is_client, "Client"), (self.is_freelancer, "Freelancer")) if flag]

    @property
    def avatar_url(self) -> str:
        """The photo's URL once trust passed it ("" otherwise: pages show the initial instead)."""
        avatar = self.avatar
        return avatar.get_absolute_url() if avatar is not None and avatar.is_clean else ""

    @property
    def is_identity_verified(self) -> bool:
        return self.identity_status == self.IdentityStatus.VERIFIED


class Skill(models.Model):
    """A tag shared by freelancer profiles and job posts, from a taxonomy staff maintain (seeded by
    migration 0006: a few hundred skills in groups)."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    group = models.CharField(max_length=60, blank=True, help_text="Where the skill is listed, e.g. “Web development”.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FreelancerProfile(TimeStampedModel):
    class Availability(models.TextChoices):
        FULL_TIME = "full_time", "More than 30 hrs/week"
        PART_TIME = "part_time", "Less than 30 hrs/week"
        AS_NEEDED = "as_needed", "As needed, open to offers"
        UNAVAILABLE = "unavailable", "Not available for new work"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="freelancer_profile")
    headline = models.CharField(max_length=120, blank=True)
    overview = models.TextField(blank=True, max_length=5_000)
    skills = models.ManyToManyField(Skill, blank=True, related_name="freelancers")
    hourly_rate_cents = models.BigIntegerField(null=True, blank=True)
    country = CountryField(blank=True)
    availability = models.CharField(max_length=12, choices=Availability.choices, default=Availability.AS_NEEDED)

    objects = GuardedManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate_cents__isnull=True) | Q(hourly_rate_cents__gt=0),
                name="freelancer_rate_positive",
            ),
            models.CheckConstraint(
                condition=Q(availability__in=["full_time", "part_time", "as_needed", "unavailable"]),
                name="freelancer_availability_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name}: {self.headline}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:freelancer-detail", args=[self.user_id])

    @property
    def hourly_rate_display(self) -> str:
        """"$45.00/hr" (in the platform currency) from integer cents; empty when unset."""
        if self.hourly_rate_cents is None:
            return ""
        return f"{format_money(self.hourly_rate_cents, settings.CONTRACTS_CURRENCY)}/hr"


def _portfolio_image_path(instance: PortfolioItem, filename: str) -> str:
    """Referenced by old migrations only (files now live in trust.Upload)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"portfolio/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class PortfolioItem(TimeStampedModel):
    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="portfolio_items")
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2_000)
    # trust's upload pipeline: shown on the public profile only once the scan passed it.
    image = models.ForeignKey("trust.Upload", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Employment(TimeStampedModel):
    """A job in a freelancer's employment history (public on their profile)."""

    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="employments")
    company = models.CharField(max_length=120)
    title = models.CharField("role", max_length=120)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty if you still work there.")
    description = models.TextField(blank=True, max_length=2_000)

    objects = GuardedManager()

    class Meta:
        ordering = [models.F("end_date").desc(nulls_first=True), "-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="employment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"


class Education(TimeStampedModel):
    """A school in a freelancer's education (public on their profile)."""

    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="educations")
    school = models.CharField(max_length=120)
    degree = models.CharField(max_length=120, blank=True)
    field_of_study = models.CharField(max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = [models.F("end_year").desc(nulls_first=True), "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="education_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.school


class ClientProfile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="client_profile")
    company_name = models.CharField(max_length=120, blank=True)
    country = CountryField(blank=True)
    about = models.TextField(blank=True, max_length=3_000)

    objects = GuardedManager()

    def __str__(self) -> str:
        return self.company_name or self.user.display_name

    def get_absolute_url(self) -> str:
        return reverse("accounts:client-detail", args=[self.user_id])


class TalentBadge(TimeStampedModel):
    """A badge shown on a freelancer's profile. Awarding rules live in contracts.badges;
    trust sanctions remove badges and block re-earning them (trust.selectors)."""

    class Kind(models.TextChoices):
        RISING_TALENT = "rising_talent", "Rising Talent"
        TOP_RATED = "top_rated", "Top Rated"
        TOP_RATED_PLUS = "top_rated_plus", "Top Rated Plus"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="badges")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    awarded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_badge_of_a_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=["rising_talent", "top_rated", "top_rated_plus"]), name="badge_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.user.display_name})"


def _identity_document_path(instance: IdentityVerificationRequest, filename: str) -> str:
    """Referenced by old migrations only (files now live in trust.Upload)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"identity/{instance.user_id}/{uuid.uuid4().hex}{suffix}"


class IdentityVerificationRequest(TimeStampedModel):
    """A user's request to have their identity checked by staff (contracts requires it for withdrawals).

    One request per submission; the user's `identity_status` mirrors the latest decision. The legal name
    and the document are private: only the user and staff ever see them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: set(),
        Status.REJECTED: set(),
    }

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="identity_requests")
    legal_name = models.CharField("full legal name", max_length=150)
    country = CountryField()
    # trust's upload pipeline (use "identity_document"): private, sniffed, never scanned or shown to
    # anyone but the user and staff.
    document = models.ForeignKey("trust.Upload", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="identity_reviews"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=2_000, help_text="Shown to the user with the decision.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected"]), name="identity_request_status_valid"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="one_pending_identity_request"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(reviewed_at__isnull=False),
                name="identity_request_decided_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Identity check #{self.pk} ({self.get_status_display()})"
