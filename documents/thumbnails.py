"""First-page thumbnails of PDFs, when poppler's `pdftoppm` is installed.

pypdf cannot render pages and a fresh machine may lack poppler, so thumbnails are
optional: without `pdftoppm` the archive simply shows none. Rendering runs in a child
process with a time limit; the PNG is kept in storage, named by the file's SHA-256.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile

WIDTH = 160
TIME_LIMIT = 20  # seconds


def renderer() -> str | None:
    """Path of `pdftoppm`, or None when thumbnails cannot be made here."""
    return shutil.which("pdftoppm")


def available() -> bool:
    return renderer() is not None


def storage_name(document) -> str:
    return f"documents/thumbnails/{document.sha256[:32]}-{WIDTH}.png"


def thumbnail(document) -> str | None:
    """Storage name of the document's first-page PNG, made on first use; None if impossible."""
    if document.file_kind != "pdf" or not document.sha256:
        return None
    storage = document.file.storage
    name = storage_name(document)
    if storage.exists(name):
        return name
    program = renderer()
    if program is None:
        return None
    from documents.services import local_copy

    with tempfile.TemporaryDirectory() as folder, local_copy(document.file) as source:
        prefix = Path(folder) / "page"
        try:
            subprocess.run(  # noqa: S603 - fixed program, arguments are paths we made
                [
                    program,
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    "-scale-to",
                    str(WIDTH),
                    source,
                    str(prefix),
                ],
                check=True,
                capture_output=True,
                timeout=TIME_LIMIT,
            )
        except (subprocess.SubprocessError, OSError):
            return None
        png = prefix.with_suffix(".png")
        if not png.is_file():
            return None
        return storage.save(name, ContentFile(png.read_bytes()))
