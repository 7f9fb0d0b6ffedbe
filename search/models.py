"""Denormalised search records: one row per searchable page or document.

The row is the source of truth for every backend. The SQLite backend keeps an FTS5
index over it (external content, kept in sync by triggers); the PostgreSQL backend a
generated ``tsvector`` column with a GIN index; Elasticsearch gets copies. Both SQL
structures are created by migration ``0002`` on their own database vendor only.

Careful with schema changes: on SQLite, Django alters a column by rebuilding the
table, which drops the FTS triggers of migration ``0002``; a migration that alters a
SearchRecord column must recreate them and run the FTS ``rebuild`` command.

``title``, ``title_alt`` and ``text`` hold *marked* text (``search.text.mark``): the
normalised text with invisible word and syllable marks inside Lao runs. Where
normalisation changed the spelling (an old spelling folded to the new one),
``originals`` keeps what was written, so titles and snippets show the text as written
(``search.text.display``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from search.text import display


class Access(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members")
    RESTRICTED = "restricted", _("Restricted")


class Language(models.TextChoices):
    LAO = "lo", _("Lao")
    ENGLISH = "en", _("English")
    BOTH = "both", _("Lao and English")


class SearchRecord(models.Model):
    key = models.CharField(max_length=100, unique=True, help_text="e.g. page:12, document:5")
    kind = models.CharField(max_length=40, db_index=True)
    title = models.TextField()
    title_alt = models.TextField(blank=True, default="")
    text = models.TextField(blank=True, default="")
    doc_type = models.CharField(max_length=40, blank=True, default="", db_index=True)
    date = models.DateField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=4, choices=Language.choices, blank=True, default="")
    access = models.CharField(max_length=12, choices=Access.choices, default=Access.PUBLIC)
    url = models.TextField()  # percent-encoded Lao file names make long URLs
    locale = models.CharField(max_length=10, blank=True, default="")
    swg_ids = models.JSONField(default=list, blank=True)
    swg_slugs = models.JSONField(default=list, blank=True)
    # {"title": [[start, length, written], ...], "title_alt": ..., "text": ...}, or
    # null when nothing was respelled (most records). Nullable so that adding it
    # did not rebuild the table (and drop the full-text triggers) on SQLite.
    originals = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["access"], name="search_record_access"),
            # Lets SQLite filter and facet matches without reading the long texts
            # (see search.backends.sqlite).
            models.Index(
                fields=["id", "access", "kind", "doc_type", "date", "language"],
                name="search_record_covering",
            ),
        ]

    def __str__(self):
        return self.key

    @property
    def display_title(self) -> str:
        return self.shown("title")

    def shown(self, name: str) -> str:
        """A text field as it was written (marks removed, original spelling)."""
        return display(getattr(self, name), (self.originals or {}).get(name, ()))


class SearchRecordSWG(models.Model):
    """Which SWGs a record belongs to, as rows so SQL can filter and facet on them."""

    record = models.ForeignKey(SearchRecord, on_delete=models.CASCADE, related_name="swgs")
    swg_id = models.PositiveIntegerField()
    slug = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "swg_id"], name="search_record_swg_unique")
        ]
        indexes = [models.Index(fields=["swg_id", "record"], name="search_swg_record")]

    def __str__(self):
        return f"{self.record_id}:{self.swg_id}"
