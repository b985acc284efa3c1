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
        # The pieces sit side by side on one line, but are drawn last-first: the content stream
        # (and a naive extractor) reads ".com@gmailana.designs"; a viewer shows the address.
        x, positions = 72.0, []
        for piece in out_of_order:
            positions.append(x)
            x += pymupdf.get_text_length(piece, fontsize=11)
        for piece, left in reversed(list(zip(out_of_order, positions, strict=True))):
            page.insert_text((left, 500), piece, fontsize=11)
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
        namespaces = (
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        )
        paragraph._p.append(parse_xml(
            f'<w:r {namespaces}><mc:AlternateContent><mc:Choice Requires="wps">'
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
    """A ~0.5 MB DOCX whose document.xml inflates to `unpacked_mb` MB of XML.

    Built in well under a second: one 1 MB block of paragraphs is deflated once with a full flush
    (which resets the compressor's history), so every repetition of the block compresses to the
    same bytes and the member is that output repeated. The ZIP is written by hand around it."""
    import struct
    import zlib

    parts: list[tuple[str, bytes, bytes, int, int]] = []  # name, deflated, -, crc, size
    source = zipfile.ZipFile(io.BytesIO(docx_file()))
    for item in source.infolist():
        if item.filename == "word/document.xml":
            continue
        raw = source.read(item.filename)
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        parts.append((item.filename, packer.compress(raw) + packer.flush(), b"", zlib.crc32(raw), len(raw)))
    head = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    tail = b"</w:body></w:document>"
    block = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * (4 * 1024 * 1024 // 34)  # ~4 MB
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    repeated = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    count = unpacked_mb // 4
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * count + len(tail)
    parts.append(("word/document.xml", first + repeated * count + last, b"", crc, size))

    out = io.BytesIO()
    central = io.BytesIO()
    for name, data, _, crc32, raw_size in parts:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc32, len(data), raw_size,
                              len(encoded), 0))
        out.write(encoded)
        out.write(data)
        declared = raw_size if honest_header else min(raw_size, 1024)
        central.write(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc32, len(data),
                                  declared, len(encoded), 0, 0, 0, 0, 0, offset))
        central.write(encoded)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), start, 0))
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height (a few bytes of data: nobody should decode it)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + pixels + chunk(b"IEND", b"")
