from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from messaging import extraction
from messaging.extraction import ExtractionError, OCRUnavailable, extract_text

from .files import docx_bytes, minimal_pdf, png_with_text


def test_extract_text_reads_pdf_page_text():
    text = extract_text(io.BytesIO(minimal_pdf("write to bob@example.com (soon)")), filename="cv.PDF")
    assert "bob@example.com" in text


def test_extract_text_reads_docx_paragraphs_and_link_targets():
    data = docx_bytes("Hello there", "Call +1 555 123 4567", link="https://wa.me/15551234567")
    text = extract_text(io.BytesIO(data), filename="brief.docx")
    assert "Call +1 555 123 4567" in text
    assert "https://wa.me/15551234567" in text


def test_extract_text_reads_plain_text_from_path(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("caf\u00e9 on telegram @bob".encode())
    assert extract_text(path, filename=path.name) == "caf\u00e9 on telegram @bob"


def test_extract_text_falls_back_to_latin1_for_non_utf8():
    assert extract_text(b"caf\xe9", filename="a.txt") == "caf\u00e9"


def test_extract_text_rewinds_uploaded_file_so_it_can_still_be_saved():
    upload = SimpleUploadedFile("a.txt", b"plain words")
    assert extract_text(upload, filename=upload.name) == "plain words"
    assert upload.read() == b"plain words"


def test_extract_text_rejects_corrupt_pdf():
    with pytest.raises(ExtractionError):
        extract_text(b"not a pdf at all", filename="a.pdf")


def test_extract_text_rejects_unsupported_extension():
    with pytest.raises(ExtractionError, match="Unsupported"):
        extract_text(b"MZ...", filename="setup.exe")


NO_OCR = "tesseract binary not installed (apt-get install -y tesseract-ocr)"


@pytest.mark.skipif(not extraction.ocr_available(), reason=NO_OCR)
def test_extract_text_ocrs_images():
    text = extract_text(png_with_text("email me bob@example.com"), filename="shot.png")
    assert "bob@example.com" in text


def test_extract_text_image_without_tesseract_raises_unavailable(monkeypatch):
    monkeypatch.setattr(extraction.shutil, "which", lambda name: None)
    with pytest.raises(OCRUnavailable):
        extract_text(png_with_text("hello"), filename="shot.png")
