"""Space, meeting and event pages in both languages; listings, filters and bad input."""

import pytest
from django.utils import timezone

from swg import views
from swg.models import ActionItem, ActionStatus, MeetingPage, SectorWorkingGroup
from tests.swg.factories import add_meeting

pytestmark = pytest.mark.django_db


def all_slugs():
    return list(SectorWorkingGroup.objects.values_list("slug", flat=True))


@pytest.mark.parametrize("language", ["en", "lo"])
def test_every_space_renders_with_its_sections(client, language):
    for slug in all_slugs():
        group = SectorWorkingGroup.objects.get(slug=slug)
        response = client.get(f"/{language}/swg/{slug}/")
        assert response.status_code == 200, slug
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        name = group.name_lo if language == "lo" else group.name_en
        assert name in html
        for listing in ("meetings", "documents", "contacts", "actions"):
            assert f"/{language}/swg/{slug}/{listing}/" in html
            assert client.get(f"/{language}/swg/{slug}/{listing}/").status_code == 200, (
                slug,
                listing,
            )


def test_space_shows_chair_next_meetings_open_actions_and_sub_groups(client):
    html = client.get("/en/swg/health/").content.decode()
    assert "Chair and co-chairs" in html
    health = SectorWorkingGroup.objects.get(slug="health")
    chair = health.contact_roles.get(role="chair").person
    assert chair.name in html
    sub = health.subgroups.get()
    assert f"/en/swg/{sub.slug}/" in html
    upcoming = MeetingPage.objects.filter(
        working_group=health, locale__language_code="en", start__gte=timezone.now()
    ).first()
    assert upcoming.title in html
    sub_html = client.get(f"/en/swg/{sub.slug}/").content.decode()
    assert "/en/swg/health/" in sub_html  # the parent group is shown


def test_lao_space_is_in_lao(client):
    html = client.get("/lo/swg/health/").content.decode()
    assert "ສາທາລະນະສຸກ" in html
    meeting = MeetingPage.objects.filter(
        working_group__slug="health", locale__language_code="lo"
    ).first()
    assert meeting.url.startswith("/lo/swg/health/")


def test_meeting_page_shows_agenda_minutes_attendance_and_actions(client, health_en):
    meeting = add_meeting(health_en, minutes_access="public")
    html = client.get(meeting.url).content.decode()
    assert "Test agenda item" in html
    assert "Minutes of the test meeting." in html
    assert meeting.attendance.first().person.name in html
    assert "Test action" in html


def test_members_only_minutes_are_withheld_from_the_public(client, login, health_en):
    meeting = add_meeting(health_en, minutes_access="members")
    html = client.get(meeting.url).content.decode()
    assert "Test agenda item" in html
    assert "Minutes of the test meeting." not in html and "Test action" not in html
    html = login("admin@example.org").get(meeting.url).content.decode()
    assert "Minutes of the test meeting." in html and "Test action" in html


@pytest.mark.parametrize("language", ["en", "lo"])
def test_demo_meetings_render_in_both_languages(client, language):
    meetings = MeetingPage.objects.live().filter(
        working_group__slug="education", locale__language_code=language
    )
    assert meetings.count() >= 6
    for meeting in meetings:
        assert client.get(meeting.url).status_code == 200


def test_demo_has_lao_and_english_minutes():
    lao = MeetingPage.objects.filter(locale__language_code="en", minutes__contains="ກອງປະຊຸມ")
    english = MeetingPage.objects.filter(locale__language_code="lo", minutes__contains="meeting")
    assert lao.exists() and english.exists()


@pytest.mark.parametrize("status", ActionStatus.values)
def test_actions_filter_by_status(login, status):
    client = login("admin@example.org")
    response = client.get(f"/en/swg/health/actions/?status={status}")
    assert response.status_code == 200
    listed = list(response.context["actions"])
    assert listed and all(item.status == status for item in listed)


def test_actions_filter_overdue_and_responsible(login):
    client = login("admin@example.org")
    listed = list(client.get("/en/swg/health/actions/?overdue=1").context["actions"])
    today = timezone.localdate()
    assert listed and all(item.is_overdue(today) for item in listed)
    organisation = listed[0].responsible_organisation
    response = client.get(f"/en/swg/health/actions/?responsible={organisation.pk}")
    assert response.status_code == 200
    assert all(
        organisation.pk
        in (
            item.responsible_organisation_id,
            item.responsible_person.organisation_id if item.responsible_person else None,
        )
        for item in response.context["actions"]
    )


def test_public_actions_list_only_items_of_public_minutes(client):
    listed = list(client.get("/en/swg/health/actions/").context["actions"])
    assert listed
    assert all(item.meeting.minutes_access == "public" for item in listed)
    hidden = ActionItem.objects.of_group(SectorWorkingGroup.objects.get(slug="health")).exclude(
        meeting__minutes_access="public"
    )
    assert hidden.exists()


@pytest.mark.parametrize(
    "query",
    [
        "actions/?status=closed",
        "actions/?overdue=yes",
        "actions/?responsible=abc",
        "actions/?responsible=-1",
        "meetings/?type=party",
        "meetings/?year=20x6",
        "documents/?type=novel",
        "documents/?language=fr",
        "documents/?year=99999",
    ],
)
def test_bad_filter_values_answer_400_with_a_message(client, query):
    response = client.get(f"/en/swg/health/{query}")
    assert response.status_code == 400
    assert "not valid" in response.content.decode() or "Unknown" in response.content.decode()


def test_documents_listing_is_paginated_with_rel_next(login, monkeypatch):
    monkeypatch.setattr(views, "DOCUMENTS_PER_PAGE", 2)
    client = login("admin@example.org")
    first = client.get("/en/swg/health/documents/")
    assert first.status_code == 200
    assert first.context["documents"].paginator.count > 2
    assert 'rel="next"' in first.content.decode()
    second = client.get("/en/swg/health/documents/?page=2")
    assert second.status_code == 200
    assert 'rel="prev"' in second.content.decode()
    assert client.get("/en/swg/health/documents/?page=zzz").status_code == 200


def test_documents_listing_goes_through_the_policy(client):
    listed = list(client.get("/en/swg/health/documents/").context["documents"])
    assert all(document.access_level == "public" for document in listed)


def test_meetings_listing_filters_by_type_and_year(client):
    response = client.get("/en/swg/health/meetings/?type=plenary")
    assert response.status_code == 200
    listed = list(response.context["meetings"])
    assert listed and all(m.meeting_type == "plenary" for m in listed)
    year = listed[0].start.year
    listed = list(client.get(f"/en/swg/health/meetings/?year={year}").context["meetings"])
    assert listed and all(m.start.year == year for m in listed)


@pytest.mark.parametrize("language", ["en", "lo"])
def test_round_table_events_and_recommendations_reach_the_spaces(client, language):
    from swg.models import EventPage

    event = EventPage.objects.live().filter(locale__language_code=language).first()
    assert client.get(event.url).status_code == 200
    rec = event.recommendations.first()
    group = rec.working_groups.first()
    html = client.get(f"/{language}/swg/{group.slug}/").content.decode()
    assert rec.text in html
    assert client.get(event.get_parent().url).status_code == 200


def test_home_page_lists_upcoming_meetings(client):
    html = client.get("/en/").content.decode()
    upcoming = (
        MeetingPage.objects.live()
        .filter(locale__language_code="en", start__gte=timezone.now())
        .order_by("start")
        .first()
    )
    assert upcoming.title in html


def test_meetings_listing_links_to_the_space_calendar(client):
    html = client.get("/en/swg/health/meetings/").content.decode()
    assert 'href="/en/swg/health/meetings.ics"' in html


def test_meeting_page_flags_overdue_items(client, health_en):
    meeting = add_meeting(health_en, minutes_access="public", actions=1)
    item = meeting.action_items.get()
    assert item.is_overdue()
    assert "overdue-flag" in client.get(meeting.url).content.decode()


def test_members_only_meeting_is_denied_and_left_out_of_listings(client, login, health_en):
    meeting = add_meeting(health_en, days=1)  # the soonest meeting of all
    meeting.access_level = "members"
    meeting.save_revision().publish()
    response = client.get(meeting.url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert meeting.title not in client.get("/en/swg/health/meetings/").content.decode()
    assert meeting.title not in client.get("/en/").content.decode()
    assert login("registered@example.org").get(meeting.url).status_code == 403
    client.logout()
    admin = login("admin@example.org")
    assert admin.get(meeting.url).status_code == 200
    assert meeting.title in admin.get("/en/swg/health/meetings/").content.decode()
    assert meeting.title in admin.get("/en/").content.decode()


@pytest.mark.parametrize(
    "query, names",
    [
        ("actions/?status=bogus", ["ຍັງຄ້າງ", "ກຳລັງດຳເນີນການ", "ສຳເລັດແລ້ວ", "ຍົກເລີກ", "ສະຖານະ"]),
        ("documents/?language=fr", ["ພາສາ"]),
        ("actions/?overdue=yes", ["ກາຍກຳນົດ"]),
    ],
)
def test_bad_filter_message_names_filters_and_values_in_lao(client, query, names):
    """Readers get the filter's and the values' names, not the query-string codes."""
    response = client.get(f"/lo/swg/health/{query}")
    assert response.status_code == 400
    body = response.content.decode()
    for name in names:
        assert name in body
    for code in ("in_progress", "dropped", "“status”", "“overdue”", "“language”"):
        assert code not in body
