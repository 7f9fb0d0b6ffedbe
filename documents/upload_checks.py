"""Checks every uploaded or imported file passes before anything is stored.

`check_upload` reads the file once (hashing as it goes), decides its kind from
its content, and refuses anything the archive should not hold, with a message
a secretariat officer can act on. It writes nothing: the caller stores the
file only after a `CheckedFile` comes back, so a refusal leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from documents.filetypes import (
    DOCUMENT_KINDS,
    EXTENSIONS,
    MIME_TYPES,
    SCAN_KINDS,
    FileKind,
    identify,
    kind_for_extension,
)

CHUNK_SIZE = 64 * 1024
# Most file systems cap a name at 255 bytes; Lao letters take 3 bytes each.
MAX_NAME_BYTES = 255

# Extensions that run code when opened on a desktop; refused whatever the
# content, because the download keeps the name the uploader gave it.
DANGEROUS_EXTENSIONS = frozenset(
    [
        ".exe",
        ".com",
        ".scr",
        ".pif",
        ".bat",
        ".cmd",
        ".msi",
        ".msp",
        ".dll",
        ".cpl",
        ".sys",
        ".drv",
        ".ocx",
        ".jar",
        ".js",
        ".jse",
        ".mjs",
        ".vbs",
        ".vbe",
        ".wsf",
        ".wsh",
        ".ps1",
        ".psm1",
        ".hta",
        ".lnk",
        ".url",
        ".reg",
        ".inf",
        ".sh",
        ".bash",
        ".zsh",
        ".csh",
        ".ksh",
        ".py",
        ".pyc",
        ".pyw",
        ".pl",
        ".rb",
        ".php",
        ".phtml",
        ".app",
        ".apk",
        ".deb",
        ".rpm",
        ".dmg",
        ".pkg",
        ".run",
        ".bin",
        ".elf",
        ".so",
        ".dylib",
        ".docm",
        ".dotm",
        ".xlsm",
        ".xltm",
        ".xlam",
        ".pptm",
        ".potm",
        ".ppam",
        ".ppsm",
        ".sldm",
        ".svg",
        ".iso",
        ".img",
        ".vhd",
        ".vhdx",
        ".appx",
        ".msix",
        ".application",
        ".gadget",
        ".scf",
        ".chm",
        ".desktop",
    ]
)
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"COM{i}" for i in range(10)] + [f"LPT{i}" for i in range(10)]
)
# Characters Windows forbids in names; harmless here, so they are replaced.
_UNPORTABLE = re.compile(r'[<>:"|?*]')
# Bidirectional overrides and isolates turn "fdp.exe" into what looks like
# "exe.pdf"; nothing legitimate needs them in a file name.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
# OOXML and ODF may embed other Office files (charts, spreadsheets) here; we
# never open them, so they cannot inflate in our hands.
_EMBEDDING_FOLDERS = ("word/embeddings/", "xl/embeddings/", "ppt/embeddings/", "Object ")
_NESTED_ARCHIVE_SUFFIXES = (".zip", ".jar", ".gz", ".7z", ".rar", ".tar", ".docx", ".xlsx")


class UploadRejected(Exception):
    """A file the archive will not take; `message` is translated and user-facing."""

    def __init__(self, code: str, message):
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class UploadLimits:
    """Limits of the content checks beyond size (which the caller passes as `max_size`).

    How far a DOCX/XLSX/PPTX/ODT may inflate before it counts as an archive
    bomb (the ratio follows Apache POI's ZipSecureFile, minimum inflate ratio
    0.01), and how long the sandboxed PDF structure check may take.
    """

    max_uncompressed: int = 256 * 1024 * 1024
    max_ratio: int = 100
    max_members: int = 10_000
    # Small members compress absurdly well without being dangerous.
    ratio_applies_above: int = 1024 * 1024
    # Seconds the sandboxed PDF structure check may take.
    pdf_check_time_limit: float = 20
    # A scan bigger than an A4 page at 1,000 dpi is a decompression bomb, not a page.
    max_scan_pixels: int = 100_000_000
    max_scan_pages: int = 500

    @classmethod
    def from_settings(cls) -> UploadLimits:
        """Limits from DOCUMENTS_ARCHIVE_MAX_UNCOMPRESSED / _MAX_RATIO / _MAX_MEMBERS
        and DOCUMENTS_PDF_CHECK_TIME_LIMIT."""
        return cls(
            max_uncompressed=_setting("DOCUMENTS_ARCHIVE_MAX_UNCOMPRESSED", cls.max_uncompressed),
            max_ratio=_setting("DOCUMENTS_ARCHIVE_MAX_RATIO", cls.max_ratio),
            max_members=_setting("DOCUMENTS_ARCHIVE_MAX_MEMBERS", cls.max_members),
            pdf_check_time_limit=_setting(
                "DOCUMENTS_PDF_CHECK_TIME_LIMIT", cls.pdf_check_time_limit
            ),
        )


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, with what the archive records about it.

    `active_content`: what a PDF carries that a viewer would run or open by itself
    (codes of ACTIVE_CONTENT); such a file is served as a download, never shown inline.
    """

    name: str
    kind: FileKind
    size: int
    sha256: str
    content_type: str
    active_content: tuple[str, ...] = ()


# What a PDF may carry that acts by itself when opened in a browser's or a desktop
# viewer: the codes recorded on the document, and what the admin shows for each.
ACTIVE_CONTENT = {
    "javascript": _("scripts (JavaScript or XFA forms)"),
    "launch": _("an action that starts a program"),
    "open_action": _("an action run when the file opens"),
    "automatic_action": _("actions run on page or field events"),
    "embedded_file": _("files embedded in the PDF"),
    "uninspected": _("a structure too large to inspect in full"),
}
# Action types (/S) that do something other than move within the document.
_RUNNING_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/SubmitForm": "automatic_action",
    "/ImportData": "automatic_action",
    "/GoToE": "embedded_file",
    "/RichMediaExecute": "javascript",
}
_MOVING_ACTIONS = frozenset({"/GoTo", "/Named"})
# Objects a PDF inspection visits at most (a normal 500-page report has ~20,000).
PDF_MAX_OBJECTS = 200_000


def _interpolated(message, **values):
    """`message % values`, translated only when shown, in the language active then."""
    return lazy(lambda: str(message) % values, str)()


def _setting(name: str, default):
    from django.conf import settings

    if not settings.configured:
        return default
    return getattr(settings, name, default)


def check_upload(
    name: str,
    fileobj: BinaryIO,
    *,
    max_size: int,
    limits: UploadLimits | None = None,
) -> CheckedFile:
    """Check an uploaded file by name and content; raise `UploadRejected` if it is refused.

    The file is read once in chunks to hash it and to stop early when it is too
    big. Non-seekable streams are spooled to a temporary file first. The file
    position is left at the start.
    """
    limits = limits or UploadLimits.from_settings()
    clean_name = safe_filename(name)
    stem, extension = os.path.splitext(clean_name)
    if extension.lower() in DANGEROUS_EXTENSIONS:
        raise UploadRejected(
            "dangerous_name",
            _interpolated(
                _(
                    "Files ending in “%(extension)s” can run programs and are not accepted. "
                    "Upload documents as PDF, Word, Excel, PowerPoint, OpenDocument, "
                    "text or HTML files."
                ),
                extension=extension,
            ),
        )

    active_content = ()
    with _seekable(fileobj, max_size) as readable:
        size, sha256 = _measure(readable, max_size)
        kind = identify(readable)
        _refuse_unwanted_kind(kind)
        kind = _reconcile_with_extension(kind, extension)
        if kind in (FileKind.DOCX, FileKind.XLSX, FileKind.PPTX, FileKind.ODT):
            _check_office_archive(readable, limits)
        elif kind is FileKind.PDF:
            active_content = _check_pdf(readable, limits.pdf_check_time_limit)
        elif kind in SCAN_KINDS:
            _check_scan(readable, kind, limits)
        readable.seek(0)

    if kind_for_extension(extension) is not kind:
        # No extension, or one that says nothing (".2024", ".dat"): add the true one.
        clean_name = safe_filename(clean_name + EXTENSIONS[kind][0])
    return CheckedFile(
        name=clean_name,
        kind=kind,
        size=size,
        sha256=sha256,
        content_type=MIME_TYPES[kind],
        active_content=active_content,
    )


def safe_filename(name: str) -> str:
    """Return `name` fit to store and to offer for download; raise `UploadRejected` if hostile.

    Lao and other letters are kept (NFC-normalised). Path separators, "..",
    NUL and other control characters, bidirectional overrides, leading dots,
    Windows reserved names and names over 255 bytes are refused; characters
    Windows cannot store (< > : " | ? *) become "_" and runs of spaces one space.
    """
    bad_name = UploadRejected(
        "bad_name",
        _interpolated(
            _(
                "The file name “%(name)s” cannot be used. Rename the file using letters, "
                "digits, spaces, dots, hyphens or underscores, and upload it again."
            ),
            name=_printable(name),
        ),
    )
    if not name or any(sep in name for sep in ("/", "\\", "\x00")) or ".." in name:
        raise bad_name
    if any(unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS for ch in name):
        raise bad_name
    name = unicodedata.normalize("NFC", name)
    name = " ".join(name.split())
    name = _UNPORTABLE.sub("_", name)
    if not name or name.startswith(".") or name.endswith("."):
        raise bad_name
    if name.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        raise bad_name
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise UploadRejected(
            "name_too_long",
            _("The file name is too long. Shorten it to at most 80 Lao or 250 Latin characters."),
        )
    return name


def _printable(name: str) -> str:
    shown = "".join(
        "?" if unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS else ch for ch in name
    )
    return shown[:80] + ("…" if len(shown) > 80 else "")


class _seekable:
    """Context manager giving a seekable view of an upload, spooling if needed."""

    def __init__(self, fileobj: BinaryIO, max_size: int):
        self.fileobj = fileobj
        self.max_size = max_size
        self.spool = None

    def __enter__(self) -> BinaryIO:
        seekable = getattr(self.fileobj, "seekable", None)
        if seekable is not None and seekable():
            self.fileobj.seek(0)
            return self.fileobj
        self.spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        # One byte past the limit is enough for _measure to refuse the file.
        while chunk := self.fileobj.read(CHUNK_SIZE):
            self.spool.write(chunk)
            if self.spool.tell() > self.max_size:
                break
        self.spool.seek(0)
        return self.spool

    def __exit__(self, *exc_info) -> None:
        if self.spool is not None:
            self.spool.close()


TOO_LARGE = _("The file is larger than the limit of %(limit)s. Upload a smaller file.")


def _measure(fileobj: BinaryIO, max_size: int) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := fileobj.read(CHUNK_SIZE):
        size += len(chunk)
        if size > max_size:
            raise UploadRejected(
                "too_large",
                _interpolated(TOO_LARGE, limit=human_size(max_size)),
            )
        digest.update(chunk)
    if size == 0:
        raise UploadRejected(
            "empty", _("The file is empty. Check that you chose the right file and try again.")
        )
    fileobj.seek(0)
    return size, digest.hexdigest()


def human_size(size: int) -> str:
    """A size as people read it in messages: "700 KB", "50 MB", "1.5 GB"."""
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    if size < 1024 * 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{size / (1024 * 1024 * 1024):.1f} GB"


_KIND_REFUSALS = {
    FileKind.EXECUTABLE: (
        "executable",
        _("This file is a program or script, not a document, and is not accepted."),
    ),
    FileKind.ENCRYPTED_OFFICE: (
        "encrypted",
        _(
            "This Office file is protected with a password, so its text cannot be read. "
            "Save a copy without the password and upload it again."
        ),
    ),
    FileKind.LEGACY_OFFICE: (
        "unsupported_type",
        _(
            "This is an old-style Office file (.doc, .xls or .ppt). Save it as .docx, "
            ".xlsx, .pptx or PDF and upload it again."
        ),
    ),
    FileKind.OTHER_OPEN_DOCUMENT: (
        "unsupported_type",
        _(
            "Only OpenDocument text files (.odt) are accepted. Save spreadsheets and "
            "presentations as .xlsx, .pptx or PDF."
        ),
    ),
    FileKind.ZIP_ARCHIVE: (
        "unsupported_type",
        _("ZIP archives are not accepted. Unpack it and upload each document on its own."),
    ),
    FileKind.OTHER_ARCHIVE: (
        "unsupported_type",
        _("Compressed archives are not accepted. Unpack it and upload each document on its own."),
    ),
    FileKind.BROKEN_ZIP: (
        "corrupt",
        _(
            "This file is damaged and cannot be opened. Open it on your computer, "
            "save it again, and upload the new copy."
        ),
    ),
    FileKind.IMAGE: (
        "unsupported_type",
        _(
            "Only scanned pages are accepted as images, as PNG, JPEG or TIFF files. "
            "Add photos to the image library, or save the scan as PDF, PNG, JPEG or TIFF."
        ),
    ),
    FileKind.RTF: (
        "unsupported_type",
        _("Rich Text (.rtf) files are not accepted. Save it as .docx or PDF and upload it again."),
    ),
    FileKind.UNKNOWN: (
        "unsupported_type",
        _(
            "This type of file is not accepted. Upload PDF, Word (.docx), Excel (.xlsx), "
            "PowerPoint (.pptx), OpenDocument text (.odt), plain text or HTML files, or "
            "scanned pages as PNG, JPEG or TIFF images."
        ),
    ),
}


def _refuse_unwanted_kind(kind: FileKind) -> None:
    if kind in DOCUMENT_KINDS:
        return
    code, message = _KIND_REFUSALS.get(kind, _KIND_REFUSALS[FileKind.UNKNOWN])
    raise UploadRejected(code, message)


_TEXT_KINDS = frozenset({FileKind.TXT, FileKind.HTML})


def _reconcile_with_extension(kind: FileKind, extension: str) -> FileKind:
    named_kind = kind_for_extension(extension)
    if named_kind is None or named_kind is kind:
        return kind
    if kind in _TEXT_KINDS and named_kind in _TEXT_KINDS:
        # Text read as HTML or HTML kept as text harms no one; the name decides.
        return named_kind
    if kind in SCAN_KINDS and named_kind in SCAN_KINDS:
        # A PNG saved as .jpg is still a scan; the content decides (and the name
        # gets the true ending).
        return kind
    # An HTML page or Word file dressed up as a PDF is a classic phishing trick,
    # and an honest mistake the uploader can fix in a second.
    raise UploadRejected(
        "type_mismatch",
        _interpolated(
            _(
                "The file name ends in “%(extension)s” but the file is really a %(kind)s "
                "file. Rename it with the right ending and upload it again."
            ),
            extension=extension,
            kind=kind.value.upper(),
        ),
    )


def _bomb() -> UploadRejected:
    return UploadRejected(
        "archive_bomb",
        _(
            "This file expands to far more data than a real document would and was "
            "refused for safety. Open it on your computer, save it again, and upload "
            "the new copy."
        ),
    )


def _corrupt() -> UploadRejected:
    return UploadRejected(*_KIND_REFUSALS[FileKind.BROKEN_ZIP])


def _check_office_archive(fileobj: BinaryIO, limits: UploadLimits) -> None:
    """Refuse bombs, encrypted members and damage in an OOXML or ODF zip.

    Declared sizes are checked first; then every member is inflated in chunks
    (nothing is kept) so a member lying about its size or failing its CRC is
    caught before any extractor sees it.
    """
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > limits.max_members:
                raise _bomb()
            declared = 0
            for member in members:
                if member.flag_bits & 0x1:
                    raise UploadRejected(*_KIND_REFUSALS[FileKind.ENCRYPTED_OFFICE])
                declared += member.file_size
                if declared > limits.max_uncompressed:
                    raise _bomb()
                if member.file_size > limits.ratio_applies_above and (
                    member.file_size > limits.max_ratio * max(member.compress_size, 1)
                ):
                    raise _bomb()
                if _is_nested_archive(archive, member):
                    raise _bomb()
                if member.filename.lower().endswith("vbaproject.bin"):
                    raise UploadRejected(
                        "macros",
                        _(
                            "This file contains macros, which can run programs. Save it "
                            "as a normal .docx, .xlsx or .pptx (without macros) and upload "
                            "it again."
                        ),
                    )
            inflated = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(CHUNK_SIZE):
                        inflated += len(chunk)
                        if inflated > limits.max_uncompressed:
                            raise _bomb()
    except UploadRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise _corrupt() from None
    except (RuntimeError, NotImplementedError):
        # Unsupported compression methods and encryption end up here.
        raise _corrupt() from None


def _is_nested_archive(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    if member.filename.startswith(_EMBEDDING_FOLDERS) or member.is_dir():
        return False
    if member.filename.lower().endswith(_NESTED_ARCHIVE_SUFFIXES):
        return True
    with archive.open(member) as stream:
        return stream.read(4) == b"PK\x03\x04"


_PDF_PASSWORD = _(
    "This PDF is protected with a password, so its text cannot be read. "
    "Save a copy without the password and upload it again."
)


def _check_pdf(fileobj: BinaryIO, time_limit: float) -> tuple[str, ...]:
    """Refuse PDFs that are cut short, cannot be parsed or need a password to open;
    return the codes of the active content an accepted one carries.

    PDFs with only an owner password (printing or copying restricted) open
    without one, so their text can be read and they are accepted. The parse
    runs in the extraction sandbox, so a PDF built to send the parser into a
    loop or to exhaust memory costs one child process, not the web worker.
    """
    fileobj.seek(0, io.SEEK_END)
    end = fileobj.tell()
    fileobj.seek(max(0, end - 8192))
    if b"%%EOF" not in fileobj.read():
        raise UploadRejected(
            "corrupt",
            _(
                "This PDF is incomplete, perhaps because a download or copy was cut off. "
                "Get a complete copy and upload it again."
            ),
        )
    fileobj.seek(0)
    verdict, active_content = inspect_pdf_file(fileobj, time_limit)
    if verdict == "encrypted":
        raise UploadRejected("encrypted", _PDF_PASSWORD)
    if verdict != "ok":
        raise _corrupt()
    return active_content


def inspect_pdf_file(fileobj: BinaryIO, time_limit: float) -> tuple[str, tuple[str, ...]]:
    """`inspect_pdf` on the PDF read from `fileobj`, in the extraction sandbox; a parse
    that crashes or overruns `time_limit` is "corrupt"."""
    from documents.extraction import DEFAULT_MEMORY_LIMIT, SandboxError, run_limited

    with tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
        while chunk := fileobj.read(CHUNK_SIZE):
            copy.write(chunk)
        copy.flush()
        try:
            return run_limited(
                inspect_pdf, copy.name, time_limit=time_limit, memory_limit=DEFAULT_MEMORY_LIMIT
            ).value
        except SandboxError:
            return "corrupt", ()


def inspect_pdf(path: str) -> tuple[str, tuple[str, ...]]:
    """`(verdict, active content)` for the PDF at `path` (runs in the sandbox child):
    verdict "ok", "encrypted" or "corrupt"; active content as codes of ACTIVE_CONTENT."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return "encrypted", ()
        if len(reader.pages) == 0:
            return "corrupt", ()
    except NotImplementedError:
        # An encryption scheme pypdf cannot open is as good as a password.
        return "encrypted", ()
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        return "corrupt", ()
    except RecursionError:
        return "corrupt", ()
    return "ok", pdf_active_content(reader)


def pdf_active_content(reader) -> tuple[str, ...]:
    """What in the PDF behind the pypdf `reader` acts by itself when opened: scripts,
    launch and other actions on opening or on events, embedded files (sorted codes).

    Every object reachable from the trailer is visited once (names with #-escapes
    and objects inside object streams come decoded from pypdf); stream contents are
    not read. An opening action that only shows a page (a destination, /GoTo) is
    harmless and not reported; neither are links a reader clicks. A structure that
    cannot be walked to the end is reported as "uninspected"."""
    from pypdf.errors import PyPdfError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found, seen, stack = set(), set(), [reader.trailer]
    try:
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                if (item.idnum, item.generation) in seen:
                    continue
                seen.add((item.idnum, item.generation))
                if len(seen) > PDF_MAX_OBJECTS:
                    found.add("uninspected")
                    break
                item = item.get_object()
            if isinstance(item, DictionaryObject):
                found |= _dictionary_actions(item)
                stack.extend(item.values())
            elif isinstance(item, ArrayObject):
                stack.extend(item)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        found.add("uninspected")
    except RecursionError:
        found.add("uninspected")
    return tuple(sorted(found))


def _dictionary_actions(item) -> set[str]:
    found = set()
    keys = set(item.keys())
    if keys & {"/JS", "/JavaScript", "/XFA"}:
        found.add("javascript")
    if "/AA" in keys:
        found.add("automatic_action")
    if keys & {"/EmbeddedFiles", "/EF"} or item.get("/Type") == "/EmbeddedFile":
        found.add("embedded_file")
    action = str(item.get("/S", ""))
    if action in _RUNNING_ACTIONS:
        found.add(_RUNNING_ACTIONS[action])
    if "/OpenAction" in keys:
        opening = item["/OpenAction"].get_object()
        # A destination (an array) or /GoTo only shows a page.
        if not isinstance(opening, list) and str(opening.get("/S", "")) not in _MOVING_ACTIONS:
            found.add("open_action")
    return found


def _check_scan(fileobj: BinaryIO, kind: FileKind, limits: UploadLimits) -> None:
    """Refuse scans that are damaged, or so large (in pixels or pages) that reading
    them would be an attack rather than a page. Pillow reads the header and checks
    the data in the extraction sandbox, like PDFs."""
    from documents.extraction import DEFAULT_MEMORY_LIMIT, SandboxError, run_limited

    fileobj.seek(0)
    with tempfile.NamedTemporaryFile(suffix=EXTENSIONS[kind][0]) as copy:
        while chunk := fileobj.read(CHUNK_SIZE):
            copy.write(chunk)
        copy.flush()
        try:
            verdict = run_limited(
                inspect_scan,
                copy.name,
                limits.max_scan_pixels,
                limits.max_scan_pages,
                time_limit=limits.pdf_check_time_limit,
                memory_limit=DEFAULT_MEMORY_LIMIT,
            ).value
        except SandboxError:
            verdict = "corrupt"
    if verdict == "too_large":
        raise UploadRejected(
            "too_large",
            _(
                "This image is far larger than a scanned page. Scan the document again "
                "at 300 dpi, or save it as PDF, and upload it again."
            ),
        )
    if verdict != "ok":
        raise UploadRejected(
            "corrupt",
            _(
                "This image is damaged and cannot be opened. Open it on your computer, "
                "save it again, and upload the new copy."
            ),
        )


def inspect_scan(path: str, max_pixels: int, max_pages: int) -> str:
    """ "ok", "too_large" or "corrupt" for the image at `path` (runs in the sandbox child)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with Image.open(path) as image:
            for pages, frame in enumerate(ImageSequence.Iterator(image), 1):
                if pages > max_pages or frame.width * frame.height > max_pixels:
                    return "too_large"
                frame.load()  # decodes the pixels: truncated or broken data fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "too_large"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        return "corrupt"
    return "ok"
