"""Multi-step writes of the archive, as plain functions with explicit arguments.

`store_document` is the one way a file enters the archive outside the Wagtail admin
(the import command, the demo); the admin's document form runs the same checks
(`check_file`, `find_duplicate`, `storage_name`) and the same extraction task.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from documents import describe, tasks, thumbnails
from documents.extraction import ExtractionResult, extract_text, sample_file
from documents.filetypes import DOCUMENT_KINDS, FileKind
from documents.models import (
    DocumentLanguage,
    DocumentType,
    DocumentVersion,
    DownloadLog,
    ExtractionStatus,
    PortalDocument,
)
from documents.upload_checks import CheckedFile, UploadRejected, check_upload
from swg.models import AccessLevel


class DuplicateDocument(Exception):
    """The archive holds this file already (same SHA-256)."""

    def __init__(self, existing: PortalDocument, checked: CheckedFile):
        super().__init__(f"duplicate of document {existing.pk}")
        self.existing = existing
        self.checked = checked


def max_upload_size() -> int:
    return settings.WAGTAILDOCS_MAX_UPLOAD_SIZE


def check_file(name: str, fileobj) -> CheckedFile:
    """Run the upload checks with the configured size limit; raises `UploadRejected`."""
    return check_upload(name, fileobj, max_size=max_upload_size())


def active_content_of(checked: CheckedFile) -> str:
    """What `PortalDocument.active_content` records for a checked file."""
    return ",".join(checked.active_content)


def find_duplicate(sha256: str, *, exclude_pk=None) -> PortalDocument | None:
    """The oldest document holding a file with this SHA-256, if any."""
    documents = PortalDocument.objects.filter(sha256=sha256)
    if exclude_pk is not None:
        documents = documents.exclude(pk=exclude_pk)
    return documents.order_by("pk").first()


def storage_name(checked: CheckedFile) -> str:
    """A short ASCII name for storage; the uploaded name is kept in `original_filename`.

    Django's storage drops Lao vowel marks from names and the file column holds 100
    characters, so the stored name is a slug of the Latin part plus a hash prefix.
    """
    stem, extension = os.path.splitext(checked.name)
    slug = slugify(stem)[:40].strip("-") or "document"
    return f"{slug}-{checked.sha256[:10]}{extension.lower()}"


@dataclass(frozen=True)
class FileDefaults:
    """What a new document is called and which language it is in, until someone says."""

    title: str
    language: str


def defaults_for_upload(upload, checked: CheckedFile) -> FileDefaults:
    """The default title and language of the uploaded file `upload` that passed the
    checks as `checked` (see documents.describe); reads the start of its text and its
    own properties in the extraction sandbox."""
    with upload_path(upload, checked) as path:
        sample = sample_file(path, checked.kind)
    title = describe.default_title(checked.name, sample.title)
    return FileDefaults(title, describe.detect_language(sample.text, title))


@contextlib.contextmanager
def upload_path(upload, checked: CheckedFile):
    """A path on disk holding the uploaded file (Django keeps small uploads in memory)."""
    temporary_path = getattr(upload, "temporary_file_path", None)
    if temporary_path is not None:
        yield temporary_path()
        return
    suffix = os.path.splitext(checked.name)[1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        upload.seek(0)
        shutil.copyfileobj(upload, copy)
        copy.flush()
        upload.seek(0)
        yield copy.name


def _collection_for(swgs):
    for group in swgs:
        if group.collection_id:
            return group.collection
    return None


@dataclass(frozen=True)
class PreparedFile:
    """A file checked, its text read and (a PDF) its thumbnail drawn, not yet stored."""

    checked: CheckedFile
    extraction: ExtractionResult


def prepare_file(path, name: str) -> PreparedFile:
    """Check the file at `path`, read its text and render a PDF's first page.

    Every parser runs in a sandbox child and nothing touches the database or storage,
    so several files can be prepared at once in threads (`prepare_files`) while one
    thread stores them. Raises `UploadRejected`.
    """
    with open(path, "rb") as handle:
        checked = check_file(name, handle)
    return PreparedFile(checked, extract_text(path, checked.kind, thumbnail=thumbnails.SIZE))


def prepare_files(files: Iterable[tuple], *, workers: int) -> Iterator[Future]:
    """`prepare_file(path, name)` for each `(path, name)`, `workers` at a time.

    Yields the futures in the order of `files`; `future.result()` is the
    `PreparedFile` or raises what `prepare_file` raised.
    """
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        pending: deque[Future] = deque()
        for path, name in files:
            pending.append(pool.submit(prepare_file, path, name))
            if len(pending) > 2 * workers:
                yield pending.popleft()
        while pending:
            yield pending.popleft()


def store_document(
    fileobj,
    *,
    name: str,
    swgs,
    title: str = "",
    translated_title: str = "",
    document_type: str = DocumentType.OTHER,
    document_date=None,
    language: str = DocumentLanguage.ENGLISH,
    access_level: str = AccessLevel.PUBLIC,
    uploaded_by=None,
    collection=None,
    allow_duplicate: bool = False,
    extract: str = "now",
    prepared: PreparedFile | None = None,
) -> PortalDocument:
    """Check, store, extract and index one file as a new document; all or nothing.

    Raises `UploadRejected` (the file is refused) or `DuplicateDocument` (the archive
    holds it already) before anything is written. `extract`: "now" extracts the text
    and indexes the document before returning, "queue" leaves both to a task, "none"
    to the caller (`read_text` + `save_extraction`). With `prepared` (`prepare_file`
    on the same bytes) the checks, text and thumbnail made there are used instead.
    If any step fails, the row and the stored file are removed again.
    """
    swgs = list(swgs)
    checked = prepared.checked if prepared is not None else check_file(name, fileobj)
    if not allow_duplicate:
        existing = find_duplicate(checked.sha256)
        if existing is not None:
            raise DuplicateDocument(existing, checked)
    document = PortalDocument(
        title=title or describe.readable_title(checked.name),
        translated_title=translated_title,
        document_type=document_type,
        document_date=document_date,
        language=language,
        access_level=access_level,
        uploaded_by_user=uploaded_by,
        original_filename=checked.name,
        file_kind=checked.kind.value,
        sha256=checked.sha256,
        file_size=checked.size,
        active_content=active_content_of(checked),
    )
    collection = collection or _collection_for(swgs)
    if collection is not None:
        document.collection = collection
    stored = None
    try:
        with tasks.paused(), transaction.atomic():
            fileobj.seek(0)
            document.file.save(storage_name(checked), File(fileobj), save=False)
            stored = document.file.name
            document._set_file_hash()
            document.full_clean(exclude=["file", "collection"])
            document.save()
            document.working_groups.set(swgs)
        if prepared is not None:
            save_extraction(document, prepared.extraction)
            keep_thumbnail(document, prepared.extraction)
        elif extract == "now":
            extract_and_index(document.pk)
        elif extract == "queue":
            tasks.schedule(document.pk, extract=True)
    except BaseException:
        if document.pk is not None:
            PortalDocument.objects.filter(pk=document.pk).delete()
        if stored:
            document.file.storage.delete(stored)
            thumbnails.discard(checked.sha256, document.file.storage)
        raise
    document.refresh_from_db()
    return document


@transaction.atomic
def keep_version(document: PortalDocument, *, by=None) -> DocumentVersion | None:
    """Record the file `document` holds in the database as an earlier version.

    Call before saving a replacement file; the stored file stays where it is.
    """
    current = (
        PortalDocument.objects.filter(pk=document.pk)
        .values("file", "original_filename", "file_kind", "file_size", "sha256", "created_at")
        .first()
    )
    if not current or not current["file"]:
        return None
    last = document.versions.order_by("-replaced_at").values_list("replaced_at", flat=True)
    return DocumentVersion.objects.create(
        document=document,
        file=current["file"],
        original_filename=current["original_filename"] or os.path.basename(current["file"]),
        file_kind=current["file_kind"],
        file_size=current["file_size"],
        sha256=current["sha256"],
        uploaded_at=last.first() or current["created_at"],
        replaced_by=by,
    )


def replace_file(document: PortalDocument, fileobj, *, name: str, by=None) -> PortalDocument:
    """Give `document` a new file, keeping the old one as a version; re-extracts the text."""
    checked = check_file(name, fileobj)
    stored = None
    try:
        with transaction.atomic():
            keep_version(document, by=by)
            fileobj.seek(0)
            document.file.save(storage_name(checked), File(fileobj), save=False)
            stored = document.file.name
            document._set_file_hash()
            document.original_filename = checked.name
            document.file_kind = checked.kind.value
            document.sha256 = checked.sha256
            document.file_size = checked.size
            document.active_content = active_content_of(checked)
            document.save()
    except BaseException:
        if stored:
            document.file.storage.delete(stored)
        raise
    return document


# --- Extraction and indexing -------------------------------------------------------


@contextlib.contextmanager
def local_copy(field_file):
    """A path on disk for a stored file, copying it from remote storage if need be."""
    try:
        path = field_file.path
    except NotImplementedError:
        path = None
    if path:
        yield path
        return
    suffix = os.path.splitext(field_file.name)[1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        with field_file.storage.open(field_file.name, "rb") as source:
            shutil.copyfileobj(source, copy)
        copy.flush()
        yield copy.name


def read_text(document: PortalDocument, *, thumbnail=None) -> ExtractionResult:
    """Run the sandboxed extraction on a document's current file (no database writes).

    `thumbnail`: see `extraction.extract_text`."""
    kind = document.file_kind
    if kind not in {k.value for k in DOCUMENT_KINDS}:
        return ExtractionResult("", None, ExtractionStatus.FAILED, str(_("Unknown file type.")))
    try:
        with local_copy(document.file) as path:
            return extract_text(path, FileKind(kind), thumbnail=thumbnail)
    except OSError as error:
        return ExtractionResult(
            "", None, ExtractionStatus.FAILED, f"{_('The file is missing.')} ({error.strerror})"
        )


def extract_and_index(document_id: int) -> str:
    """Extract a document's text, store it with status and page count, index it, and
    render a PDF's thumbnail.

    Returns the extraction status ("gone" when the document no longer exists).
    """
    document = PortalDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    result = read_text(document, thumbnail=thumbnails.SIZE)
    save_extraction(document, result)
    # Drawn here, by the worker, so listings never wait for it.
    keep_thumbnail(document, result)
    return str(result.status)


def keep_thumbnail(document: PortalDocument, result: ExtractionResult) -> None:
    """Store the thumbnail (or why there is none) that reading a PDF's text drew."""
    if result.thumbnail is not None or result.thumbnail_problem:
        thumbnails.keep(
            document.sha256, document.file.storage, result.thumbnail, result.thumbnail_problem
        )


def save_extraction(document: PortalDocument, result: ExtractionResult) -> None:
    """Store what `read_text` found, then index the document."""
    # Only if the file is still the one that was read: a replacement queues its own run.
    PortalDocument.objects.filter(pk=document.pk, file=document.file.name).update(
        extracted_text=result.text,
        page_count=result.page_count,
        extraction_status=str(result.status),
        extraction_error=result.error,
    )
    index_document(document.pk)


def index_document(document_id: int) -> bool:
    """Upsert the document's search record, or remove it if the document is gone."""
    from search import service

    document = (
        PortalDocument.objects.filter(pk=document_id).prefetch_related("working_groups").first()
    )
    if document is None:
        service.remove(f"document:{document_id}")
        return False
    service.sync(document)
    return True


# --- Downloads ----------------------------------------------------------------------


def record_download(document: PortalDocument, *, user, version=None, via="file") -> None:
    """Count a download; keep an audit row when the material is restricted."""
    PortalDocument.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)
    if document.access_level == AccessLevel.RESTRICTED:
        DownloadLog.objects.create(
            document=document,
            version=version,
            user=user if user.is_authenticated else None,
            access_level=document.access_level,
            via=via,
        )


__all__ = [
    "DuplicateDocument",
    "FileDefaults",
    "PreparedFile",
    "UploadRejected",
    "check_file",
    "defaults_for_upload",
    "extract_and_index",
    "find_duplicate",
    "index_document",
    "keep_version",
    "prepare_file",
    "prepare_files",
    "record_download",
    "replace_file",
    "store_document",
]


def delete_document(document: PortalDocument) -> None:
    """Remove a document, its search record, earlier versions and stored files."""
    name, storage = document.file.name, document.file.storage
    document.delete()
    if name:
        storage.delete(name)
