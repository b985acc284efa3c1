"""Uploads that hurt the server: refused in the request when the headers say so, held for review
when the sandboxed reader hits a limit, never left pending."""
from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from contracts.models import Submission
from tests.uploads.builders import docx_bomb, png_header, text_image, uploaded
from trust.models import Upload
from trust.uploads import services as upload_services
from trust.uploads.tasks import requeue_stale_uploads

pytestmark = pytest.mark.django_db


def _submit(client, milestone, user, file):
    client.force_login(user)
    return client.post(f"/contracts/milestones/{milestone.pk}/submit/", {"message": "Delivered.", "attachment": file})


def test_docx_bomb_is_refused_in_the_request_within_two_seconds(client, funded_milestone, worker):
    bomb = docx_bomb(unpacked_mb=500)
    started = time.perf_counter()
    response = _submit(client, funded_milestone, worker, uploaded(bomb, "report.docx"))
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0
    assert "unpacks to" in response.content.decode()
    assert not Upload.objects.exists() and not Submission.objects.exists()


def test_docx_bomb_with_a_lying_directory_is_held_by_the_sandbox(client, funded_milestone, worker,
                                                                 django_capture_on_commit_callbacks):
    bomb = docx_bomb(unpacked_mb=500, honest_header=False)  # the directory claims 1 KB per part
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, funded_milestone, worker, uploaded(bomb, "report.docx"))
    assert time.perf_counter() - started < 10
    upload = Submission.objects.get().attachment
    assert upload.status == Upload.Status.HELD  # never delivered
    assert upload.reason in (Upload.Reason.LIMITS, Upload.Reason.UNREADABLE)


def test_a_bomb_that_slipped_past_the_request_is_stopped_by_the_reader(settings, worker):
    """Files adopted by a migration or accepted under older limits skip the request check: the
    reader's own budget stops them."""
    upload = _pending_upload(docx_bomb(unpacked_mb=200), kind="docx", owner=worker)
    assert upload_services.upload_scan(upload_id=upload.pk) == Upload.Status.HELD
    upload.refresh_from_db()
    assert upload.reason == Upload.Reason.LIMITS and "unpacks to more than" in upload.detail


def test_pathological_image_is_refused_from_its_header(client, freelancer_user):
    client.force_login(freelancer_user)
    started = time.perf_counter()
    response = client.post("/profile/portfolio/add/", {
        "title": "Big", "image": SimpleUploadedFile("big.png", png_header(60_000, 60_000), "image/png")})
    assert time.perf_counter() - started < 2.0  # the whole request: nothing was decoded
    assert "megapixels" in response.content.decode()
    assert not Upload.objects.exists()


def test_large_image_is_never_read_in_the_request(client, freelancer_user, monkeypatch,
                                                 django_capture_on_commit_callbacks):
    """A 6000x6000 PNG (36 MP, under the limit) took 30 s of OCR inside the request before."""
    image = Image.new("L", (6000, 6000), 255)
    data = io.BytesIO()
    image.save(data, "PNG")

    def forbidden(*args, **kwargs):
        raise AssertionError("the file was read inside the request")

    monkeypatch.setattr(upload_services, "read_text", forbidden)
    client.force_login(freelancer_user)
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/profile/portfolio/add/", {
            "title": "Big", "image": SimpleUploadedFile("big.png", data.getvalue(), "image/png")})
    assert time.perf_counter() - started < 2.0
    assert response.status_code == 302
    assert Upload.objects.get().status == Upload.Status.PENDING
    assert queued  # the scan waits for the commit, then runs on a worker


def _pending_upload(data: bytes, *, kind: str, owner, use: str = "submission") -> Upload:
    from django.core.files.base import ContentFile

    upload = Upload(owner=owner, use=use, context="contract", original_name=f"file.{kind}", content_type="x",
                    kind=kind, size=len(data), sha256="0" * 64, queued_at=timezone.now())
    upload.file.save("x", ContentFile(data), save=False)
    upload.save()
    return upload


def test_scan_past_its_time_limit_is_held(settings, worker):
    # Less than starting the reader process takes, let alone reading the picture: at 0.5 s a quiet machine
    # read it in time and the test failed (it passed only under load).
    settings.TRUST_UPLOADS_SCAN_SECONDS = 0.01
    upload = _pending_upload(text_image("a picture that takes a while to read"), kind="png", owner=worker)
    assert upload_services.upload_scan(upload_id=upload.pk) == Upload.Status.HELD
    upload.refresh_from_db()
    assert upload.reason == Upload.Reason.LIMITS and "longer than" in upload.detail


def test_scan_past_its_memory_limit_is_held(settings, worker):
    """A 6000x6000 colour picture needs ~108 MB decoded: past a 100 MB address space the reader dies
    of it, and the file is held (the worker itself never held the pixels)."""
    settings.TRUST_UPLOADS_SCAN_MEMORY_MB = 100
    data = io.BytesIO()
    Image.new("RGB", (6000, 6000), (250, 250, 250)).save(data, "PNG")
    upload = _pending_upload(data.getvalue(), kind="png", owner=worker)
    assert upload_services.upload_scan(upload_id=upload.pk) == Upload.Status.HELD
    upload.refresh_from_db()
    assert upload.reason == Upload.Reason.LIMITS, upload.detail


def test_nul_byte_text_file_gets_a_verdict(worker):
    upload = _pending_upload(b"release notes\x00\x00 all tests pass\x00", kind="text", owner=worker)
    assert upload_services.upload_scan(upload_id=upload.pk) == Upload.Status.CLEAN
    upload.refresh_from_db()
    assert "\x00" not in upload.extracted_text and "all tests pass" in upload.extracted_text


def test_lost_scan_is_queued_again_then_held_after_the_attempts(settings, worker):
    settings.TRUST_UPLOADS_REQUEUE_MINUTES = 5
    lost = _pending_upload(b"Week 1 report: done.", kind="text", owner=worker)  # its task never ran
    assert requeue_stale_uploads.apply().get() == {"requeued": 0, "held": 0}  # not stale yet
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert requeue_stale_uploads.apply().get() == {"requeued": 1, "held": 0}
    lost.refresh_from_db()
    assert lost.status == Upload.Status.CLEAN and lost.scan_attempts == 1

    # One whose scan keeps dying is held for review, never delivered.
    stuck = _pending_upload(b"x", kind="text", owner=worker)
    Upload.objects.filter(pk=stuck.pk).update(scan_attempts=settings.TRUST_UPLOADS_MAX_ATTEMPTS)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert requeue_stale_uploads.apply().get() == {"requeued": 0, "held": 1}
    stuck.refresh_from_db()
    assert stuck.status == Upload.Status.HELD


@pytest.mark.django_db(transaction=True)
def test_eager_mode_scans_on_a_worker_thread_after_the_request(settings, worker):
    """Without a broker (make run) the scan runs on a thread of the web process after commit: the
    request that uploaded never waits for it."""
    settings.TRUST_UPLOADS_EAGER_INLINE = False
    calls: list[str] = []
    original = upload_services.upload_scan

    def recording(*, upload_id):
        import threading

        calls.append(threading.current_thread().name)
        return original(upload_id=upload_id)

    upload_services_scan = upload_services.upload_scan
    upload_services.upload_scan = recording
    try:
        upload = upload_services.upload_accept(
            file=SimpleUploadedFile("notes.txt", b"plain notes"), use="submission", owner=worker
        )
        upload_services._executor.submit(lambda: None).result(timeout=60)  # wait for the queue to drain
    finally:
        upload_services.upload_scan = upload_services_scan
    upload.refresh_from_db()
    assert calls and calls[0].startswith("upload-scan")
    assert upload.status == Upload.Status.CLEAN
