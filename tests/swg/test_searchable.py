"""Meetings reach search as two records: the public part and the minutes at their level."""

import pytest

from search import registry
from swg.searchable import meeting_record, minutes_record
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
