"""What a file really is, decided from its bytes rather than its name.

The archive accepts seven document formats (DESIGN.md §3.3) and scanned pages
as PNG, JPEG or TIFF images, whose text OCR reads (documents/ocr.py). Other
images (GIF, BMP, WebP, SVG) are identified only to be refused with a helpful
message: photos belong in Wagtail's image library.
"""

from __future__ import annotations

import codecs
import zipfile
from enum import StrEnum
from typing import BinaryIO

# Enough to see every signature below and to judge whether a file is text.
SNIFF_BYTES = 64 * 1024


class FileKind(StrEnum):
    """Every kind of content the archive can tell apart."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODT = "odt"
    TXT = "txt"
    HTML = "html"
    # Scans: pages photographed or scanned to an image.
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"
    # Recognised only to be refused, each with its own explanation.
    EMPTY = "empty"
    EXECUTABLE = "executable"
    ENCRYPTED_OFFICE = "encrypted-office"
    LEGACY_OFFICE = "legacy-office"
    OTHER_OPEN_DOCUMENT = "other-open-document"
    ZIP_ARCHIVE = "zip-archive"
    BROKEN_ZIP = "broken-zip"
    OTHER_ARCHIVE = "other-archive"
    IMAGE = "image"
    RTF = "rtf"
    UNKNOWN = "unknown"


DOCUMENT_KINDS = frozenset(
    {
        FileKind.PDF,
        FileKind.DOCX,
        FileKind.XLSX,
        FileKind.PPTX,
        FileKind.ODT,
        FileKind.TXT,
        FileKind.HTML,
        FileKind.PNG,
        FileKind.JPEG,
        FileKind.TIFF,
    }
)
SCAN_KINDS = frozenset({FileKind.PNG, FileKind.JPEG, FileKind.TIFF})

# The first extension is the one given to a file whose name has none.
EXTENSIONS: dict[FileKind, tuple[str, ...]] = {
    FileKind.PDF: (".pdf",),
    FileKind.DOCX: (".docx",),
    FileKind.XLSX: (".xlsx",),
    FileKind.PPTX: (".pptx",),
    FileKind.ODT: (".odt",),
    FileKind.TXT: (".txt", ".text", ".csv", ".tsv", ".md"),
    FileKind.HTML: (".html", ".htm", ".xhtml"),
    FileKind.PNG: (".png",),
    FileKind.JPEG: (".jpg", ".jpeg"),
    FileKind.TIFF: (".tif", ".tiff"),
}

MIME_TYPES: dict[FileKind, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.TXT: "text/plain",
    FileKind.HTML: "text/html",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.TIFF: "image/tiff",
}

_EXECUTABLE_SIGNATURES = (
    b"\x7fELF",  # Linux and most Unixes
    b"MZ",  # Windows PE and DOS
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit, big-endian
    b"\xfe\xed\xfa\xcf",  # Mach-O 64-bit, big-endian
    b"\xce\xfa\xed\xfe",  # Mach-O 32-bit, little-endian
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit, little-endian
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary (also Java classes)
    b"\x00asm",  # WebAssembly
    b"#!",  # scripts run through an interpreter
)
_SCAN_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": FileKind.PNG,
    b"\xff\xd8\xff": FileKind.JPEG,
    b"II*\x00": FileKind.TIFF,
    b"MM\x00*": FileKind.TIFF,
}
_IMAGE_SIGNATURES = (b"GIF87a", b"GIF89a", b"BM")
_ARCHIVE_SIGNATURES = (
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"Rar!\x1a\x07",  # RAR
    b"\x28\xb5\x2f\xfd",  # zstd
)
_CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04",)
_EMPTY_ZIP = b"PK\x05\x06"
# Office's "Encrypt with password" wraps the real zip in a CFB container
# holding these two streams; their names are stored as UTF-16LE.
_ENCRYPTED_PACKAGE_NAME = "EncryptedPackage".encode("utf-16-le")

# OOXML is told apart by its main part; [Content_Types].xml must exist too.
_OOXML_MAIN_PARTS = {
    "word/document.xml": FileKind.DOCX,
    "xl/workbook.xml": FileKind.XLSX,
    "ppt/presentation.xml": FileKind.PPTX,
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def identify(fileobj: BinaryIO) -> FileKind:
    """Identify a file's kind from its content; the file position is restored.

    `fileobj` must be seekable (zip files are read from their end).
    """
    start = fileobj.tell()
    try:
        fileobj.seek(0)
        head = fileobj.read(SNIFF_BYTES)
        if not head:
            return FileKind.EMPTY
        return _identify(head, fileobj)
    finally:
        fileobj.seek(start)


def _identify(head: bytes, fileobj: BinaryIO) -> FileKind:
    if head.startswith(_EXECUTABLE_SIGNATURES):
        return FileKind.EXECUTABLE
    # The PDF header may legally follow a little junk, but not by much.
    if b"%PDF-" in head[:1024]:
        return FileKind.PDF
    if head.startswith(_ZIP_SIGNATURES) or head.startswith(_EMPTY_ZIP):
        return _identify_zip(fileobj)
    if head.startswith(_CFB_SIGNATURE):
        return _identify_cfb(fileobj)
    for signature, kind in _SCAN_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head.startswith(_IMAGE_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return FileKind.IMAGE
    if head.startswith(_ARCHIVE_SIGNATURES):
        return FileKind.OTHER_ARCHIVE
    if head.startswith(b"{\\rtf"):
        return FileKind.RTF
    if looks_like_text(head):
        return _identify_text(head)
    return FileKind.UNKNOWN


def _identify_zip(fileobj: BinaryIO) -> FileKind:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                for part, kind in _OOXML_MAIN_PARTS.items():
                    if part in names:
                        return kind
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                if mimetype == _ODT_MIMETYPE:
                    return FileKind.ODT
                if mimetype.startswith(b"application/vnd.oasis.opendocument."):
                    return FileKind.OTHER_OPEN_DOCUMENT
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return FileKind.BROKEN_ZIP
    except RuntimeError:
        # zipfile raises RuntimeError when reading an encrypted "mimetype".
        return FileKind.BROKEN_ZIP
    return FileKind.ZIP_ARCHIVE


def _identify_cfb(fileobj: BinaryIO) -> FileKind:
    # The directory of a small CFB file sits near its start, but an encrypted
    # package of any size keeps it after the header too; scanning the first
    # megabyte finds it without parsing the whole container.
    fileobj.seek(0)
    block = fileobj.read(1024 * 1024)
    if _ENCRYPTED_PACKAGE_NAME in block:
        return FileKind.ENCRYPTED_OFFICE
    return FileKind.LEGACY_OFFICE


def looks_like_text(sample: bytes) -> bool:
    """True when the bytes read as text: no NULs, hardly any control characters.

    UTF-16 with a byte-order mark is text too; other encodings are accepted here
    and decoded by the extractor's charset detection.
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\x1b")
    return controls <= len(sample) // 100


_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_by_byte_order_mark(data: bytes) -> str | None:
    """Decode text that starts with a UTF-8 or UTF-16 byte-order mark; None if it has none."""
    for bom, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    return None


def decode_sample(sample: bytes) -> str:
    """Decode the start of a text file loosely, for sniffing only."""
    decoded = decode_by_byte_order_mark(sample)
    return decoded if decoded is not None else sample.decode("utf-8", errors="replace")


def _identify_text(head: bytes) -> FileKind:
    start = decode_sample(head[:4096]).lstrip().lower()
    if start.startswith("<?xml"):
        # XHTML is HTML; an SVG is an image (and can carry scripts).
        if "<svg" in start:
            return FileKind.IMAGE
        if "<html" in start:
            return FileKind.HTML
        return FileKind.TXT
    if start.startswith(("<!doctype html", "<html")) or any(
        tag in start[:1024] for tag in ("<html", "<head", "<body")
    ):
        return FileKind.HTML
    if start.startswith("<svg"):
        return FileKind.IMAGE
    return FileKind.TXT


def kind_for_extension(extension: str) -> FileKind | None:
    """The document kind whose usual extension this is, if any."""
    extension = extension.lower()
    for kind, extensions in EXTENSIONS.items():
        if extension in extensions:
            return kind
    return None
