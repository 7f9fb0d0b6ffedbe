"""RSS and Atom feeds, parsed back by feedparser: valid, per language, public only."""

import feedparser
import pytest

from documents.models import PortalDocument
from swg.models import MeetingPage

pytestmark = pytest.mark.django_db

SECRET_MEETING = "Members-only strategy retreat XJ17"
SECRET_MINUTES = "Minutes-only confidential text QZ42"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


@pytest.mark.parametrize("language", ["en", "lo"])
def test_news_feeds_are_valid_and_in_their_language(client, language):
    _response, rss = parse(client, f"/{language}/news/feed/")
    assert rss.version == "rss20"
    assert rss.feed.language == language
    assert rss.entries, "the demo has news"
    _response, atom = parse(client, f"/{language}/news/feed/atom/")
    assert atom.version == "atom10"
    assert [e.title for e in atom.entries] == [e.title for e in rss.entries]
    for entry in rss.entries:
        assert f"/{language}/" in entry.link
        assert entry.published_parsed


def test_news_feeds_differ_by_language(client):
    _r, english = parse(client, "/en/news/feed/")
    _r, lao = parse(client, "/lo/news/feed/")
    assert {e.title for e in english.entries} != {e.title for e in lao.entries}


@pytest.mark.parametrize("language", ["en", "lo"])
def test_swg_feed_holds_public_updates_only(client, new_meeting, health, language):
    public = new_meeting(language=language, minutes="<p>Open minutes.</p>", minutes_access="public")
    new_meeting(language=language, title=SECRET_MEETING, access="members")
    closed = new_meeting(language=language, minutes=f"<p>{SECRET_MINUTES}</p>")

    for path in ("feed/", "feed/atom/"):
        response, parsed = parse(client, f"/{language}/swg/health/{path}")
        body = response.content.decode()
        titles = [entry.title for entry in parsed.entries]
        assert any(public.title in t for t in titles)
        assert any(closed.title in t for t in titles)  # the meeting is public ...
        minutes_titles = [t for t in titles if closed.title in t]
        assert len(minutes_titles) == 1  # ... its members-only minutes are not
        assert len([t for t in titles if public.title in t]) == 2  # meeting and minutes
        assert SECRET_MEETING not in body
        assert SECRET_MINUTES not in body


def test_swg_feed_leaks_no_private_document_or_meeting(client, health):
    private_docs = PortalDocument.objects.filter(working_groups=health).exclude(
        access_level="public"
    )
    private_meetings = MeetingPage.objects.filter(working_group=health).exclude(
        access_level="public"
    )
    assert private_docs.exists(), "the demo holds private Health documents"
    public_docs = PortalDocument.objects.filter(working_groups=health, access_level="public")
    for language in ("en", "lo"):
        for path in ("feed/", "feed/atom/"):
            response, parsed = parse(client, f"/{language}/swg/health/{path}")
            body = response.content.decode()
            for document in private_docs:
                assert document.title not in body
                assert document.url not in body
            for meeting in private_meetings:
                assert f"/{meeting.slug}/" not in body
    english_titles = {e.title for e in parse(client, "/en/swg/health/feed/")[1].entries}
    newest_public = public_docs.order_by("-created_at").first()
    assert any(newest_public.title in t for t in english_titles)


def test_unknown_swg_feed_is_404(client):
    assert client.get("/en/swg/no-such-group/feed/").status_code == 404
