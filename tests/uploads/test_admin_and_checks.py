"""Staff decide held files in the admin; trust.E001 covers file fields."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from messaging.models import Attachment
from tests.factories import UserFactory
from trust.models import AuditLog, Upload

pytestmark = pytest.mark.django_db


def test_staff_release_a_held_attachment_in_the_admin(client, conversation, django_capture_on_commit_callbacks):
    client.force_login(conversation.freelancer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("messaging:conversation-detail", args=[conversation.pk]),
                    {"body": "scan", "attachment": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 broken")})
    attachment = Attachment.objects.get()
    assert attachment.upload.status == Upload.Status.HELD
    assert attachment.status == Attachment.Status.REVIEW

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    changelist = reverse("admin:trust_upload_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(reverse("admin:trust_upload_change", args=[attachment.upload.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "release", "_selected_action": [attachment.upload.pk]})
    attachment.refresh_from_db()
    attachment.upload.refresh_from_db()
    assert attachment.upload.status == Upload.Status.CLEAN
    assert attachment.status == Attachment.Status.CLEAN  # the verdict signal delivered it
    assert AuditLog.objects.filter(action="upload_release", actor=staff).exists()
    # Staff open any file through the same permission-checked view.
    assert client.get(attachment.upload.get_absolute_url()).status_code == 200


def test_staff_withhold_in_the_admin_takes_a_file_back(client, conversation, django_capture_on_commit_callbacks):
    client.force_login(conversation.freelancer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("messaging:conversation-detail", args=[conversation.pk]),
                    {"body": "", "attachment": SimpleUploadedFile("plan.txt", b"Week 1: wireframes")})
    attachment = Attachment.objects.get()
    assert attachment.status == Attachment.Status.CLEAN
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:trust_upload_changelist"),
                    {"action": "withhold", "_selected_action": [attachment.upload.pk]})
    attachment.refresh_from_db()
    assert attachment.status == Attachment.Status.WITHHELD
    client.force_login(conversation.client)
    assert client.get(reverse("messaging:attachment-download", args=[attachment.pk])).status_code == 404


def test_file_fields_outside_the_pipeline_fail_the_system_check(monkeypatch):
    from trust.uploads import checks

    assert checks.check_file_fields_use_pipeline() == []
    monkeypatch.setattr(checks, "PIPELINE_FIELDS", set())
    errors = checks.check_file_fields_use_pipeline()
    assert [e.id for e in errors] == ["trust.E001"]
    assert "trust.Upload.file" in errors[0].msg
