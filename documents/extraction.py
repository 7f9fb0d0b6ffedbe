"""Plain text out of archived documents, for search and for the document page.

`extract_text` never runs a parser in the calling process: each file is read in
a child process with a wall-clock time limit and an address-space limit, so a
hostile or broken file costs at most one child, never the site or the worker.
Text comes back as Unicode NFC; text that a legacy (non-Unicode) Lao font has
turned into junk is flagged "unreadable" instead of being indexed. PDF pages
without a text layer and scanned images are read by OCR (documents/ocr.py) in the
same child, within the same limits; where OCR is not installed they are marked
"scanned, no text" instead of "done".
"""

from __future__ import annotations

import codecs
import dataclasses
import multiprocessing
import re
import resource
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from documents import ocr
from documents.filetypes import FileKind, decode_by_byte_order_mark


def gettext_noop(message: str) -> str:
    """Mark `message` for makemessages without touching settings (the child has none)."""
    return message


DEFAULT_TIME_LIMIT = 60  # seconds, wall clock
DEFAULT_MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space
DEFAULT_MAX_CHARS = 5_000_000  # a 2,000-page report is about 4 M characters


class ExtractionStatus(StrEnum):
    """Where a document's text stands; stored on the document."""

    PENDING = "pending"
    DONE = "done"
    EMPTY = "empty"
    UNREADABLE = "unreadable"
    FAILED = "failed"
    SCANNED = "scanned"  # pages that are images, and no OCR to read them


# Fixed messages are marked for translation and translated where shown;
# details after the colon are technical and stay as they are.
NO_TEXT = gettext_noop("The file contains no text (it may be a scanned image).")
UNREADABLE = gettext_noop("Text could not be read")
TIMED_OUT = gettext_noop("Reading the file took too long and was stopped.")
TOO_MUCH_MEMORY = gettext_noop("Reading the file needed too much memory and was stopped.")
CRASHED = gettext_noop("The text reader stopped unexpectedly.")
PASSWORD = gettext_noop("The file is protected with a password.")
DAMAGED = gettext_noop("The file is damaged or not in the format its type says.")
TRUNCATED = gettext_noop("Only the first part of the text was kept; the document is very long.")
SCANNED_NO_TEXT = gettext_noop(
    "Scanned pages without text: they are images, and OCR could not read them."
)
READ_BY_OCR = gettext_noop("Text of scanned pages was read by OCR.")
OCR_OUT_OF_TIME = "OCR stopped at the time limit"
OCR_OFF = "OCR is switched off (DOCUMENTS_OCR)"
# OCR stops short of the sandbox's own limit so that the text read so far is kept.
OCR_SHARE_OF_TIME_LIMIT = 0.8


@dataclass(frozen=True)
class ScanReport:
    """Pages that had no text layer (every page of an image), and how many OCR read."""

    pages: int = 0
    read: int = 0
    problem: str = ""  # why the others were not read


@dataclass(frozen=True)
class ExtractionResult:
    """What reading one file produced."""

    text: str
    page_count: int | None
    status: ExtractionStatus
    error: str = ""
    seconds: float = 0.0
    peak_memory: int | None = None  # bytes, the reading child's peak resident set
    cpu_seconds: float = 0.0  # the reading child's user + system time
    thumbnail: bytes | None = None  # a PDF's first page, when asked for and drawn
    thumbnail_problem: str = ""  # why it was not
    scan: ScanReport = ScanReport()


@dataclass(frozen=True)
class ExtractionLimits:
    """Per-file limits; defaults overridable in settings."""

    time_limit: float = DEFAULT_TIME_LIMIT
    memory_limit: int = DEFAULT_MEMORY_LIMIT
    max_chars: int = DEFAULT_MAX_CHARS
    ocr: bool = True  # read scanned pages where OCR is installed

    @classmethod
    def from_settings(cls) -> ExtractionLimits:
        """Limits from DOCUMENTS_EXTRACTION_TIME_LIMIT / _MEMORY_LIMIT / _MAX_CHARS and
        DOCUMENTS_OCR."""
        from django.conf import settings

        if not settings.configured:
            return cls()
        return cls(
            time_limit=getattr(settings, "DOCUMENTS_EXTRACTION_TIME_LIMIT", DEFAULT_TIME_LIMIT),
            memory_limit=getattr(
                settings, "DOCUMENTS_EXTRACTION_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT
            ),
            max_chars=getattr(settings, "DOCUMENTS_EXTRACTION_MAX_CHARS", DEFAULT_MAX_CHARS),
            ocr=getattr(settings, "DOCUMENTS_OCR", True),
        )


def extract_text(
    path: str | Path,
    kind: FileKind | str,
    *,
    limits: ExtractionLimits | None = None,
    thumbnail: tuple[int, int] | None = None,
) -> ExtractionResult:
    """Read the text of the file at `path`, of the given kind, inside a limited child process.

    With `thumbnail` (width, maximum height) a PDF's first page is rendered as a WebP
    by the same child (`result.thumbnail`), saving a second child per file; if that
    child fails, the text is read again without it. Never raises for a bad file:
    every problem becomes status "failed" with an error.
    """
    limits = limits or ExtractionLimits.from_settings()
    kind = FileKind(kind)
    if kind is not FileKind.PDF:
        thumbnail = None
    ocr_seconds = limits.time_limit * OCR_SHARE_OF_TIME_LIMIT if limits.ocr else None
    try:
        if thumbnail:
            outcome = run_limited(
                read_text_and_render,
                str(path),
                limits.max_chars,
                *thumbnail,
                ocr_seconds,
                time_limit=limits.time_limit,
                memory_limit=limits.memory_limit,
            )
        else:
            outcome = run_limited(
                read_text,
                str(path),
                kind,
                limits.max_chars,
                ocr_seconds,
                time_limit=limits.time_limit,
                memory_limit=limits.memory_limit,
            )
    except SandboxError as error:
        if thumbnail and not isinstance(error, ChildRaised):
            # Perhaps the drawing ran out of time or memory: the text may be readable.
            result = extract_text(path, kind, limits=limits)
            return dataclasses.replace(result, thumbnail_problem=error.message)
        return ExtractionResult(
            "",
            None,
            ExtractionStatus.FAILED,
            error.message,
            error.seconds,
            error.peak_memory,
            thumbnail_problem=error.message if thumbnail else "",
        )
    image, image_problem = None, ""
    if thumbnail:
        (text, page_count, truncated, scan), image, image_problem = outcome.value
    else:
        text, page_count, truncated, scan = outcome.value
    # Judged before tidying: the control characters tidying removes are evidence.
    status, error = assess_text(text)
    if status is not ExtractionStatus.DONE:
        text = ""
    else:
        text = tidy_text(text)
        if truncated:
            error = TRUNCATED
    if scan.pages > scan.read and status in (ExtractionStatus.DONE, ExtractionStatus.EMPTY):
        # Part of the document (or all of it) is images nobody read: say so, and keep
        # what text there is searchable.
        status = ExtractionStatus.SCANNED
        error = f"{SCANNED_NO_TEXT} ({scan.pages - scan.read} of {page_count or 1}; {scan.problem})"
    elif scan.read and status is ExtractionStatus.DONE and not error:
        error = f"{READ_BY_OCR} ({scan.read} of {page_count or 1})"
    return ExtractionResult(
        text,
        page_count,
        status,
        error,
        outcome.seconds,
        outcome.peak_memory,
        outcome.cpu_seconds,
        thumbnail=image,
        thumbnail_problem=image_problem,
        scan=scan,
    )


def assess_text(text: str) -> tuple[ExtractionStatus, str]:
    """Judge extracted text: done, empty, or unreadable junk (with the reason)."""
    if not text.strip():
        return ExtractionStatus.EMPTY, NO_TEXT
    reason = garbled_reason(text)
    if reason:
        return ExtractionStatus.UNREADABLE, f"{UNREADABLE}: {reason}"
    return ExtractionStatus.DONE, ""


# --- Recognising junk -------------------------------------------------------

_LAO_LETTERS = re.compile(r"[\u0e81-\u0eb0\u0eb2\u0eb3\u0ebd-\u0ec4\u0ec6\u0edc-\u0edf]")
_LAO_MARKS = frozenset("\u0eb1\u0eb4\u0eb5\u0eb6\u0eb7\u0eb8\u0eb9\u0eba\u0ebb\u0ebc") | frozenset(
    chr(c) for c in range(0x0EC8, 0x0ECF)
)
# Joiners and the soft hyphen are format characters real text uses.
_HARMLESS_FORMAT = frozenset("\u200b\u200c\u200d\u00ad\ufeff\u2060")


def garbled_reason(text: str) -> str:
    """Why `text` looks like junk rather than language, or "" if it looks fine.

    Legacy Lao fonts put Lao glyphs in the slots of Latin-1 or Thai letters, or
    in the private-use area, so a PDF made with one extracts as Latin-1
    accented letters, Thai, or private-use characters; a PDF with no usable
    character map extracts as replacement or control characters. Lao read
    correctly has its vowel and tone marks after a Lao consonant.
    Thai-language documents would be flagged too; the archive holds Lao and
    English, and a Lao font masquerading as Thai is the likelier case.
    Fonts that put Lao on the keys of the Lao keyboard extract as ASCII in
    which punctuation sits inside words ("f;[]k"); that is checked last.
    """
    total = replacement = pua = controls = letters = digits = latin1 = thai = lao = orphans = 0
    previous = ""
    for ch in text:
        if ch.isspace():
            previous = ch
            continue
        total += 1
        code = ord(ch)
        category = unicodedata.category(ch)
        if ch == "\ufffd":
            replacement += 1
        elif category == "Co":
            pua += 1
        elif category in ("Cc", "Cf", "Cn", "Cs") and ch not in _HARMLESS_FORMAT:
            controls += 1
        elif category[0] in "LM":
            letters += 1
            if 0x00C0 <= code <= 0x00FF:
                latin1 += 1
            elif 0x0E00 <= code <= 0x0E7F:
                thai += 1
            elif 0x0E80 <= code <= 0x0EFF:
                lao += 1
                if ch in _LAO_MARKS and not (
                    _LAO_LETTERS.match(previous) or previous in _LAO_MARKS
                ):
                    orphans += 1
        elif category[0] == "N":
            digits += 1
        previous = ch
    if total == 0:
        return ""
    share = total
    if replacement > 0.05 * share:
        return "replacement characters (the PDF's fonts have no usable character map)"
    if pua > 0.05 * share:
        return "private-use characters (a legacy, non-Unicode font)"
    if controls > 0.05 * share:
        return "control characters (the PDF's fonts have no usable character map)"
    if letters >= 20:
        if latin1 > 0.25 * letters:
            return "accented Latin letters where words should be (a legacy, non-Unicode Lao font)"
        if thai > 0.3 * letters:
            return "Thai letters (a legacy Lao font mapped onto Thai)"
    if lao >= 20 and orphans > 0.1 * lao:
        return "Lao vowel and tone marks out of place (glyphs in the wrong order)"
    if total >= 30 and letters + digits < 0.4 * total:
        return "mostly symbols rather than words"
    words = text.split()
    if len(words) >= 10:
        broken = sum(1 for word in words if _PUNCTUATION_INSIDE_WORD.search(word))
        if broken > 0.2 * len(words):
            return "punctuation inside words (a legacy Lao keyboard font)"
    return ""


# On the Lao keyboard ; [ ] are the common letters ວ ບ ລ, so text typed in a
# keyboard-mapped legacy font has them between letters, which English never
# does. (. , / are Lao letters too, but e-mail addresses and URLs have them.)
_PUNCTUATION_INSIDE_WORD = re.compile(r"[A-Za-z][;\[\]][A-Za-z]")


# --- Tidying ------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def tidy_text(text: str) -> str:
    """NFC, no control characters, single spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


# --- The sandbox ----------------------------------------------------------------


class SandboxError(Exception):
    """The child process did not deliver a value."""

    def __init__(self, message: str, *, seconds: float = 0.0, peak_memory: int | None = None):
        super().__init__(message)
        self.message = message
        self.seconds = seconds
        self.peak_memory = peak_memory


class TimeLimitExceeded(SandboxError):
    """The child ran past its wall-clock limit and was killed."""


class MemoryLimitExceeded(SandboxError):
    """The child could not get memory within its limit."""


class ChildCrashed(SandboxError):
    """The child died without answering (signal, abort, or limit hit inside C code)."""


class ChildRaised(SandboxError):
    """The function raised an exception in the child."""


@dataclass(frozen=True)
class SandboxOutcome:
    """A value computed in a child, with what it cost."""

    value: object
    seconds: float
    peak_memory: int | None
    cpu_seconds: float = 0.0


# Imported once by the fork server rather than by every child: what the children
# run (the readers, the upload checks' PDF inspection, the thumbnail renderer).
_PRELOAD = [
    "documents.extraction",
    "documents.upload_checks",
    "documents.thumbnails",
    "documents.ocr",
    "pypdf",
    "pypdfium2",
    "PIL.Image",
    "PIL.WebPImagePlugin",
    "docx",
    "openpyxl",
    "pptx",
    "lxml.html",
]
_context = None


def _sandbox_context():
    # forkserver children fork from a clean, single-threaded server that has
    # already imported the parsers, so starting one is cheap and safe even
    # when the caller (a threaded web server) is not; plain fork is not.
    global _context
    if _context is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
        else:
            context = multiprocessing.get_context("spawn")
        _context = context
    return _context


def run_limited(func, *args, time_limit: float, memory_limit: int | None) -> SandboxOutcome:
    """Call `func(*args)` in a child process limited in wall-clock time and address space.

    `func` and `args` must be picklable (a module-level function). The child is
    killed when the time is up. Raises a `SandboxError` subclass on any failure.
    As with any multiprocessing start method but fork, the child re-imports the
    caller's main script (manage.py, a benchmark): keep it light and guarded by
    `if __name__ == "__main__":`.
    """
    context = _sandbox_context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main, args=(sender, func, args, memory_limit, time_limit), daemon=True
    )
    started = time.monotonic()
    child.start()
    sender.close()
    try:
        message = None
        if receiver.poll(time_limit):
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                message = None
        elif child.is_alive():
            raise TimeLimitExceeded(
                f"{TIMED_OUT} (limit {time_limit:g} s)", seconds=time.monotonic() - started
            )
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    seconds = time.monotonic() - started
    if message is None:
        raise ChildCrashed(f"{CRASHED} (exit code {child.exitcode})", seconds=seconds)
    outcome, value, peak_memory, cpu_seconds = message
    if outcome == "ok":
        return SandboxOutcome(value, seconds, peak_memory, cpu_seconds)
    if outcome == "memory":
        raise MemoryLimitExceeded(
            f"{TOO_MUCH_MEMORY} (limit {memory_limit // (1024 * 1024)} MiB)",
            seconds=seconds,
            peak_memory=peak_memory,
        )
    raise ChildRaised(value, seconds=seconds, peak_memory=peak_memory)


def _child_main(sender, func, args, memory_limit, time_limit) -> None:
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    # A CPU limit too, in case the parent dies and nobody is left to kill us.
    cpu_seconds = int(time_limit) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    try:
        message = ("ok", func(*args))
    except MemoryError:
        message = ("memory", None)
    except ReadingProblem as problem:
        message = ("error", str(problem))
    except Exception as error:
        detail = str(error).splitlines()[0][:200] if str(error) else ""
        message = ("error", f"{DAMAGED} ({type(error).__name__}: {detail})")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_memory = usage.ru_maxrss * 1024
    cpu_seconds = usage.ru_utime + usage.ru_stime
    try:
        sender.send((*message, peak_memory, cpu_seconds))
    except MemoryError:
        sender.send(("memory", None, peak_memory, cpu_seconds))
    finally:
        sender.close()


# --- Readers, one per kind (run inside the child) ----------------------------------


class ReadingProblem(Exception):
    """A file that is readable in principle but not this time (password, no content)."""


def read_text(
    path: str, kind: FileKind, max_chars: int, ocr_seconds: float | None = None
) -> tuple[str, int | None, bool, ScanReport]:
    """Read (raw NFC text, page count, truncated, scanned pages) from a file without
    any sandbox; OCR reads scanned pages for at most ``ocr_seconds`` (None: no OCR).

    Called inside the sandbox child; call `extract_text` instead anywhere else.
    """
    kind = FileKind(kind)
    if kind in _SCAN_READERS:
        scanner = _Scanner(None if ocr_seconds is None else time.monotonic() + ocr_seconds)
        text, page_count = _SCAN_READERS[kind](path, max_chars, scanner)
        scan = scanner.report()
    else:
        text, page_count = _READERS[kind](path, max_chars)
        scan = ScanReport()
    truncated = len(text) > max_chars
    return unicodedata.normalize("NFC", text[:max_chars]), page_count, truncated, scan


def read_text_and_render(
    path: str, max_chars: int, width: int, max_height: int, ocr_seconds: float | None = None
) -> tuple[tuple[str, int | None, bool, ScanReport], bytes | None, str]:
    """`read_text` of a PDF and its first page drawn (`thumbnails.render_first_page`).

    Called inside the sandbox child. A page that cannot be drawn costs the thumbnail,
    not the text.
    """
    from documents.thumbnails import render_first_page

    text = read_text(path, FileKind.PDF, max_chars, ocr_seconds)
    try:
        return text, render_first_page(path, width, max_height), ""
    except MemoryError:
        raise
    except Exception as error:
        return text, None, f"{DAMAGED} ({type(error).__name__}: {str(error)[:200]})"


class _Collector:
    """Gathers chunks of text and stops accepting them past the character cap."""

    def __init__(self, max_chars: int):
        self.parts: list[str] = []
        self.length = 0
        self.max_chars = max_chars

    @property
    def full(self) -> bool:
        return self.length > self.max_chars

    def add(self, part: str) -> None:
        if part and not self.full:
            self.parts.append(part)
            self.length += len(part) + 1

    def text(self, separator: str = "\n") -> str:
        return separator.join(self.parts)


class _Scanner:
    """OCR of the page images of one file, until its time is up."""

    def __init__(self, deadline: float | None):
        self.deadline = deadline  # None: OCR switched off
        self.pages = self.read = 0
        self.problem = ""

    def text(self, draw) -> str:
        """The text of one scanned page; ``draw()`` gives its PIL image."""
        self.pages += 1
        if self.deadline is None:
            self.problem = OCR_OFF
            return ""
        if not ocr.available():
            self.problem = ocr.unavailable_reason()
            return ""
        remaining = self.deadline - time.monotonic()
        if remaining < 1:
            self.problem = OCR_OUT_OF_TIME
            return ""
        try:
            text = ocr.image_text(draw(), timeout=remaining)
        except RuntimeError:  # Tesseract ran out of time
            self.problem = OCR_OUT_OF_TIME
            return ""
        self.read += 1
        return text

    def report(self) -> ScanReport:
        return ScanReport(self.pages, self.read, self.problem)


def _read_pdf(path: str, max_chars: int, scanner: _Scanner) -> tuple[str, int]:
    # PDFium (C++) reads text about ten times faster than pypdf, through the same
    # ToUnicode maps, so legacy-font junk still comes out as junk to be flagged.
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReadingProblem(PASSWORD) from None
        raise ReadingProblem(f"{DAMAGED} ({error})") from None
    try:
        count = len(document)
        collected = _Collector(max_chars)
        failures = 0
        for index in range(count):
            if collected.full:
                break
            try:
                page = document[index]
                text_page = page.get_textpage()
                text = text_page.get_text_range()
                text_page.close()
                if not text.strip() and _has_content(page):
                    # No text layer: a scanned page, for OCR.
                    text = scanner.text(lambda page=page: _draw(page))
                collected.add(text)
                page.close()
            except pypdfium2.PdfiumError:
                failures += 1  # one bad page should not lose the others
        if failures and failures == count:
            raise ReadingProblem(f"{DAMAGED} (no page could be read)")
        return collected.text("\n\n"), count
    finally:
        document.close()


def _has_content(page) -> bool:
    """True when a page shows anything at all (a blank page needs no OCR; an image or
    text drawn as outlines does)."""
    return any(True for _ in page.get_objects(max_depth=1))


def _draw(page):
    """A PDF page as a greyscale PIL image at OCR resolution."""
    return page.render(scale=ocr.DPI / 72, grayscale=True).to_pil()


def _read_image(path: str, max_chars: int, scanner: _Scanner) -> tuple[str, int]:
    """A scanned page (or, in a TIFF, pages) as an image: OCR's text of each frame."""
    from PIL import Image, ImageSequence

    collected = _Collector(max_chars)
    with Image.open(path) as image:
        frames = 0
        for frame in ImageSequence.Iterator(image):
            frames += 1
            if not collected.full:
                collected.add(scanner.text(lambda frame=frame: frame.copy()))
    return collected.text("\n\n"), frames


def _read_docx(path: str, max_chars: int) -> tuple[str, int | None]:
    import docx
    from docx.table import Table

    document = docx.Document(path)
    collected = _Collector(max_chars)
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                for paragraph in part.paragraphs:
                    collected.add(paragraph.text)
    for block in document.iter_inner_content():
        if collected.full:
            break
        if isinstance(block, Table):
            _add_docx_table(block, collected)
        else:
            collected.add(block.text)
    return collected.text(), _office_page_count(path)


def _add_docx_table(table, collected: _Collector) -> None:
    for row in table.rows:
        seen = set()
        cells = []
        # A merged cell is returned once per grid column it spans.
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text)
        collected.add("\t".join(cells))


def _office_page_count(path: str) -> int | None:
    """The page count Word saved in docProps/app.xml, when there is one."""
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(path) as archive:
            properties = ElementTree.fromstring(archive.read("docProps/app.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    for element in properties:
        if element.tag.endswith("}Pages") and (element.text or "").strip().isdigit():
            return int(element.text)
    return None


def _read_xlsx(path: str, max_chars: int) -> tuple[str, int | None]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    collected = _Collector(max_chars)
    try:
        for sheet in workbook.worksheets:
            collected.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                if collected.full:
                    break
                values = [str(value) for value in row if value is not None and str(value).strip()]
                collected.add("\t".join(values))
    finally:
        workbook.close()
    return collected.text(), None


def _read_pptx(path: str, max_chars: int) -> tuple[str, int]:
    import pptx

    presentation = pptx.Presentation(path)
    collected = _Collector(max_chars)
    for slide in presentation.slides:
        _add_pptx_shapes(slide.shapes, collected)
        if slide.has_notes_slide:
            collected.add(slide.notes_slide.notes_text_frame.text)
        collected.add("")
    return collected.text(), len(presentation.slides)


def _add_pptx_shapes(shapes, collected: _Collector) -> None:
    for shape in shapes:
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            collected.add(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                collected.add("\t".join(cell.text for cell in row.cells))
        if hasattr(shape, "shapes"):  # a group
            _add_pptx_shapes(shape.shapes, collected)


_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODF_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_ODF_PARAGRAPHS = (f"{_ODF_TEXT}p", f"{_ODF_TEXT}h")


def _read_odt(path: str, max_chars: int) -> tuple[str, int | None]:
    # defusedxml refuses entity tricks (billion laughs, external entities).
    from defusedxml import ElementTree

    with zipfile.ZipFile(path) as archive:
        content = ElementTree.fromstring(archive.read("content.xml"))
        try:
            meta = ElementTree.fromstring(archive.read("meta.xml"))
        except KeyError:
            meta = None
    collected = _Collector(max_chars)
    _add_odf_paragraphs(content, collected)
    page_count = None
    if meta is not None:
        for element in meta.iter(f"{_ODF_META}document-statistic"):
            pages = element.get(f"{_ODF_META}page-count", "")
            page_count = int(pages) if pages.isdigit() else None
    return collected.text(), page_count


def _add_odf_paragraphs(element, collected: _Collector) -> None:
    for child in element:
        if child.tag in _ODF_PARAGRAPHS:
            collected.add(_odf_inline_text(child))
        else:
            _add_odf_paragraphs(child, collected)


def _odf_inline_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{_ODF_TEXT}s":
            parts.append(" " * int(child.get(f"{_ODF_TEXT}c", "1") or 1))
        elif tag == f"{_ODF_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_ODF_TEXT}line-break":
            parts.append("\n")
        elif tag != f"{_ODF_TEXT}note":
            parts.append(_odf_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _read_txt(path: str, max_chars: int) -> tuple[str, None]:
    # Four bytes per character at most in UTF-8, and a margin for the tidy-up.
    data = Path(path).read_bytes()[: max_chars * 4 + 4]
    return decode_text(data), None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(r"^\s*<\?xml[^>]*\?>")


def _read_html(path: str, max_chars: int) -> tuple[str, None]:
    import lxml.html

    data = Path(path).read_bytes()
    match = _META_CHARSET.search(data[:4096])
    text = None
    if match and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode(match.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_text(data)
    text = _XML_ENCODING.sub("", text)
    if not text.strip():
        return "", None
    # Decoded here, so tell lxml the bytes are UTF-8 whatever the page declares.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    for element in list(root.iter("script", "style", "noscript", "template", "svg")):
        element.drop_tree()
    for element in root.iter(*_HTML_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    return root.text_content(), None


_HTML_BLOCKS = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "tr",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "blockquote",
    "pre",
    "table",
    "caption",
    "figcaption",
    "title",
    "address",
    "td",
    "th",
]


def decode_text(data: bytes) -> str:
    """Decode a text file: byte-order mark, then UTF-8, then a detected charset."""
    decoded = decode_by_byte_order_mark(data)
    if decoded is not None:
        return decoded
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with requests
        best = None
    else:
        # Only the legacy code pages this archive's files come in: Western
        # European for English and French, and Thai (which older Lao files
        # were often typed in). Left open, detection picks e.g. Central
        # European for French text and garbles its accents.
        best = from_bytes(data, cp_isolation=["cp1252", "cp874"]).best()
    if best is not None:
        return str(best)
    return data.decode("utf-8", errors="replace")


_SCAN_READERS = {
    FileKind.PDF: _read_pdf,
    FileKind.PNG: _read_image,
    FileKind.JPEG: _read_image,
    FileKind.TIFF: _read_image,
}
_READERS = {
    FileKind.DOCX: _read_docx,
    FileKind.XLSX: _read_xlsx,
    FileKind.PPTX: _read_pptx,
    FileKind.ODT: _read_odt,
    FileKind.TXT: _read_txt,
    FileKind.HTML: _read_html,
}


# --- What a new file says about itself (the defaults of a new document) ------------

SAMPLE_CHARS = 20_000  # enough to tell Lao from English, quick to read from any file


@dataclass(frozen=True)
class FileSample:
    """The start of a file's text (tidied; "" when unreadable) and the title saved
    inside the file ("" when it has none)."""

    text: str
    title: str


def sample_file(
    path: str | Path,
    kind: FileKind | str,
    *,
    max_chars: int = SAMPLE_CHARS,
    limits: ExtractionLimits | None = None,
) -> FileSample:
    """The first `max_chars` of the text of the file at `path` and its embedded title,
    read in a limited child process like `extract_text`. Never raises: a file that
    cannot be read gives an empty sample."""
    limits = limits or ExtractionLimits.from_settings()
    try:
        outcome = run_limited(
            read_sample,
            str(path),
            FileKind(kind),
            max_chars,
            time_limit=limits.time_limit,
            memory_limit=limits.memory_limit,
        )
    except SandboxError:
        return FileSample("", "")
    text, title = outcome.value
    status, _error = assess_text(text)
    return FileSample(tidy_text(text) if status is ExtractionStatus.DONE else "", title)


def read_sample(path: str, kind: FileKind, max_chars: int) -> tuple[str, str]:
    """(raw text up to `max_chars`, embedded title) without any sandbox; a part that
    cannot be read is "". Called inside the sandbox child; call `sample_file` elsewhere."""
    try:
        title = read_embedded_title(path, kind)
    except MemoryError:
        raise
    except Exception:
        title = ""
    try:
        text = read_text(path, kind, max_chars)[0]
    except MemoryError:
        raise
    except Exception:
        text = ""
    return text, title


def read_embedded_title(path: str, kind: FileKind) -> str:
    """The title saved in the file's own properties (PDF document information, Office
    core properties, OpenDocument metadata), whitespace collapsed; "" if none."""
    reader = _TITLE_READERS.get(FileKind(kind))
    title = reader(path) if reader else ""
    return " ".join(unicodedata.normalize("NFC", title or "").split())


def _pdf_title(path: str) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return document.get_metadata_dict().get("Title", "")
    finally:
        document.close()


_DUBLIN_CORE_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def _xml_member_title(path: str, member: str) -> str:
    from defusedxml import ElementTree

    with zipfile.ZipFile(path) as archive:
        try:
            properties = ElementTree.fromstring(archive.read(member))
        except KeyError:
            return ""
    element = next(properties.iter(_DUBLIN_CORE_TITLE), None)
    return "" if element is None else element.text or ""


def _office_title(path: str) -> str:
    return _xml_member_title(path, "docProps/core.xml")


def _odt_title(path: str) -> str:
    return _xml_member_title(path, "meta.xml")


_TITLE_READERS = {
    FileKind.PDF: _pdf_title,
    FileKind.DOCX: _office_title,
    FileKind.XLSX: _office_title,
    FileKind.PPTX: _office_title,
    FileKind.ODT: _odt_title,
}
