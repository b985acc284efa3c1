"""Reads of the NDA feature, and the one rule of who sees what.

Confidential material (the confidential description and files) is for the job's client, staff, and
freelancers who signed the job's NDA; everyone else gets a 404 for the files and only the job's
public description (the summary) on the page.
"""
from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Q, QuerySet

from marketplace.models import JobPost
from marketplace.selectors import job_visible_to

from .models import ConfidentialFile, JobNDA, NDASignature

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def nda_for_job(*, job: JobPost) -> JobNDA | None:
    return JobNDA.objects.select_related("document", "job").filter(job=job).first()


def nda_required_for_job(*, job: JobPost) -> JobNDA | None:
    return JobNDA.objects.select_related("document", "job").filter(job=job, is_required=True).first()


def signature_of(*, nda: JobNDA, user: User | AnonymousUser | None) -> NDASignature | None:
    if user is None or not user.is_authenticated:
        return None
    return NDASignature.objects.filter(nda=nda, signer_id=user.pk).first()


def may_see_confidential(*, nda: JobNDA, user: User | AnonymousUser | None) -> bool:
    """The client, staff, and freelancers whose signature is on record (the client's countersignature
    completes the mutual NDA, but access follows the freelancer's own signature)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or nda.job.client_id == user.pk:
        return True
    return NDASignature.objects.filter(nda=nda, signer_id=user.pk).exists()


def confidential_files(*, nda: JobNDA) -> QuerySet[ConfidentialFile]:
    return nda.files.select_related("upload").order_by("created_at", "pk")


def confidential_file_for_viewer(*, key: UUID | str, user: User) -> ConfidentialFile | None:
    """The file named by its upload key, when `user` may download it now: the client and staff at
    any time, signers once the scan passed it. None means 404."""
    item = (
        ConfidentialFile.objects.select_related("upload", "nda__job").filter(upload__key=key).first()
    )
    if item is None or not may_see_confidential(nda=item.nda, user=user):
        return None
    is_party = user.is_staff or item.nda.job.client_id == user.pk
    if not is_party and (not item.upload.is_clean or not job_visible_to(item.nda.job, user)):
        return None
    return item


def signature_for_viewer(*, pk: int, user: User) -> NDASignature | None:
    """A signature its signer, the job's client or staff may see (others: None, a 404)."""
    if not getattr(user, "is_authenticated", False):
        return None
    qs = NDASignature.objects.select_related("nda__job", "signer", "document_upload")
    if not user.is_staff:
        qs = qs.filter(Q(signer_id=user.pk) | Q(nda__job__client_id=user.pk))
    return qs.filter(pk=pk).first()


def signatures_for_job(*, nda: JobNDA) -> QuerySet[NDASignature]:
    return nda.signatures.select_related("signer").order_by("-signed_at", "-pk")


def signatures_signed_by(*, user: User) -> QuerySet[NDASignature]:
    return NDASignature.objects.filter(signer_id=user.pk).select_related("nda__job").order_by("-signed_at", "-pk")


def signatures_on_jobs_of(*, client: User) -> QuerySet[NDASignature]:
    return (
        NDASignature.objects.filter(nda__job__client_id=client.pk)
        .select_related("nda__job", "signer")
        .order_by("-signed_at", "-pk")
    )
