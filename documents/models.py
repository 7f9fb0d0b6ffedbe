"""The archive's document model: a Wagtail document with the metadata the Round Table
Process needs (SWGs, type, date, language, access level, extracted text), the earlier
files of a document (`DocumentVersion`) and the audit of restricted downloads
(`DownloadLog`)."""

import os
import re
from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet
from wagtail.search import index

from documents.filetypes import EXTENSIONS, MIME_TYPES, FileKind, kind_for_extension
from documents.upload_checks import ACTIVE_CONTENT
from swg.models import AccessLevel


class DocumentType(models.TextChoices):
    MINUTES = "minutes", _("Minutes")
    AGENDA = "agenda", _("Agenda")
    REPORT = "report", _("Report")
    PRESENTATION = "presentation", _("Presentation")
    TERMS_OF_REFERENCE = "tor", _("Terms of reference")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    POLICY = "policy", _("Policy")
    ACTION_PLAN = "action_plan", _("Action plan")
    OTHER = "other", _("Other")


class DocumentLanguage(models.TextChoices):
    LAO = "lo", _("Lao")
    ENGLISH = "en", _("English")
    BOTH = "both", _("Lao and English")


LAO_LETTER = re.compile(r"[\u0e80-\u0eff]")


def _script_language(text):
    return "lo" if LAO_LETTER.search(text) else "en"


class DocumentTitles(NamedTuple):
    title: str
    title_lang: str
    other: str
    other_lang: str


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for text extraction")
    DONE = "done", _("Text extracted")
    EMPTY = "empty", _("No text in file")
    UNREADABLE = "unreadable", _("Text could not be read")
    FAILED = "failed", _("Extraction failed")
    # Pages that are images (scans) and no OCR to read them: the dashboard lists these.
    SCANNED = "scanned", _("Scanned, no text")


FILE_KIND_CHOICES = [(kind.value, kind.value.upper()) for kind in EXTENSIONS]


class PortalDocumentQuerySet(DocumentQuerySet):
    def readable_by(self, user):
        """The documents `user` may read, by the one permission policy (swg.policy)."""
        from swg.policy import readable_q

        q = readable_q(user, swg_field="working_groups")
        if not q:
            return self
        # A document in several SWGs would come back once per SWG from the join.
        return self.filter(pk__in=PortalDocument.objects.filter(q).values("pk"))


class PortalDocument(AbstractDocument):
    working_groups = models.ManyToManyField(
        "swg.SectorWorkingGroup",
        blank=True,
        related_name="documents",
        verbose_name=_("sector working groups"),
    )
    document_type = models.CharField(
        _("document type"), max_length=20, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    document_date = models.DateField(_("document date"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=4,
        choices=DocumentLanguage.choices,
        default=DocumentLanguage.ENGLISH,
    )
    access_level = models.CharField(
        _("access level"), max_length=12, choices=AccessLevel.choices, default=AccessLevel.PUBLIC
    )
    translated_title = models.CharField(_("translated title"), max_length=255, blank=True)
    # The storage keeps an ASCII-safe name (Django drops Lao vowel marks from stored
    # names); readers download the file under the name it was uploaded with.
    original_filename = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    file_kind = models.CharField(
        _("file type"), max_length=12, choices=FILE_KIND_CHOICES, blank=True, editable=False
    )
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, blank=True, db_index=True, editable=False
    )
    page_count = models.PositiveIntegerField(
        pgettext_lazy("document field", "pages"), null=True, blank=True, editable=False
    )
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=12,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
        editable=False,
    )
    extraction_error = models.TextField(_("extraction error"), blank=True, editable=False)
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    # What the upload checks found in a PDF that would run or open something by itself
    # (codes of upload_checks.ACTIVE_CONTENT, comma-separated): such a file is offered
    # as a download only. Empty: checked, nothing found; NULL: never checked (files
    # stored before the check existed: `manage.py inspect_documents`).
    active_content = models.CharField(
        _("active content"),
        max_length=200,
        null=True,
        blank=True,
        editable=False,
        help_text=_("What the file carries that could run by itself when opened."),
    )

    objects = PortalDocumentQuerySet.as_manager()

    admin_form_fields = Document.admin_form_fields + (
        "translated_title",
        "working_groups",
        "document_type",
        "document_date",
        "language",
        "access_level",
    )
    search_fields = AbstractDocument.search_fields + [
        index.SearchField("translated_title"),
        index.FilterField("access_level"),
        index.FilterField("document_type"),
        index.FilterField("language"),
        index.FilterField("extraction_status"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        # The archive's count, years and pages by date or title, answered from the index
        # alone (documents/views.py `_Listing`); without them SQLite reads every row.
        indexes = [
            models.Index(
                fields=["access_level", "document_date", "created_at"],
                name="document_access_date_idx",
            ),
            models.Index(fields=["access_level", "title"], name="document_access_title_idx"),
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        document = super().from_db(db, field_names, values)
        document._stored_file_name = document.__dict__.get("file")
        document._stored_sha256 = document.__dict__.get("sha256")
        return document

    def clean(self):
        """Wagtail's extension check, when there is a file to check. A file the form
        refused (or none at all) was reported by the form, and with no file the check
        would add a second, meaningless error ("extension “” is not allowed"), on a
        field the multiple uploader's form does not have."""
        if self.file:
            super().clean()

    def save(self, *args, **kwargs):
        """Save; when the file is new or replaced, extract its text again (after commit)."""
        file_changed = self.file.name != getattr(self, "_stored_file_name", None)
        if file_changed:
            self.extraction_status = ExtractionStatus.PENDING
            self.extraction_error = ""
            if not self.original_filename:
                self.original_filename = self.filename
            if not self.file_kind:
                self.file_kind = self._sniff_kind()
        super().save(*args, **kwargs)
        self._stored_file_name = self.file.name
        from documents import tasks, thumbnails

        replaced_sha256 = getattr(self, "_stored_sha256", None)
        if replaced_sha256 and replaced_sha256 != self.sha256:
            storage = self.file.storage
            transaction.on_commit(lambda: thumbnails.discard(replaced_sha256, storage))
        self._stored_sha256 = self.sha256

        # Extraction indexes too; otherwise a re-index keeps the search record current.
        tasks.schedule(self.pk, extract=file_changed)

    def _sniff_kind(self):
        from documents.filetypes import DOCUMENT_KINDS, identify

        try:
            with self.open_file() as handle:
                kind = identify(handle)
        except (OSError, ValueError):
            kind = None
        if kind in DOCUMENT_KINDS:
            return kind.value
        guessed = kind_for_extension(os.path.splitext(self.file.name)[1])
        return guessed.value if guessed else ""

    # --- What readers see --------------------------------------------------------

    @property
    def download_name(self):
        """The name the file is offered under: the uploaded one, Lao letters and all."""
        return self.original_filename or self.filename

    @property
    def url(self):
        return reverse("wagtaildocs_serve", args=[self.pk, self.download_name])

    @property
    def content_type(self):
        if self.file_kind in MIME_TYPES:
            return MIME_TYPES[FileKind(self.file_kind)]
        return super().content_type

    def titles_for(self, language):
        """The title a reader of `language` sees first, and the other one, each with
        the `lang` to mark it with ("" where it is the reader's language).

        `translated_title`, where given, is the title in the other language. Which
        language a title is in is read from its script (Lao letters or not), so a
        bilingual document's titles are marked right too."""
        title, other = self.title, self.translated_title
        if other and _script_language(title) != language == _script_language(other):
            title, other = other, title

        def mark(text):
            return "" if not text or _script_language(text) == language else _script_language(text)

        return DocumentTitles(title, mark(title), other, mark(other))

    @property
    def opens_in_browser(self):
        """May the file be shown in the browser? Not a PDF that carries scripts, actions
        or embedded files, nor one never checked for them: those are downloaded."""
        if self.file_kind != FileKind.PDF.value:
            return True
        return self.active_content == ""

    def active_content_labels(self):
        """What the PDF carries that made it a download only, in the reader's language."""
        codes = [code for code in (self.active_content or "").split(",") if code]
        if self.file_kind == FileKind.PDF.value and self.active_content is None:
            return [str(_("not yet checked for scripts and actions"))]
        return [str(ACTIVE_CONTENT.get(code, code)) for code in codes]

    @property
    def file_type_label(self):
        return (self.file_kind or self.file_extension).upper()

    def swg_ids(self):
        """Ids of the document's SWGs (uses a prefetch of `working_groups` if there is one)."""
        return [group.pk for group in self.working_groups.all()]

    def is_readable_by(self, user):
        from swg.policy import can_read

        return can_read(user, self.access_level, self.swg_ids())

    # --- Search (search.registry's "searchable" protocol) -------------------------

    def search_key(self):
        return f"document:{self.pk}"

    def search_record(self):
        groups = list(self.working_groups.all())
        return {
            "key": self.search_key(),
            "kind": "document",
            "title": self.title,
            "title_alt": self.translated_title,
            "text": self.extracted_text,
            "doc_type": self.document_type,
            "date": self.document_date or self.created_at,
            "language": self.language,
            "access": self.access_level,
            "url": self.url,
            "swg_ids": [group.pk for group in groups],
            "swg_slugs": [group.slug for group in groups],
        }


def _version_upload_to(instance, filename):
    return f"documents/versions/{filename}"


class DocumentVersion(models.Model):
    """A file a document held before it was replaced; readable by the document's readers."""

    document = models.ForeignKey(
        PortalDocument,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("document"),
    )
    file = models.FileField(_("file"), upload_to=_version_upload_to, max_length=255)
    original_filename = models.CharField(_("file name"), max_length=255, blank=True)
    file_kind = models.CharField(
        _("file type"), max_length=12, choices=FILE_KIND_CHOICES, blank=True
    )
    file_size = models.PositiveBigIntegerField(_("size"), null=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True)
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("replaced by"),
    )

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")

    def __str__(self):
        return f"{self.document_id}: {self.download_name} ({self.replaced_at:%Y-%m-%d})"

    @property
    def download_name(self):
        return self.original_filename or os.path.basename(self.file.name)

    @property
    def url(self):
        return reverse("document_version", args=[self.document_id, self.pk, self.download_name])

    @property
    def content_type(self):
        if self.file_kind in MIME_TYPES:
            return MIME_TYPES[FileKind(self.file_kind)]
        return "application/octet-stream"


class DownloadLog(models.Model):
    """One download of restricted material: who took which file, when."""

    document = models.ForeignKey(
        PortalDocument,
        on_delete=models.CASCADE,
        related_name="download_log",
        verbose_name=_("document"),
    )
    version = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("earlier version"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    access_level = models.CharField(_("access level"), max_length=12, choices=AccessLevel.choices)
    via = models.CharField(_("via"), max_length=20, default="file")
    downloaded_at = models.DateTimeField(_("downloaded at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-downloaded_at", "-pk"]
        verbose_name = _("download record")
        verbose_name_plural = _("download records")

    def __str__(self):
        return f"{self.document_id} by {self.user_id} at {self.downloaded_at:%Y-%m-%d %H:%M}"


def content_disposition(disposition, filename):
    """A Content-Disposition value any browser reads right, for Lao names too (RFC 6266)."""
    stem, extension = os.path.splitext(filename)
    ascii_stem = stem.encode("ascii", "ignore").decode().strip(" ._") or "document"
    fallback = (ascii_stem + extension.encode("ascii", "ignore").decode()).replace('"', "")
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in "\\;" else "_" for ch in fallback)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
