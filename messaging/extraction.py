"""Text out of uploaded files, so trust can scan attachments like any other text.

Used by messaging (message attachments) and marketplace (proposal attachments):

    from messaging.extraction import extract_text, ExtractionError, OCRUnavailable
    text = extract_text(uploaded_file, filename=uploaded_file.name)

Pure functions over a path or a file object; no models, no Django settings. The caller decides
what a failure means: an attachment whose text cannot be read is *not* clean (a phone number in a
screenshot is still a phone number), so callers hold it for manual review instead of passing it.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import IO, Any

# Hard cap on what we keep: enough for any real document, bounded for the detector.
MAX_CHARS = 200_000
# Decompression-bomb guard for images handed to OCR.
MAX_IMAGE_PIXELS = 40_000_000

TEXT_EXTENSIONS = {"txt", "text", "md", "csv"}
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff"}
SUPPORTED_EXTENSIONS = {"pdf", "docx"} | TEXT_EXTENSIONS | IMAGE_EXTENSIONS


class ExtractionError(Exception):
    """The file could not be read as its extension claims (corrupt, encrypted, unsupported)."""


class OCRUnavailable(ExtractionError):
    """An image needs OCR but the `tesseract` binary is not installed: hold for manual review."""


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def extension_of(filename: str) -> str:
    return os.path.splitext(filename or "")[1].lower().lstrip(".")


def extract_text(file_or_path: str | os.PathLike | IO[bytes] | Any, *, filename: str) -> str:
    """Return the human-readable text of a file, chosen by `filename`'s extension.

    `file_or_path` is a filesystem path or any binary file object (Django `File`, `UploadedFile`,
    `FieldFile`, `BytesIO`). File objects are read from the start and rewound afterwards, so the
    caller can still save them.

    Raises `OCRUnavailable` for images when tesseract is missing and `ExtractionError` for files
    that can't be parsed or have an unsupported extension.
    """
    ext = extension_of(filename)
    if ext not in SUPPORTED_EXTENSIONS:
        raise ExtractionError(f"Unsupported file type: .{ext or '?'}")
    data = _read_bytes(file_or_path)
    try:
        if ext == "pdf":
            text = _pdf_text(data)
        elif ext == "docx":
            text = _docx_text(data)
        elif ext in TEXT_EXTENSIONS:
            text = _plain_text(data)
        else:
            text = _image_text(data)
    except ExtractionError:
        raise
    except Exception as exc:  # parsers raise many types for malformed input
        raise ExtractionError(f"Could not read {filename}: {exc.__class__.__name__}") from exc
    return text[:MAX_CHARS]


def _read_bytes(file_or_path: Any) -> bytes:
    if isinstance(file_or_path, (str, os.PathLike)):
        return Path(file_or_path).read_bytes()
    if isinstance(file_or_path, (bytes, bytearray)):
        return bytes(file_or_path)
    f = file_or_path
    if hasattr(f, "open") and getattr(f, "closed", False):
        f.open("rb")
    if hasattr(f, "seek"):
        f.seek(0)
    data = f.read()
    if hasattr(f, "seek"):
        f.seek(0)
    if isinstance(data, str):
        data = data.encode()
    return data


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception as exc:
            raise ExtractionError("The PDF is password-protected.") from exc
    parts = [page.extract_text() or "" for page in reader.pages]
    # Link annotations carry URLs that never show up as page text.
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            try:
                uri = annot.get_object().get("/A", {}).get("/URI")
            except Exception:
                uri = None
            if uri:
                parts.append(str(uri))
    return "\n".join(parts).strip()


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts: list[str] = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    # Hyperlink targets (mailto:, https://wa.me/...) live in relationships, not in the text.
    for rel in document.part.rels.values():
        if rel.is_external and rel.target_ref:
            parts.append(rel.target_ref)
    return "\n".join(p for p in parts if p).strip()


def _plain_text(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _image_text(data: bytes) -> str:
    if not ocr_available():
        raise OCRUnavailable("Image text recognition (tesseract) is not installed on this server.")
    import pytesseract
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        return pytesseract.image_to_string(image, timeout=30).strip()
