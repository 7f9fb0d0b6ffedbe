"""Pages that exist in one language only are listed in the other language too (news
index, home page, a space's meetings and overview), labelled with their language, with
`lang` on their title, and linked at their place in the reader's tree (sitetree.fallback);
never a page the reader may not see, never both languages of one page. On such a page
the breadcrumb and the space tabs stay in the reader's tree."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from portal.models import NewsIndexPage, NewsPage
from swg.models import MeetingPage, SpacePage

pytestmark = pytest.mark.django_db

LAO_ONLY = "Lao only"
ENGLISH_ONLY_LO = "ມີແຕ່ພາສາອັງກິດເທົ່ານັ້ນ"
LAO_ONLY_NOTICE = "This page is available in Lao only."


def in_language(model, language_code, **filters):
    return model.objects.get(locale__language_code=language_code, **filters)


def text(fragment):
    """What a reader sees of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def entry(body, url):
    """The listing entry (list item or table row) that links to `url`, or None."""
    for match in re.finditer(r"<(li|tr)\b.*?</\1>", body, re.S):
        if f'href="{url}"' in match.group(0):
            return match.group(0)
    return None


def add_news(language_code, title, slug, days=1):
    index = in_language(NewsIndexPage, language_code)
    return index.add_child(
        instance=NewsPage(
            title=title,
            slug=slug,
            intro="…",
            # Newer than the demo news, so that it is among the home page's latest.
            date=timezone.localdate() + datetime.timedelta(days=days),
        )
    )


def add_meeting(language_code, title, slug, days=3, access_level="public", minutes=""):
    space = in_language(SpacePage, language_code, working_group__slug="health")
    return space.add_child(
        instance=MeetingPage(
            title=title,
            slug=slug,
            start=timezone.now() + datetime.timedelta(days=days),
            access_level=access_level,
            minutes=minutes,
            minutes_access="public",
        )
    )


# --- News -----------------------------------------------------------------------------


def test_lao_only_news_is_listed_in_the_english_news_labelled(client):
    news = add_news("lo", "ຂ່າວພາສາລາວ", "lao-only-news")
    body = client.get("/en/news/").content.decode()
    item = entry(body, "/en/news/lao-only-news/")
    assert item is not None
    assert 'lang="lo"' in item and "ຂ່າວພາສາລາວ" in text(item)
    assert LAO_ONLY in text(item)
    # The label is in the reader's language, outside the Lao title.
    assert re.search(r'<span class="tag tag--language">Lao only</span>', item)
    # The link leads to the page shown in the English tree with its notice.
    response = client.get("/en/news/lao-only-news/")
    assert response.status_code == 200
    assert LAO_ONLY_NOTICE in response.content.decode()
    # In Lao it is an ordinary item at its own address, unlabelled.
    body = client.get("/lo/news/").content.decode()
    item = entry(body, news.url)
    assert item is not None and LAO_ONLY not in item and "tag--language" not in item


def test_english_only_news_is_listed_in_the_lao_news_with_a_lao_label(client):
    add_news("en", "English-only bulletin", "english-only-news")
    body = client.get("/lo/news/").content.decode()
    item = entry(body, "/lo/news/english-only-news/")
    assert item is not None
    assert 'lang="en"' in item and "English-only bulletin" in text(item)
    assert ENGLISH_ONLY_LO in text(item)
    assert client.get("/lo/news/english-only-news/").status_code == 200


def test_translated_news_is_listed_once_in_its_own_language(client):
    news_en = NewsPage.objects.live().filter(locale__language_code="en").first()
    news_lo = news_en.get_translations().live().get()
    assert news_en.title != news_lo.title
    for language, own, other in (("en", news_en, news_lo), ("lo", news_lo, news_en)):
        body = client.get(f"/{language}/news/").content.decode()
        assert body.count(f'href="{own.url}"') == 1
        assert other.title not in text(body)
        assert "tag--language" not in body


def test_news_whose_translation_is_unpublished_is_listed_from_the_original(client):
    news_lo = NewsPage.objects.live().filter(locale__language_code="lo").first()
    news_lo.get_translations().get().unpublish()
    body = client.get("/en/news/").content.decode()
    item = entry(body, f"/en/news/{news_lo.slug}/")
    assert item is not None and LAO_ONLY in text(item)


def test_one_language_news_whose_slug_is_taken_in_the_other_tree_is_not_listed(client):
    """/en/news/same-slug/ is the English page: the Lao one cannot be shown there."""
    add_news("en", "An English page", "same-slug")
    add_news("lo", "ຂ່າວອື່ນທີ່ໃຊ້ຊື່ດຽວກັນ", "same-slug")
    for url in ("/en/news/", "/en/"):
        body = client.get(url).content.decode()
        assert body.count('href="/en/news/same-slug/"') == 1, url
        assert "ຂ່າວອື່ນທີ່ໃຊ້ຊື່ດຽວກັນ" not in text(body), url
        assert "An English page" in text(body), url


def test_home_page_latest_news_includes_one_language_news(client):
    add_news("lo", "ຂ່າວລ່າສຸດພາສາລາວ", "latest-lao-news")
    add_news("en", "Latest English-only news", "latest-english-news")
    body = client.get("/en/").content.decode()
    item = entry(body, "/en/news/latest-lao-news/")
    assert item is not None and 'lang="lo"' in item and LAO_ONLY in text(item)
    assert "Latest English-only news" in text(body)
    body = client.get("/lo/").content.decode()
    item = entry(body, "/lo/news/latest-english-news/")
    assert item is not None and 'lang="en"' in item and ENGLISH_ONLY_LO in text(item)


def test_restricted_one_language_news_is_never_listed(client, login):
    news = add_news("lo", "ຂ່າວສະເພາະສະມາຊິກ", "restricted-lao-news")
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    for url in ("/en/news/", "/en/", "/lo/news/", "/lo/"):
        body = client.get(url).content.decode()
        assert "restricted-lao-news" not in body and news.title not in text(body)


# --- Meetings -------------------------------------------------------------------------


def test_lao_only_meeting_is_listed_in_the_english_space(client):
    # Soon: among the next meetings on the home page too.
    add_meeting("lo", "ກອງປະຊຸມວິຊາການ", "lao-only-meeting", days=0.1)
    url = "/en/swg/health/lao-only-meeting/"
    for listing in ("/en/swg/health/meetings/", "/en/swg/health/", "/en/"):
        body = client.get(listing).content.decode()
        item = entry(body, url)
        assert item is not None, listing
        assert 'lang="lo"' in item and "ກອງປະຊຸມວິຊາການ" in text(item)
        assert LAO_ONLY in text(item)
    response = client.get(url)
    assert response.status_code == 200
    assert LAO_ONLY_NOTICE in response.content.decode()


def test_english_only_meeting_is_listed_in_the_lao_space(client):
    add_meeting("en", "Partners' technical meeting", "english-only-meeting", days=0.1)
    for listing in ("/lo/swg/health/meetings/", "/lo/swg/health/", "/lo/"):
        body = client.get(listing).content.decode()
        item = entry(body, "/lo/swg/health/english-only-meeting/")
        assert item is not None, listing
        assert 'lang="en"' in item and ENGLISH_ONLY_LO in text(item)


def test_one_language_minutes_are_among_the_latest_minutes(client):
    add_meeting("lo", "ກອງປະຊຸມທີ່ຜ່ານມາ", "past-lao-meeting", days=-1, minutes="<p>ບົດບັນທຶກ</p>")
    body = client.get("/en/swg/health/").content.decode()
    section = body.split('id="minutes-heading"', 1)[1].split("</section>", 1)[0]
    item = entry(section, "/en/swg/health/past-lao-meeting/")
    assert item is not None and LAO_ONLY in text(item)


def test_translated_meeting_is_listed_once(client):
    meeting_en = (
        MeetingPage.objects.live()
        .filter(locale__language_code="en", working_group__slug="health", access_level="public")
        .first()
    )
    meeting_lo = meeting_en.get_translations().live().get()
    assert meeting_en.title != meeting_lo.title
    body = client.get("/en/swg/health/meetings/").content.decode()
    assert body.count(f'href="{meeting_en.url}"') == 1
    assert meeting_lo.title not in text(body)
    assert "tag--language" not in body


def test_restricted_one_language_meeting_is_listed_only_to_who_may_open_it(client, login):
    meeting = add_meeting("lo", "ກອງປະຊຸມລັບ", "lao-only-restricted", access_level="restricted")
    url = "/en/swg/health/lao-only-restricted/"
    listings = ("/en/swg/health/meetings/", "/en/swg/health/", "/en/")
    for listing in listings:
        body = client.get(listing).content.decode()
        assert url not in body and meeting.title not in text(body), listing
    member = login("health.member@example.org")
    for listing in listings:
        body = member.get(listing).content.decode()
        assert url not in body and meeting.title not in text(body), listing
    member.logout()
    chair = login("health.chair@example.org")
    body = chair.get("/en/swg/health/meetings/").content.decode()
    item = entry(body, url)
    assert item is not None and LAO_ONLY in text(item)


# --- A space shown in the other tree --------------------------------------------------


def test_a_space_shown_in_the_other_tree_keeps_the_reader_there(client):
    space_en = in_language(SpacePage, "en", working_group__slug="health")
    space_lo = in_language(SpacePage, "lo", working_group__slug="health")
    # The English section is withdrawn, meetings and all.
    for meeting in MeetingPage.objects.live().child_of(space_en):
        meeting.unpublish()
    space_en.unpublish()
    body = client.get("/en/swg/health/meetings/").content.decode()
    header = body.split('<header class="space-header">', 1)[1].split("</header>", 1)[0]
    breadcrumb = re.search(r'<p class="breadcrumb">.*?</p>', header, re.S).group(0)
    assert 'href="/en/swg/"' in breadcrumb
    tabs = re.findall(r'href="([^"]+)"', header.split('class="space-tabs"', 1)[1])
    assert tabs == [
        "/en/swg/health/",
        "/en/swg/health/meetings/",
        "/en/swg/health/documents/",
        "/en/swg/health/contacts/",
        "/en/swg/health/actions/",
        "/en/swg/health/aid/",
    ]
    # Its meetings are listed at their place in the English tree, labelled.
    meeting_lo = MeetingPage.objects.live().child_of(space_lo).filter(access_level="public")[0]
    item = entry(body, f"/en/swg/health/{meeting_lo.slug}/")
    assert item is not None and LAO_ONLY in text(item)
    assert f'href="{meeting_lo.url}"' not in body.split("</header>", 1)[1].split("<footer", 1)[0]
    response = client.get(f"/en/swg/health/{meeting_lo.slug}/")
    assert response.status_code == 200
    assert LAO_ONLY_NOTICE in response.content.decode()


def test_breadcrumbs_of_one_language_pages_stay_in_the_readers_tree(client):
    add_meeting("lo", "ກອງປະຊຸມພາສາລາວ", "lao-meeting-crumbs")
    body = client.get("/en/swg/health/lao-meeting-crumbs/").content.decode()
    breadcrumb = re.search(r'<p class="breadcrumb">.*?</p>', body, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', breadcrumb) == [
        "/en/swg/health/",
        "/en/swg/health/meetings/",
    ]
    add_news("lo", "ຂ່າວ", "lao-news-crumbs")
    body = client.get("/en/news/lao-news-crumbs/").content.decode()
    breadcrumb = re.search(r'<p class="breadcrumb">.*?</p>', body, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', breadcrumb) == ["/en/news/"]


def test_lao_meeting_and_space_headings_break_at_word_boundaries(client):
    meeting = add_meeting("lo", "ກອງປະຊຸມວິຊາການສາທາລະນະສຸກ", "lao-heading")
    body = client.get(meeting.url).content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", body, re.S).group(1)
    assert 'class="lao-word"' in heading and "<wbr>" in heading
    assert text(heading) == meeting.title
    space_lo = in_language(SpacePage, "lo", working_group__slug="health")
    body = client.get(space_lo.url).content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", body, re.S).group(1)
    assert text(heading).strip() == space_lo.title


# --- Cost -----------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # per-process caches warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("language", ["en", "lo"])
def test_one_language_pages_cost_no_extra_query(client, language):
    other = "lo" if language == "en" else "en"
    listings = [f"/{language}/", f"/{language}/news/", f"/{language}/swg/health/"]
    listings.append(f"/{language}/swg/health/meetings/")
    before = {url: count_queries(client, url) for url in listings}
    for number in range(4):
        add_news(other, f"News {number}", f"one-language-news-{number}", days=number + 1)
        add_meeting(other, f"Meeting {number}", f"one-language-meeting-{number}", days=0.1)
        add_meeting(other, f"Held {number}", f"one-language-held-{number}", days=-0.1, minutes="…")
    after = {}
    for url in listings:
        after[url] = count_queries(client, url)
        assert client.get(url).content.decode().count("tag--language") >= 3, url
    assert after == before
