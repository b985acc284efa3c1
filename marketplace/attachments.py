"""Proposal attachments: size and type limits (extension AND sniffed content) and text extraction.

The attachment's text is stored in `Proposal.attachment_text`, which the trust guard scans like the cover
letter, so a CV carrying a phone number is refused at submission.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

_SNIFF_BYTES = 8192


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _head(file: IO[bytes]) -> bytes:
    file.seek(0)
    head = file.read(_SNIFF_BYTES)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _looks_like_docx(file: IO[bytes]) -> bool:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sniff boundary is still text.
        if exc.start < len(head) - 4:
            return False
    return True


_SNIFFERS = {
    "pdf": lambda head, f: head.startswith(b"%PDF-"),
    "png": lambda head, f: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "jpg": lambda head, f: head.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda head, f: head.startswith(b"\xff\xd8\xff"),
    "docx": lambda head, f: head.startswith(b"PK\x03\x04") and _looks_like_docx(f),
    "txt": lambda head, f: _looks_like_text(head),
}


def validate_attachment(file: Any) -> None:
    """Raise ValidationError unless `file` is within the size limit, has an allowed extension and its
    content really is that type (a renamed .exe is refused)."""
    max_bytes = settings.MARKETPLACE_ATTACHMENT_MAX_BYTES
    allowed = [ext.lower() for ext in settings.MARKETPLACE_ATTACHMENT_EXTENSIONS]
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            f"The attachment is {filesizeformat(size)}; the limit is {filesizeformat(max_bytes)}.",
            code="attachment_too_large",
        )
    if size == 0:
        raise ValidationError("The attachment is empty.", code="attachment_empty")
    ext = _extension(getattr(file, "name", ""))
    if ext not in allowed:
        raise ValidationError(
            f"Attach a file of one of these types: {', '.join(allowed)}.", code="attachment_type"
        )
    sniff = _SNIFFERS.get(ext)
    if sniff is not None and not sniff(_head(file), file):
        raise ValidationError(
            f"This file's content doesn't match its .{ext} extension. Attach a real {ext.upper()} file.",
            code="attachment_content",
        )


def extract_attachment_text(file: Any) -> str:
    """The attachment's text via the shared extractor (messaging.extraction: PDF, DOCX, TXT, OCR).

    A file whose text can't be read is not clean (a phone number in a screenshot is still a phone
    number), so it is refused with a ValidationError telling the user what to attach instead.
    """
    from messaging.extraction import ExtractionError, OCRUnavailable, extract_text

    name = getattr(file, "name", "") or ""
    try:
        text = extract_text(file, filename=PurePath(name).name)
    except OCRUnavailable:
        raise ValidationError(
            "We can't check the text of images right now. Attach a PDF, DOCX or TXT file instead.",
            code="attachment_unreadable",
        )
    except ExtractionError as exc:
        raise ValidationError(
            f"We couldn't read this attachment ({exc}). Attach an unprotected PDF, DOCX or TXT file.",
            code="attachment_unreadable",
        )
    finally:
        try:
            file.seek(0)
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass
    return (text or "").replace("\x00", "")
