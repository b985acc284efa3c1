"""The extractor on its own (in-process, no sandbox): what each reader finds. Moved from
messaging's extraction tests when the extractor moved into trust.uploads."""
from __future__ import annotations

import pytest

from tests.messaging.files import docx_bytes, minimal_pdf, png_with_text
from trust.uploads import extract as extract_module
from trust.uploads.extract import ExtractionError, OCRUnavailable, extract, ocr_available

NO_OCR = "tesseract binary not installed (apt-get install -y tesseract-ocr)"


def test_reads_pdf_page_text():
    assert "bob@example.com" in extract(minimal_pdf("write to bob@example.com (soon)"))


def test_reads_docx_paragraphs_and_link_targets():
    text = extract(docx_bytes("Hello there", "Call +1 555 123 4567", link="https://wa.me/15551234567"))
    assert "Call +1 555 123 4567" in text
    assert "https://wa.me/15551234567" in text


def test_reads_plain_text_in_utf8_and_latin1():
    assert "caf\u00e9 on telegram @bob" in extract("caf\u00e9 on telegram @bob".encode(), kind="text")
    assert "caf\u00e9" in extract(b"caf\xe9 au lait, merci beaucoup", kind="text")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_reads_utf16_and_utf32_without_bom(codec):
    data = "Reach me on WhatsApp +1 312 555 0147 after five.".encode(codec)
    assert "+1 312 555 0147" in extract(data)  # sniffed as text, decoded by charset detection


def test_nul_bytes_are_dropped_not_fatal():
    text = extract(b"call\x00 me\x00 on 312 555 0147\x00", kind="text")
    assert "\x00" not in text and "312 555 0147" in text


def test_rejects_corrupt_pdf():
    with pytest.raises(ExtractionError):
        extract(b"%PDF-1.4 not a pdf at all")


def test_rejects_unknown_kinds():
    with pytest.raises(ExtractionError):
        extract(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", kind="binary")


@pytest.mark.skipif(not ocr_available(), reason=NO_OCR)
def test_ocrs_images():
    assert "bob@example.com" in extract(png_with_text("email me bob@example.com"))


def test_image_without_tesseract_raises_unavailable(monkeypatch):
    monkeypatch.setattr(extract_module.shutil, "which", lambda name: None)
    with pytest.raises(OCRUnavailable):
        extract(png_with_text("hello"))


@pytest.mark.skipif(not ocr_available(), reason=NO_OCR)
def test_reads_every_frame_of_an_animated_gif():
    import io

    from PIL import Image

    from tests.uploads.builders import text_image

    frames = [Image.open(io.BytesIO(text_image(text))).convert("P") for text in ("Hello there", "mail bob@example.com")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=500, loop=0)
    assert "bob@example.com" in extract(out.getvalue())
