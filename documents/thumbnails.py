"""First-page thumbnails of PDFs, rendered by PDFium (pypdfium2, a plain pip dependency).

Rendering runs in the extraction sandbox (`extraction.run_limited`): a child process
with the extraction's memory limit and a time limit no longer than the extraction's,
so a hostile PDF costs one child, never the site. The WebP is kept in storage, named
by the file's SHA-256, so a replaced file gets a new thumbnail and an unchanged one is
never rendered twice. A PDF that cannot be rendered leaves a small marker instead, so
requests for its thumbnail do not start a child each time.

Serving goes through `documents.views.serve_thumbnail`, which asks the permission
policy first; the storage names are never linked.
"""

from __future__ import annotations

import io
import logging

from django.core.files.base import ContentFile

from documents.extraction import ExtractionLimits, SandboxError, run_limited

logger = logging.getLogger(__name__)

WIDTH = 160  # pixels; shown at 64 CSS pixels, so sharp on screens up to 2.5x
MAX_HEIGHT = 4 * WIDTH  # a page drawn as a ribbon must not become a huge bitmap
TIME_LIMIT = 15  # seconds at most, even if extraction may take longer
SIZE = (WIDTH, MAX_HEIGHT)  # what `extraction.extract_text(..., thumbnail=SIZE)` draws
CONTENT_TYPE = "image/webp"
FOLDER = "documents/thumbnails"


def storage_name(sha256: str) -> str:
    return f"{FOLDER}/{sha256[:32]}-{WIDTH}.webp"


def _failure_name(sha256: str) -> str:
    return f"{FOLDER}/{sha256[:32]}-{WIDTH}.failed"


def thumbnail(document) -> str | None:
    """Storage name of the document's first-page thumbnail, made on first use.

    None for files that are not PDFs or whose first page could not be rendered.
    """
    if document.file_kind != "pdf" or not document.sha256:
        return None
    storage = document.file.storage
    name = storage_name(document.sha256)
    if storage.exists(name):
        return name
    if storage.exists(_failure_name(document.sha256)):
        return None
    from documents.services import local_copy

    try:
        with local_copy(document.file) as path:
            image, reason = render(path)
    except OSError as error:
        image, reason = None, str(error)
    return keep(document.sha256, storage, image, reason)


def render(path) -> tuple[bytes | None, str]:
    """(WebP, "") of the PDF at `path` rendered in the sandbox, or (None, why not).

    Touches neither storage nor the database, so it may run in any thread.
    """
    limits = ExtractionLimits.from_settings()
    try:
        outcome = run_limited(
            render_first_page,
            str(path),
            WIDTH,
            MAX_HEIGHT,
            time_limit=min(TIME_LIMIT, limits.time_limit),
            memory_limit=limits.memory_limit,
        )
    except SandboxError as error:
        return None, error.message
    return outcome.value, ""


def keep(sha256: str, storage, image: bytes | None, reason: str = "") -> str | None:
    """Store what `render` made for the file `sha256`: the thumbnail, or a failure marker."""
    name = storage_name(sha256)
    if image is None:
        logger.warning("no thumbnail for the file %s: %s", sha256[:12], reason)
        failed = _failure_name(sha256)
        if not storage.exists(failed):
            storage.save(failed, ContentFile(reason.encode()))
        return None
    if storage.exists(name):  # rendered by another request meanwhile
        return name
    return storage.save(name, ContentFile(image))


def discard(sha256: str, storage) -> None:
    """Delete the thumbnail (or failure marker) of a file no document holds any more."""
    from documents.models import PortalDocument

    if not sha256 or PortalDocument.objects.filter(sha256=sha256).exists():
        return
    for name in (storage_name(sha256), _failure_name(sha256)):
        storage.delete(name)


def render_first_page(path: str, width: int, max_height: int) -> bytes:
    """WebP of page 1 of the PDF at `path`, `width` pixels wide (runs in the sandbox child)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        page = document[0]
        page_width, page_height = page.get_size()
        if page_width <= 0 or page_height <= 0:
            raise ValueError("the first page has no size")
        scale = min(width / page_width, max_height / page_height)
        image = page.render(scale=scale, may_draw_forms=False).to_pil()
        page.close()
    finally:
        document.close()
    output = io.BytesIO()
    image.convert("RGB").save(output, "WEBP", quality=75, method=4)
    return output.getvalue()
