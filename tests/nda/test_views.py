"""The NDA journey through the real views: who sees what, signing by form post, downloads logged
and stamped, 404 for everyone else, the client's page, dashboards and the admin."""
from __future__ import annotations

import hashlib

import pytest

from nda.documents import pdf_text
from nda.models import JobNDA, NDAAccessLog, NDASignature
from tests.factories import CategoryFactory
from tests.nda.conftest import SECRET
from tests.uploads.builders import PHONE, pdf, uploaded
from trust.models import Upload

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _file_url(item) -> str:
    return f"/nda/files/{item.upload.key}/"


def test_unsigned_freelancer_sees_the_summary_and_the_sign_button_only(client, job, nda, clean_file, stranger):
    client.force_login(stranger)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "A short public summary of the redesign." in page
    assert "Sign NDA to view confidential details" in page
    assert SECRET not in page and "architecture.pdf" not in page
    assert client.get(_file_url(clean_file)).status_code == 404
    assert client.get(clean_file.upload.get_absolute_url()).status_code == 404  # trust's /files/ too


def test_anonymous_visitor_sees_no_confidential_part(client, job, nda, clean_file):
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert SECRET not in page and "architecture.pdf" not in page
    response = client.get(_file_url(clean_file))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_sign_by_form_then_open_the_confidential_part(client, job, nda, clean_file, signer):
    client.force_login(signer)
    form = client.get(f"/nda/jobs/{job.pk}/sign/").content.decode()
    assert "A short public summary of the redesign." in form and SECRET not in form
    response = client.post(f"/nda/jobs/{job.pk}/sign/",
                           {"legal_name": "Finn Alexander Freelancer", "consent": "on"},
                           HTTP_USER_AGENT="Mozilla/5.0 (journey)", REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    signature = NDASignature.objects.get(signer=signer)
    assert signature.ip_address == "198.51.100.4" and signature.user_agent == "Mozilla/5.0 (journey)"
    assert signature.document_sha256 == hashlib.sha256(bytes(signature.document_pdf)).hexdigest()

    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert SECRET in page and "architecture.pdf" in page and "Download the signed NDA" in page

    response = client.get(_file_url(clean_file))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    text = pdf_text(_body(response))
    assert "Architecture notes" in text and "provided to Finn Alexander Freelancer" in text  # stamped
    log = NDAAccessLog.objects.get()
    assert (log.user, log.what, log.upload, log.stamped) == (signer, "file", clean_file.upload, True)
    assert log.signature == signature


def test_sign_without_consent_or_name_shows_the_error_and_saves_nothing(client, job, nda, signer):
    client.force_login(signer)
    response = client.post(f"/nda/jobs/{job.pk}/sign/", {"legal_name": "Finn Freelancer"})
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    response = client.post(f"/nda/jobs/{job.pk}/sign/", {"legal_name": "", "consent": "on"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not NDASignature.objects.exists()


def test_sign_with_contact_details_in_the_name_is_refused_on_the_form(client, job, nda, signer):
    client.force_login(signer)
    response = client.post(f"/nda/jobs/{job.pk}/sign/", {"legal_name": f"Finn {PHONE}", "consent": "on"})
    assert response.status_code == 200 and "Not saved" in response.content.decode()
    assert not NDASignature.objects.exists()


def test_pending_file_is_not_served_to_signers_until_the_scan_passed(client, job, nda, owner, signature, signer):
    from nda import services

    item = services.confidential_file_add(job=job, actor=owner, file=uploaded(pdf(), "later.pdf"))
    assert item.upload.status == Upload.Status.PENDING  # no commit, no scan
    client.force_login(signer)
    assert client.get(_file_url(item)).status_code == 404
    client.force_login(owner)
    assert client.get(_file_url(item)).status_code == 200  # the client always has their own file


def test_both_parties_download_the_signed_pdf_and_others_get_404(client, signature, owner, signer, stranger, staff):
    url = f"/nda/signatures/{signature.pk}/pdf/"
    for user in (signer, owner, staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "Signature certificate" in pdf_text(response.content)
    assert NDAAccessLog.objects.filter(what="signed_pdf", signature=signature).count() == 3
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_client_countersigns_with_one_click(client, signature, owner, stranger):
    client.force_login(stranger)
    assert client.post(f"/nda/signatures/{signature.pk}/countersign/").status_code == 404
    client.force_login(owner)
    response = client.post(f"/nda/signatures/{signature.pk}/countersign/")
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.is_countersigned and signature.countersigned_by == owner


def test_client_and_staff_download_files_unstamped_and_logged(client, clean_file, owner, staff):
    for user in (owner, staff):
        client.force_login(user)
        response = client.get(_file_url(clean_file))
        assert response.status_code == 200
        assert "provided to" not in pdf_text(_body(response))
    assert NDAAccessLog.objects.filter(what="file").count() == 2


def test_manage_page_is_the_owners_only(client, job, stranger):
    client.force_login(stranger)
    assert client.get(f"/nda/jobs/{job.pk}/").status_code == 404


def test_owner_requires_the_standard_nda_and_adds_a_file_by_form(client, job, owner,
                                                                 django_capture_on_commit_callbacks):
    client.force_login(owner)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f"/nda/jobs/{job.pk}/" in page  # the job page links the NDA page
    response = client.post(f"/nda/jobs/{job.pk}/", {
        "save_nda": "1", "kind": "standard", "client_legal_name": "Cara Client Ltd",
        "confidential_description": SECRET, "auto_countersign": "on",
    })
    assert response.status_code == 302
    nda = JobNDA.objects.get(job=job)
    assert nda.auto_countersign and nda.confidential_description == SECRET
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/nda/jobs/{job.pk}/", {"add_file": "1", "file": uploaded(pdf(), "specs.pdf")})
    assert response.status_code == 302
    page = client.get(f"/nda/jobs/{job.pk}/").content.decode()
    assert "specs.pdf" in page and "Passed" in page
    preview = client.get(f"/nda/jobs/{job.pk}/document/")
    assert preview.status_code == 200 and "Cara Client Ltd" in pdf_text(preview.content)


def test_owner_uploaded_nda_with_an_email_is_refused_with_a_clear_error(client, job, owner, signer,
                                                                        django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/nda/jobs/{job.pk}/", {
            "save_nda": "1", "kind": "uploaded", "client_legal_name": "Cara Client Ltd",
            "document": uploaded(pdf(text="NDA. Notices to legal.cara@gmail.com"), "our-nda.pdf"),
        })
    page = client.get(f"/nda/jobs/{job.pk}/").content.decode()
    assert "Refused" in page and "an email address" in page and "Freelancers can't sign it" in page
    client.force_login(signer)
    assert client.get(f"/nda/jobs/{job.pk}/document/").status_code == 404
    response = client.post(f"/nda/jobs/{job.pk}/sign/", {"legal_name": "Finn Freelancer", "consent": "on"})
    assert "can&#x27;t be signed" in response.content.decode()
    assert not NDASignature.objects.exists()


def test_owner_form_refuses_contact_details_in_the_description(client, job, owner):
    client.force_login(owner)
    response = client.post(f"/nda/jobs/{job.pk}/", {
        "save_nda": "1", "kind": "standard", "client_legal_name": "Cara Client Ltd",
        "confidential_description": f"Call me: {PHONE}",
    })
    assert response.status_code == 200 and "Not saved" in response.content.decode()
    assert not JobNDA.objects.exists()


def test_owner_form_refuses_a_file_that_is_not_allowed(client, nda, job, owner):
    client.force_login(owner)
    response = client.post(f"/nda/jobs/{job.pk}/", {
        "add_file": "1", "file": uploaded(b"<!DOCTYPE html><html><script>x</script></html>", "notes.pdf")})
    assert response.status_code == 200 and "can&#x27;t be uploaded here" in response.content.decode()
    assert not nda.files.exists()


def test_posting_a_job_with_require_nda_goes_to_the_nda_page(client, owner):
    category = CategoryFactory()
    client.force_login(owner)
    response = client.post("/jobs/new/", {
        "title": "Audit our pricing engine", "description": "A public summary of the audit work needed.",
        "category": category.pk, "budget_type": "fixed", "budget_min": "1000", "budget_max": "1500",
        "duration": "1_3m", "experience_level": "expert", "visibility": "public", "publish": "1", "nda": "1",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith("/nda/jobs/")


def test_dashboards_list_signed_ndas_for_both_parties(client, signature, owner, signer):
    client.force_login(signer)
    page = client.get("/dashboard/").content.decode()
    assert "Signed NDAs" in page and f"/nda/signatures/{signature.pk}/pdf/" in page
    client.force_login(owner)
    page = client.get("/dashboard/").content.decode()
    assert "Finn Alexander Freelancer" in page and "waiting for your countersignature" in page
    assert "Finn Alexander Freelancer" in client.get("/nda/").content.decode()


def test_admin_shows_ndas_signatures_and_logs_read_only(client, signature, clean_file, staff, signer):
    client.force_login(signer)
    client.get(_file_url(clean_file))
    client.force_login(staff)
    for name in ("jobnda", "ndasignature", "ndaaccesslog"):
        assert client.get(f"/admin/nda/{name}/").status_code == 200
        assert client.get(f"/admin/nda/{name}/add/").status_code == 403
    page = client.get(f"/admin/nda/ndasignature/{signature.pk}/change/").content.decode()
    assert signature.document_sha256 in page and "203.0.113.7" in page
    response = client.post(f"/admin/nda/ndasignature/{signature.pk}/change/", {"legal_name": "Someone Else"})
    assert response.status_code == 403
    signature.refresh_from_db()
    assert signature.legal_name == "Finn Alexander Freelancer"


def test_editing_a_job_links_its_nda_page(client, job, owner):
    client.force_login(owner)
    assert f"/nda/jobs/{job.pk}/" in client.get(f"/jobs/{job.pk}/edit/").content.decode()


def test_clean_uploaded_nda_is_readable_before_signing_and_signable(client, job, owner, signer,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/nda/jobs/{job.pk}/", {
            "save_nda": "1", "kind": "uploaded", "client_legal_name": "Cara Client Ltd",
            "document": uploaded(pdf(text="Our confidentiality terms."), "our-nda.pdf"),
        })
    client.force_login(signer)
    response = client.get(f"/nda/jobs/{job.pk}/document/")
    assert response.status_code == 200 and "Our confidentiality terms" in pdf_text(_body(response))
    client.post(f"/nda/jobs/{job.pk}/sign/", {"legal_name": "Finn Freelancer", "consent": "on"})
    signature = NDASignature.objects.get(signer=signer)
    assert signature.document_sha256 == JobNDA.objects.get().document.sha256


def test_stop_requiring_keeps_signatures_and_their_access(client, job, owner, signature, clean_file, signer, stranger):
    client.force_login(owner)
    assert client.post(f"/nda/jobs/{job.pk}/", {"stop": "1"}).status_code == 302
    assert not JobNDA.objects.get().is_required
    client.force_login(stranger)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Sign NDA" not in page and SECRET not in page
    client.force_login(signer)
    assert SECRET in client.get(f"/jobs/{job.pk}/").content.decode()
    assert client.get(_file_url(clean_file)).status_code == 200
