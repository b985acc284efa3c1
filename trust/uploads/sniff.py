"""What a file really is, from its bytes (never from its name or the browser's Content-Type).

Pure Python, no Django: `sniff(data)` returns one of KINDS or an unsupported kind ("zip", "html",
"svg", "binary", ...), which no use allows. puremagic (maintained, pure Python) reads the magic
numbers; an Office Open XML container is told apart from other ZIPs by its parts, and text has no
magic number, so it is recognised by charset detection (charset-normalizer reads UTF-16/32 without a
BOM too).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

# Allowed kinds a use may list -> the content type the file is stored and served with.
KINDS: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text": "text/plain; charset=utf-8",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "text": "plain text", "png": "PNG", "jpeg": "JPEG",
          "gif": "GIF", "webp": "WebP"}

_MIME_KIND = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/gif": "gif",
    "image/webp": "webp",
    "text/html": "html",
    "image/svg+xml": "svg",
    "application/xml": "xml",
    "text/xml": "xml",
}


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str
    # Office containers: what their ZIP directory says they unpack to (bombs are refused on this).
    declared_unpacked: int = 0
    members: int = 0


def sniff(data: bytes) -> Sniffed:
    """The file's kind from its first bytes (and, for ZIP containers, its directory)."""
    head = data[:8192]
    if b"%PDF-" in head[:1024]:  # readers accept the header anywhere in the first KB
        return Sniffed("pdf", KINDS["pdf"])
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    mime = _puremagic_mime(head)
    if mime:
        kind = _MIME_KIND.get(mime)
        if kind in KINDS:
            return Sniffed(kind, KINDS[kind])
        if kind:
            return Sniffed(kind, mime)
        if not mime.startswith("text/"):
            return Sniffed("binary", mime)
    if looks_like_text(head):
        return Sniffed("text", KINDS["text"])
    return Sniffed("binary", "application/octet-stream")


def _puremagic_mime(head: bytes) -> str:
    import puremagic

    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return ""
    except Exception:  # noqa: BLE001 - a detector bug must not turn into a 500; the bytes decide below
        return ""
    best = max(matches, key=lambda m: m.confidence, default=None)
    return (best.mime_type or "") if best is not None else ""


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Sniffed("binary", "application/zip")
    names = {info.filename for info in infos}
    declared = sum(max(info.file_size, 0) for info in infos)
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        return Sniffed("docx", KINDS["docx"], declared_unpacked=declared, members=len(infos))
    return Sniffed("zip", "application/zip", declared_unpacked=declared, members=len(infos))


def looks_like_text(sample: bytes) -> bool:
    """Text in some encoding (UTF-8/16/32 with or without BOM, legacy single-byte), not binary."""
    if not sample:
        return False
    if sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:4096]).best()
    if best is not None:
        return True
    # Plain ASCII/UTF-8 with stray NUL bytes: charset detection gives up, a viewer still shows it.
    stripped = sample.replace(b"\x00", b"")
    try:
        text = stripped.decode("utf-8")
    except UnicodeDecodeError:
        return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return bool(text) and printable / len(text) > 0.9
