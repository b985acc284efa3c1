"""Everything a viewer of a file could read, as text for trust.detection.

Pure Python, no Django: it runs in a short-lived child process (trust.uploads.child) under hard
resource limits, so a hostile file can cost that child its life but never the worker its memory.
Every reader is bounded: uncompressed bytes, pages, pixels, images, OCR passes, characters.

- PDF (PyMuPDF): page text in reading order (sorted blocks), link targets, annotations (sticky
  notes, free text, stamps), form field values, document and XMP metadata, embedded files and file
  attachments (read recursively), and OCR of pages that are mostly image.
- DOCX: every XML part streamed (body, headers, footers, footnotes, endnotes, comments, text boxes,
  shapes, content controls, tracked insertions and deletions, field codes, alt text), external link
  targets, document properties, embedded objects, and OCR + barcode decoding of embedded pictures.
- Images: OCR at 0, 90, 180 and 270 degrees, on the image and on a denoised copy, plus QR/barcode
  decoding (zxing-cpp).
- Text: every plausible decoding (charset-normalizer's best guess, UTF-8 without NUL bytes).
"""
from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from .sniff import IMAGE_KINDS, sniff

if TYPE_CHECKING:
    from PIL.Image import Image

# pymupdf and lxml ship no types (ignored in [tool.mypy]): their pages and elements are Any.
PdfPage = Any
XmlElement = Any


class ExtractionError(Exception):
    """The file could not be read: hold it for review."""

    reason = "unreadable"


class LimitExceeded(ExtractionError):
    """Past a hard limit (size when unpacked, pages, pixels, images): hold it for review."""

    reason = "limits"


class OCRUnavailable(ExtractionError):
    """It has pictures to read but tesseract is not installed: hold it for review."""

    reason = "no_ocr"


@dataclass(frozen=True)
class Limits:
    max_unpacked_bytes: int = 50 * 1024 * 1024
    max_pages: int = 200
    max_pixels: int = 40_000_000
    max_ocr_pages: int = 20
    max_images: int = 30
    max_chars: int = 400_000
    max_depth: int = 2
    ocr_seconds: float = 20.0
    # OCR works on at most this many pixels on the longest side (larger images are scaled down).
    ocr_max_side: int = 3000
    # Animated GIF/WebP: every frame is read; more frames than this is held for review.
    max_frames: int = 12

    def as_dict(self) -> dict[str, int | float]:
        return dict(self.__dict__)


@dataclass
class Collector:
    """The parts read so far, with the budgets they share across nested files."""

    limits: Limits
    parts: list[str] = field(default_factory=list)
    chars: int = 0
    unpacked: int = 0
    images: int = 0
    ocr_pages: int = 0

    def add(self, text: str | None) -> None:
        if not text:
            return
        text = text.replace("\x00", "").strip()
        if not text:
            return
        room = self.limits.max_chars - self.chars
        if room <= 0:
            raise LimitExceeded("More text than can be checked automatically.")
        self.parts.append(text[:room])
        self.chars += min(len(text), room)

    def count_unpacked(self, n: int) -> None:
        self.unpacked += n
        if self.unpacked > self.limits.max_unpacked_bytes:
            raise LimitExceeded(
                f"It unpacks to more than {self.limits.max_unpacked_bytes // (1024 * 1024)} MB."
            )

    def count_image(self) -> None:
        self.images += 1
        if self.images > self.limits.max_images:
            raise LimitExceeded(f"It holds more than {self.limits.max_images} pictures.")

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


def extract(data: bytes, *, kind: str | None = None, limits: Limits | None = None) -> str:
    """The text of `data` (its kind sniffed unless given). Raises ExtractionError subclasses."""
    out = Collector(limits or Limits())
    _extract_into(out, data, kind=kind, depth=0)
    return out.text


def _extract_into(out: Collector, data: bytes, *, kind: str | None, depth: int) -> None:
    if depth > out.limits.max_depth:
        raise LimitExceeded("Files nested too deeply inside each other.")
    kind = kind or sniff(data).kind
    try:
        if kind == "pdf":
            _pdf(out, data, depth)
        elif kind == "docx":
            _docx(out, data, depth)
        elif kind in IMAGE_KINDS:
            _image(out, data)
        elif kind == "text":
            _text(out, data)
        else:
            raise ExtractionError(f"Files of this kind ({kind}) can't be read automatically.")
    except ExtractionError:
        raise
    except MemoryError as exc:
        raise LimitExceeded("It needs more memory to read than allowed.") from exc
    except Exception as exc:  # noqa: BLE001 - parsers raise anything on malformed input: fail closed
        raise ExtractionError(f"It could not be read ({exc.__class__.__name__}).") from exc


# --- text ------------------------------------------------------------------------------------


def decodings(data: bytes) -> list[str]:
    """Every plausible reading of `data` as text: a viewer may pick any of them."""
    from charset_normalizer import from_bytes

    seen: list[str] = []
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            seen.append(data.decode(codec, errors="replace"))
            break
    best = from_bytes(data[:200_000]).best()
    if best is not None:
        seen.append(data.decode(best.encoding, errors="replace"))
    seen.append(data.replace(b"\x00", b"").decode("utf-8", errors="replace"))
    return list(dict.fromkeys(s.replace("\x00", "") for s in seen))


def _text(out: Collector, data: bytes) -> None:
    out.count_unpacked(len(data))
    for text in decodings(data):
        out.add(text)


# --- images ----------------------------------------------------------------------------------


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def _open_image(out: Collector, data: bytes) -> Image:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = out.limits.max_pixels
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise LimitExceeded("The picture is too large to read.") from exc
    width, height = image.size
    if width * height > out.limits.max_pixels:
        raise LimitExceeded(f"The picture is too large to read ({width}x{height} pixels).")
    image.load()
    return image


def _image(out: Collector, data: bytes) -> None:
    out.count_image()
    image = _open_image(out, data)
    frames = getattr(image, "n_frames", 1) or 1
    if frames > out.limits.max_frames:
        raise LimitExceeded(f"The animation has more than {out.limits.max_frames} frames.")
    _read_picture(out, image)
    # Later frames of an animation show for a moment each: read upright (text and barcodes).
    for index in range(1, frames):
        image.seek(index)
        _read_picture(out, image.copy(), rotations=(0,))


def _read_picture(out: Collector, image: Image, *, rotations: tuple[int, ...] = (0, 90, 180, 270)) -> None:
    """Barcodes and OCR at four rotations, on the picture and a denoised copy."""
    from PIL import ImageFilter, ImageOps

    if image.mode not in ("L", "RGB"):
        image = image.convert("RGBA")
        background = _white(image.size)
        background.paste(image, mask=image.split()[-1])
        image = background
    gray = image.convert("L")
    _barcodes(out, gray)
    if not ocr_available():
        raise OCRUnavailable("Text in pictures can't be read on this server (tesseract is missing).")
    gray = _ocr_scale(gray, out.limits.ocr_max_side)
    denoised = ImageOps.autocontrast(gray.filter(ImageFilter.MedianFilter(3)))
    out.add(_ocr(gray, out.limits.ocr_seconds))
    for angle in rotations:
        candidate = denoised if angle == 0 else denoised.rotate(angle, expand=True)
        out.add(_ocr(candidate, out.limits.ocr_seconds))


def _white(size: tuple[int, int]) -> Image:
    from PIL import Image

    return Image.new("RGB", size, "white")


def _ocr_scale(image: Image, max_side: int) -> Image:
    width, height = image.size
    longest = max(width, height)
    if longest > max_side:
        ratio = max_side / longest
        return image.resize((max(1, int(width * ratio)), max(1, int(height * ratio))))
    if longest < 1000:  # small text OCRs better enlarged
        factor = 2 if longest >= 300 else 3
        return image.resize((width * factor, height * factor))
    return image


def _ocr(image: Image, seconds: float) -> str:
    import pytesseract

    try:
        return pytesseract.image_to_string(image, timeout=seconds)
    except RuntimeError as exc:  # pytesseract's timeout
        raise LimitExceeded("Reading the text in a picture took too long.") from exc


def _barcodes(out: Collector, image: Image) -> None:
    try:
        import zxingcpp
    except ImportError:
        return
    for result in zxingcpp.read_barcodes(image):
        out.add(result.text)


# --- PDF -------------------------------------------------------------------------------------

_METADATA_KEYS = ("title", "author", "subject", "keywords")


def _pdf(out: Collector, data: bytes, depth: int) -> None:
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    out.count_unpacked(len(data))
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        if doc.needs_pass and not doc.authenticate(""):
            raise ExtractionError("The PDF is password-protected.")
        if doc.page_count > out.limits.max_pages:
            raise LimitExceeded(f"It has more than {out.limits.max_pages} pages.")
        meta = doc.metadata or {}
        for key in _METADATA_KEYS:
            out.add(meta.get(key))
        _xml_text(out, (doc.get_xml_metadata() or "").encode())
        for index in range(doc.page_count):
            page = doc[index]
            _pdf_page(out, page, depth)
        for name in doc.embfile_names():
            info = doc.embfile_info(name)
            out.add(name)
            out.add(info.get("filename"))
            out.add(info.get("desc"))
            _nested(out, doc.embfile_get(name), depth)
    finally:
        doc.close()


def _pdf_page(out: Collector, page: PdfPage, depth: int) -> None:
    text = page.get_text("text", sort=True)
    out.add(text)
    out.add(_visual_lines(page))
    for link in page.get_links():
        out.add(link.get("uri"))
        out.add(link.get("file"))
    for annot in page.annots() or []:
        info = annot.info or {}
        for key in ("content", "title", "subject"):
            out.add(info.get(key))
        if annot.type[0] == 17:  # PDF_ANNOT_FILE_ATTACHMENT
            try:
                file_info = annot.file_info
                out.add(file_info.get("filename"))
                out.add(file_info.get("description"))
                _nested(out, annot.get_file(), depth)
            except (RuntimeError, ValueError):
                raise ExtractionError("An attached file could not be read.") from None
    for widget in page.widgets() or []:
        value = widget.field_value
        out.add(value if isinstance(value, str) else str(value) if value not in (None, False, True) else "")
        out.add(widget.field_label)
        for choice in widget.choice_values or []:
            out.add(choice if isinstance(choice, str) else " ".join(map(str, choice)))
    if _mostly_image(page, text):
        _ocr_page(out, page)


def _visual_lines(page: PdfPage) -> str:
    """The page as a reader sees it, line by line: words grouped by baseline and ordered left to
    right, touching words joined without a space. Text drawn out of order ("com" first, then
    "@gmail", then "ana") or split into separate blocks reads as one line here."""
    words = page.get_text("words")
    if not words:
        return ""
    rows: list[list[tuple[float, float, str]]] = []
    keys: list[float] = []
    for x0, y0, x1, y1, word, *_ in sorted(words, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        middle = (y0 + y1) / 2
        tolerance = max(2.0, (y1 - y0) / 3)
        if keys and abs(middle - keys[-1]) <= tolerance:
            rows[-1].append((x0, x1, word))
        else:
            keys.append(middle)
            rows.append([(x0, x1, word)])
    lines = []
    for row in rows:
        row.sort()
        parts, last_end = [], None
        for x0, x1, word in row:
            if last_end is not None and x0 - last_end > 1.0:
                parts.append(" ")
            parts.append(word)
            last_end = x1
        lines.append("".join(parts))
    return "\n".join(lines)


def _mostly_image(page: PdfPage, text: str) -> bool:
    """Pages a reader sees as pictures: little text, or images covering half the page."""
    images = page.get_image_info()
    if not images:
        return False
    if len(text.strip()) < 40:
        return True
    area = abs(page.rect)
    covered = 0.0
    for info in images:
        bbox = page.rect & info["bbox"]
        covered += abs(bbox) if not bbox.is_empty else 0.0
    return area > 0 and covered / area >= 0.5


def _ocr_page(out: Collector, page: PdfPage) -> None:
    from PIL import Image

    out.ocr_pages += 1
    if out.ocr_pages > out.limits.max_ocr_pages:
        raise LimitExceeded(f"More than {out.limits.max_ocr_pages} scanned pages.")
    rect = page.rect
    # 200 dpi, but never more pixels than the OCR side limit allows.
    zoom = min(200 / 72, out.limits.ocr_max_side / max(rect.width, rect.height, 1))
    import pymupdf

    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    _read_picture(out, image)


def _nested(out: Collector, data: bytes, depth: int) -> None:
    """A file inside a file: read it as what it is (unknown kinds are unreadable: fail closed)."""
    kind = sniff(data).kind
    _extract_into(out, data, kind=kind, depth=depth + 1)


# --- DOCX ------------------------------------------------------------------------------------

_TEXT_TAGS = frozenset({"t", "delText", "instrText"})  # w:t, a:t (shapes), m:t (math), deleted, field codes
_BREAK_TAGS = frozenset({"tab", "br", "cr"})
_PARA_TAGS = frozenset({"p"})
_TEXT_ATTRS = ("descr", "title", "instr")  # alt text, simple field codes


class _Counted(io.RawIOBase):
    """A stream that charges every byte read to the collector's unpacked budget (lying ZIP headers
    don't matter: the real bytes are counted as they are inflated)."""

    def __init__(self, raw: IO[bytes], out: Collector):
        self.raw, self.out = raw, out

    def readable(self) -> bool:
        return True

    # A writable buffer (bytearray, memoryview): typeshed's Buffer protocol has no len() or slicing.
    def readinto(self, buffer: Any) -> int:
        chunk = self.raw.read(min(len(buffer), 64 * 1024))
        self.out.count_unpacked(len(chunk))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _docx(out: Collector, data: bytes, depth: int) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        declared = sum(info.file_size for info in infos)
        if declared + out.unpacked > out.limits.max_unpacked_bytes:
            raise LimitExceeded(
                f"It unpacks to more than {out.limits.max_unpacked_bytes // (1024 * 1024)} MB."
            )
        for info in infos:
            name = info.filename
            if info.is_dir():
                continue
            if name.endswith((".xml", ".rels")):
                with archive.open(info) as raw:
                    stream = io.BufferedReader(_Counted(raw, out))
                    if name.endswith(".rels"):
                        _rels(out, stream)
                    elif name.startswith("docProps/"):
                        _xml_stream(out, stream, mode="props")
                    elif name.startswith("customXml/") and "itemProps" not in name:
                        _xml_stream(out, stream, mode="custom")
                    elif name.startswith("word/"):
                        _xml_stream(out, stream)
                    else:
                        stream.read()  # [Content_Types].xml: counted, nothing a viewer reads
            elif name.startswith(("word/media/", "word/embeddings/")):
                blob = _read_member(archive, info, out)
                kind = sniff(blob).kind
                if kind in IMAGE_KINDS:
                    _image(out, blob)
                elif kind in ("pdf", "docx", "text"):
                    _extract_into(out, blob, kind=kind, depth=depth + 1)
                elif name.startswith("word/embeddings/"):
                    raise ExtractionError("An embedded object could not be read.")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, out: Collector) -> bytes:
    chunks = []
    with archive.open(info) as raw:
        while chunk := raw.read(64 * 1024):
            out.count_unpacked(len(chunk))
            chunks.append(chunk)
    return b"".join(chunks)


def _iterparse(stream: IO[bytes]) -> Iterator[tuple[str, XmlElement]]:
    from lxml import etree

    # No DTDs, no entities, no network: billion-laughs and external entities are inert.
    yield from etree.iterparse(
        stream, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
    )


def _local(tag: object) -> str:  # a name, or lxml's comment/PI factories
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# Leaves worth reading in property parts (docProps, XMP): what a viewer shows in "Properties".
_PROPERTY_NAMES = frozenset({
    "title", "subject", "creator", "keywords", "Keywords", "description", "lastModifiedBy", "category",
    "contentStatus", "Company", "Manager", "HyperlinkBase", "Author", "Comments", "Title", "Subject",
})


def _xml_stream(out: Collector, stream: IO[bytes], *, mode: str = "word") -> None:
    """Text of one XML part.

    mode "word": paragraph by paragraph, runs joined as Word joins them (positions, sizes and ids in
    the markup are never read: they are numbers no viewer sees as text). "props": the leaves named in
    _PROPERTY_NAMES (or under one), each on its own. "custom": every leaf, each on its own.
    """
    buffer: list[str] = []
    for event, elem in _iterparse(stream):
        local = _local(elem.tag)
        if event == "start":
            if mode == "word":
                for key, value in elem.attrib.items():
                    if _local(key) in _TEXT_ATTRS and value:
                        buffer.append(f" {value} ")
            continue
        if mode == "word":
            if local in _TEXT_TAGS:
                buffer.append(elem.text or "")
            elif local in _BREAK_TAGS:
                buffer.append(" ")
            elif local in _PARA_TAGS:
                out.add("".join(buffer))
                buffer.clear()
        elif not len(elem) and elem.text and elem.text.strip():
            if mode == "custom" or _under_property(elem):
                out.add(elem.text)
        if mode != "word" or local not in _TEXT_TAGS:
            # Keep memory flat on huge parts: drop what was read, and the siblings before it.
            elem.clear(keep_tail=True)
            parent = elem.getparent()
            if parent is not None and mode == "word":
                while elem.getprevious() is not None:
                    del parent[0]
    out.add("".join(buffer))


def _under_property(elem: XmlElement) -> bool:
    node = elem
    while node is not None:
        if _local(node.tag) in _PROPERTY_NAMES:
            return True
        node = node.getparent()
    return False


def _xml_text(out: Collector, data: bytes) -> None:
    if data.strip():
        _xml_stream(out, io.BytesIO(data), mode="props")


def _rels(out: Collector, stream: IO[bytes]) -> None:
    """External relationship targets: hyperlinks (mailto:, wa.me), linked pictures."""
    for event, elem in _iterparse(stream):
        if event == "end" and _local(elem.tag) == "Relationship":
            if elem.get("TargetMode") == "External":
                out.add(elem.get("Target"))
            elem.clear()
