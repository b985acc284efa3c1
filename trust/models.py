"""Trust & safety records: flags (evidence), strikes, sanctions, appeals, reports and the audit log.

These models store flagged text by design (the evidence), so their text fields are exempt from the
guard (settings.TRUST_EXEMPT_FIELDS) and their writes go through trust.services only.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TimeStampedModel


class Flag(TimeStampedModel):
    """One piece of evidence: text that was refused (automatic) or content a user reported (report).

    The target is the guarded row when it existed (an edit), otherwise its parent (the conversation
    of a message that was never saved), otherwise nothing; the text itself is always kept here.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed (false positive)"
        ESCALATED = "escalated", "Escalated"

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", "Automatic"
        REPORT = "report", "User report"

    class Kind(models.TextChoices):
        EMAIL = "email", "Email address"
        PHONE = "phone", "Phone number"
        URL = "url", "Link"
        SOCIAL = "social", "Social handle / messenger"
        PAYMENT = "payment", "Off-platform payment"
        CONTACT = "contact", "Contact details (reported)"
        SPAM = "spam", "Spam or scam"
        OTHER = "other", "Other"

    TRANSITIONS = {
        Status.PENDING: {Status.CONFIRMED, Status.DISMISSED, Status.ESCALATED},
        Status.ESCALATED: {Status.CONFIRMED, Status.DISMISSED},
        Status.CONFIRMED: set(),
        Status.DISMISSED: set(),
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="trust_flags",
        help_text="Whose text this is (empty when the author did not exist yet, e.g. a refused sign-up).",
    )
    counterpart = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who the text was addressed to, in two-party contexts.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.AUTOMATIC)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    context = models.CharField(max_length=40)
    confidence = models.FloatField(default=0.0)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    field_name = models.CharField(max_length=60, blank=True)
    original_text = models.TextField(blank=True)
    findings = models.JSONField(default=list, blank=True)
    # Extra evidence: the sender's preceding messages for split numbers, the reporter's note, ...
    extra = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=1, help_text="Identical refusals folded into this flag.")
    delivered = models.BooleanField(
        default=True,
        help_text="The text was on its way to someone else (a message, a published job...). Drafts, previews "
        "and staff or system writes are refused without a strike.",
    )
    weight = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Strike points if confirmed; empty: by kind (payment weighs more). Reviewers may change it.",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="flag_queue_idx"),
            models.Index(fields=["user", "-created_at"], name="flag_user_idx"),
            models.Index(fields=["content_type", "object_id"], name="flag_target_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "confirmed", "dismissed", "escalated"]), name="flag_status_valid"
            ),
            models.CheckConstraint(condition=Q(source__in=["automatic", "report"]), name="flag_source_valid"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="flag_confidence_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Flag #{self.pk} {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.ESCALATED)


class FlagStatusChange(models.Model):
    """Who moved a flag from one status to another, and when (CONVENTIONS §8)."""

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.flag_id}: {self.from_status} -> {self.to_status}"


class Strike(models.Model):
    """A confirmed violation. Counts toward the ladder until it expires."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_strikes")
    flag = models.OneToOneField(Flag, on_delete=models.PROTECT, related_name="strike")
    weight = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    voided_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when an appeal was granted: it stops counting."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "expires_at"], name="strike_active_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="strike_weight_positive"),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="strike_expires_after"),
        ]

    def __str__(self) -> str:
        return f"Strike ({self.weight}) for {self.user}"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()

    @property
    def status_label(self) -> str:
        if self.voided_at is not None:
            return "Voided on appeal"
        return "Active" if self.is_active else "Expired"


class SanctionQuerySet(models.QuerySet):
    def active(self, at: datetime | None = None) -> SanctionQuerySet:
        """In force at `at` (default now): started, not ended by time, not lifted. Read-time truth."""
        at = at or timezone.now()
        return self.filter(lifted_at__isnull=True, starts_at__lte=at).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=at)
        )


class Sanction(models.Model):
    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        BADGE_LOSS = "badge_loss", "Loss of talent badges"
        RESTRICTION = "restriction", "Restriction (no new conversations, proposals or job posts)"
        SUSPENSION = "suspension", "Suspension"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_sanctions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    strike = models.ForeignKey(Strike, null=True, blank=True, on_delete=models.SET_NULL, related_name="sanctions")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: permanent until lifted.")
    reason = models.TextField(blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_reason = models.TextField(blank=True)
    # Set by the tidy-up task once the "your restriction has ended" email went out.
    ended_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["user", "kind", "lifted_at"], name="sanction_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["warning", "badge_loss", "restriction", "suspension"]), name="sanction_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")), name="sanction_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user}"

    @property
    def title(self) -> str:
        """The kind as its user reads it: a client-only account has no talent badges to lose."""
        if self.kind == self.Kind.BADGE_LOSS and not getattr(self.user, "is_freelancer", True):
            return "Second strike"
        return self.get_kind_display()

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.lifted_at is None and self.starts_at <= now and (self.ends_at is None or self.ends_at > now)

    @property
    def is_permanent(self) -> bool:
        return self.ends_at is None

    @property
    def has_appeal(self) -> bool:
        return hasattr(self, "appeal")  # the reverse one-to-one raises (an AttributeError) when absent


class Appeal(TimeStampedModel):
    """One appeal per sanction (the one-to-one enforces it)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        GRANTED = "granted", "Granted (sanction lifted)"
        DENIED = "denied", "Denied"

    TRANSITIONS = {Status.PENDING: {Status.GRANTED, Status.DENIED}, Status.GRANTED: set(), Status.DENIED: set()}

    sanction = models.OneToOneField(Sanction, on_delete=models.CASCADE, related_name="appeal")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_appeals")
    message = models.TextField(max_length=3_000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "granted", "denied"]), name="appeal_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Appeal of {self.sanction}"


class Report(TimeStampedModel):
    """A user's report of someone else's content. The reporter is never shown to the reported user."""

    class Reason(models.TextChoices):
        OFF_PLATFORM_PAYMENT = "off_platform_payment", "Asks to pay or be paid outside the platform"
        CONTACT_DETAILS = "contact_details", "Shares contact details (phone, email, links, handles)"
        SPAM_SCAM = "spam_scam", "Spam or scam"
        OTHER = "other", "Something else"

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_reports")
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="trust_reports_against"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(max_length=24, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=2_000)
    flag = models.OneToOneField(Flag, on_delete=models.PROTECT, related_name="report")
    # Cleared when the flag is decided: one open report per reporter per target.
    is_open = models.BooleanField(default=True)
    outcome_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"],
                condition=Q(is_open=True),
                name="one_open_report_per_target",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=["off_platform_payment", "contact_details", "spam_scam", "other"]),
                name="report_reason_valid",
            ),
            models.CheckConstraint(condition=~Q(reporter=models.F("reported_user")), name="report_not_self"),
        ]

    def __str__(self) -> str:
        return f"Report #{self.pk} ({self.get_reason_display()})"


class AuditLogQuerySet(models.QuerySet):
    """Append-only: bulk update and delete are refused."""

    def update(self, **kwargs: object) -> NoReturn:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> NoReturn:
        raise PermissionError("The audit log is append-only.")


class AuditLog(models.Model):
    """Who did what to whom, when and why. Append-only: rows are never changed or removed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Empty: the system (automatic confirmation, scheduled task).",
    )
    action = models.CharField(max_length=40, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    target_repr = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:  # Django's save() options, passed on
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> NoReturn:
        raise PermissionError("The audit log is append-only.")


from trust.uploads.models import Upload  # noqa: E402,F401  (the upload pipeline's one model)
