"""`manage.py inspect_documents [--all]`: check stored PDFs for active content.

Uploads are checked for scripts, actions and embedded files as they arrive
(`documents.upload_checks.pdf_active_content`); PDFs stored before that check existed
have never been, and are offered as downloads only until they are. This command runs
the same check, in the same sandbox, on every such PDF (with --all: on every PDF) and
records the result on the document. Run it once after upgrading; it can run again.
"""

from django.core.management.base import BaseCommand

from documents.models import PortalDocument
from documents.upload_checks import UploadLimits, inspect_pdf_file


def inspect_stored_pdf(document: PortalDocument, time_limit: float) -> str:
    """Check the document's stored PDF and record what it carries; return the record."""
    try:
        with document.file.storage.open(document.file.name, "rb") as handle:
            verdict, found = inspect_pdf_file(handle, time_limit)
    except OSError:
        verdict, found = "missing", ()
    # A stored file that no longer opens cannot be vouched for: download only.
    recorded = ",".join(found) if verdict == "ok" else "uninspected"
    PortalDocument.objects.filter(pk=document.pk).update(active_content=recorded)
    return recorded


class Command(BaseCommand):
    help = (
        "Check stored PDFs never checked for scripts, actions and embedded files "
        "(--all: every PDF) and record what each carries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="check every PDF again")

    def handle(self, *args, all, **options):
        documents = PortalDocument.objects.filter(file_kind="pdf").order_by("pk")
        if not all:
            documents = documents.filter(active_content__isnull=True)
        time_limit = UploadLimits.from_settings().pdf_check_time_limit
        checked = flagged = 0
        for document in documents.only("pk", "file", "title").iterator():
            recorded = inspect_stored_pdf(document, time_limit)
            checked += 1
            if recorded:
                flagged += 1
                self.stdout.write(f"{document.pk} {document.title}: download only ({recorded})")
        self.stdout.write(
            self.style.SUCCESS(f"{checked} PDFs checked, {flagged} offered as downloads only.")
        )
