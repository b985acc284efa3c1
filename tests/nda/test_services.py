"""The NDA services: requiring, signing, countersigning, the documents and what they record."""
from __future__ import annotations

import hashlib

import pytest

from contracts.models import Contract
from marketplace.models import JobPost, Proposal
from marketplace.services import proposal_submit, proposal_withdraw
from nda import services
from nda.documents import pdf_text
from nda.exceptions import NDAError
from nda.models import JobNDA, NDASignature
from tests.factories import ClientFactory
from tests.nda.conftest import SECRET
from tests.uploads.builders import pdf, uploaded
from trust.exceptions import ContentBlocked
from trust.models import Flag, Upload

pytestmark = pytest.mark.django_db


def test_nda_require_standard_records_the_terms(nda, job):
    assert nda.kind == JobNDA.Kind.STANDARD and nda.is_required
    assert nda.client_legal_name == "Cara Client Ltd"
    assert nda.confidential_description == SECRET
    assert job.description == "A short public summary of the redesign."  # the public text stays the summary


def test_nda_require_only_by_the_job_owner(job):
    with pytest.raises(NDAError):
        services.nda_require(job=job, actor=ClientFactory(), kind="standard", client_legal_name="Someone Else")
    assert not JobNDA.objects.exists()


def test_nda_require_refuses_contact_details_in_the_confidential_description(job, owner):
    with pytest.raises(ContentBlocked):
        services.nda_require(job=job, actor=owner, kind="standard", client_legal_name="Cara Client",
                             confidential_description="Details: write to cara.client@gmail.com first.")
    assert not JobNDA.objects.exists()
    assert Flag.objects.filter(user=owner).exists()


def test_nda_require_refuses_contact_details_in_the_legal_name(job, owner):
    with pytest.raises(ContentBlocked):
        services.nda_require(job=job, actor=owner, kind="standard", client_legal_name="Cara +1 312 555 0147")
    assert not JobNDA.objects.exists()


def test_nda_uploaded_needs_a_pdf(job, owner):
    with pytest.raises(NDAError):
        services.nda_require(job=job, actor=owner, kind="uploaded", client_legal_name="Cara Client")


def test_nda_uploaded_pdf_with_an_email_is_refused_and_cannot_be_signed(
        job, owner, signer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        nda = services.nda_require(job=job, actor=owner, kind="uploaded", client_legal_name="Cara Client",
                                   document=uploaded(pdf(text="NDA. Questions: cara.client@gmail.com"), "nda.pdf"))
    nda.document.refresh_from_db()
    assert nda.document.status == Upload.Status.REFUSED
    assert "email" in nda.document.found_kinds
    assert "an email address" in nda.document.status_text
    with pytest.raises(NDAError, match="can't be signed"):
        services.nda_sign(job=job, signer=signer, legal_name="Finn Freelancer", consent=True)


def test_nda_uploaded_docx_is_not_accepted(job, owner):
    from tests.uploads.builders import docx_file
    from trust.uploads.services import UploadRejected

    with pytest.raises(UploadRejected):
        services.nda_require(job=job, actor=owner, kind="uploaded", client_legal_name="Cara Client",
                             document=uploaded(docx_file(body="An NDA."), "nda.docx"))
    assert not JobNDA.objects.exists()


def test_nda_sign_records_who_when_where_and_the_document_hash(signature, signer, nda):
    assert signature.signer == signer and signature.consent is True
    assert signature.legal_name == "Finn Alexander Freelancer"
    assert signature.ip_address == "203.0.113.7" and signature.user_agent == "Mozilla/5.0 (tests)"
    assert signature.signed_at is not None
    document = bytes(signature.document_pdf)
    assert signature.document_sha256 == hashlib.sha256(document).hexdigest()
    text = pdf_text(document)
    assert "Finn Alexander Freelancer" in text and "Cara Client Ltd" in text and "Redesign the booking app" in text
    assert not signature.is_countersigned  # the client countersigns by hand unless they chose otherwise


def test_nda_sign_of_an_uploaded_nda_hashes_the_clients_exact_pdf(job, owner, signer,
                                                                   django_capture_on_commit_callbacks):
    data = pdf(text="Our own confidentiality agreement.")
    with django_capture_on_commit_callbacks(execute=True):
        services.nda_require(job=job, actor=owner, kind="uploaded", client_legal_name="Cara Client",
                             document=uploaded(data, "our-nda.pdf"))
    signature = services.nda_sign(job=job, signer=signer, legal_name="Finn Freelancer", consent=True)
    assert signature.document_sha256 == hashlib.sha256(data).hexdigest() == signature.document_upload.sha256
    assert services.signature_document(signature=signature) == data


@pytest.mark.parametrize("name, consent, message", [
    ("Finn Freelancer", False, "Tick the box"),
    (" ", True, "full legal name"),
])
def test_nda_sign_needs_a_typed_name_and_explicit_consent(nda, job, signer, name, consent, message):
    with pytest.raises(NDAError, match=message):
        services.nda_sign(job=job, signer=signer, legal_name=name, consent=consent)
    assert not NDASignature.objects.exists()


def test_nda_sign_refuses_contact_details_in_the_name(nda, job, signer):
    with pytest.raises(ContentBlocked):
        services.nda_sign(job=job, signer=signer, legal_name="Finn finn.f@gmail.com", consent=True)
    assert not NDASignature.objects.exists()


def test_nda_sign_once_and_not_by_the_owner_or_a_client(signature, nda, job, signer, owner):
    with pytest.raises(NDAError, match="already signed"):
        services.nda_sign(job=job, signer=signer, legal_name="Finn Freelancer", consent=True)
    with pytest.raises(NDAError):
        services.nda_sign(job=job, signer=owner, legal_name="Cara Client", consent=True)
    with pytest.raises(NDAError, match="Only freelancers"):
        services.nda_sign(job=job, signer=ClientFactory(), legal_name="Carl Client", consent=True)


def test_nda_sign_needs_a_published_job_and_a_required_nda(nda, job, owner, signer):
    JobPost.objects.filter(pk=job.pk).update(status=JobPost.Status.DRAFT)
    job.refresh_from_db()
    with pytest.raises(NDAError):
        services.nda_sign(job=job, signer=signer, legal_name="Finn Freelancer", consent=True)
    JobPost.objects.filter(pk=job.pk).update(status=JobPost.Status.OPEN)
    job.refresh_from_db()
    services.nda_stop_requiring(job=job, actor=owner)
    with pytest.raises(NDAError, match="does not ask"):
        services.nda_sign(job=job, signer=signer, legal_name="Finn Freelancer", consent=True)


def test_auto_countersign_when_the_client_chose_it(job, owner, signer):
    services.nda_require(job=job, actor=owner, kind="standard", client_legal_name="Cara Client Ltd",
                         auto_countersign=True)
    signature = services.nda_sign(job=job, signer=signer, legal_name="Finn Freelancer", consent=True)
    assert signature.is_countersigned
    assert signature.countersigned_by == owner and signature.countersigner_legal_name == "Cara Client Ltd"


def test_countersign_by_the_client_only_and_once(signature, owner, stranger):
    with pytest.raises(NDAError):
        services.nda_countersign(signature=signature, actor=stranger)
    first = services.nda_countersign(signature=signature, actor=owner)
    at = first.countersigned_at
    assert first.is_countersigned and first.countersigned_by == owner
    again = services.nda_countersign(signature=signature, actor=owner)
    assert again.countersigned_at == at


def test_signed_pdf_has_the_document_and_a_certificate_with_names_only(signature, owner, signer):
    services.nda_countersign(signature=signature, actor=owner)
    signature.refresh_from_db()
    text = pdf_text(services.signed_pdf_build(signature=signature))
    assert "Mutual Non-Disclosure Agreement" in text
    assert "Signature certificate" in text
    assert signature.document_sha256 in text
    assert "Finn Alexander Freelancer" in text and "Cara Client Ltd" in text
    assert "Countersigned" in text
    for detail in (owner.email, signer.email, "203.0.113.7", "@"):
        assert detail not in text


def test_signing_is_no_contract_and_withdrawing_carries_no_penalty(signature, job, signer):
    assert not Contract.objects.exists() and not Proposal.objects.exists()
    proposal = proposal_submit(job=job, freelancer=signer, cover_letter="I read the brief; here is my plan.",
                               bid_cents=120_000, duration=JobPost.Duration.ONE_TO_THREE)
    proposal_withdraw(proposal=proposal, actor=signer)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert not Contract.objects.exists()
    assert not Flag.objects.filter(user=signer).exists()
    assert NDASignature.objects.filter(pk=signature.pk).exists()  # the NDA stays on record


def test_confidential_file_needs_an_nda_and_the_owner(job, owner, stranger):
    with pytest.raises(NDAError, match="Require an NDA first"):
        services.confidential_file_add(job=job, actor=owner, file=uploaded(pdf(), "a.pdf"))
    services.nda_require(job=job, actor=owner, kind="standard", client_legal_name="Cara Client")
    with pytest.raises(NDAError):
        services.confidential_file_add(job=job, actor=stranger, file=uploaded(pdf(), "a.pdf"))


def test_confidential_file_with_contact_details_is_refused(nda, job, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = services.confidential_file_add(job=job, actor=owner, file=uploaded(
            pdf(text="Call me on +1 312 555 0147 to discuss."), "brief.pdf"))
    item.upload.refresh_from_db()
    assert item.upload.status == Upload.Status.REFUSED and "phone" in item.upload.found_kinds


def test_stamp_marks_pdf_pages_and_pictures_with_the_signers_name():
    from nda.documents import stamp
    from tests.uploads.builders import text_image

    stamped, ok = stamp(pdf(text="Plans."), kind="pdf", text="Confidential - provided to Zoë Müller")
    assert ok and "Zoë Müller" in pdf_text(stamped)
    picture, ok = stamp(text_image("Mockup"), kind="png", text="Confidential - provided to Zoë Müller")
    assert ok and picture.startswith(b"\x89PNG")
    same, ok = stamp(b"PK\x03\x04docx", kind="docx", text="x")
    assert not ok and same == b"PK\x03\x04docx"
