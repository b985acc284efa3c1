"""PDFs of the NDA feature, made with PyMuPDF (maintained, already what the upload scan reads with).

- `standard_nda_pdf`: the platform's standard mutual NDA with the parties' legal names and the job
  filled in (HTML from templates/nda/pdf/standard.html laid out by pymupdf.Story, which paginates
  and falls back to fonts with any script).
- `signed_pdf`: the document exactly as signed, followed by a signature certificate page (names,
  times, the document's SHA-256; names only, never an email or any contact detail).
- `stamp`: a downloaded copy of a confidential file marked with the signer's name, where the format
  allows it (PDF pages, PNG/JPEG pictures); other formats go unchanged.
Pure functions over bytes: no database, nothing stored.
"""
from __future__ import annotations

import io

import pymupdf
from django.template.loader import render_to_string

PAGE = pymupdf.paper_rect("a4")
MARGIN = 60


def html_to_pdf(html: str, *, css: str = "") -> bytes:
    story = pymupdf.Story(html=html, user_css=css or None)
    out = io.BytesIO()
    writer = pymupdf.DocumentWriter(out)
    where = PAGE + (MARGIN, MARGIN, -MARGIN, -MARGIN)
    more = True
    while more:
        device = writer.begin_page(PAGE)
        more, _ = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()
    return out.getvalue()


CSS = "body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.35; } h1 { font-size: 16pt; } " \
      "h2 { font-size: 12pt; margin-top: 10pt; } p { margin: 0 0 6pt 0; } .small { font-size: 9pt; }"


def standard_nda_pdf(*, job_title: str, client_name: str, freelancer_name: str, effective_date: str) -> bytes:
    html = render_to_string("nda/pdf/standard.html", {
        "job_title": job_title, "client_name": client_name, "freelancer_name": freelancer_name,
        "effective_date": effective_date,
    })
    return html_to_pdf(html, css=CSS)


def signed_pdf(*, document: bytes, certificate: dict[str, str | bool]) -> bytes:
    """`document` as signed plus the certificate page(s)."""
    cert = pymupdf.open("pdf", html_to_pdf(render_to_string("nda/pdf/certificate.html", certificate), css=CSS))
    try:
        doc = pymupdf.open("pdf", document)
    except Exception:  # noqa: BLE001 - an unreadable original still gets its certificate
        doc = pymupdf.open()
    if doc.needs_pass:
        doc = pymupdf.open()
    doc.insert_pdf(cert)
    return doc.tobytes(garbage=3, deflate=True)


def stamp(data: bytes, *, kind: str, text: str) -> tuple[bytes, bool]:
    """(bytes, stamped): `data` marked with `text` on every PDF page or at the foot of a picture."""
    try:
        if kind == "pdf":
            return _stamp_pdf(data, text), True
        if kind in ("png", "jpeg"):
            return _stamp_image(data, text, fmt="PNG" if kind == "png" else "JPEG"), True
    except Exception:  # noqa: BLE001 - a file we can't rewrite goes out as it is (still logged)
        return data, False
    return data, False


def _stamp_pdf(data: bytes, text: str) -> bytes:
    doc = pymupdf.open("pdf", data)
    if doc.needs_pass:
        raise ValueError("encrypted")
    for page in doc.pages():
        rect = page.rect
        box = pymupdf.Rect(rect.x0 + 24, rect.y1 - 30, rect.x1 - 24, rect.y1 - 6)
        page.insert_htmlbox(box, f'<p style="font-size:8pt;color:#a00000">{_escape(text)}</p>',
                            rotate=page.rotation)
    return doc.tobytes(garbage=3, deflate=True)


def _stamp_image(data: bytes, text: str, *, fmt: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    with Image.open(io.BytesIO(data)) as source:
        image = source.convert("RGB")
    band = max(18, image.height // 30)
    canvas = Image.new("RGB", (image.width, image.height + band), "white")
    canvas.paste(image, (0, 0))
    draw = ImageDraw.Draw(canvas)
    draw.text((6, image.height + 2), text, fill=(160, 0, 0), font=ImageFont.load_default(size=max(10, band - 6)))
    out = io.BytesIO()
    canvas.save(out, fmt)
    return out.getvalue()


def _escape(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))


def pdf_text(data: bytes) -> str:
    """All text of a PDF (tests and the certificate check read what a viewer sees)."""
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES  # "fi", not the ligature glyph
    with pymupdf.open("pdf", data) as doc:
        return "\n".join(page.get_text(flags=flags) for page in doc)
