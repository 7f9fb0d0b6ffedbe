"""`manage.py extract_text [--status scanned] [--id N ...]`

Reads the text of archived documents again and re-indexes them: all of them, those
with one extraction status, or some by id. After installing OCR (the ``ocr`` extra and
Tesseract), ``--status scanned`` reads the scans that were marked "scanned, no text".
Prints one line per document and a count per resulting status.
"""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from documents import ocr, services
from documents.models import ExtractionStatus, PortalDocument


class Command(BaseCommand):
    help = "Extract the text of archived documents again (--status scanned: after installing OCR)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--status",
            choices=ExtractionStatus.values,
            help="only documents whose extraction ended with this status",
        )
        parser.add_argument("--id", type=int, nargs="+", dest="ids", help="only these documents")

    def handle(self, *args, status=None, ids=None, **options):
        documents = PortalDocument.objects.order_by("pk")
        if status:
            documents = documents.filter(extraction_status=status)
        if ids:
            documents = documents.filter(pk__in=ids)
            missing = set(ids) - set(documents.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no such document: {', '.join(map(str, sorted(missing)))}")
        if status == ExtractionStatus.SCANNED and not ocr.available():
            self.stderr.write(f"OCR is not available here ({ocr.unavailable_reason()}).")
        outcome = Counter()
        for pk, title in documents.values_list("pk", "title"):
            result = services.extract_and_index(pk)
            outcome[result] += 1
            self.stdout.write(f"{pk} {title}: {ExtractionStatus(result).label}")
        summary = ", ".join(f"{ExtractionStatus(s).label}: {n}" for s, n in sorted(outcome.items()))
        self.stdout.write(f"{sum(outcome.values())} documents read again. {summary}")
