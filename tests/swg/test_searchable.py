"""Meetings reach search as two records (the public part, and the minutes with decisions,
action items and attendance at their level); contact lists as one record per space."""

import pytest

from search import registry, service
from search.visibility import Visibility
from swg.models import ContactRole, Organisation, Person
from swg.searchable import contacts_record, meeting_record, minutes_record
from tests.swg.factories import add_meeting

pytestmark = pytest.mark.django_db


def test_meeting_and_minutes_records_carry_their_own_access(health_en):
    meeting = add_meeting(health_en, minutes_access="restricted")
    public = meeting_record(meeting)
    minutes = minutes_record(meeting)
    assert public["access"] == "public" and public["swg_slugs"] == ["health"]
    assert "Test agenda item" in public["text"]
    assert "Minutes of the test meeting." not in public["text"]
    assert minutes["access"] == "restricted"
    assert "Minutes of the test meeting." in minutes["text"] and "Test action" in minutes["text"]
    assert minutes["language"] == "en"


def test_sources_are_registered_and_load_by_key(health_en):
    meeting = add_meeting(health_en, minutes_access="members")
    assert "minutes" in registry.sources()
    page = registry.load_record(f"page:{meeting.pk}")
    assert page["url"] == meeting.url and page["kind"] == "meeting"
    assert "Minutes of the test meeting." not in page["text"]
    minutes = registry.load_record(f"minutes:{meeting.pk}")
    assert minutes["access"] == "members"
    meeting.unpublish()
    assert registry.load_record(f"minutes:{meeting.pk}") is None


def _search(q, visibility=None):
    results = service.search(q, visibility=visibility or Visibility(), per_page=100)
    return {hit.key: hit for hit in results.hits}


def test_decisions_and_attendance_are_found_at_the_minutes_level(health_en):
    meeting = add_meeting(health_en, minutes_access="members")
    meeting.decisions = "<ul><li>The quokka vaccination plan is endorsed.</li></ul>"
    meeting.save_revision().publish()
    service.reindex_key(f"minutes:{meeting.pk}")
    member = Visibility(member_swg_ids=frozenset({meeting.working_group_id}))
    key = f"minutes:{meeting.pk}"
    assert key in _search("quokka vaccination", member)
    snippet = _search("quokka vaccination", member)[key].snippet
    assert "The <mark>quokka</mark> <mark>vaccination</mark> plan is endorsed." in snippet
    # Attendance: the organisation of a participant.
    organisation = meeting.attendance.first().person.organisation.name_en
    assert key in _search(f'"{organisation}"', member)
    # Members-only minutes stay out of public search.
    assert key not in _search("quokka vaccination")


def test_contact_lists_are_found_by_organisation_and_name_not_by_private_details(health_en):
    record = contacts_record(health_en)
    assert record["key"] == f"contacts:{health_en.pk}" and record["access"] == "public"
    assert record["url"] == health_en.url + "contacts/"
    assert record["title"] == f"Contacts — {health_en.title}"
    roles = ContactRole.objects.filter(working_group=health_en.working_group).select_related(
        "person__organisation"
    )
    for role in roles:
        assert role.person.name in record["text"]
        organisation = role.person.organisation
        if organisation:
            for name in (organisation.name_en, organisation.name_lo, organisation.acronym):
                assert name in record["text"]
        if role.person.email:
            assert role.person.email not in record["text"]
        if role.person.phone:
            assert role.person.phone not in record["text"]


def test_a_lao_contact_list_is_titled_in_lao(health_lo):
    assert contacts_record(health_lo)["title"] == f"ຜູ້ຕິດຕໍ່ — {health_lo.title}"


def test_contact_records_follow_organisations_people_and_roles(
    health_en, health_lo, django_capture_on_commit_callbacks
):
    service.rebuild(registry.iter_all_records())
    group = health_en.working_group

    def committed(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    organisation = committed(
        lambda: Organisation.objects.create(
            name_en="Wombat Relief Fund", name_lo="ກອງທຶນຊ່ວຍເຫຼືອທົດລອງ", acronym="WRF"
        )
    )
    person = committed(
        lambda: Person.objects.create(name="Wilma Example", organisation=organisation)
    )
    keys = {f"contacts:{health_en.pk}", f"contacts:{health_lo.pk}"}
    assert not keys & set(_search("Wombat Relief"))  # not on a contact list yet
    role = committed(
        lambda: ContactRole.objects.create(person=person, working_group=group, role="member")
    )
    # In both languages' records, by either name of the organisation and the acronym.
    assert keys <= set(_search("Wombat Relief"))
    assert keys <= set(_search("ກອງທຶນຊ່ວຍເຫຼືອ")) and keys <= set(_search("WRF"))
    organisation.name_en = "Numbat Relief Fund"
    committed(organisation.save)
    assert keys <= set(_search("Numbat")) and not keys & set(_search("Wombat"))
    person.name = "Wilhelmina Example"
    committed(person.save)
    assert keys <= set(_search("Wilhelmina"))
    committed(role.delete)
    assert not keys & set(_search("Wilhelmina")) and not keys & set(_search("Numbat"))
