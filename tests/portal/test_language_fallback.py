"""Pages that exist in one language only answer in the other language's tree too, with
an "available in ... only" notice instead of a 404, and the language switcher leads
there (sitetree.fallback). Access rules hold on that path as on the original one."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from portal.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from swg.models import MeetingPage, SpacePage

pytestmark = pytest.mark.django_db

LAO_ONLY_NOTICE = "This page is available in Lao only."
ENGLISH_ONLY_NOTICE_LO = "ໜ້ານີ້ມີແຕ່ພາສາອັງກິດເທົ່ານັ້ນ."


def in_language(model, language_code, **filters):
    return model.objects.get(locale__language_code=language_code, **filters)


def head(body):
    return body.split("</head>")[0]


def switcher(body):
    return re.search(r'<nav class="lang-switch".*?</nav>', body, re.S).group(0)


def notice(body):
    match = re.search(r'<p class="message language-notice" role="note">(.*?)</p>', body, re.S)
    return match.group(1) if match else None


@pytest.fixture
def lao_only_news():
    index = in_language(NewsIndexPage, "lo")
    return index.add_child(
        instance=NewsPage(title="ຂ່າວທີ່ມີແຕ່ພາສາລາວ", slug="lao-only-news", intro="ສະບາຍດີ")
    )


def test_lao_only_news_is_shown_in_the_english_tree_with_a_notice(client, lao_only_news):
    response = client.get("/en/news/lao-only-news/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert LAO_ONLY_NOTICE in notice(body)
    assert 'href="/lo/news/lao-only-news/" hreflang="lo">Open the Lao original</a>' in body
    # The content keeps its language; the chrome around it is English.
    content = re.sub(r"<[^>]+>", "", body.split('<div lang="lo">', 1)[1])
    assert lao_only_news.title in content
    assert "Search the portal" in body
    # Search engines are sent to the original; no false alternates are announced.
    assert '<link rel="canonical" href="http://testserver/lo/news/lao-only-news/">' in head(body)
    assert 'rel="alternate"' not in head(body)
    # Switching back leads to the original.
    assert 'href="/lo/news/lao-only-news/" hreflang="lo"' in switcher(body)


def test_switcher_on_a_lao_only_page_leads_to_its_place_in_the_english_tree(client, lao_only_news):
    body = client.get("/lo/news/lao-only-news/").content.decode()
    assert 'href="/en/news/lao-only-news/" hreflang="en"' in switcher(body)
    # Only real translations are alternates: the original announces itself, not English.
    assert 'hreflang="lo" href="http://testserver/lo/news/lao-only-news/"' in head(body)
    assert 'hreflang="en"' not in head(body)
    assert notice(body) is None
    assert "canonical" not in head(body)


def test_english_only_standard_page_is_shown_in_the_lao_tree_with_a_lao_notice(client):
    home = in_language(HomePage, "en")
    page = home.add_child(instance=StandardPage(title="Terms of reference", slug="terms"))
    body = client.get(page.url).content.decode()
    assert 'href="/lo/terms/" hreflang="lo"' in switcher(body)

    response = client.get("/lo/terms/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="lo">' in body
    assert ENGLISH_ONLY_NOTICE_LO in notice(body)
    assert "This page is available" not in body
    assert '<div lang="en">' in body and "Terms of reference" in body
    assert 'href="/en/terms/" hreflang="en"' in switcher(body)


def test_nested_one_language_pages_follow_their_translated_ancestor(client):
    home = in_language(HomePage, "lo")
    section = home.add_child(instance=StandardPage(title="ພາກສ່ວນ", slug="lao-section"))
    child = section.add_child(instance=StandardPage(title="ໜ້າຍ່ອຍ", slug="child"))
    body = client.get(child.url).content.decode()
    assert 'href="/en/lao-section/child/" hreflang="en"' in switcher(body)
    response = client.get("/en/lao-section/child/")
    assert response.status_code == 200
    assert LAO_ONLY_NOTICE in notice(response.content.decode())
    assert "ໜ້າຍ່ອຍ" in response.content.decode()


def test_unknown_addresses_and_translated_pages_are_not_fallbacks(client, lao_only_news):
    assert client.get("/en/news/no-such-news/").status_code == 404
    assert client.get("/en/news/lao-only-news/no-such-child/").status_code == 404
    # A page with a translation in the reader's language is served as itself.
    news_en = NewsPage.objects.live().filter(locale__language_code="en").first()
    body = client.get(news_en.url).content.decode()
    assert notice(body) is None


def test_unpublished_translation_falls_back_to_the_original(client):
    """A page sent for translation has a draft in the other language until it is
    published: readers see the original with the notice meanwhile."""
    news_lo = NewsPage.objects.live().filter(locale__language_code="lo").first()
    news_en = news_lo.get_translation(Locale.objects.get(language_code="en"))
    news_en.unpublish()
    response = client.get(f"/en/news/{news_lo.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert LAO_ONLY_NOTICE in notice(body)
    assert news_lo.title in body


def test_space_and_its_listings_fall_back_and_keep_the_sub_route(client):
    space_en = in_language(SpacePage, "en", working_group__slug="health")
    space_lo = in_language(SpacePage, "lo", working_group__slug="health")
    space_en.unpublish()
    response = client.get("/en/swg/health/")
    assert response.status_code == 200
    assert LAO_ONLY_NOTICE in notice(response.content.decode())
    assert space_lo.title in response.content.decode()

    response = client.get("/en/swg/health/meetings/?type=technical")
    assert response.status_code == 200
    body = response.content.decode()
    assert LAO_ONLY_NOTICE in notice(body)
    assert 'href="/lo/swg/health/meetings/?type=technical" hreflang="lo"' in switcher(body)
    # The Lao space links to its English place, listings included.
    body = client.get("/lo/swg/health/documents/").content.decode()
    assert 'href="/en/swg/health/documents/" hreflang="en"' in switcher(body)


def _lao_only_meeting(access_level):
    space_lo = in_language(SpacePage, "lo", working_group__slug="health")
    start = timezone.now() + datetime.timedelta(days=3)
    return space_lo.add_child(
        instance=MeetingPage(
            title="ກອງປະຊຸມລັບສະເພາະ",
            slug=f"lao-only-{access_level}",
            start=start,
            access_level=access_level,
        )
    )


def test_lao_only_public_meeting_is_shown_in_the_english_tree(client):
    meeting = _lao_only_meeting("public")
    response = client.get("/en/swg/health/lao-only-public/")
    assert response.status_code == 200
    body = response.content.decode()
    assert LAO_ONLY_NOTICE in notice(body)
    assert meeting.title in body


def test_private_meeting_does_not_leak_through_the_other_tree(client, login):
    meeting = _lao_only_meeting("restricted")
    url = "/en/swg/health/lao-only-restricted/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # A signed-in reader outside the Health SWG's secretariat is refused as at the
    # original address, and learns nothing of the meeting.
    reader = login("health.member@example.org")
    for address in (url, meeting.url):
        response = reader.get(address)
        assert response.status_code == 403
        assert meeting.title not in response.content.decode()
        assert LAO_ONLY_NOTICE not in response.content.decode()
    reader.logout()
    chair = login("health.chair@example.org")
    response = chair.get(url)
    assert response.status_code == 200
    assert meeting.title in response.content.decode()


def test_restricted_one_language_page_stays_restricted_in_the_other_tree(client, lao_only_news):
    PageViewRestriction.objects.create(
        page=lao_only_news, restriction_type=PageViewRestriction.LOGIN
    )
    for url in ("/en/news/lao-only-news/", lao_only_news.url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
