"""iCalendar feeds, parsed back by the icalendar package: time zone, stable UIDs,
rising SEQUENCE, cancellations, and private addresses that follow the policy."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from icalendar import Calendar

from subscriptions import services
from swg.models import MeetingPage

pytestmark = pytest.mark.django_db

SECRET = "Members-only budget caucus KV93"


def events(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Vientiane"]
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}, response


def find(found, title):
    matches = [event for summary, event in found.items() if summary.startswith(title)]
    assert len(matches) == 1, (title, list(found))
    return matches[0]


@pytest.mark.parametrize("language", ["en", "lo"])
def test_swg_and_site_calendars_are_valid_and_public_only(client, new_meeting, language):
    meeting = new_meeting(language=language)
    new_meeting(language=language, title=SECRET, access="members")
    for url in (f"/{language}/swg/health/meetings.ics", f"/{language}/meetings.ics"):
        found, response = events(client, url)
        event = find(found, meeting.title)
        assert event["UID"] == f"meeting-{meeting.translation_key}@127.0.0.1"
        assert event["DTSTART"].dt == meeting.start
        assert event["DTSTART"].params["TZID"] == "Asia/Vientiane"
        assert event["DTEND"].dt == meeting.end
        assert str(event["LOCATION"]) == meeting.venue
        assert event["STATUS"] == "CONFIRMED"
        assert int(event["SEQUENCE"]) == 0
        assert SECRET.encode() not in response.content
    # Nothing but public meetings in the public calendar of Health.
    found, _ = events(client, f"/{language}/swg/health/meetings.ics")
    public_titles = set(
        MeetingPage.objects.live()
        .filter(working_group__slug="health", locale__language_code=language, access_level="public")
        .values_list("title", flat=True)
    )
    for summary in found:
        assert summary.rsplit(" (", 1)[0] in public_titles


def test_updates_keep_the_uid_and_raise_the_sequence_then_cancel(
    client, new_meeting, publish, unpublish
):
    meeting = new_meeting()
    first = find(events(client, "/en/swg/health/meetings.ics")[0], meeting.title)

    meeting.start += datetime.timedelta(days=1)
    meeting.end += datetime.timedelta(days=1)
    publish(meeting)
    moved = find(events(client, "/en/swg/health/meetings.ics")[0], meeting.title)
    assert moved["UID"] == first["UID"]
    assert int(moved["SEQUENCE"]) == 1
    assert moved["DTSTART"].dt == meeting.start

    meeting.summary = "Only the summary changed."
    publish(meeting)
    same = find(events(client, "/en/swg/health/meetings.ics")[0], meeting.title)
    assert int(same["SEQUENCE"]) == 1  # not a new appointment

    unpublish(MeetingPage.objects.get(pk=meeting.pk))
    cancelled = find(events(client, "/en/swg/health/meetings.ics")[0], meeting.title)
    assert cancelled["UID"] == first["UID"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2


def test_withdrawn_members_meeting_stays_out_of_public_calendar(client, new_meeting, unpublish):
    meeting = new_meeting(title=SECRET, access="members")
    unpublish(MeetingPage.objects.get(pk=meeting.pk))
    _found, response = events(client, "/en/swg/health/meetings.ics")
    assert SECRET.encode() not in response.content


def test_private_calendar_follows_the_policy_and_revocation(client, new_meeting, user_named):
    meeting = new_meeting(title=SECRET, access="members")
    member = services.new_calendar_token(user_named("health.member@example.org"))
    outsider = services.new_calendar_token(user_named("education.member@example.org"))
    registered = services.new_calendar_token(user_named("registered@example.org"))

    for url in (
        f"/en/calendar/{member.secret}/meetings.ics",
        f"/en/calendar/{member.secret}/swg/health/meetings.ics",
    ):
        found, response = events(client, url)
        assert find(found, SECRET)["UID"] == f"meeting-{meeting.translation_key}@127.0.0.1"
        assert "no-store" in response["Cache-Control"]
    for token in (outsider, registered):
        _found, response = events(client, f"/en/calendar/{token.secret}/meetings.ics")
        assert SECRET.encode() not in response.content

    assert services.revoke_calendar_token(member.user, member.pk) == 1
    assert client.get(f"/en/calendar/{member.secret}/meetings.ics").status_code == 404
    assert client.get("/en/calendar/not-a-token/meetings.ics").status_code == 404


def test_inactive_users_token_is_dead(client, user_named):
    user = user_named("health.member@example.org")
    token = services.new_calendar_token(user)
    user.is_active = False
    user.save()
    assert client.get(f"/en/calendar/{token.secret}/meetings.ics").status_code == 404


def test_add_to_calendar_serves_one_meeting_to_its_readers(client, login, new_meeting):
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import translation

    open_meeting = new_meeting()
    closed = new_meeting(title=SECRET, access="members")
    request = RequestFactory().get("/en/")
    request.user = AnonymousUser()
    with translation.override("en"):
        snippet = render_to_string(
            "subscriptions/includes/add_to_calendar.html",
            {"meeting": open_meeting, "request": request},
        )
    url = f"/en/calendar/meeting/{open_meeting.pk}.ics"
    assert f'href="{url}"' in snippet
    found, _response = events(client, url)
    assert list(found) == [f"{open_meeting.title} (Health)"]
    assert client.get(f"/en/calendar/meeting/{closed.pk}.ics").status_code == 404
    login("health.member@example.org")
    found, response = events(client, f"/en/calendar/meeting/{closed.pk}.ics")
    assert find(found, SECRET)
    assert "no-store" in response["Cache-Control"]
