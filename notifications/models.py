"""In-app notifications and each user's email choices."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel


class Kind(models.TextChoices):
    """Every event a user can be told about; email preferences are per kind."""

    PROPOSAL_RECEIVED = "proposal_received", "A proposal on your job"
    PROPOSAL_STATUS = "proposal_status", "Your proposal was shortlisted or declined"
    INVITATION = "invitation", "An invitation to apply"
    OFFER = "offer", "Offers and their answers"
    CONTRACT = "contract", "Contract started, paused, ended or cancelled"
    MILESTONE = "milestone", "Milestones funded, submitted, approved or sent back"
    HOURLY = "hourly", "Hourly weeks billed and paid"
    DISPUTE = "dispute", "Disputes"
    PAYMENT = "payment", "Payments, refunds and payouts"
    FEEDBACK = "feedback", "Feedback you received"
    TRUST = "trust", "Account standing decisions (always emailed)"
    REPORT = "report", "Outcomes of reports you sent"
    MESSAGE = "message", "Messages that wait unread for you"
    ACCOUNT = "account", "Identity checks"
    JOB_ALERT = "job_alert", "Job alerts for your saved searches"


# Decisions about the user's own account (a restriction, a suspension with its appeal link, an
# appeal's outcome) are always emailed: a user can't opt out of being told they were sanctioned.
ALWAYS_EMAILED = frozenset({Kind.TRUST})


class Notification(models.Model):
    """One thing a user should know about: shown in the notification centre, counted by the live badge,
    emailed (HTML + text) when the user's preferences say so."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, max_length=5_000)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
            models.Index(fields=["created_at"], condition=Q(email_wanted=True, emailed_at__isnull=True),
                         name="notification_unsent_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(TimeStampedModel):
    """A user's choice for one kind; no row means the default (email on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} email {'on' if self.email else 'off'}"
