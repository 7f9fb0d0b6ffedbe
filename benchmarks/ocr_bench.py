"""OCR quality on Lao: character error rate of pages rendered from known text.

    .venv/bin/python benchmarks/ocr_bench.py [--articles 6] [--font PATH.ttf]

Needs the ``ocr`` extra and Tesseract with its Lao and English models (Debian:
``tesseract-ocr tesseract-ocr-lao``). Each page holds UDHR articles in Lao (and one
page in English), set in Noto Sans Lao at 12 pt and drawn at 300 dpi the way a scan
arrives (``documents.samples.render_scan``): once clean, once tilted, blurred and
speckled like a photocopy scanned again. Each page is read as the portal reads it
(``documents.ocr.image_text``), through a scanned PDF in the extraction sandbox for
the first page, and compared with its text:

- CER: edit distance / length of the reference, over the letters only (spaces and
  line breaks ignored: Lao separates phrases, not words, and a page's line breaks are
  not the text's), after the portal's spelling fold (so OCR writing ໍາ for ຳ is no
  error, as it is none for search);
- found: the share of the reference's words (ICU, as search splits them) that a
  search finds in the OCR text, by syllables as the portal matches.

Text: the Universal Declaration of Human Rights, "UDHR in XML" collection
(github.com/eric-muller/udhr); the Lao version came to that collection from the UN
Office of the High Commissioner for Human Rights via the Language Observatory.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def letters(text: str) -> str:
    from search.text import normalize

    return "".join(normalize(text).split())


def character_error_rate(reference: str, recognised: str) -> float:
    """Edit distance over the letters of both texts / letters of the reference."""
    ref, hyp = letters(reference), letters(recognised)
    return edit_distance(ref, hyp) / max(len(ref), 1)


def words_found(reference: str, recognised: str) -> float:
    """Share of the reference's distinct words found in the OCR text by syllables."""
    from search.text import syllables, tokens

    hyp = syllables(recognised)
    words = sorted(set(tokens(reference)))
    found = 0
    for word in words:
        syl = syllables(word)
        found += any(hyp[i : i + len(syl)] == syl for i in range(len(hyp) - len(syl) + 1))
    return found / max(len(words), 1)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=6, help="Lao pages of 3 articles each")
    parser.add_argument(
        "--font", type=Path, help="a Lao font to set the pages in (default: Noto Sans Lao)"
    )
    args = parser.parse_args(argv)
    setup_django()
    from documents import ocr, samples
    from documents.extraction import extract_text
    from portal.demo.texts import udhr_articles

    if args.font:
        samples.LAO_FONT = args.font
    print(f"font: {samples.LAO_FONT.name}; OCR languages: {'+'.join(ocr.LANGUAGES)}")

    if not ocr.available():
        sys.exit(f"OCR is not available here: {ocr.unavailable_reason()}")
    lao = [text for _, text in udhr_articles("lo")]
    pages = [lao[i : i + 3] for i in range(0, 3 * args.articles, 3)]
    english = [[text for _, text in udhr_articles("en")[:3]]]

    # The first page the way the portal reads it: a scanned PDF in the sandbox.
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(samples.make_scanned_pdf(pages[:1]))
        pdf.flush()
        started = time.perf_counter()
        result = extract_text(pdf.name, "pdf")
        seconds = time.perf_counter() - started
    reference = "\n".join(pages[0])
    print(
        f"scanned PDF, 1 page, through the sandbox: {result.status}, {seconds:.1f} s, "
        f"CER {character_error_rate(reference, result.text):.3f}, "
        f"words found {words_found(reference, result.text):.3f}"
    )
    for label, degrade in (("clean scan", False), ("photocopied scan", True)):
        for language, group in (("Lao", pages), ("English", english)):
            errors = chars = 0
            found, took = [], 0.0
            for paragraphs in group:
                reference = "\n".join(paragraphs)
                image = samples.render_scan(paragraphs, degrade=degrade)
                started = time.perf_counter()
                text = ocr.image_text(image, timeout=120)
                took += time.perf_counter() - started
                errors += edit_distance(letters(reference), letters(text))
                chars += len(letters(reference))
                found.append(words_found(reference, text))
            print(
                f"{label}, {language}, {len(group)} pages, {chars} letters: "
                f"CER {errors / chars:.3f}, words found {sum(found) / len(found):.3f}, "
                f"{took / len(group):.1f} s per page"
            )


if __name__ == "__main__":
    main()
