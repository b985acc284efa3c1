"""Every write of the NDA feature (CONVENTIONS §2): requiring an NDA on a job, confidential files,
signing, countersigning, and the access log.

Text a freelancer or client writes here (legal names, the confidential description) reaches the other
side before any contract, so it goes through the trust write scope in the job post's context: no
contact details, no payment outside the platform. Files go through trust's upload pipeline (uses
"nda" and "job_file", scanned after commit like every file). Signing creates no contract and
declining or withdrawing later carries no penalty: nothing here touches proposals, contracts or
standing.
"""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.models import JobPost
from marketplace.selectors import job_visible_to
from trust.scope import writing
from trust.standing import ensure_can_act
from trust.uploads.models import Upload
from trust.uploads.services import Readable, upload_accept

from . import documents
from .exceptions import NDAError
from .models import ConfidentialFile, JobNDA, NDAAccessLog, NDASignature

if TYPE_CHECKING:
    from accounts.models import User

CONSENT_TEXT = (
    "I have read this NDA, I agree to be bound by it, and I sign it electronically by typing my full legal name."
)
MAX_CONFIDENTIAL_FILES = 20


def _require_owner(job: JobPost, user: User) -> None:
    if job.client_id != getattr(user, "pk", None):
        raise NDAError("Only the client who posted this job can change its NDA.")


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if len(name) < 2:
        raise NDAError("Type your full legal name.")
    if len(name) > 200:
        raise NDAError("A legal name can be at most 200 characters.")
    return name


def nda_require(
    *,
    job: JobPost,
    actor: User,
    kind: str,
    client_legal_name: str,
    confidential_description: str = "",
    auto_countersign: bool = False,
    document: Readable | None = None,
) -> JobNDA:
    """Require an NDA on `job` (or change its terms): the standard mutual NDA or the client's own PDF
    (`document`, required the first time for kind "uploaded"; it is scanned after commit and can be
    signed only once it passed). Raises NDAError, UploadRejected or ContentBlocked."""
    ensure_can_act(actor, "job_post")
    _require_owner(job, actor)
    if job.status == JobPost.Status.FILLED:
        raise NDAError("This job has been filled; reopen it before changing its NDA.")
    if kind not in JobNDA.Kind.values:
        raise NDAError("Choose the standard NDA or upload your own.")
    nda = JobNDA.objects.filter(job=job).first() or JobNDA(job=job)
    nda.is_required = True
    nda.kind = kind
    nda.client_legal_name = _clean_name(client_legal_name)
    nda.confidential_description = (confidential_description or "").strip()
    nda.auto_countersign = bool(auto_countersign)
    if kind == JobNDA.Kind.UPLOADED and document is None and nda.document_id is None:
        raise NDAError("Upload your NDA as a PDF, or choose the platform's standard NDA.")
    with writing(author=actor, context="job_post", target=job, delivered=job.status != JobPost.Status.DRAFT) as scope:
        scope.check(client_legal_name=nda.client_legal_name, confidential_description=nda.confidential_description)
        with transaction.atomic():
            if document is not None and kind == JobNDA.Kind.UPLOADED:
                nda.document = upload_accept(file=document, use="nda", owner=actor)
            nda.full_clean()
            nda.save()
    return nda


def nda_stop_requiring(*, job: JobPost, actor: User) -> JobNDA:
    """The job no longer asks for an NDA; signatures already given stay on record (and keep access)."""
    _require_owner(job, actor)
    nda = JobNDA.objects.filter(job=job).first()
    if nda is None:
        raise NDAError("This job does not require an NDA.")
    JobNDA.objects.filter(pk=nda.pk).update(is_required=False, updated_at=timezone.now())
    nda.is_required = False
    return nda


def confidential_file_add(*, job: JobPost, actor: User, file: Readable) -> ConfidentialFile:
    """Attach a confidential file (PDF, DOCX, PNG, JPEG) through trust's pipeline: stored privately,
    scanned after commit; signers can fetch it once clean. Raises UploadRejected/ContentBlocked."""
    ensure_can_act(actor, "job_post")
    _require_owner(job, actor)
    nda = JobNDA.objects.filter(job=job).first()
    if nda is None:
        raise NDAError("Require an NDA first: confidential files are only shown to freelancers who signed it.")
    if nda.files.count() >= MAX_CONFIDENTIAL_FILES:
        raise NDAError(f"A job can have at most {MAX_CONFIDENTIAL_FILES} confidential files.")
    with transaction.atomic():
        upload = upload_accept(file=file, use="job_file", owner=actor)
        item = ConfidentialFile(nda=nda, upload=upload)
        item.full_clean()
        item.save()
    return item


def confidential_file_remove(*, item: ConfidentialFile, actor: User) -> None:
    """Stop sharing a confidential file (its upload and past access logs stay for disputes)."""
    _require_owner(item.nda.job, actor)
    item.delete()


def document_bytes_for_signing(*, nda: JobNDA, legal_name: str, on: datetime | None = None) -> bytes:
    """The exact bytes a freelancer signs: the standard NDA filled in with both names and the job,
    or the client's own PDF as uploaded."""
    if nda.kind == JobNDA.Kind.UPLOADED:
        upload = nda.document
        if upload is None:
            raise NDAError("This job's NDA is missing; ask the client to upload it again.")
        with upload.file.open("rb") as handle:
            return handle.read()
    day = (on or timezone.now()).date().isoformat()
    return documents.standard_nda_pdf(
        job_title=nda.job.title, client_name=nda.client_legal_name, freelancer_name=legal_name, effective_date=day,
    )


def nda_sign(
    *,
    job: JobPost,
    signer: User,
    legal_name: str,
    consent: bool,
    ip_address: str | None = None,
    user_agent: str = "",
) -> NDASignature:
    """A freelancer signs the job's NDA: their typed full legal name, explicit consent, and a record
    of when, from where, and the SHA-256 of the exact document. No contract, no proposal, no
    obligation to go on. Countersigned at once when the client chose that."""
    ensure_can_act(signer, "proposal")
    nda = JobNDA.objects.select_related("job", "document").filter(job=job, is_required=True).first()
    if nda is None:
        raise NDAError("This job does not ask for an NDA.")
    if job.client_id == signer.pk:
        raise NDAError("You can't sign the NDA of your own job.")
    if not signer.is_freelancer:
        raise NDAError("Only freelancers sign NDAs to see a job's confidential details. Add the freelancer role first.")
    if job.status == JobPost.Status.DRAFT or not job_visible_to(job, signer):
        raise NDAError("This job isn't open to you.")
    if not consent:
        raise NDAError("Tick the box to confirm you agree to the NDA.")
    if NDASignature.objects.filter(nda=nda, signer=signer).exists():
        raise NDAError("You have already signed this NDA.")
    if nda.kind == JobNDA.Kind.UPLOADED and (nda.document is None or not nda.document.is_clean):
        raise NDAError("The client's NDA is still being checked (or was withheld); it can't be signed yet.")
    name = _clean_name(legal_name)
    now = timezone.now()
    with writing(author=signer, counterpart=job.client, context="job_post", target=job) as scope:
        scope.check(legal_name=name)
        data = document_bytes_for_signing(nda=nda, legal_name=name, on=now)
        signature = NDASignature(
            nda=nda, signer=signer, legal_name=name, consent=True, signed_at=now,
            ip_address=ip_address or None, user_agent=(user_agent or "")[:500], kind=nda.kind,
            document_pdf=data if nda.kind == JobNDA.Kind.STANDARD else b"",
            document_upload=nda.document if nda.kind == JobNDA.Kind.UPLOADED else None,
            document_sha256=hashlib.sha256(data).hexdigest(),
        )
        if nda.auto_countersign:
            signature.countersigned_by_id = job.client_id
            signature.countersigner_legal_name = nda.client_legal_name
            signature.countersigned_at = now
        signature.full_clean(exclude=["document_pdf"])
        try:
            with transaction.atomic():
                signature.save()
        except IntegrityError:
            raise NDAError("You have already signed this NDA.") from None
    return signature


def nda_countersign(*, signature: NDASignature, actor: User) -> NDASignature:
    """The client countersigns with one click (their legal name as set on the NDA). Idempotent."""
    nda = signature.nda
    _require_owner(nda.job, actor)
    if signature.is_countersigned:
        return signature
    now = timezone.now()
    with writing(author=actor, counterpart=signature.signer, context="job_post", target=nda.job) as scope:
        scope.check(countersigner_legal_name=nda.client_legal_name)
        with transaction.atomic():
            # Conditional: two clicks (or two tabs) countersign once.
            NDASignature.objects.filter(pk=signature.pk, countersigned_at__isnull=True).update(
                countersigned_by=actor, countersigner_legal_name=nda.client_legal_name, countersigned_at=now,
                updated_at=now,
            )
    signature.refresh_from_db()
    return signature


def signature_document(*, signature: NDASignature) -> bytes:
    if signature.document_upload_id is not None:
        assert signature.document_upload is not None
        with signature.document_upload.file.open("rb") as handle:
            return handle.read()
    return bytes(signature.document_pdf)


def signed_pdf_build(*, signature: NDASignature) -> bytes:
    """The signed NDA as both parties download it: the document exactly as signed, then the
    signature certificate (names, times, SHA-256; names only)."""
    fmt = "%Y-%m-%d %H:%M:%S"
    certificate: dict[str, str | bool] = {
        "job_title": signature.nda.job.title,
        "kind_label": "Standard mutual NDA" if signature.kind == JobNDA.Kind.STANDARD else "The client's own NDA",
        "sha256": signature.document_sha256,
        "signer_name": signature.legal_name,
        "signed_at": signature.signed_at.astimezone(UTC).strftime(fmt),
        "consent_text": CONSENT_TEXT,
        "client_name": signature.countersigner_legal_name or signature.nda.client_legal_name,
        "countersigned_at": (
            signature.countersigned_at.astimezone(UTC).strftime(fmt)
            if signature.countersigned_at else ""
        ),
        "auto": signature.nda.auto_countersign and signature.countersigned_at == signature.signed_at,
        "generated_at": timezone.now().astimezone(UTC).strftime(fmt),
    }
    return documents.signed_pdf(document=signature_document(signature=signature), certificate=certificate)


def access_record(
    *,
    nda: JobNDA,
    user: User,
    what: str,
    upload: Upload | None = None,
    signature: NDASignature | None = None,
    stamped: bool = False,
    ip_address: str | None = None,
    user_agent: str = "",
) -> NDAAccessLog:
    entry = NDAAccessLog(
        nda=nda, user=user, what=what, upload=upload, signature=signature, stamped=stamped,
        ip_address=ip_address or None, user_agent=(user_agent or "")[:500],
    )
    entry.full_clean()
    entry.save()
    return entry
