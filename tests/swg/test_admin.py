"""A secretariat officer creates a meeting with agenda, attendance and action items in
the Wagtail admin; contacts are snippets with listing filters."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from swg.models import ActionStatus, MeetingPage, Organisation, Person

pytestmark = pytest.mark.django_db


def test_create_a_meeting_with_attendance_and_action_items(admin_client, health_en):
    person = Person.objects.filter(roles__working_group__slug="health").first()
    organisation = Organisation.objects.first()
    data = nested_form_data(
        {
            "title": "Technical meeting on district hospitals",
            "slug": "technical-meeting-district-hospitals",
            "meeting_type": "technical",
            "start": "2026-12-03 09:00",
            "end": "2026-12-03 12:00",
            "venue": "Ministry meeting room",
            "chaired_by": "The chair",
            "summary": "",
            "agenda": streamfield(
                [
                    (
                        "item",
                        {
                            "title": "Budget of district hospitals",
                            "presenter": "",
                            "time": "",
                            "notes": "",
                        },
                    )
                ]
            ),
            "documents": inline_formset([]),
            "minutes_access": "members",
            "minutes": rich_text("<p>The meeting agreed a plan.</p>"),
            "minutes_document": "",
            "decisions": rich_text(""),
            "attendance": inline_formset(
                [
                    {
                        "person": person.pk,
                        "name": "",
                        "organisation": "",
                        "organisation_name": "",
                        "organisation_kind": "",
                        "status": "present",
                    },
                    {
                        "person": "",
                        "name": "Visiting expert",
                        "organisation": "",
                        "organisation_name": "Example University",
                        "organisation_kind": "other",
                        "status": "apologies",
                    },
                ]
            ),
            "action_items": inline_formset(
                [
                    {
                        "description": "Draft the hospital budget note",
                        "responsible_organisation": organisation.pk,
                        "responsible_person": "",
                        "due_date": "2027-01-15",
                        "status": "open",
                        "status_note": "",
                        "closed_in": "",
                    },
                ]
            ),
            "access_level": "public",
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/admin/pages/add/swg/meetingpage/{health_en.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    meeting = MeetingPage.objects.get(slug="technical-meeting-district-hospitals")
    assert meeting.live and meeting.working_group.slug == "health"
    assert meeting.get_parent().pk == health_en.pk
    assert [a.display_name for a in meeting.attendance.all()] == [person.name, "Visiting expert"]
    item = meeting.action_items.get()
    assert item.status == ActionStatus.OPEN and item.responsible_organisation == organisation


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/swg/person/",
        "/admin/snippets/swg/person/?roles__role=chair",
        "/admin/snippets/swg/organisation/?kind=government",
    ],
)
def test_contact_snippets_list_with_filters(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_meeting_edit_form_renders(admin_client, health_en):
    meeting = MeetingPage.objects.child_of(health_en).first()
    response = admin_client.get(f"/admin/pages/{meeting.pk}/edit/")
    assert response.status_code == 200
    assert b'name="minutes_access"' in response.content
    assert b'name="action_items-TOTAL_FORMS"' in response.content


def meeting_with_action(title, action):
    """Admin form data for a published meeting with one action item."""
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "meeting_type": "technical",
            "start": "2026-12-03 09:00",
            "end": "",
            "venue": "",
            "chaired_by": "",
            "summary": "",
            "agenda": streamfield([]),
            "documents": inline_formset([]),
            "minutes_access": "public",
            "minutes": rich_text(""),
            "minutes_document": "",
            "decisions": rich_text(""),
            "attendance": inline_formset([]),
            "action_items": inline_formset(
                [
                    {
                        "description": "Agree a joint statement",
                        "responsible_organisation": "",
                        "responsible_person": "",
                        "due_date": "",
                        "status": "open",
                        "status_note": "",
                        "closed_in": "",
                        **action,
                    }
                ]
            ),
            "access_level": "public",
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )


def test_an_action_item_names_a_party_in_free_text_in_the_admin(admin_client, health_en):
    data = meeting_with_action(
        "Meeting with a shared action", {"responsible_text": "All development partners"}
    )
    data["slug"] = "meeting-with-a-shared-action"
    response = admin_client.post(f"/admin/pages/add/swg/meetingpage/{health_en.pk}/", data)
    assert response.status_code == 302
    meeting = MeetingPage.objects.get(slug="meeting-with-a-shared-action")
    assert meeting.action_items.get().responsible == "All development partners"
    page = admin_client.get(meeting.url).content.decode()
    assert "All development partners" in page


def test_an_action_item_without_anyone_responsible_is_refused_with_a_message(
    admin_client, health_en
):
    data = meeting_with_action("Meeting with an orphan action", {"responsible_text": ""})
    data["slug"] = "meeting-with-an-orphan-action"
    response = admin_client.post(f"/admin/pages/add/swg/meetingpage/{health_en.pk}/", data)
    assert response.status_code == 200
    # The admin speaks Lao here (the site's default language), the message too.
    assert "ກະລຸນາລະບຸຜູ້ຮັບຜິດຊອບ" in response.content.decode()
    assert not MeetingPage.objects.filter(slug="meeting-with-an-orphan-action").exists()
