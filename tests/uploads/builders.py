"""Files built in the tests with libraries (no committed binaries): PDFs, DOCX, images, QR codes."""
from __future__ import annotations

import io
import zipfile

import docx
import pymupdf
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from PIL import Image, ImageDraw, ImageFont

PHONE = "+1 312 555 0147"


def uploaded(data: bytes, name: str, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def text_image(text: str, *, size: tuple[int, int] = (1400, 220), font_size: int = 56, rotate: int = 0,
               noise: bool = False, fmt: str = "PNG") -> bytes:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.text((30, size[1] // 2 - font_size // 2), text, fill="black", font=ImageFont.load_default(size=font_size))
    if noise:
        import random

        rng = random.Random(7)
        pixels = image.load()
        for _ in range(size[0] * size[1] // 12):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            shade = rng.randrange(0, 256)
            pixels[x, y] = (shade, shade, shade)
    if rotate:
        image = image.rotate(rotate, expand=True, fillcolor="white")
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def qr_image(payload: str) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(payload, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def pdf(*, text: str = "Project notes: the landing page is ready for review.", annotation: str = "",
        form_value: str = "", title: str = "", embedded: tuple[str, bytes] | None = None,
        image_page: bytes | None = None, out_of_order: tuple[str, ...] = ()) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    if text:
        page.insert_text((72, 72), text)
    if annotation:
        page.add_text_annot((72, 200), annotation)
    if form_value:
        widget = pymupdf.Widget()
        widget.field_name = "contact"
        widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
        widget.rect = pymupdf.Rect(72, 300, 400, 330)
        widget.field_value = form_value
        page.add_widget(widget)
    if out_of_order:
        # Drawn right-to-left and bottom-up: the content stream order is not the reading order.
        y = 500
        x_positions = [400 - 110 * i for i in range(len(out_of_order))]
        for piece, x in reversed(list(zip(out_of_order, x_positions[::-1], strict=True))):
            page.insert_text((x, y), piece)
    if title:
        doc.set_metadata({"title": title})
    if embedded:
        doc.embfile_add(embedded[0], embedded[1], filename=embedded[0])
    if image_page is not None:
        scan = doc.new_page()
        scan.insert_image(scan.rect, stream=image_page)
    return doc.tobytes()


def docx_file(*, body: str = "Work delivered as agreed.", header: str = "", footer: str = "", footnote: str = "",
              comment: str = "", text_box: str = "", content_control: str = "", tracked_insertion: str = "",
              nested_table: str = "", picture: bytes | None = None) -> bytes:
    document = docx.Document()
    document.add_paragraph(body)
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    if comment:
        paragraph = document.add_paragraph("See the note.")
        document.add_comment(paragraph.runs, text=comment, author="A")
    if text_box:
        paragraph = document.add_paragraph()
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w", "wps", "mc", "a", "wp")}><mc:AlternateContent><mc:Choice Requires="wps">'
            '<w:drawing><wp:anchor><wp:docPr id="5" name="Box"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
            f'<w:txbxContent><w:p><w:r><w:t>{text_box}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>'
        ))
    if content_control:
        document.element.body.append(parse_xml(
            f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Contact"/></w:sdtPr><w:sdtContent><w:p><w:r>'
            f'<w:t>{content_control}</w:t></w:r></w:p></w:sdtContent></w:sdt>'
        ))
    if tracked_insertion:
        paragraph = document.add_paragraph("Revised: ")
        paragraph._p.append(parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
            f'<w:t>{tracked_insertion}</w:t></w:r></w:ins>'
        ))
    if nested_table:
        outer = document.add_table(rows=1, cols=2)
        inner = outer.cell(0, 1).add_table(rows=1, cols=1)
        inner.cell(0, 0).text = nested_table
    if picture is not None:
        document.add_picture(io.BytesIO(picture))
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if footnote:
        data = _with_footnote(data, footnote)
    return data


def _with_footnote(data: bytes, note: str) -> bytes:
    """python-docx writes no footnotes part: add word/footnotes.xml by hand (a viewer shows it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(
            "word/footnotes.xml",
            '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:footnote w:id="1"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:footnote></w:footnotes>',
        )
    return out.getvalue()


def docx_bomb(*, unpacked_mb: int = 500, honest_header: bool = True) -> bytes:
    """A small DOCX whose document.xml inflates to `unpacked_mb` MB of XML (deflate ~1000:1)."""
    base = docx_file()
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    chunk = b"<w:p><w:r><w:t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</w:t></w:r></w:p>" * 13_000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename == "word/document.xml":
                head = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                with target.open("word/document.xml", "w", force_zip64=True) as member:
                    member.write(head)
                    written = len(head)
                    while written < unpacked_mb * 1024 * 1024:
                        member.write(chunk)
                        written += len(chunk)
                    member.write(b"</w:body></w:document>")
            else:
                target.writestr(item, source.read(item.filename))
    data = out.getvalue()
    if not honest_header:
        data = _lie_about_sizes(data)
    return data


def _lie_about_sizes(data: bytes) -> bytes:
    """Rewrite every uncompressed-size field of the central directory to 1 KB (headers that lie)."""
    import struct

    buf = bytearray(data)
    pos = 0
    while True:
        pos = buf.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        size = struct.unpack_from("<I", buf, pos + 24)[0]
        if size != 0xFFFFFFFF:
            struct.pack_into("<I", buf, pos + 24, min(size, 1024))
        pos += 4
    return bytes(buf)
