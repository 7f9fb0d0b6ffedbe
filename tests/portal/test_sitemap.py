"""The sitemap lists both languages and nothing an anonymous reader may not open."""

import re

import pytest

from swg.models import MeetingPage

pytestmark = pytest.mark.django_db


def sitemap_paths(client):
    body = client.get("/sitemap.xml").content.decode()
    return {re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", body)}


def test_sitemap_lists_both_languages(client):
    paths = sitemap_paths(client)
    assert {"/lo/", "/en/", "/lo/news/", "/en/news/", "/en/swg/health/"} <= paths


def test_sitemap_leaves_out_private_meetings(client):
    meeting = MeetingPage.objects.live().filter(locale__language_code="en").first()
    meeting.access_level = "members"
    meeting.save_revision().publish()
    paths = sitemap_paths(client)
    assert meeting.url not in paths
    public = MeetingPage.objects.live().filter(access_level="public").first()
    assert public.url in paths
