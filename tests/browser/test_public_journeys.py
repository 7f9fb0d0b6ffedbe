"""Journeys of a member of the public and of a demo account signing in, in Chromium."""

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from swg.models import SectorWorkingGroup
from tests.browser.support import LAO_NO_HITS, LAO_WORD, PHONE, html_lang, loaded_font_faces

pytestmark = pytest.mark.browser


def main_menu(page):
    return page.locator("nav.main-nav")


@pytest.mark.parametrize("language", ["lo", "en"])
def test_visitor_lands_on_home_in_their_language_and_reads_the_news(new_context, language):
    page = new_context(language=language).new_page()
    page.goto("/")
    assert page.url.endswith(f"/{language}/"), page.url
    assert html_lang(page) == language
    faces = loaded_font_faces(page)
    if language == "lo":
        # The Lao subset of the site's own Noto Sans Lao, not a system fallback.
        assert any("U+E81" in face or "U+0E81" in face for face in faces), faces
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottom")
    assert "solid" in header, f"portal.css not applied: {header}"

    latest = page.locator("#news-heading ~ .news-list .news-card__title a").first
    title = latest.inner_text().strip()
    latest.click()
    expect(page.locator("main h1")).to_have_text(title)
    assert f"/{language}/news/" in page.url
    # Back to every news item through the breadcrumb.
    page.locator("main .breadcrumb a").click()
    expect(page).to_have_url(re.compile(rf"/{language}/news/$"))
    expect(page.locator(".news-list--index .news-card")).not_to_have_count(0)
    expect(page.get_by_role("link", name=title)).to_be_visible()


def test_language_switch_keeps_the_reader_on_the_same_page(page):
    page.goto("/lo/news/")
    page.locator(".news-list--index .news-card__title a").first.click()
    lao_url, lao_title = page.url, page.locator("main h1").inner_text()
    slug = lao_url.rstrip("/").rsplit("/", 1)[-1]

    page.locator("nav.lang-switch a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(rf"/en/news/{re.escape(slug)}/$"))
    assert html_lang(page) == "en"
    english_title = page.locator("main h1").inner_text()
    assert english_title and english_title != lao_title
    expect(page.locator("nav.lang-switch [aria-current]")).to_have_text("English")

    page.locator("nav.lang-switch a[hreflang=lo]").click()
    expect(page).to_have_url(lao_url)
    expect(page.locator("main h1")).to_have_text(lao_title)
    # The choice is remembered: the bare root now sends this reader to Lao.
    page.goto("/")
    assert page.url.endswith("/lo/")


def test_language_switch_on_the_search_page_keeps_the_query(page, search_index):
    page.goto(f"/en/search/?q={LAO_WORD}")
    page.locator("nav.lang-switch a[hreflang=lo]").click()
    expect(page).to_have_url(re.compile(r"/lo/search/"))
    assert unquote(page.url).endswith(f"q={LAO_WORD}")
    expect(page.locator("#search-q")).to_have_value(LAO_WORD)


@pytest.mark.parametrize("language", ["lo", "en"])
def test_visitor_opens_the_swg_overview_from_the_main_menu(new_context, language):
    page = new_context(language=language, viewport=PHONE).new_page()
    page.goto(f"/{language}/")
    main_menu(page).locator("a[href$='/swg/']").click()
    expect(page).to_have_url(re.compile(rf"/{language}/swg/$"))
    expect(main_menu(page).locator("a[aria-current=page]")).to_have_attribute(
        "href", re.compile(r"/swg/$")
    )
    groups = SectorWorkingGroup.objects.top_level()
    items = page.locator(".swg-list > .swg-list__item > h2 > a")
    expect(items).to_have_count(groups.count())
    for group in groups:
        name = group.name_lo if language == "lo" else group.name_en
        link = page.get_by_role("link", name=name, exact=True)
        expect(link).to_have_attribute("href", f"{group.slug}/")


@pytest.mark.parametrize("language", ["lo", "en"])
def test_visitor_finds_a_lao_word_inside_a_sentence_with_the_search_box(
    new_context, search_index, language
):
    page = new_context(language=language, viewport=PHONE).new_page()
    page.goto(f"/{language}/")
    box = page.locator("header #site-search-q")
    box.fill(LAO_WORD)
    box.press("Enter")
    page.wait_for_url(re.compile(rf"/{language}/search/\?q="))
    assert unquote(page.url).endswith(f"q={LAO_WORD}")
    expect(page.locator("#search-q")).to_have_value(LAO_WORD)
    hits = page.locator(".search-results .search-result")
    expect(hits).not_to_have_count(0)
    # Found inside a longer run of Lao ("...ຂະແໜງສາທາລະນະສຸກ ..."), not only where the
    # word is a whole title (the Health SWG itself is a hit too).
    titles = hits.locator("h2 a").all_inner_texts()
    inside = [t for t in titles if LAO_WORD in t and t.strip() != LAO_WORD]
    assert inside, titles
    title = inside[0].strip()
    first = hits.locator("h2 a", has_text=title).first
    first.click()
    expect(page.locator("main h1")).to_have_text(title)


def test_search_without_hits_says_so_and_suggests_what_to_try(page, search_index):
    page.goto("/lo/")
    page.locator("header #site-search-q").fill(LAO_NO_HITS)
    page.locator("header .site-search button").click()
    expect(page.locator(".empty-results h2")).to_be_visible()
    expect(page.locator(".search-results")).to_have_count(0)
    expect(page.locator(".empty-results li")).not_to_have_count(0)


@pytest.mark.parametrize("language", ["lo", "en"])
def test_demo_account_signs_in_through_the_form_and_returns_to_the_page(
    new_context, demo_password, language
):
    page = new_context(language=language).new_page()
    page.goto(f"/{language}/news/")
    page.locator("nav.account-links a").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?.*next="))
    page.locator("input[name=login]").fill("health.member@example.org")
    page.locator("input[name=password]").fill(demo_password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(re.compile(rf"/{language}/news/$"))
    account = page.locator("nav.account-links")
    expect(account.locator("button[type=submit]")).to_be_visible()
    expect(account.locator("a")).to_have_count(0)

    account.locator("button[type=submit]").click()
    # allauth asks for confirmation only on GET; the header form posts, so we are out.
    page.goto(f"/{language}/news/")
    expect(page.locator("nav.account-links a")).to_be_visible()


def test_wrong_password_is_refused_with_a_message_and_no_session(page):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("health.member@example.org")
    page.locator("input[name=password]").fill("not-the-password")
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    assert "/accounts/login/" in page.url
    expect(page.locator("form:has(input[name=password])")).to_contain_text(re.compile(r"\S"))
    expect(page.locator(".errorlist, [role=alert]").first).to_be_visible()
    page.goto("/en/")
    expect(page.locator("nav.account-links a")).to_be_visible()
