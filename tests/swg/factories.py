"""Small factories for the SWG tests, on top of the demo content."""

import datetime
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Locale

from swg.models import (
    ActionItem,
    ActionStatus,
    ContactRole,
    ContactRoleKind,
    MeetingAttendance,
    MeetingPage,
    MeetingType,
    Organisation,
    Person,
    SpacePage,
)

_counter = itertools.count(1)


def space(slug, language="en"):
    return SpacePage.objects.get(
        working_group__slug=slug, locale=Locale.objects.get(language_code=language)
    )


def add_meeting(space_page, *, days=-10, minutes_access="public", actions=2, attendance=3):
    """A published meeting in `space_page` with attendance and action items."""
    number = next(_counter)
    organisation = Organisation.objects.create(name_en=f"Test organisation {number}")
    person = Person.objects.create(
        name=f"Test Person {number}", organisation=organisation, email=f"t{number}@example.org"
    )
    start = timezone.now() + datetime.timedelta(days=days)
    meeting = MeetingPage(
        title=f"Test meeting {number}",
        slug=f"test-meeting-{number}",
        meeting_type=MeetingType.TECHNICAL,
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue="Test venue",
        minutes="<p>Minutes of the test meeting.</p>",
        minutes_access=minutes_access,
        agenda=[("item", {"title": "Test agenda item", "presenter": "", "time": "", "notes": ""})],
        live=True,
    )
    for position in range(attendance):
        meeting.attendance.add(
            MeetingAttendance(person=person, sort_order=position, status="present")
        )
    for position in range(actions):
        meeting.action_items.add(
            ActionItem(
                description=f"Test action {number}.{position}",
                responsible_organisation=organisation,
                responsible_person=person if position % 2 else None,
                due_date=timezone.localdate() - datetime.timedelta(days=5 - position * 10),
                status=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS][position % 2],
                sort_order=position,
            )
        )
    space_page.add_child(instance=meeting)
    return meeting


def add_contacts(group, count):
    for _ in range(count):
        number = next(_counter)
        organisation = Organisation.objects.create(name_en=f"Contact org {number}")
        person = Person.objects.create(
            name=f"Contact Person {number}",
            organisation=organisation,
            email=f"c{number}@example.org",
            phone="+856 20 000",
        )
        ContactRole.objects.create(person=person, working_group=group, role=ContactRoleKind.MEMBER)


def add_document(title, level, swg, collection=None):
    """A small text document of `swg` at access level `level`, in its collection."""
    from documents.models import PortalDocument

    document = PortalDocument(
        title=title, access_level=level, collection=collection or swg.collection
    )
    document.file.save(f"{swg.slug}-{level}.txt", ContentFile(b"made-up test text"), save=False)
    document.file_kind = "txt"
    document.save()
    document.working_groups.add(swg)
    return document
