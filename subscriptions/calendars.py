"""iCalendar (RFC 5545) feeds of meetings: site-wide and per SWG, public or private.

A public calendar holds what the anonymous user may see; a private one (secret token
in its address) what the token's owner may see. Both ask the permission policy.
Each meeting keeps one UID across languages and updates (its translation key); the
SEQUENCE rises whenever its time or place changes (`MeetingState`); a meeting that
was published and then withdrawn stays in the feed as a cancelled event, so that
calendar apps remove it.
"""

import datetime
import hashlib
import zoneinfo

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneStandard

from sitetree import site_address

TZID = "Asia/Vientiane"
DEFAULT_DURATION = datetime.timedelta(hours=2)
# The site-wide calendar reaches this far back; SWG calendars hold every meeting.
SITE_WINDOW = datetime.timedelta(days=400)


def _instant(value):
    # The same moment, however it was read (database in UTC, a revision's JSON with
    # its offset and milliseconds only): UTC, to the second.
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


def meeting_fingerprint(meeting):
    """What a calendar entry shows that makes it a different appointment."""
    parts = [_instant(meeting.start), _instant(meeting.end), meeting.venue or ""]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def meeting_uid(meeting):
    host = site_address.host_and_port()[0]
    return f"meeting-{meeting.translation_key}@{host or 'swg-portal'}"


def vientiane_timezone():
    """A VTIMEZONE for Asia/Vientiane: UTC+7 all year, no daylight saving."""
    tz = Timezone()
    tz.add("tzid", TZID)
    standard = TimezoneStandard()
    standard.add("dtstart", datetime.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", datetime.timedelta(hours=7))
    standard.add("tzoffsetto", datetime.timedelta(hours=7))
    standard.add("tzname", "+07")
    tz.add_component(standard)
    return tz


def _meetings(user, locale, swg=None):
    """Published meetings `user` may see, and withdrawn ones they could see."""
    from subscriptions.models import MeetingState
    from swg.models import MeetingPage
    from swg.policy import readable_q

    live = MeetingPage.objects.visible_to(user).filter(locale=locale)
    cancelled_ids = MeetingState.objects.filter(cancelled=True).values("page_id")
    cancelled = MeetingPage.objects.filter(locale=locale, live=False, pk__in=cancelled_ids).filter(
        readable_q(user, swg_field="working_group")
    )
    if swg is not None:
        live = live.filter(working_group=swg)
        cancelled = cancelled.filter(working_group=swg)
    else:
        since = timezone.now() - SITE_WINDOW
        live = live.filter(start__gte=since)
        cancelled = cancelled.filter(start__gte=since)
    meetings = list(live.select_related("working_group")) + list(
        cancelled.select_related("working_group")
    )
    meetings.sort(key=lambda meeting: (meeting.start, meeting.pk))
    return meetings


def build_calendar(meetings, *, name, request=None):
    """An iCalendar document for `meetings` (MeetingPage objects)."""
    from subscriptions.models import MeetingState

    states = {
        state.page_id: state
        for state in MeetingState.objects.filter(page_id__in=[m.pk for m in meetings])
    }
    tz = zoneinfo.ZoneInfo(TZID)
    calendar = Calendar()
    calendar.add("prodid", "-//Lao PDR Round Table Process//SWG Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(vientiane_timezone())
    now = timezone.now()
    for meeting in meetings:
        state = states.get(meeting.pk)
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", now)
        start = meeting.start.astimezone(tz)
        event.add("dtstart", start)
        event.add("dtend", (meeting.end or meeting.start + DEFAULT_DURATION).astimezone(tz))
        event.add("summary", f"{meeting.title} ({meeting.working_group.name})")
        if meeting.venue:
            event.add("location", meeting.venue)
        if meeting.summary:
            event.add("description", meeting.summary)
        url = meeting.get_full_url(request)
        if url:
            event.add("url", url)
        event.add("sequence", state.sequence if state else 0)
        cancelled = bool(state and state.cancelled) or not meeting.live
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if meeting.last_published_at:
            event.add("last-modified", meeting.last_published_at)
        event.add("categories", [meeting.working_group.name])
        calendar.add_component(event)
    return calendar.to_ical()


def meeting_calendar(user, meeting, request=None):
    """One meeting as an iCalendar document, or None when `user` may not see it."""
    from swg.models import MeetingPage

    found = MeetingPage.objects.visible_to(user or AnonymousUser()).filter(pk=meeting.pk)
    found = list(found.select_related("working_group"))
    if not found:
        return None
    return build_calendar(found, name=found[0].title, request=request)


def calendar_for(user, locale, swg=None, request=None):
    """The meetings calendar `user` may see (site-wide, or one SWG's), as bytes."""
    from django.utils.translation import gettext as _

    user = user or AnonymousUser()
    if swg is None:
        name = _("Round Table Process — meetings")
    else:
        name = _("%(name)s — meetings") % {"name": swg.name}
    return build_calendar(_meetings(user, locale, swg), name=name, request=request)
