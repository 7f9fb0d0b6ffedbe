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

from portal.lao_lines import LAO, LONGEST_KEPT_WHOLE, letters, line_words
from portal.models import NewsIndexPage, NewsPage
from search.text import TOKEN_RE, split_words
from swg.models import MeetingPage
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


# --- Tables, pills, tabs and headings of the site's own pages ------------------------

# Short texts in narrow boxes: table headers and cells (with their labels when the
# table is stacked), pills, tabs and headings.
NARROW_BOXES = (
    "main h1, main h2, main th, .cell-label, .cell-value, .tag, .status, .access-badge,"
    " .space-tabs a, .main-nav a"
)
LINES_OF_EACH = """(elements, lineStarts) => elements.map((element) => {
    // Offsets where a text node begins inside another block (a <div> after a text):
    // a new line there is the block's, not a break.
    const blockOf = (node) => {
        for (let e = node.parentElement; e && e !== element; e = e.parentElement) {
            if (getComputedStyle(e).display !== 'inline') return e;
        }
        return element;
    };
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const blockStarts = [];
    let offset = 0, lastBlock = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const block = blockOf(node);
        if (lastBlock !== null && block !== lastBlock) blockStarts.push(offset);
        lastBlock = block;
        offset += node.length;
    }
    return {
        text: element.textContent,
        starts: (new Function('return ' + lineStarts))()(element),
        blockStarts,
    };
})"""


def cuts_inside_lao_words(text, starts):
    """The line starts in `starts` that fall inside a Lao word of `text` as the portal
    breaks lines (portal.lao_lines); other text (e-mail addresses) may break anywhere."""
    inside = set()
    for match in TOKEN_RE.finditer(text):
        if not LAO.search(match.group(0)):
            continue
        offset = match.start()
        for word in line_words(match.group(0)):
            if letters(word) > LONGEST_KEPT_WHOLE:
                # Too long for a phone's line: the browser may break it, though never
                # inside a grapheme cluster.
                clusters = {offset + c for c in cluster_boundaries(word)}
                inside |= set(range(offset + 1, offset + len(word))) - clusters
            else:
                inside |= set(range(offset + 1, offset + len(word)))
            offset += len(word)
    return [start for start in starts if start in inside]


def lines_outside_words(page):
    found = page.locator(NARROW_BOXES).evaluate_all(LINES_OF_EACH, LINE_STARTS)
    return [
        (box["text"], lines(box["text"], box["starts"]))
        for box in found
        if cuts_inside_lao_words(box["text"], set(box["starts"]) - set(box["blockStarts"]))
    ]


@pytest.fixture
def member_page(new_context, sign_in):
    """A phone-sized page signed in as a Health member (minutes, attendance, actions)."""

    def _member_page(width):
        page = new_context(viewport={"width": width, "height": 800}).new_page()
        sign_in(page, "health.member@example.org")
        return page

    return _member_page


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_pills_tabs_and_headings_break_only_between_words(member_page, screenshot, width):
    meeting = (
        MeetingPage.objects.live()
        .filter(working_group__slug="health", locale__language_code="lo")
        .exclude(minutes="")
        .filter(attendance__isnull=False, action_items__isnull=False)
        .order_by("-start")
        .first()
    )
    news = NewsPage.objects.get(locale__language_code="lo", slug="health-reform-review")
    page = member_page(width)
    for url in (
        "/lo/swg/health/meetings/",
        "/lo/swg/health/",
        "/lo/swg/health/actions/",
        "/lo/swg/health/contacts/",
        meeting.url,
        news.url,
    ):
        page.goto(url)
        page.evaluate("document.fonts.ready")
        assert lines_outside_words(page) == [], url
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow} px at {width} px"
    # The news heading the issue saw split inside ທົບທວນ ("review") keeps it whole.
    heading = page.locator("main h1")
    assert "ທົບທວນ" in heading.text_content()
    starts = heading.evaluate(LINE_STARTS)
    title = heading.text_content()
    cut = title.index("ທົບທວນ")
    assert not any(cut < start < cut + len("ທົບທວນ") for start in starts), lines(title, starts)
    page.goto("/lo/swg/health/meetings/")
    screenshot(page, f"lao-meetings-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_stack_into_labelled_cards_on_a_phone(member_page, width):
    page = member_page(width)
    page.goto("/lo/swg/health/meetings/")
    table = page.get_by_role("table")
    # Still a table for assistive technology, with its column headers...
    expect(table.get_by_role("columnheader")).to_have_count(5)
    first_row = table.get_by_role("row").nth(1)
    expect(first_row.get_by_role("cell")).to_have_count(5)
    # ... shown as one card per row, each cell with its header as a visible label.
    labels = first_row.locator(".cell-label")
    expect(labels.first).to_be_visible()
    assert labels.all_text_contents() == table.get_by_role("columnheader").all_text_contents()
    assert page.locator("thead").evaluate("e => e.getBoundingClientRect().height") <= 1
    cells = first_row.get_by_role("cell").evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().width)"
    )
    assert min(cells) > width * 0.7, f"cells side by side on a phone: {cells}"


def test_desktop_tables_keep_their_columns(new_context):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/lo/swg/health/meetings/")
    expect(page.locator(".cell-label").first).to_be_hidden()
    tops = (
        page.get_by_role("row")
        .nth(1)
        .get_by_role("cell")
        .evaluate_all("cells => cells.map(c => Math.round(c.getBoundingClientRect().top))")
    )
    assert len(set(tops)) == 1, "the cells of a row should sit side by side"
