"""trust.Upload: every file anyone uploads, whatever it is for (imported into trust.models).

Stored in private storage under a random name (never the uploader's, never under MEDIA_ROOT), with
the type sniffed from its bytes, its hash, and the verdict of the scan: pending -> clean | held
(could not be read within the limits: staff decide) | refused (contact details or payment terms).
The owner/counterpart/context are what the scan judges with, fixed when the file was accepted.
"""
from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from trust.guards import GuardedManager


def private_storage() -> Storage:
    """settings.STORAGES["private"] when configured (e.g. S3 without public ACLs), else a folder
    outside MEDIA_ROOT (TRUST_UPLOADS_ROOT) that no URL maps to: files leave only through
    trust.uploads.views."""
    if "private" in settings.STORAGES:
        return storages["private"]
    return FileSystemStorage(location=settings.TRUST_UPLOADS_ROOT, base_url=None)


def _random_name(instance: Upload, filename: str) -> str:
    # No part of the uploader's name (it may carry contact details, or a .html suffix).
    return f"{instance.use}/{instance.key.hex[:2]}/{instance.key.hex}"


class Upload(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Being checked"
        CLEAN = "clean", "Passed"
        HELD = "held", "Held for review"
        REFUSED = "refused", "Refused"

    class Reason(models.TextChoices):
        NONE = "", "—"
        CONTACT = "contact", "It contains contact details or payment terms that can't be shared here"
        UNREADABLE = "unreadable", "It could not be read automatically"
        LIMITS = "limits", "It is too large or complex to check automatically"
        NO_OCR = "no_ocr", "Text in pictures can't be checked automatically right now"
        STAFF = "staff", "Withheld by a moderator"

    # URLs name an upload by this random key, never by its sequential pk (flags and the audit log
    # point at the pk: their generic relations are integers).
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    # Who the file goes to (two-party uses); the policy opens up once a contract between them started.
    counterpart = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    use = models.CharField(max_length=40, db_index=True)
    context = models.CharField(max_length=40)
    file = models.FileField(storage=private_storage, upload_to=_random_name, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    kind = models.CharField(max_length=10)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    reason = models.CharField(max_length=12, choices=Reason.choices, default=Reason.NONE, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    found_kinds = models.JSONField(default=list, blank=True)
    # Everything the scan read (kept for reviewers; never shown to the counterpart).
    extracted_text = models.TextField(blank=True, editable=False)
    scan_attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    scanned_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "clean", "held", "refused"]), name="upload_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=["", "contact", "unreadable", "limits", "no_ocr", "staff"]),
                name="upload_reason_valid",
            ),
            models.CheckConstraint(condition=Q(size__gte=0), name="upload_size_nonnegative"),
        ]
        indexes = [models.Index(fields=["status", "queued_at"], name="upload_pending_idx")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.use}, {self.get_status_display()})"

    @property
    def is_clean(self) -> bool:
        return self.status == self.Status.CLEAN

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def status_text(self) -> str:
        """What the uploader is told: "Refused: it contains contact details ... (found: a phone number)"."""
        if self.status in (self.Status.PENDING, self.Status.CLEAN):
            return self.get_status_display()
        reason = self.get_reason_display() if self.reason else ""
        if self.found_kinds:
            reason = f"{reason} (found: {', '.join(KIND_LABELS.get(k, k) for k in self.found_kinds)})"
        return f"{self.get_status_display()}: {reason}" if reason else self.get_status_display()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("uploads:file", args=[self.key])


KIND_LABELS = {
    "phone": "a phone number",
    "email": "an email address",
    "url": "a link",
    "social": "a social media handle",
    "messenger": "a messenger ID",
    "payment": "payment outside the platform",
}
