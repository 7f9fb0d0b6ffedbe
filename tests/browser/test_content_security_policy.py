"""Pages render under the public Content-Security-Policy (no 'unsafe-inline' in
style-src or script-src): Chromium refuses nothing, and the site stylesheet styles the
pages that used to carry their own <style> block."""

from itertools import pairwise

import pytest
from playwright.sync_api import expect

from tests.browser.support import LAO_WORD, PHONE, html_lang
from tests.browser.test_accessibility import page_types

pytestmark = pytest.mark.browser


def refusals(page):
    """Every Content-Security-Policy refusal Chromium reports on `page`'s console."""
    refused = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            refused.append(f"{page.url}: {text}")

    page.on("console", on_console)
    return refused


def test_style_src_allows_no_inline_style(page):
    response = page.goto("/en/")
    policy = response.header_value("content-security-policy")
    style_src = next(p.split()[1:] for p in policy.split(";") if p.split()[0] == "style-src")
    assert style_src == ["'self'"], policy
    refused = refusals(page)
    # The browser really enforces it: an injected inline style is refused and reported.
    page.goto("/en/")
    page.evaluate(
        """() => { const s = document.createElement('style');
                   s.textContent = 'body { color: rgb(255, 0, 0) }';
                   document.head.append(s); }"""
    )
    page.wait_for_timeout(100)
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"
    assert any("inline style" in line for line in refused), refused


@pytest.mark.parametrize(
    ("language", "account"),
    [
        ("lo", None),
        ("en", None),
        ("en", "health.member@example.org"),
        ("lo", "health.chair@example.org"),
    ],
    ids=["lo-anonymous", "en-anonymous", "en-member", "lo-chair"],
)
def test_every_page_type_renders_without_a_csp_refusal(
    new_context, sign_in, search_index, language, account
):
    """The chair sees Wagtail's user bar on pages; it must not need inline styles either."""
    page = new_context(language=language).new_page()
    refused = refusals(page)
    if account:
        sign_in(page, account)
    for name, path in page_types(language).items():
        response = page.goto(path)
        assert response.status == (404 if name == "not-found" else 200), path
        assert html_lang(page) == language, path
        page.wait_for_load_state("networkidle")
        if account == "health.chair@example.org" and name != "not-found":
            expect(page.locator("wagtail-userbar")).to_have_count(1)
    assert not refused, "\n".join(refused)


@pytest.mark.parametrize("language", ["lo", "en"])
def test_search_page_takes_its_layout_from_the_site_stylesheet(new_context, search_index, language):
    page = new_context(language=language).new_page()
    refused = refusals(page)
    page.goto(f"/{language}/search/?q={LAO_WORD}")
    layout = page.locator(".search-layout")
    assert layout.evaluate("e => getComputedStyle(e).display") == "grid"
    assert page.locator(".search-results").evaluate("e => getComputedStyle(e).listStyleType") == (
        "none"
    )
    # Facet headings come right under the page's h1 (axe "heading-order").
    levels = page.locator("main h1, main h2, main h3, main h4").evaluate_all(
        "els => els.map(e => Number(e.tagName[1]))"
    )
    assert levels[0] == 1 and all(b - a <= 1 for a, b in pairwise(levels)), levels
    assert page.locator(".facet__title").count() > 0
    page.set_viewport_size(PHONE)
    columns = layout.evaluate("e => getComputedStyle(e).gridTemplateColumns")
    assert len(columns.split()) == 1, columns
    assert not refused, "\n".join(refused)


def test_archive_takes_its_layout_from_the_site_stylesheet(page):
    refused = refusals(page)
    page.goto("/en/documents/")
    filters = page.locator(".archive-filters")
    assert filters.evaluate("e => getComputedStyle(e).display") == "flex"
    item = page.locator(".archive .document-item").first
    assert item.evaluate("e => getComputedStyle(e).display") == "grid"
    assert not refused, "\n".join(refused)
