"""Work-submission files through the form a freelancer uses, served only to the parties."""
from __future__ import annotations

import pytest

from contracts.models import Submission
from tests.uploads.builders import docx_file, pdf, uploaded
from trust.models import Flag, Upload

pytestmark = pytest.mark.django_db


def _submit(client, milestone, user, file, message="Delivered.", captured=None):
    client.force_login(user)
    return client.post(
        f"/contracts/milestones/{milestone.pk}/submit/", {"message": message, "attachment": file}, follow=True
    )


def test_clean_submission_reaches_the_client_only(client, funded_milestone, worker, hirer, stranger,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, funded_milestone, worker, uploaded(pdf(), "landing page.pdf"))
    submission = Submission.objects.get()
    upload = submission.attachment
    assert upload.status == Upload.Status.CLEAN
    assert upload.kind == "pdf" and "landing page" not in upload.file.name  # random storage name
    url = upload.get_absolute_url()

    client.force_login(hirer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page, never the file


def test_submission_asking_to_pay_outside_is_refused_and_flagged(client, funded_milestone, worker, hirer,
                                                                 django_capture_on_commit_callbacks):
    data = docx_file(body="Work done.", header="Pay me directly via PayPal to save the fee.")
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, funded_milestone, worker, uploaded(data, "invoice.docx"))
    upload = Submission.objects.get().attachment
    assert upload.status == Upload.Status.REFUSED
    assert "payment" in upload.found_kinds
    assert Flag.objects.filter(user=worker, kind="payment").exists()
    client.force_login(hirer)
    assert client.get(upload.get_absolute_url()).status_code == 404
    page = client.get(f"/contracts/{funded_milestone.contract_id}/")
    assert upload.get_absolute_url() not in page.content.decode()


def test_submission_type_and_size_are_limited(client, funded_milestone, worker, settings):
    html = uploaded(b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>", "notes.txt")
    response = _submit(client, funded_milestone, worker, html)
    assert "This file is a web page (HTML): it can&#x27;t be uploaded here" in response.content.decode()
    assert not Submission.objects.exists() and not Upload.objects.exists()
