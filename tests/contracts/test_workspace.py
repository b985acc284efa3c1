"""The contract page as a workspace: the conversation link, the files area (only through trust's
permission-checked `/files/<key>/`), visible change requests, dispute evidence through the upload
pipeline and the timeline. Everything through form posts, as the parties use it."""
from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts import services
from contracts.models import Dispute, DisputeEvidence
from tests.uploads.builders import pdf, uploaded
from trust.models import Flag, Upload

pytestmark = pytest.mark.django_db


def _page(client, user, contract):
    client.force_login(user)
    return client.get(reverse("contracts:contract-detail", args=[contract.pk]))


def _dispute(submitted_milestone, hirer) -> Dispute:
    return services.dispute_open(actor=hirer, milestone_id=submitted_milestone.pk, statement="The page is blank.")


def _add_evidence(client, user, dispute, file):
    client.force_login(user)
    return client.post(reverse("contracts:dispute-evidence-add", args=[dispute.pk]), {"file": file}, follow=True)


def test_workspace_party_sees_it_and_a_stranger_gets_404(client, contract, hirer, worker, stranger):
    for party in (hirer, worker):
        page = _page(client, party, contract)
        assert page.status_code == 200
        html = page.content.decode()
        assert reverse("messaging:conversation-start-contract", args=[contract.pk]) in html
        assert 'id="files"' in html and 'id="timeline"' in html
        assert "Offer accepted: the contract started" in html
    assert _page(client, stranger, contract).status_code == 404


def test_workspace_conversation_link_opens_the_contract_conversation(client, contract, worker):
    client.force_login(worker)
    response = client.get(reverse("messaging:conversation-start-contract", args=[contract.pk]))
    assert response.status_code in (200, 302)


def test_change_request_is_visible_to_the_freelancer_with_its_outcome(client, submitted_milestone, hirer, worker):
    client.force_login(hirer)
    response = client.post(reverse("contracts:milestone-changes", args=[submitted_milestone.pk]),
                           {"note": "Please make the header blue."})
    assert response.status_code == 302
    html = _page(client, worker, submitted_milestone.contract).content.decode()
    assert "Changes requested" in html and "Please make the header blue." in html
    assert "Requested: awaiting new work" in html

    client.force_login(worker)
    client.post(reverse("contracts:milestone-submit", args=[submitted_milestone.pk]), {"message": "Blue now."})
    html = _page(client, hirer, submitted_milestone.contract).content.decode()
    assert "Accepted: work resubmitted" in html


def test_timeline_tells_the_contract_story_with_amounts(client, submitted_milestone, hirer, worker):
    client.force_login(hirer)
    client.post(reverse("contracts:milestone-approve", args=[submitted_milestone.pk]),
                {"idempotency_key": uuid.uuid4().hex}, follow=True)
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == "released"
    html = _page(client, worker, submitted_milestone.contract).content.decode()
    timeline = html[html.index('data-testid="timeline"'):]
    order = ["Offer sent", "Offer accepted", "Milestone “Part 1” funded", "Work submitted for “Part 1”",
             "“Part 1” approved: payment released"]
    positions = [timeline.index(text) for text in order]
    assert positions == sorted(positions)
    assert "$100.00" in timeline


def test_submission_file_listed_through_private_view_only(client, funded_milestone, worker, hirer, stranger,
                                                         django_capture_on_commit_callbacks):
    client.force_login(worker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contracts:milestone-submit", args=[funded_milestone.pk]),
                    {"message": "Delivered.", "attachment": uploaded(pdf(), "landing.pdf")})
    upload = Upload.objects.get(use="submission")
    assert upload.status == Upload.Status.CLEAN
    html = _page(client, hirer, funded_milestone.contract).content.decode()
    files = html[html.index('id="files"'):html.index('id="timeline"')]
    assert upload.get_absolute_url() in files and "landing.pdf" in files
    assert "/media/" not in files
    client.force_login(stranger)
    assert client.get(upload.get_absolute_url()).status_code == 404
    client.force_login(hirer)
    assert client.get(upload.get_absolute_url()).status_code == 200


def test_message_attachments_of_the_parties_are_in_the_files_area(client, contract, hirer, worker, stranger,
                                                                  django_capture_on_commit_callbacks):
    client.force_login(hirer)
    start = client.get(reverse("messaging:conversation-start-contract", args=[contract.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("messaging:conversation-start-contract", args=[contract.pk]),
                    {"body": "The brief", "attachment": SimpleUploadedFile("brief.txt", b"Five pages, blue header.")})
    assert start.status_code in (200, 302)
    upload = Upload.objects.get(use="message_attachment")
    assert upload.status == Upload.Status.CLEAN
    html = _page(client, worker, contract).content.decode()
    files = html[html.index('id="files"'):html.index('id="timeline"')]
    assert upload.get_absolute_url() in files and "Message attachment" in files
    client.force_login(stranger)
    assert client.get(upload.get_absolute_url()).status_code == 404


def test_dispute_evidence_clean_reaches_the_other_party_not_a_stranger(client, submitted_milestone, hirer, worker,
                                                                      stranger, django_capture_on_commit_callbacks):
    dispute = _dispute(submitted_milestone, hirer)
    with django_capture_on_commit_callbacks(execute=True):
        page = _add_evidence(client, worker, dispute, uploaded(pdf(text="Delivered page screenshot."), "proof.pdf"))
    assert page.status_code == 200
    evidence = DisputeEvidence.objects.get()
    upload = evidence.upload
    assert upload.use == "dispute_evidence" and upload.status == Upload.Status.CLEAN
    assert "proof.pdf" in page.content.decode()

    client.force_login(hirer)
    assert client.get(upload.get_absolute_url()).status_code == 200
    detail = client.get(reverse("contracts:dispute-detail", args=[dispute.pk])).content.decode()
    assert upload.get_absolute_url() in detail
    workspace = _page(client, hirer, submitted_milestone.contract).content.decode()
    assert upload.get_absolute_url() in workspace and "Evidence added to a dispute" in workspace

    client.force_login(stranger)
    assert client.get(upload.get_absolute_url()).status_code == 404
    assert client.get(reverse("contracts:dispute-detail", args=[dispute.pk])).status_code == 404
    assert _add_evidence(client, stranger, dispute, uploaded(pdf(), "x.pdf")).status_code == 404
    assert DisputeEvidence.objects.count() == 1


def test_dispute_evidence_with_a_phone_number_is_refused_and_withheld(client, submitted_milestone, hirer, worker,
                                                                      django_capture_on_commit_callbacks):
    """Evidence is judged in its own context: contact details never pass, even inside a started contract."""
    dispute = _dispute(submitted_milestone, hirer)
    with django_capture_on_commit_callbacks(execute=True):
        _add_evidence(client, worker, dispute, uploaded(pdf(text="Call me on +1 415 555 0132 instead."), "notes.pdf"))
    upload = DisputeEvidence.objects.get().upload
    assert upload.status in (Upload.Status.REFUSED, Upload.Status.HELD)
    assert upload.status == Upload.Status.REFUSED and "phone" in upload.found_kinds
    assert Flag.objects.filter(user=worker).exists()
    page = client.get(reverse("contracts:dispute-detail", args=[dispute.pk])).content.decode()
    assert "Refused" in page and "a phone number" in page  # the owner sees why

    client.force_login(hirer)
    assert client.get(upload.get_absolute_url()).status_code == 404
    detail = client.get(reverse("contracts:dispute-detail", args=[dispute.pk])).content.decode()
    assert upload.get_absolute_url() not in detail and "notes.pdf" not in detail
    workspace = _page(client, hirer, submitted_milestone.contract).content.decode()
    assert upload.get_absolute_url() not in workspace


def test_dispute_evidence_refuses_web_pages_and_decided_disputes(client, submitted_milestone, hirer, worker, staff):
    dispute = _dispute(submitted_milestone, hirer)
    page = _add_evidence(client, worker, dispute,
                         uploaded(b"<!DOCTYPE html><html><script>alert(1)</script></html>", "notes.txt"))
    assert "web page" in page.content.decode()
    assert not DisputeEvidence.objects.exists() and not Upload.objects.exists()

    services.dispute_resolve(dispute_id=dispute.pk, actor=staff, resolution="refund", reason="No work delivered.")
    page = _add_evidence(client, worker, dispute, uploaded(pdf(), "late.pdf"))
    assert "no more evidence" in page.content.decode()
    assert not DisputeEvidence.objects.exists()


def test_staff_see_the_evidence_on_the_dispute_admin_page(client, submitted_milestone, hirer, worker, staff,
                                                         django_capture_on_commit_callbacks):
    dispute = _dispute(submitted_milestone, hirer)
    with django_capture_on_commit_callbacks(execute=True):
        _add_evidence(client, worker, dispute, uploaded(pdf(text="Call me on +1 415 555 0132 instead."), "n.pdf"))
    upload = DisputeEvidence.objects.get().upload
    client.force_login(staff)
    page = client.get(reverse("admin:contracts_dispute_change", args=[dispute.pk])).content.decode()
    assert upload.get_absolute_url() in page and "Refused" in page
    assert client.get(upload.get_absolute_url()).status_code == 200  # staff fetch any file
