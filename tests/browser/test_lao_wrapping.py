"""Long Lao titles wrap between words on a narrow phone, and copying a title still finds
it in search (portal/templatetags/lao_text.py explains the choice).

Each line box of the title is located in Chromium (a Range per character, its top
edge); a new line must start at a word boundary of the portal's segmenter (ICU's
dictionary, the one search uses). For comparison the same title without the markup is
measured too and written to test-artifacts/lao-wrapping-<width>.json: Chromium's own Lao
breaking never cuts a grapheme cluster either, but splits compounds the segmenter
keeps whole (ສາທາລະນະ|ສຸກ)."""

import json

import pytest
from playwright.sync_api import expect

from portal.models import NewsIndexPage, NewsPage
from search.text import split_words
from tests.browser.support import ARTIFACTS

pytestmark = pytest.mark.browser
icu = pytest.importorskip("icu", reason="PyICU gives the word boundaries to compare with")

TITLES = [
    # One run of Lao without a space: the hardest case for a line breaker.
    "ກຸ່ມວຽກງານຂະແໜງການສາທາລະນະສຸກປຶກສາຫາລືກ່ຽວກັບການປະຕິຮູບລະບົບການເງິນສາທາລະນະສຸກແຫ່ງຊາດ",
    "ກອງປະຊຸມທົບທວນການຈັດຕັ້ງປະຕິບັດແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ ກ່ຽວກັບວຽກງານສາທາລະນະສຸກ ແລະ ການສຶກສາ",
]
WIDTHS = [320, 390]

LINE_STARTS = """(element) => {
    // Offsets (in the element's text) of the characters that begin a new line box.
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const starts = [];
    let offset = 0, lastTop = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rects = range.getClientRects();
            if (!rects.length) continue;
            const top = rects[0].top;
            if (lastTop !== null && top > lastTop + 4) starts.push(offset + i);
            lastTop = top;
        }
        offset += node.length;
    }
    return starts;
}"""

PLAIN_COPY = """(element) => {
    // The same title as plain text, styled alike, for comparison.
    const plain = element.cloneNode(false);
    plain.textContent = element.textContent;
    element.after(plain);
    return plain;
}"""


def boundaries(text, instance):
    iterator = instance(icu.Locale("lo"))
    iterator.setText(text)
    return set(iterator)


def word_boundaries(title):
    assert split_words(title) is not None, "the portal's segmenter needs PyICU"
    return boundaries(title, icu.BreakIterator.createWordInstance)


def cluster_boundaries(title):
    return boundaries(title, icu.BreakIterator.createCharacterInstance)


def lines(title, starts):
    edges = [0, *starts, len(title)]
    return [title[a:b] for a, b in zip(edges, edges[1:], strict=False)]


@pytest.fixture
def lao_news(request):
    index = NewsIndexPage.objects.get(locale__language_code="lo")
    pages = [
        index.add_child(instance=NewsPage(title=title, slug=f"long-lao-title-{number}"))
        for number, title in enumerate(TITLES)
    ]
    request.getfixturevalue("search_index")  # indexes the live news, these included
    return pages


@pytest.mark.parametrize("width", WIDTHS)
def test_long_lao_titles_wrap_at_word_boundaries_on_a_phone(new_context, lao_news, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    measured = {}
    for news in lao_news:
        page.goto(news.url)
        page.evaluate("document.fonts.ready")
        heading = page.locator("main h1")
        assert heading.text_content() == news.title  # the markup adds no character
        # Nor does it change what a screen reader is given.
        expect(page.get_by_role("heading", level=1, name=news.title, exact=True)).to_be_visible()
        starts = heading.evaluate(LINE_STARTS)
        assert len(starts) >= 2, f"the title should wrap on {width} px: {starts}"
        words = word_boundaries(news.title)
        outside = [
            line
            for line, start in zip(lines(news.title, starts)[1:], starts, strict=True)
            if start not in words
        ]
        assert outside == [], f"lines not starting at a word: {lines(news.title, starts)}"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px"

        plain_starts = heading.evaluate_handle(PLAIN_COPY).evaluate(LINE_STARTS)
        clusters = cluster_boundaries(news.title)
        assert all(start in clusters for start in plain_starts)
        measured[news.title] = {
            "with_word_markup": lines(news.title, starts),
            "plain_chromium": lines(news.title, plain_starts),
            "plain_starts_inside_a_word": [s for s in plain_starts if s not in words],
        }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"lao-wrapping-{width}.json").write_text(
        json.dumps(measured, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def test_copying_a_wrapped_lao_title_finds_it_in_search(new_context, lao_news):
    news = lao_news[0]
    page = new_context(viewport={"width": 320, "height": 800}).new_page()
    page.goto(news.url)
    copied = page.evaluate(
        """() => {
            const selection = window.getSelection();
            selection.selectAllChildren(document.querySelector('main h1'));
            return selection.toString();
        }"""
    )
    assert copied == news.title
    box = page.locator("#site-search-q")
    box.fill(copied)
    with page.expect_navigation():
        box.press("Enter")
    expect(page.locator("main").get_by_role("link", name=news.title)).to_be_visible()
