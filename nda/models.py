"""NDAs on jobs, signed on the platform before any contract.

- `JobNDA`: a job's NDA requirement (one per job): the platform's standard mutual NDA or the
  client's own PDF (a trust.Upload, scanned like every file), the confidential description and
  files only signers see, and whether the client countersigns automatically.
- `NDASignature`: one freelancer's signature: the typed legal name, explicit consent, when, from
  which IP and user agent, and the SHA-256 of the exact bytes of the document they signed (kept: the
  generated standard PDF in the row, the client's PDF as its protected Upload); the client's
  countersignature.
- `NDAAccessLog`: every confidential-file and signed-PDF download (disputes).
Rows are written by nda.services only; the admin shows them read-only.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from trust.guards import GuardedManager


class JobNDA(TimeStampedModel):
    class Kind(models.TextChoices):
        STANDARD = "standard", "The platform's standard mutual NDA"
        UPLOADED = "uploaded", "My own NDA (PDF)"

    job = models.OneToOneField("marketplace.JobPost", on_delete=models.CASCADE, related_name="nda")
    is_required = models.BooleanField(default=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STANDARD)
    # The disclosing party as named in the agreement and its certificate (names only, never contact details).
    client_legal_name = models.CharField(max_length=200)
    # The client's own NDA (kind "uploaded"); PROTECT: signatures point at the exact file they signed.
    document = models.ForeignKey(
        "trust.Upload", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confidential_description = models.TextField(max_length=20_000, blank=True)
    auto_countersign = models.BooleanField(default=False)

    objects = GuardedManager()

    class Meta:
        verbose_name = "job NDA"
        verbose_name_plural = "job NDAs"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["standard", "uploaded"]), name="nda_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="standard") | Q(document__isnull=False), name="nda_uploaded_has_document"
            ),
        ]

    def __str__(self) -> str:
        return f"NDA for job #{self.job_id}"

    @property
    def is_standard(self) -> bool:
        return self.kind == self.Kind.STANDARD


class ConfidentialFile(TimeStampedModel):
    """A file of the job only signers (and the client, and staff) may download."""

    nda = models.ForeignKey(JobNDA, on_delete=models.CASCADE, related_name="files")
    upload = models.OneToOneField("trust.Upload", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Confidential file #{self.pk} of job #{self.nda.job_id}"


class NDASignature(TimeStampedModel):
    nda = models.ForeignKey(JobNDA, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nda_signatures")
    legal_name = models.CharField(max_length=200)
    consent = models.BooleanField()
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=10, choices=JobNDA.Kind.choices)
    # The exact document signed: the generated standard PDF (bytes kept here) or the client's PDF.
    document_pdf = models.BinaryField(blank=True, editable=False)
    document_upload = models.ForeignKey(
        "trust.Upload", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document_sha256 = models.CharField(max_length=64)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    countersigner_legal_name = models.CharField(max_length=200, blank=True)
    countersigned_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = "NDA signature"
        constraints = [
            models.UniqueConstraint(fields=["nda", "signer"], name="nda_one_signature_per_signer"),
            models.CheckConstraint(condition=Q(consent=True), name="nda_signature_consented"),
            models.CheckConstraint(condition=~Q(legal_name=""), name="nda_signature_has_name"),
            models.CheckConstraint(condition=Q(document_sha256__regex=r"^[0-9a-f]{64}$"),
                                   name="nda_signature_sha256"),
            models.CheckConstraint(
                condition=Q(countersigned_at__isnull=True) | Q(countersigned_by__isnull=False),
                name="nda_countersign_has_signer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_name} signed the NDA of job #{self.nda.job_id}"

    @property
    def is_countersigned(self) -> bool:
        return self.countersigned_at is not None


class NDAAccessLog(models.Model):
    class What(models.TextChoices):
        FILE = "file", "Confidential file"
        SIGNED_PDF = "signed_pdf", "Signed NDA (PDF)"

    nda = models.ForeignKey(JobNDA, on_delete=models.CASCADE, related_name="access_logs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=12, choices=What.choices)
    upload = models.ForeignKey("trust.Upload", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signature = models.ForeignKey(NDASignature, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    stamped = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "NDA access log entry"
        verbose_name_plural = "NDA access log"
        constraints = [
            models.CheckConstraint(condition=Q(what__in=["file", "signed_pdf"]), name="nda_access_what_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_what_display()} fetched by user #{self.user_id} at {self.at:%Y-%m-%d %H:%M}"
