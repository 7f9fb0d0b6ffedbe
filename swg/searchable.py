"""Meetings and contact lists in search (see search.registry).

Two records per published meeting. ``page:<id>`` (the portal's page source, which
calls `MeetingPage.search_record()`) holds what the page's `access_level` allows:
title, summary, agenda, venue. ``minutes:<id>`` (this module's source) holds minutes,
decisions, action items and attendance (names and organisations) at the stricter of
`access_level` and `minutes_access`, so a public agenda stays findable while
members-only minutes are found only by members. Both leave search at once when Wagtail
privacy is set on the meeting or a page above it (and come back when it goes).

One record per published space: ``contacts:<space id>``, the space's contact list as
its public page shows it -- names, job titles and organisations (both names and the
acronym), never e-mail addresses or phone numbers -- kept current when a person, a
role or an organisation changes (`search.model_sources.follow`).
"""

from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.model_sources import follow, register_rows
from search.tasks import reindex_later
from swg.models import AccessLevel, ContactRole, MeetingPage, Organisation, Person, SpacePage

_STRICTNESS = [AccessLevel.PUBLIC, AccessLevel.MEMBERS, AccessLevel.RESTRICTED]


def _stricter(*levels):
    return max(levels, key=_STRICTNESS.index)


def _meetings():
    return (
        MeetingPage.objects.live()
        .public()
        .select_related("working_group", "locale")
        .prefetch_related(
            "action_items", "attendance__person__organisation", "attendance__organisation"
        )
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


def _attendance(meeting):
    """Who attended and for which organisation, as the meeting page lists them."""
    lines = []
    for row in meeting.attendance.all():
        organisation = row.organisation or (row.person.organisation if row.person else None)
        names = [organisation.name_en, organisation.name_lo] if organisation else []
        names += [row.organisation_name]
        lines.append(" · ".join(n for n in [row.display_name, *names] if n))
    return lines


def minutes_record(meeting):
    if not meeting.minutes and not meeting.decisions and not meeting.minutes_document_id:
        return None
    actions = [
        text
        for item in meeting.action_items.all()
        for text in (item.description, item.responsible_text)
        if text
    ]
    text = [strip_tags(meeting.minutes), strip_tags(meeting.decisions), *actions]
    return {
        **_common(meeting),
        "key": f"minutes:{meeting.pk}",
        "kind": "minutes",
        "text": "\n".join(text + _attendance(meeting)),
        "access": _stricter(meeting.access_level, meeting.minutes_access),
        "url": f"{meeting.url}#minutes-heading",
    }


# -- Contact lists ------------------------------------------------------------------


def _spaces():
    return SpacePage.objects.live().public().select_related("working_group", "locale")


def contacts_record(space):
    """The contact list of a space as its public page shows it, or None when empty."""
    group = space.working_group
    roles = (
        ContactRole.objects.filter(working_group=group)
        .select_related("person__organisation")
        .order_by("sort_order", "pk")
    )
    lines = []
    for role in roles:
        person, organisation = role.person, role.person.organisation
        parts = [person.name, person.title, person.title_lo]
        if organisation:
            parts += [organisation.name_en, organisation.name_lo, organisation.acronym]
        lines.append(" · ".join(p for p in parts if p))
    if not lines:
        return None
    language = space.locale.language_code
    with translation.override(language):
        title = f"{gettext('Contacts')} — {space.title}"
    return {
        "key": f"contacts:{space.pk}",
        "kind": "contacts",
        "title": title,
        "text": "\n".join(lines),
        "doc_type": "contacts",
        "language": language,
        "locale": language,
        "access": AccessLevel.PUBLIC,
        "url": space.url + space.reverse_subpage("contacts_listing"),
        "swg_ids": [group.pk],
        "swg_slugs": [group.slug],
    }


def contact_keys(group_ids):
    """The contact-list records of every space of these groups."""
    spaces = SpacePage.objects.filter(working_group_id__in=set(group_ids))
    return [f"contacts:{pk}" for pk in spaces.values_list("pk", flat=True)]


def _role_keys(role):
    return contact_keys([role.working_group_id])


def _person_keys(person):
    roles = ContactRole.objects.filter(person=person)
    return contact_keys(roles.values_list("working_group_id", flat=True))


def _organisation_keys(organisation):
    roles = ContactRole.objects.filter(person__organisation=organisation)
    return contact_keys(roles.values_list("working_group_id", flat=True))


def _space_keys(space):
    return [f"contacts:{space.pk}"]


def _reindex_space(sender, instance, **kwargs):
    reindex_later(_space_keys(instance))


def _reindex_meeting(sender, instance, **kwargs):
    reindex_later([f"minutes:{instance.pk}"])


def _privacy_changed(sender, instance, **kwargs):
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is not None:
        meetings = MeetingPage.objects.filter(path__startswith=path).values_list("pk", flat=True)
        reindex_later(f"minutes:{pk}" for pk in meetings)


def register():
    """Register the minutes and contact-list sources and keep them current on publish,
    unpublish, move, delete and privacy changes."""
    register_rows("minutes", _meetings, minutes_record)
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(_reindex_meeting, sender=MeetingPage, dispatch_uid=f"swg-{signal!r}")
    for signal in (post_save, post_delete):
        signal.connect(
            _privacy_changed, sender=PageViewRestriction, dispatch_uid=f"swg-privacy-{signal!r}"
        )
    register_rows("contacts", _spaces, contacts_record)
    for signal in (page_published, page_unpublished, post_page_move, post_delete):
        signal.connect(_reindex_space, sender=SpacePage, dispatch_uid=f"swg-space-{signal!r}")
    follow(ContactRole, _role_keys)
    follow(Person, _person_keys)
    follow(Organisation, _organisation_keys)
