"""Every write of the upload pipeline.

In the web request (`upload_accept`): sniff the type from the bytes, the use's allow-list and size
limit, a cheap look at what a container or image claims to unpack to, the original name checked as
text, then store under a random name with status pending and queue the scan after commit. Nothing
is parsed or OCR'd here.

In the background (`upload_scan`, from the Celery task): read everything in a sandboxed child
process and decide: clean, refused (contact details / payment terms: flagged), or held for review
(could not be read within the limits). It fails closed: any error ends in "held", never "clean".
The verdict is announced with `upload_scanned` after commit; apps listen and show/deliver.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from typing import IO, TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from core.errors import DomainError
from trust.exceptions import ContentBlocked

from .extract import ExtractionError, Limits
from .models import Upload
from .registry import Use, use_for
from .sandbox import SandboxLimits, read_text
from .signals import upload_scanned
from .sniff import IMAGE_KINDS, LABELS, Sniffed, sniff

if TYPE_CHECKING:
    from trust.types import User

_T = TypeVar("_T")
# What a form or a service hands over: Django's UploadedFile/File, or any file object opened for reading.
Readable = IO[bytes] | IO[str]
# An Upload's pk, or the same as text (how it travels through the task queue).
UploadId = int | str

logger = logging.getLogger("trust.uploads")


_OTHER_LABELS = {"html": "a web page (HTML)", "svg": "an SVG drawing", "xml": "XML", "zip": "a ZIP archive"}


class UploadRejected(DomainError):
    """The file can't be accepted for this use (type, size, unpacked size, pixels). Shown on the form."""


# --- limits (settings with defaults) ---------------------------------------------------------


def _setting(name: str, default: _T) -> _T:
    return getattr(settings, name, default)


def extraction_limits() -> Limits:
    return Limits(
        max_unpacked_bytes=_setting("TRUST_UPLOADS_MAX_UNPACKED_BYTES", 50 * 1024 * 1024),
        max_pages=_setting("TRUST_UPLOADS_MAX_PAGES", 200),
        max_pixels=_setting("TRUST_UPLOADS_MAX_PIXELS", 40_000_000),
        max_ocr_pages=_setting("TRUST_UPLOADS_MAX_OCR_PAGES", 20),
        max_images=_setting("TRUST_UPLOADS_MAX_IMAGES", 30),
        ocr_seconds=float(_setting("TRUST_UPLOADS_OCR_SECONDS", 20)),
    )


def sandbox_limits() -> SandboxLimits:
    return SandboxLimits(
        seconds=float(_setting("TRUST_UPLOADS_SCAN_SECONDS", 90)),
        memory_bytes=int(_setting("TRUST_UPLOADS_SCAN_MEMORY_MB", 768)) * 1024 * 1024,
        limits=extraction_limits(),
    )


# --- in the request --------------------------------------------------------------------------


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB") if n >= 1024 * 1024 else filesizeformat(n)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else filesizeformat(n)


def _too_big(size: int, limit: int) -> UploadRejected:
    return UploadRejected(
        f"Files can be at most {_mb(limit)} here: this one is {_size(size)}, over the limit.", code="upload_size"
    )


def _read_upload(file: Readable, use: Use) -> bytes:
    size = getattr(file, "size", None)
    if size is not None and size > use.max_bytes:
        raise _too_big(size, use.max_bytes)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(use.max_bytes + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    if isinstance(data, str):
        data = data.encode()
    if len(data) > use.max_bytes:
        raise _too_big(len(data), use.max_bytes)
    if not data:
        raise UploadRejected("The file is empty.", code="upload_empty")
    return data


def upload_check(file: Readable, *, use: str) -> Sniffed:
    """Cheap checks only (what a form's clean() calls): size, sniffed type against the use's
    allow-list, and what a DOCX or image claims it unpacks to. Raises UploadRejected."""
    spec = use_for(use)
    data = _read_upload(file, spec)
    return _check_bytes(data, spec)


def _check_bytes(data: bytes, spec: Use) -> Sniffed:
    found = sniff(data)
    if found.kind not in spec.kinds:
        what = f"a {LABELS[found.kind]} file" if found.kind in LABELS else _OTHER_LABELS.get(found.kind)
        lead = f"This file is {what}" if what else "This file is not a document, text or picture we accept"
        raise UploadRejected(
            f"{lead}: it can't be uploaded here (the type is read from the file itself, not its name). "
            f"Accepted: {spec.accepted_labels}.",
            code="upload_type",
        )
    limits = extraction_limits()
    if found.kind == "docx" and found.declared_unpacked > limits.max_unpacked_bytes:
        raise UploadRejected(
            f"This document unpacks to {filesizeformat(found.declared_unpacked)}; documents may unpack to at most "
            f"{filesizeformat(limits.max_unpacked_bytes)}.",
            code="upload_unpacked",
        )
    if found.kind in IMAGE_KINDS:
        _check_image_header(data, limits)
    return found


def _check_image_header(data: bytes, limits: Limits) -> None:
    """Pixel count from the header alone (Image.open does not decode): a 60000x60000 PNG is refused
    here instead of being decoded by anyone."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        raise UploadRejected(
            f"This image has too many pixels; at most {limits.max_pixels // 1_000_000} megapixels are accepted.",
            code="upload_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise UploadRejected("This image can't be read.", code="upload_type") from None
    if width * height > limits.max_pixels:
        raise UploadRejected(
            f"This image is {width}x{height} pixels; at most {limits.max_pixels // 1_000_000} megapixels are accepted.",
            code="upload_pixels",
        )


def _safe_name(name: str) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable())
    return (base or "file")[:255]


def check_name(name: str, *, use: str, owner: User | None, counterpart: User | None = None) -> None:
    """The original name is text a viewer reads: judged through the write scope in the use's context.
    Raises ContentBlocked (field "original_name"); the scope records the flag once, after the
    rollback (or the caller's enclosing scope does, CONVENTIONS §6)."""
    from trust.scope import writing

    spec = use_for(use)
    with writing(author=owner, counterpart=counterpart, context=spec.context) as scope:
        scope.check(original_name=name)


def upload_accept(
    *, file: Readable, use: str, owner: User | None, counterpart: User | None = None, name: str | None = None
) -> Upload:
    """Accept `file` for `use` on behalf of `owner`: checked, stored privately, scan queued on commit.

    Raises UploadRejected (type/size/limits) or ContentBlocked (the file name). Call it inside the
    transaction that stores the row pointing at the upload, so a refused write leaves no upload.
    """
    spec = use_for(use)
    data = _read_upload(file, spec)
    found = _check_bytes(data, spec)
    original_name = _safe_name(name or getattr(file, "name", "") or "")
    if spec.scan:
        check_name(original_name, use=use, owner=owner, counterpart=counterpart)
    upload = Upload(
        owner=owner if getattr(owner, "pk", None) else None,
        counterpart=counterpart if getattr(counterpart, "pk", None) else None,
        use=use,
        context=spec.context,
        original_name=original_name,
        content_type=found.content_type,
        kind=found.kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        status=Upload.Status.PENDING if spec.scan else Upload.Status.CLEAN,
        queued_at=timezone.now() if spec.scan else None,
        scanned_at=None if spec.scan else timezone.now(),
    )
    upload.file.save(original_name, ContentFile(data), save=False)
    upload.full_clean()
    upload.save()
    if spec.scan:
        transaction.on_commit(partial(enqueue_scan, upload.pk), robust=True)
    return upload


# --- queueing --------------------------------------------------------------------------------

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _eager() -> bool:
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


def enqueue_scan(upload_id: UploadId) -> None:
    """Queue the scan. With a broker: the Celery task. Without one (eager tasks under `make run`):
    a one-thread executor in this process, so the request that uploaded never waits for the scan.
    TRUST_UPLOADS_EAGER_INLINE (tests) runs it right here instead."""
    from .tasks import scan_upload

    if not _eager():
        scan_upload.delay(str(upload_id))
        return
    if _setting("TRUST_UPLOADS_EAGER_INLINE", False):
        scan_upload.apply(args=(str(upload_id),))
        return
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="upload-scan")
    _executor.submit(_scan_in_thread, str(upload_id))


def _scan_in_thread(upload_id: str) -> None:
    close_old_connections()
    try:
        upload_scan(upload_id=upload_id)
    except Exception:  # noqa: BLE001 - the periodic re-queue picks it up again
        logger.exception("upload %s: scan failed in the local worker thread", upload_id)
    finally:
        connection.close()


# --- in the background -----------------------------------------------------------------------


def _verdict(upload: Upload, *, status: str, reason: str = "", detail: str = "", text: str = "",
             found_kinds: list[str] | None = None, expect: str = Upload.Status.PENDING) -> bool:
    """Conditional write (only from `expect`), so two workers scanning the same upload can't both win."""
    now = timezone.now()
    changes = {
        "status": status, "reason": reason, "detail": detail[:300], "found_kinds": sorted(set(found_kinds or [])),
        "extracted_text": text.replace("\x00", ""), "scanned_at": now, "updated_at": now,
    }
    with transaction.atomic():
        won = Upload.objects.filter(pk=upload.pk, status=expect).update(**changes) == 1
        if won:
            for key, value in changes.items():
                setattr(upload, key, value)
            transaction.on_commit(partial(_announce, upload.pk), robust=True)
    return won


def _announce(upload_id: UploadId) -> None:
    upload = Upload.objects.select_related("owner", "counterpart").get(pk=upload_id)
    upload_scanned.send(sender=Upload, upload=upload)


def upload_scan(*, upload_id: UploadId) -> str:
    """Read and judge a pending upload and return its status (another worker's verdict when that
    one won the race). Idempotent: anything not pending is left as it is."""
    status = _scan(upload_id)
    current = Upload.objects.filter(pk=upload_id).values_list("status", flat=True).first()
    return current or status


def _scan(upload_id: UploadId) -> str:
    upload = Upload.objects.select_related("owner", "counterpart").filter(pk=upload_id).first()
    if upload is None:
        return "missing"
    if upload.status != Upload.Status.PENDING:
        return upload.status
    Upload.objects.filter(pk=upload.pk).update(scan_attempts=upload.scan_attempts + 1, queued_at=timezone.now())
    try:
        with upload.file.open("rb") as handle:
            data = handle.read()
        text = read_text(data, kind=upload.kind, sandbox=sandbox_limits())
    except ExtractionError as exc:
        logger.info("upload %s held: %s (%s)", upload.pk, exc.reason, exc)
        _verdict(upload, status=Upload.Status.HELD, reason=exc.reason, detail=str(exc))
        return upload.status
    except Exception as exc:  # noqa: BLE001 - storage gone, child could not start...: fail closed
        logger.exception("upload %s could not be scanned", upload.pk)
        _verdict(upload, status=Upload.Status.HELD, reason=Upload.Reason.UNREADABLE, detail=exc.__class__.__name__)
        return upload.status
    return _judge(upload, text)


def _judge(upload: Upload, text: str) -> str:
    """Everything the file shows, judged through a write scope with the author, counterpart and
    context fixed at upload time; a refusal is recorded once by the scope (a flag on the upload)."""
    from trust.scope import writing

    text = text.replace("\x00", "")
    try:
        with writing(author=upload.owner, counterpart=upload.counterpart, context=upload.context,
                     target=upload) as scope:
            scope.check(file_content=text)
    except ContentBlocked as blocked:
        _verdict(upload, status=Upload.Status.REFUSED, reason=Upload.Reason.CONTACT, text=text,
                 found_kinds=[f.kind for f in blocked.findings], detail=blocked.messages[0])
        return upload.status
    except Exception as exc:  # noqa: BLE001 - the detector must not leave a file pending forever
        logger.exception("upload %s: the detector failed", upload.pk)
        _verdict(upload, status=Upload.Status.HELD, reason=Upload.Reason.UNREADABLE, detail=exc.__class__.__name__,
                 text=text)
        return upload.status
    _verdict(upload, status=Upload.Status.CLEAN, text=text)
    return upload.status


def uploads_requeue_stale() -> dict[str, int]:
    """Pending uploads whose scan never reported (a worker died, Redis restarted): queue them again;
    after TRUST_UPLOADS_MAX_ATTEMPTS they are held for review (fail closed, never delivered)."""
    minutes = _setting("TRUST_UPLOADS_REQUEUE_MINUTES", 5)
    max_attempts = _setting("TRUST_UPLOADS_MAX_ATTEMPTS", 3)
    cutoff = timezone.now() - timedelta(minutes=minutes)
    stale = Upload.objects.filter(status=Upload.Status.PENDING, queued_at__lt=cutoff)
    requeued = held = 0
    for upload in stale.order_by("queued_at")[:500]:
        if upload.scan_attempts >= max_attempts:
            if _verdict(upload, status=Upload.Status.HELD, reason=Upload.Reason.UNREADABLE,
                        detail=f"No scan finished after {upload.scan_attempts} attempts."):
                held += 1
            continue
        if Upload.objects.filter(pk=upload.pk, queued_at=upload.queued_at).update(queued_at=timezone.now()):
            enqueue_scan(upload.pk)
            requeued += 1
    return {"requeued": requeued, "held": held}


# --- staff -----------------------------------------------------------------------------------


def upload_release(*, upload: Upload, reviewer: User | None, note: str = "") -> Upload:
    """A moderator decided a held or refused file is fine: it is delivered (audited)."""
    from trust.services import audit_log

    if upload.status == Upload.Status.CLEAN:
        return upload
    was = upload.status
    if not _verdict(upload, status=Upload.Status.CLEAN, text=upload.extracted_text, expect=was):
        raise ValidationError("Someone else decided this file in the meantime; reload it.")
    audit_log(actor=reviewer, action="upload_release", target=upload, reason=note, data={"was": was})
    return upload


def upload_withhold(*, upload: Upload, reviewer: User | None, note: str = "") -> Upload:
    """A moderator refuses a file (whatever the scan said): never delivered (audited)."""
    from trust.services import audit_log

    if upload.status == Upload.Status.REFUSED:
        return upload
    was = upload.status
    if not _verdict(upload, status=Upload.Status.REFUSED, reason=Upload.Reason.STAFF, text=upload.extracted_text,
                    expect=was):
        raise ValidationError("Someone else decided this file in the meantime; reload it.")
    audit_log(actor=reviewer, action="upload_withhold", target=upload, reason=note, data={"was": was})
    return upload
