"""axe-core over every page type, in Lao and English, signed out and signed in; the
keyboard path through the chrome; screenshots at phone and desktop widths.

axe's results for every page go to test-artifacts/axe-report.json (moderate and minor
findings too); serious and critical ones fail the test.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    DESKTOP,
    LAO_NO_HITS,
    LAO_WORD,
    PHONE,
    blocking,
    describe,
    html_lang,
)

pytestmark = pytest.mark.browser

MEMBER = "health.member@example.org"


def page_types(language):
    """One URL per page type that exists. Add new page types here as they land."""
    from aid.models import Activity
    from swg.models import EventPage, MeetingPage

    space = f"/{language}/swg/health/"
    meeting = (
        MeetingPage.objects.live()
        .filter(locale__language_code=language, access_level="public")
        .order_by("pk")
        .first()
    )
    event = EventPage.objects.live().filter(locale__language_code=language).first()
    aid_activity = Activity.objects.filter(flows__working_group__slug="health").first()
    pages = {
        "home": f"/{language}/",
        "standard": f"/{language}/about/",
        "news-index": f"/{language}/news/",
        "news": f"/{language}/news/health-reform-review/",
        "swg-overview": f"/{language}/swg/",
        "swg-space": space,
        "swg-meetings": space + "meetings/",
        "meeting": meeting.url,
        "swg-documents": space + "documents/",
        "swg-contacts": space + "contacts/",
        "swg-actions": space + "actions/",
        "swg-aid": space + "aid/",
        "aid-activity": space + f"aid/{aid_activity.pk}/",
        "events": event.get_parent().url,
        "event": event.url,
        "document-archive": f"/{language}/documents/",
        "search-form": f"/{language}/search/",
        "search-results": f"/{language}/search/?q={LAO_WORD}",
        "search-no-results": f"/{language}/search/?q={LAO_NO_HITS}",
        "not-found": f"/{language}/no-such-page/",
    }
    return pages


SCREENSHOT_PAGES = {"home", "news", "swg-overview", "swg-space", "meeting", "search-results"}


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("language", ["lo", "en"])
def test_every_page_type_has_no_serious_axe_violations(
    new_context, sign_in, run_axe, screenshot, search_index, language, signed_in
):
    page = new_context(language=language).new_page()
    who = "member" if signed_in else "anonymous"
    if signed_in:
        sign_in(page, MEMBER)
    failures = {}
    for name, path in page_types(language).items():
        response = page.goto(path)
        expected_status = 404 if name == "not-found" else 200
        assert response.status == expected_status, f"{path}: {response.status}"
        assert html_lang(page) == language, path
        if signed_in:
            expect(page.locator("nav.account-links button")).to_be_visible()
        label = f"{name}/{language}/{who}/desktop"
        found = blocking(run_axe(page, label))
        if found:
            failures[label] = found
        if not signed_in:
            page.set_viewport_size(PHONE)
            label = f"{name}/{language}/{who}/phone"
            found = blocking(run_axe(page, label))
            if found:
                failures[label] = found
            if name in SCREENSHOT_PAGES:
                screenshot(page, f"{name}-{language}-phone")
                page.set_viewport_size(DESKTOP)
                screenshot(page, f"{name}-{language}-desktop")
            page.set_viewport_size(DESKTOP)
    assert not failures, "axe found serious or critical problems:\n" + describe(failures)


@pytest.mark.parametrize("language", ["lo", "en"])
def test_login_page_has_no_serious_axe_violations(new_context, run_axe, screenshot, language):
    page = new_context(language=language).new_page()
    page.goto(f"/{language}/")  # the language the reader chose is remembered
    page.goto("/accounts/login/")
    failures = {}
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        label = f"login/{language}/anonymous/{width}"
        found = blocking(run_axe(page, label))
        if found:
            failures[label] = found
        screenshot(page, f"login-{language}-{width}")
    assert not failures, "axe found serious or critical problems:\n" + describe(failures)
    assert html_lang(page) == language


@pytest.mark.parametrize("language", ["lo", "en"])
def test_login_form_errors_are_announced(new_context, run_axe, language):
    page = new_context(language=language).new_page()
    page.goto(f"/{language}/")
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(MEMBER)
    page.locator("input[name=password]").fill("not-the-password")
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    # An error a screen reader hears without hunting for it: an alert, or a message
    # the fields point at with aria-describedby / aria-invalid.
    alert = page.locator("[role=alert], [aria-live=assertive], [aria-invalid=true]")
    expect(alert.first).to_be_attached()
    found = blocking(run_axe(page, f"login-error/{language}/anonymous/desktop"))
    assert not found, describe({"login-error": found})
