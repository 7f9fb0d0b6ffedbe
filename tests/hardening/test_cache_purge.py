"""Publishing, unpublishing and privacy changes purge the page and its listings from a
shared cache: a real HTTP server stands in for Varnish and records the PURGE requests
it receives."""

import datetime
import http.server
import threading
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from wagtail.models import Locale, PageViewRestriction

from portal.models import NewsIndexPage, NewsPage
from swg.models import MeetingPage
from tests.swg.factories import add_meeting, space

pytestmark = pytest.mark.django_db


class _Recorder(http.server.BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    settings.WAGTAILFRONTENDCACHE_LANGUAGES = []
    yield server.purged
    server.shutdown()
    server.server_close()


def paths(purged):
    # For the portal's public host (PORTAL_BASE_URL, which the default Site carries).
    assert {host for host, _path in purged} == {urlsplit(settings.PORTAL_BASE_URL).netloc}
    return {path for _host, path in purged}


def test_publishing_a_meeting_purges_it_and_its_listings(
    varnish, django_capture_on_commit_callbacks
):
    meeting = add_meeting(space("health", "en"), days=12)
    meeting.title = "Changed title"
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()
    assert paths(varnish) >= {
        meeting.url,
        "/en/",
        "/en/swg/",
        "/en/swg/health/",
        "/en/swg/health/meetings/",
        "/en/swg/health/documents/",
        "/en/swg/health/actions/",
        "/en/swg/health/feed/",
        "/en/swg/health/feed/atom/",
        "/en/swg/health/meetings.ics",
        "/en/meetings.ics",
    }
    # Nothing of the other language's tree, which did not change.
    assert not any(path.startswith("/lo/") for path in paths(varnish))


def test_unpublishing_news_purges_the_news_index_feeds_and_home(
    varnish, django_capture_on_commit_callbacks
):
    index = NewsIndexPage.objects.get(locale=Locale.objects.get(language_code="lo"))
    news = index.add_child(
        instance=NewsPage(title="ຂ່າວທົດລອງ", slug="purge-test", date=datetime.date.today())
    )
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()
    assert news.url in paths(varnish)
    varnish.clear()
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    assert paths(varnish) >= {
        news.url,
        "/lo/",
        index.url,
        "/lo/news/feed/",
        "/lo/news/feed/atom/",
    }


def test_nothing_is_purged_when_no_cache_is_configured(
    varnish, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    meeting = MeetingPage.objects.live().filter(locale__language_code="en").first()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()
    assert varnish == []


def test_privacy_set_on_a_live_page_purges_it_and_the_pages_below(
    varnish, django_capture_on_commit_callbacks
):
    health = space("health", "en")
    meeting = add_meeting(health, days=12)
    varnish.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=health, restriction_type=PageViewRestriction.LOGIN
        )
    assert paths(varnish) >= {"/en/swg/health/", meeting.url, "/en/swg/health/meetings/"}
    varnish.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert meeting.url in paths(varnish)
