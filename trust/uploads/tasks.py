"""Celery tasks of the upload pipeline (re-exported by trust.tasks so autodiscovery finds them)."""
from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, name="trust.uploads.tasks.scan_upload")
def scan_upload(upload_id: int | str) -> str:
    """Read and judge one upload in a sandboxed child (trust.uploads.services.upload_scan)."""
    from .services import upload_scan

    return upload_scan(upload_id=upload_id)


@shared_task(name="trust.uploads.tasks.requeue_stale_uploads")
def requeue_stale_uploads() -> dict[str, int]:
    """Periodic (Celery beat): pending uploads whose scan was lost are queued again, then held."""
    from .services import uploads_requeue_stale

    return uploads_requeue_stale()
