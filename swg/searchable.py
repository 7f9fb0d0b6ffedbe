"""Meetings in search (see search.registry): two records per published meeting.

``page:<id>`` (the portal's page source, which calls `MeetingPage.search_record()`)
holds what the page's `access_level` allows: title, summary, agenda, venue.
``minutes:<id>`` (this module's source) holds minutes, decisions and action items at
the stricter of `access_level` and `minutes_access`, so a public agenda stays findable
while members-only minutes are found only by members. Both leave search at once when
Wagtail privacy is set on the meeting or a page above it (and come back when it goes)."""

from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction

from search.tasks import reindex_later
from swg.models import AccessLevel, MeetingPage

_STRICTNESS = [AccessLevel.PUBLIC, AccessLevel.MEMBERS, AccessLevel.RESTRICTED]


def _stricter(*levels):
    return max(levels, key=_STRICTNESS.index)


def _meetings():
    return (
        MeetingPage.objects.live()
        .public()
        .select_related("working_group", "locale")
        .prefetch_related("action_items")
    )


def _common(meeting):
    group = meeting.working_group
    return {
        "title": meeting.title,
        "doc_type": meeting.meeting_type,
        "date": meeting.start,
        "language": meeting.locale.language_code,
        "locale": meeting.locale.language_code,
        "swg_ids": [group.pk],
        "swg_slugs": [group.slug],
    }


def meeting_record(meeting):
    agenda = [block.value["title"] for block in meeting.agenda]
    return {
        **_common(meeting),
        "key": f"page:{meeting.pk}",
        "kind": "meeting",
        "text": "\n".join([meeting.summary, meeting.venue, meeting.chaired_by, *agenda]),
        "access": meeting.access_level,
        "url": meeting.url,
    }


def minutes_record(meeting):
    if not meeting.minutes and not meeting.decisions and not meeting.minutes_document_id:
        return None
    actions = [
        text
        for item in meeting.action_items.all()
        for text in (item.description, item.responsible_text)
        if text
    ]
    return {
        **_common(meeting),
        "key": f"minutes:{meeting.pk}",
        "kind": "minutes",
        "text": "\n".join([strip_tags(meeting.minutes), strip_tags(meeting.decisions), *actions]),
        "access": _stricter(meeting.access_level, meeting.minutes_access),
        "url": f"{meeting.url}#minutes-heading",
    }


def iter_minutes_records():
    for meeting in _meetings().order_by("pk").iterator(chunk_size=200):
        record = minutes_record(meeting)
        if record is not None:
            yield record


def load_minutes_record(pk):
    meeting = _meetings().filter(pk=pk).first()
    return minutes_record(meeting) if meeting else None


def _reindex_meeting(sender, instance, **kwargs):
    reindex_later([f"minutes:{instance.pk}"])


def _privacy_changed(sender, instance, **kwargs):
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is not None:
        meetings = MeetingPage.objects.filter(path__startswith=path).values_list("pk", flat=True)
        reindex_later(f"minutes:{pk}" for pk in meetings)


def register():
    """Register the minutes source and keep it current on publish, unpublish, delete
    and privacy changes."""
    from wagtail.signals import page_published, page_unpublished

    from search.registry import register_source

    register_source("minutes", iter_records=iter_minutes_records, load=load_minutes_record)
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(_reindex_meeting, sender=MeetingPage, dispatch_uid=f"swg-{signal!r}")
    for signal in (post_save, post_delete):
        signal.connect(
            _privacy_changed, sender=PageViewRestriction, dispatch_uid=f"swg-privacy-{signal!r}"
        )
