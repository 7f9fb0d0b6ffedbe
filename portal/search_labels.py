"""Labels in the reader's language for the values search stores as keys: SWG slugs,
document types and kinds of page (the search app knows none of these models)."""

from django.utils.translation import gettext_lazy as _

from documents.models import DocumentLanguage, DocumentType
from swg.models import SectorWorkingGroup
from swg.models.events import EventType
from swg.models.meetings import MeetingType

KIND_LABELS = {
    "page": _("Page"),
    "news": _("News"),
    "meeting": _("Meeting"),
    "minutes": _("Minutes"),
    "space": _("Sector Working Group"),
    "document": _("Document"),
    "contacts": _("Contacts"),
}


def facet_labels(facet, values):
    """{value: label} for the values of one facet (what SEARCH_FACET_LABELS names)."""
    if facet == "swg":
        groups = SectorWorkingGroup.objects.filter(slug__in=values).only(
            "slug", "name_en", "name_lo"
        )
        return {group.slug: group.name for group in groups}
    if facet == "type":
        # Documents carry their document type; meetings and events their own type.
        return {
            **KIND_LABELS,
            **dict(MeetingType.choices),
            **dict(EventType.choices),
            **dict(DocumentType.choices),
        }
    if facet == "language":
        return dict(DocumentLanguage.choices)
    return {}
