"""Text of scanned pages, read by Tesseract with its Lao and English models.

An optional extra (``pip install -e '.[ocr]'`` for pytesseract, and the Debian
packages ``tesseract-ocr`` and ``tesseract-ocr-lao``). The extraction sandbox
(documents/extraction.py) calls it, inside its time- and memory-limited child, for
PDF pages without a text layer and for PNG, JPEG and TIFF scans. Without it those
pages stay without text and the document is marked "scanned, no text".

pytesseract rather than ocrmypdf: the portal needs the text of a page, not a new PDF
with a text layer; pytesseract runs the ``tesseract`` program on one image at a time
with a timeout, which fits the sandbox (one child, its limits inherited by the
program), while the pages are drawn by PDFium, already used for text and thumbnails.
ocrmypdf would add Ghostscript, pikepdf and its own pool of worker processes, write a
second PDF and still need that PDF read again.
"""

from __future__ import annotations

import functools
import os
import shutil

LANGUAGES = ("lao", "eng")
# Scans are drawn at this resolution for Tesseract (its models are trained near it).
DPI = 300


@functools.cache
def unavailable_reason() -> str:
    """Why OCR cannot run here ("" when it can): pytesseract, the program or a model missing."""
    try:
        import pytesseract
    except ImportError:
        return "pytesseract is not installed"
    if not shutil.which(pytesseract.pytesseract.tesseract_cmd):
        return "the tesseract program is not installed"
    try:
        installed = set(pytesseract.get_languages(config=""))
    except Exception as error:  # noqa: BLE001 - any failure means no OCR
        return f"tesseract does not run ({type(error).__name__})"
    missing = [language for language in LANGUAGES if language not in installed]
    if missing:
        return f"the tesseract language data is missing: {', '.join(missing)}"
    return ""


def available() -> bool:
    """True when scanned pages can be read here."""
    return not unavailable_reason()


def image_text(image, timeout: float) -> str:
    """The text Tesseract reads in a PIL image (Lao and English), within ``timeout`` s.

    Raises RuntimeError when Tesseract runs out of time."""
    import pytesseract

    # Tesseract's own threads would compete with the other extraction children.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    # --psm 3: find the blocks and lines of a page by itself.
    return pytesseract.image_to_string(
        image, lang="+".join(LANGUAGES), config="--psm 4", timeout=max(1, int(timeout))
    )
