"""Keyboard only: skip link first, into main, through the menu and search, always
with a visible focus indicator."""

import re

import pytest

from tests.browser.support import LAO_WORD

pytestmark = pytest.mark.browser

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        cls: el.className || '',
        href: el.getAttribute('href') || '',
        name: el.getAttribute('name') || '',
        text: (el.innerText || el.value || '').trim().slice(0, 40),
        inMenu: !!el.closest('nav.main-nav'),
        visibleFocus: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                      || style.boxShadow !== 'none',
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
    };
}"""


def tab(page):
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


@pytest.mark.parametrize("language", ["lo", "en"])
def test_skip_link_comes_first_and_moves_focus_to_main(new_context, language):
    page = new_context(language=language).new_page()
    page.goto(f"/{language}/news/")
    first = tab(page)
    assert "skip-link" in first["cls"], first
    assert first["onScreen"] and first["visibleFocus"], first
    page.keyboard.press("Enter")
    # Following a fragment link is asynchronous: wait for it rather than race it.
    page.wait_for_url(re.compile(r"#main$"), timeout=5000)
    page.wait_for_function("document.activeElement.id === 'main'", timeout=5000)
    # The next Tab lands inside the main content, not back in the header.
    after = tab(page)
    inside = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside, after


@pytest.mark.parametrize("language", ["lo", "en"])
def test_menu_search_and_switcher_are_reachable_with_visible_focus(new_context, language):
    page = new_context(language=language).new_page()
    page.goto(f"/{language}/")
    menu_links = page.locator("nav.main-nav a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    reached = []
    for _ in range(40):
        focused = tab(page)
        reached.append(focused)
        if focused["inMenu"] and focused["href"] == menu_links[-1]:
            break
    hidden = [f for f in reached if not (f["visibleFocus"] and f["onScreen"])]
    assert not hidden, f"focus not visible on: {hidden}"
    hrefs = [f["href"] for f in reached]
    other = "en" if language == "lo" else "lo"
    assert any(h.startswith(f"/{other}/") for h in hrefs), "language switch not reached"
    assert any(h.startswith("/accounts/login/") for h in hrefs), "sign-in link not reached"
    assert any(f["id"] == "site-search-q" for f in reached), "search box not reached"
    in_menu = [f["href"] for f in reached if f["inMenu"]]
    assert in_menu == menu_links, "Tab does not walk the main menu in order"
    # Order follows the page: switcher and sign-in, then search, then the menu.
    search_at = next(i for i, f in enumerate(reached) if f["id"] == "site-search-q")
    assert search_at < next(i for i, f in enumerate(reached) if f["inMenu"])


def test_search_works_from_the_keyboard_alone(page):
    page.goto("/lo/")
    for _ in range(15):
        if tab(page)["id"] == "site-search-q":
            break
    else:
        pytest.fail("search box not reached with Tab")
    page.keyboard.type(LAO_WORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/lo/search/\?q="))
    assert page.locator("#search-q").input_value() == LAO_WORD


def test_login_form_is_usable_from_the_keyboard(page, demo_password):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").focus()
    page.keyboard.type("health.member@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(demo_password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url
    assert page.locator("nav.account-links button").is_visible()
