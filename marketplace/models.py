from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q

from accounts.models import Skill
from core.models import TimeStampedModel
from trust.guards import GuardedManager


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class JobPost(TimeStampedModel):
    """A client's job. Budget is a range in cents: the fixed price (min == max allowed) or the hourly rate."""

    class BudgetType(models.TextChoices):
        FIXED = "fixed", "Fixed price"
        HOURLY = "hourly", "Hourly"

    class Duration(models.TextChoices):
        LESS_THAN_MONTH = "lt_1m", "Less than 1 month"
        ONE_TO_THREE = "1_3m", "1 to 3 months"
        THREE_TO_SIX = "3_6m", "3 to 6 months"
        MORE_THAN_SIX = "gt_6m", "More than 6 months"

    class Experience(models.TextChoices):
        ENTRY = "entry", "Entry level"
        INTERMEDIATE = "intermediate", "Intermediate"
        EXPERT = "expert", "Expert"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        INVITE_ONLY = "invite_only", "Invite only"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        FILLED = "filled", "Filled"

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.DRAFT: {Status.OPEN},
        Status.OPEN: {Status.CLOSED, Status.FILLED},
        Status.CLOSED: {Status.OPEN},
        Status.FILLED: {Status.OPEN},
    }

    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=10_000)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="jobs")
    skills = models.ManyToManyField(Skill, blank=True, related_name="jobs")
    budget_type = models.CharField(max_length=10, choices=BudgetType.choices, default=BudgetType.FIXED)
    budget_min_cents = models.BigIntegerField()
    budget_max_cents = models.BigIntegerField()
    currency = models.CharField(max_length=3, default="USD")
    duration = models.CharField(max_length=10, choices=Duration.choices, default=Duration.ONE_TO_THREE)
    experience_level = models.CharField(max_length=15, choices=Experience.choices, default=Experience.INTERMEDIATE)
    visibility = models.CharField(max_length=15, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Full-text search document (title weight A, description weight B). On PostgreSQL a trigger keeps it
    # current on every insert/update, whatever the save path, and a GIN index serves the search
    # (migration 0002); on SQLite it stays NULL and search falls back to icontains.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = GuardedManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            # The public list's three sorts walk these (pk is the tie-breaker of each ORDER BY, so it is in
            # the index too) and stop after a page, instead of sorting every open job.
            models.Index(fields=["status", "visibility", "-published_at", "-id"], name="job_browse_newest_idx"),
            # The anonymous list, its filters, counts and deep pages: an index-only scan over open public
            # jobs that carries the filter columns and what a cached card's key needs (PostgreSQL INCLUDE;
            # other databases get the plain partial index).
            models.Index(
                fields=["-published_at", "-id"],
                include=[
                    "updated_at", "client_id", "budget_type", "experience_level", "budget_min_cents",
                    "budget_max_cents", "category_id",
                ],
                condition=Q(status="open", visibility="public"),
                name="job_open_newest_idx",
            ),
            # The sidebar's two select filters (budget type, experience), newest first: their pages and capped
            # counts read only the matching entries (over 100k jobs, a filtered count walked ~10 index entries
            # of job_open_newest_idx per match: 1.4 ms of a 2.1 ms statement, 0.3 ms with this index).
            models.Index(
                fields=["budget_type", "experience_level", "-published_at", "-id"],
                include=["client_id", "budget_min_cents", "budget_max_cents"],
                condition=Q(status="open", visibility="public"),
                name="job_open_facets_idx",
            ),
            models.Index(fields=["status", "visibility", "-budget_max_cents", "-id"], name="job_budget_high_idx"),
            models.Index(fields=["status", "visibility", "budget_min_cents", "id"], name="job_budget_low_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(budget_min_cents__gt=0), name="job_budget_positive"),
            models.CheckConstraint(condition=Q(budget_max_cents__gte=F("budget_min_cents")), name="job_budget_range"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "closed", "filled"]), name="job_status_valid"
            ),
            models.CheckConstraint(condition=Q(budget_type__in=["fixed", "hourly"]), name="job_budget_type_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


def _attachment_path(instance: Proposal, filename: str) -> str:
    """Referenced by migration 0001 only (files now live in trust.Upload)."""
    return f"proposals/{instance.job_id}/{uuid.uuid4().hex}/{PurePath(filename).name}"


class Proposal(TimeStampedModel):
    """A freelancer's bid on a job. One live proposal per job per freelancer (withdrawn ones don't count)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        SHORTLISTED = "shortlisted", "Shortlisted"
        DECLINED = "declined", "Declined"
        ARCHIVED = "archived", "Archived"
        WITHDRAWN = "withdrawn", "Withdrawn"
        HIRED = "hired", "Hired"

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.SUBMITTED: {Status.SHORTLISTED, Status.DECLINED, Status.ARCHIVED, Status.WITHDRAWN, Status.HIRED},
        Status.SHORTLISTED: {Status.SUBMITTED, Status.DECLINED, Status.ARCHIVED, Status.WITHDRAWN, Status.HIRED},
        Status.ARCHIVED: {Status.SUBMITTED, Status.WITHDRAWN},
        Status.DECLINED: set(),
        Status.WITHDRAWN: set(),
        Status.HIRED: set(),
    }

    job = models.ForeignKey(JobPost, on_delete=models.CASCADE, related_name="proposals")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals")
    cover_letter = models.TextField(max_length=5_000)
    bid_cents = models.BigIntegerField(help_text="Total for fixed-price jobs, per hour for hourly jobs.")
    duration = models.CharField(max_length=10, choices=JobPost.Duration.choices)
    # trust's upload pipeline: sniffed, scanned in the background, shown to the client once clean.
    attachment = models.ForeignKey("trust.Upload", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    viewed_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "freelancer"], condition=~Q(status="withdrawn"), name="one_live_proposal_per_job"
            ),
            models.CheckConstraint(condition=Q(bid_cents__gt=0), name="proposal_bid_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "shortlisted", "declined", "archived", "withdrawn", "hired"]),
                name="proposal_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Proposal by {self.freelancer} on {self.job}"

    @property
    def is_editable(self) -> bool:
        """Freelancers may edit until the client has opened it."""
        return self.viewed_at is None and self.status == self.Status.SUBMITTED


class Invitation(TimeStampedModel):
    """A client asks a freelancer to send a proposal; on invite-only jobs it is the only way in."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.PENDING: {Status.ACCEPTED, Status.DECLINED},
        Status.ACCEPTED: set(),
        Status.DECLINED: set(),
    }

    job = models.ForeignKey(JobPost, on_delete=models.CASCADE, related_name="invitations")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    message = models.TextField(blank=True, max_length=2_000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "freelancer"], name="one_invitation_per_job"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "declined"]), name="invitation_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.freelancer} for {self.job}"


def _all_status_choices() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for choices in (JobPost.Status.choices, Proposal.Status.choices, Invitation.Status.choices):
        for value, label in choices:
            seen.setdefault(value, label)
    return sorted(seen.items())


class StatusChange(models.Model):
    """Audit row for every state transition of a job, proposal or invitation: who moved it, from what, when."""

    job = models.ForeignKey(JobPost, null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes"
    )
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=12, choices=_all_status_choices())
    to_status = models.CharField(max_length=12, choices=_all_status_choices())
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(job__isnull=False, proposal__isnull=True, invitation__isnull=True)
                    | Q(job__isnull=True, proposal__isnull=False, invitation__isnull=True)
                    | Q(job__isnull=True, proposal__isnull=True, invitation__isnull=False)
                ),
                name="status_change_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class SavedSearch(TimeStampedModel):
    """A job-list search a user keeps (its GET parameters) and, if they want, a daily alert of the new
    jobs that match it (marketplace.tasks.send_job_alerts: one digest per user, in-app and by email)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=120)
    params = models.CharField(max_length=1_000, blank=True, help_text="The job list's query string.")
    alerts = models.BooleanField(default=True)
    alerted_up_to = models.DateTimeField(help_text="Jobs published after this are new for the next alert.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "params"], name="one_saved_search_per_query")]

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"/jobs/?{self.params}" if self.params else "/jobs/"
