"""The site skeleton: every page type renders in both languages, with the right
`lang`, the Lao font, and a language switcher that keeps the reader in place."""

import re
from pathlib import Path

import pytest
from wagtail.models import Locale

from portal.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from swg.models import SectorWorkingGroup, SWGIndexPage
from tests.lao_markup import unmarked

pytestmark = pytest.mark.django_db

PAGE_TYPES = [HomePage, StandardPage, NewsIndexPage, NewsPage, SWGIndexPage]


def page_in(model, language_code):
    return model.objects.live().filter(locale__language_code=language_code).first()


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize("language_code", ["lo", "en"])
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_every_page_type_renders_in_both_languages(client, model, language_code):
    page = page_in(model, language_code)
    assert page is not None, f"demo has no {model.__name__} in {language_code}"
    url = page.url
    assert url.startswith(f"/{language_code}/")
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang(response) == language_code
    assert page.title in response.content.decode()


def test_lo_home_answers_200_with_lao_lang_and_font(client):
    response = client.get("/lo/")
    assert response.status_code == 200
    assert html_lang(response) == "lo"
    body = response.content.decode()
    assert "portal/css/portal.css" in body
    assert "noto-sans-lao-lao-400-normal.woff2" in body


def test_lao_font_is_served_by_the_site(client):
    from django.contrib.staticfiles import finders

    assert finders.find("portal/fonts/noto-sans-lao-lao-400-normal.woff2")
    css = Path(finders.find("portal/css/portal.css")).read_text(encoding="utf-8")
    assert 'font-family: "Noto Sans Lao"' in css
    assert "U+0E81-0EDF" in css


@pytest.mark.parametrize("language_code", ["lo", "en"])
def test_home_lists_the_ten_swgs_in_the_page_language(client, language_code):
    body = unmarked(client.get(f"/{language_code}/").content)
    groups = SectorWorkingGroup.objects.top_level()
    assert groups.count() == 10
    for group in groups:
        name = group.name_lo if language_code == "lo" else group.name_en
        assert name in body, name


def test_home_shows_latest_news_of_its_own_language(client):
    body = client.get("/en/").content.decode()
    latest = NewsPage.objects.live().filter(locale__language_code="en").order_by("-date").first()
    lao_title = latest.get_translation(Locale.objects.get(language_code="lo")).title
    assert latest.title in body
    assert lao_title not in body


@pytest.mark.parametrize(
    "accept, expected", [("en-GB,en;q=0.9", "/en/"), ("lo,en;q=0.5", "/lo/"), ("fr", "/lo/")]
)
def test_root_negotiates_language_from_accept_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_chosen_language_is_remembered(client):
    client.get("/en/news/")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="lo")
    assert response["Location"] == "/en/"


@pytest.mark.parametrize("model", [NewsPage, StandardPage, NewsIndexPage], ids=lambda m: m.__name__)
def test_language_switcher_links_to_the_same_page_in_the_other_language(client, model):
    page_en = page_in(model, "en")
    page_lo = page_en.get_translation(Locale.objects.get(language_code="lo"))
    body = client.get(page_en.url).content.decode()
    assert f'href="{page_lo.url}" hreflang="lo"' in body
    body = client.get(page_lo.url).content.decode()
    assert f'href="{page_en.url}" hreflang="en"' in body


def test_interface_strings_are_translated_into_lao(client):
    body = unmarked(client.get("/lo/").content)
    assert "ຂ່າວສານຫຼ້າສຸດ" in body  # "Latest news"
    assert "Latest news" not in body
    assert "Skip to main content" not in body


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/lo/no-such-page/")
    assert response.status_code == 404
    assert html_lang(response) == "lo"


def test_news_image_has_a_rendition(client):
    page = page_in(NewsPage, "en")
    assert page.image is not None
    body = client.get(page.url).content.decode()
    assert re.search(r'<img[^>]+src="[^"]+\.webp"', body)


def test_pages_announce_their_translations_as_hreflang_alternates(client):
    page_en = page_in(NewsPage, "en")
    page_lo = page_en.get_translation(Locale.objects.get(language_code="lo"))
    body = client.get(page_en.url).content.decode()
    assert f'<link rel="alternate" hreflang="lo" href="http://testserver{page_lo.url}">' in body
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{page_en.url}">' in body


def test_untranslated_page_announces_no_false_alternate(client):
    news_index = page_in(NewsIndexPage, "en")
    only_english = news_index.add_child(instance=NewsPage(title="English only", slug="en-only"))
    body = client.get(only_english.url).content.decode()
    assert 'hreflang="lo" href="http://testserver/lo/"' not in body.split("</head>")[0]
    assert f'hreflang="en" href="http://testserver{only_english.url}"' in body
