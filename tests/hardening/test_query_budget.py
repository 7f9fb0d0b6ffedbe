"""DESIGN.md §5: at most 15 SQL queries per page, the same number however much data
there is, signed out and signed in, in both languages; and the cached site structure
that makes it so never lets a private page through."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from documents.models import PortalDocument
from portal.models import NewsIndexPage, NewsPage
from swg.models import MeetingPage, SectorWorkingGroup
from tests.swg.factories import add_meeting, space

pytestmark = pytest.mark.django_db

BUDGET = 15
MEMBER = "health.member@example.org"
PAGES = {
    "home": "/{lang}/",
    "SWG space": "/{lang}/swg/health/",
    "sub-group space": "/{lang}/swg/{subgroup}/",
    "meetings list": "/{lang}/swg/health/meetings/",
    "meeting": None,
    "documents list": "/{lang}/swg/health/documents/",
    "document archive": "/{lang}/documents/",
    "actions": "/{lang}/swg/health/actions/",
    "contacts": "/{lang}/swg/health/contacts/",
    "news": "/{lang}/news/",
    "search": "/{lang}/search/?q=health",
    "search API": "/api/search/?q=education",
}
_numbers = itertools.count(1)


def url_of(name, lang):
    if name == "meeting":
        meeting = (
            MeetingPage.objects.live()
            .filter(locale__language_code=lang, working_group__slug="health")
            .filter(access_level="public")
            .order_by("-start")
            .first()
        )
        assert meeting is not None, f"the demo has no public Health meeting in {lang}"
        return meeting.url
    subgroup = SectorWorkingGroup.objects.filter(parent__slug="health").first()
    return PAGES[name].format(lang=lang, subgroup=subgroup.slug if subgroup else "health")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.fixture(params=["anonymous", "member"])
def reader(request, client, login):
    return login(MEMBER) if request.param == "member" else client


@pytest.mark.parametrize("lang", ["en", "lo"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_stays_within_the_query_budget(
    reader, name, lang, django_assert_max_num_queries
):
    url = url_of(name, lang)
    reader.get(url)  # per-process caches (site structure, site root paths) warm
    with django_assert_max_num_queries(BUDGET):
        response = reader.get(url)
    assert response.status_code == 200


def add_news(count):
    for index in NewsIndexPage.objects.all():
        for _ in range(count):
            number = next(_numbers)
            index.add_child(
                instance=NewsPage(
                    title=f"Budget news {number}",
                    slug=f"budget-news-{number}",
                    date=datetime.date.today(),
                    intro="More news.",
                    live=True,
                )
            )


def add_documents(count):
    health = SectorWorkingGroup.objects.get(slug="health")
    for access in ("public", "members", "restricted"):
        for _ in range(count):
            number = next(_numbers)
            document = PortalDocument.objects.create(
                title=f"Budget document {number}",
                file=f"documents/budget/document-{number}.pdf",
                original_filename=f"document-{number}.pdf",
                file_kind="pdf",
                file_size=1000 + number,
                sha256=f"{number:064x}",
                collection_id=health.collection_id or 1,
                document_type="report",
                document_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
                language="en",
                access_level=access,
                extraction_status="done",
            )
            document.working_groups.add(health)


@pytest.mark.parametrize("lang", ["en", "lo"])
def test_query_counts_do_not_grow_with_the_data(reader, lang):
    names = [name for name in PAGES if not name.startswith("search")]
    urls = {name: url_of(name, lang) for name in names}
    for url in urls.values():
        reader.get(url)
    before = {name: count_queries(reader, url) for name, url in urls.items()}
    health = space("health", lang)
    for days in (-60, -30, -5, 10, 20, 40):
        add_meeting(health, days=days, actions=3, attendance=4)
    add_documents(5)
    add_news(4)
    after = {name: count_queries(reader, url) for name, url in urls.items()}
    assert after == before
    assert max(after.values()) <= BUDGET


# --- The cached structure never hides a restriction -----------------------------------


def test_a_new_view_restriction_applies_at_once(client, login):
    space_page = space("health", "en")
    meeting = MeetingPage.objects.live().child_of(space_page).filter(access_level="public")[0]
    for url in ("/en/swg/health/", meeting.url):
        assert client.get(url).status_code == 200  # cached while public
    restriction = PageViewRestriction.objects.create(
        page=space_page, restriction_type=PageViewRestriction.LOGIN
    )
    for url in ("/en/swg/health/", "/en/swg/health/meetings/", meeting.url):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login/?next=" in response["Location"], url
    # Listings elsewhere leave out meetings in the private section as well.
    assert meeting.title not in client.get("/en/").content.decode()
    member = login(MEMBER)
    assert member.get(meeting.url).status_code == 200
    restriction.delete()
    assert client.get(meeting.url).status_code == 200


def main_menu_links(client):
    body = client.get("/en/").content.decode()
    menu = body.split('class="wrap main-nav__list"', 1)[1].split("</ul>", 1)[0]
    return [part.split('"', 1)[0] for part in menu.split('href="')[1:]]


def test_the_main_menu_follows_privacy_and_publishing(client):
    about = Page.objects.get(url_path="/home-en/about/")
    assert "/en/about/" in main_menu_links(client)
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    assert "/en/about/" not in main_menu_links(client)
    PageViewRestriction.objects.filter(page=about).delete()
    assert "/en/about/" in main_menu_links(client)
    about.specific.unpublish()
    assert "/en/about/" not in main_menu_links(client)
