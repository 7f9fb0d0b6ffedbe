"""The archive's document model: a Wagtail document with the metadata the Round Table
Process needs (SWGs, type, date, language, access level, extracted text)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document

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


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for text extraction")
    DONE = "done", _("Text extracted")
    EMPTY = "empty", _("No text in file")
    UNREADABLE = "unreadable", _("Text could not be read")
    FAILED = "failed", _("Extraction failed")


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
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, blank=True, db_index=True, editable=False
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
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

    admin_form_fields = Document.admin_form_fields + (
        "translated_title",
        "working_groups",
        "document_type",
        "document_date",
        "language",
        "access_level",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
