"""The working side in Chromium: a member who opens /admin/ gets a page that says what
they can do instead (not a redirect loop), and a secretariat officer keeps their SWG's
contact list through the admin's own menu and form, and cannot reach another's."""

import re

import pytest
from playwright.sync_api import expect

from swg.models import Person
from tests.browser.support import blocking, describe, sign_in_to_admin

pytestmark = pytest.mark.browser

MEMBER = "health.member@example.org"
SECRETARIAT = "health.secretariat@example.org"
TEXT = {
    "lo": {
        "heading": "ພາກສ່ວນຜູ້ດູແລລະບົບແມ່ນສຳລັບຜູ້ແກ້ໄຂເນື້ອຫາ",
        "health": "ສາທາລະນະສຸກ",
        "home": "ກັບຄືນໜ້າຫຼັກ",
        "contacts": "ຜູ້ຕິດຕໍ່",
        "people": "ບຸກຄົນ",
    },
    "en": {
        "heading": "The administration area is for editors",
        "health": "Health",
        "home": "Back to the home page",
        "contacts": "Contacts",
        "people": "People",
    },
}


def redirects_before(response):
    """The addresses the browser was sent through before `response`, oldest first."""
    chain, request = [], response.request.redirected_from
    while request is not None:
        chain.insert(0, request.url)
        request = request.redirected_from
    return chain


@pytest.mark.parametrize("language", ["lo", "en"])
def test_a_member_opening_the_admin_gets_a_page_not_a_loop(
    new_context, sign_in, run_axe, screenshot, language
):
    page = new_context(language=language).new_page()
    # Signing in from the admin's own login redirect, as a bookmark of /admin/ would.
    sign_in(page, MEMBER, next_url="/admin/")
    expect(page).to_have_url(re.compile(rf"/{language}/admin-access/$"))
    expect(page.locator("main h1")).to_have_text(TEXT[language]["heading"])
    assert page.locator("html").get_attribute("lang") == language

    # Opening /admin/ again: one redirect to the same page, not a loop.
    response = page.goto("/admin/")
    assert response.ok
    assert [url.split("://", 1)[1].split("/", 1)[1] for url in redirects_before(response)] == [
        "admin/"
    ]
    expect(page).to_have_url(re.compile(rf"/{language}/admin-access/$"))
    screenshot(page, f"admin-access-member-{language}")
    found = blocking(run_axe(page, f"admin-access/{language}/member/desktop"))
    assert not found, "axe found serious or critical problems:\n" + describe({"page": found})

    # Their own space is one click away, and so is the way back home.
    main = page.locator("main")
    main.get_by_role("link", name=TEXT[language]["health"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{language}/swg/health/$"))
    page.go_back()
    main.get_by_role("link", name=TEXT[language]["home"]).click()
    expect(page).to_have_url(re.compile(rf"/{language}/$"))


def health_contact():
    return (
        Person.objects.filter(roles__working_group__slug="health")
        .exclude(roles__working_group__slug="education")
        .order_by("name", "pk")
        .first()
    )


def education_contact():
    return (
        Person.objects.filter(roles__working_group__slug="education")
        .exclude(roles__working_group__slug__startswith="health")
        .order_by("name", "pk")
        .first()
    )


@pytest.mark.parametrize("language", ["lo", "en"])
def test_a_secretariat_keeps_their_swgs_contacts(new_context, demo_password, screenshot, language):
    ours, theirs = health_contact(), education_contact()
    page = new_context(language=language).new_page()
    sign_in_to_admin(page, SECRETARIAT, demo_password)

    # Contacts -> People, from the admin's own menu.
    sidebar = page.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name=TEXT[language]["contacts"]).click()
    sidebar.get_by_role("link", name=TEXT[language]["people"]).click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/swg/person/$"))
    listing = page.locator("main table")
    expect(listing.get_by_text(ours.email, exact=True)).to_have_count(1)
    expect(listing.get_by_text(theirs.email, exact=True)).to_have_count(0)

    # Open the Health contact, correct the phone number, save.
    listing.locator(f"a[href='/admin/snippets/swg/person/edit/{ours.pk}/']").first.click()
    expect(page.locator("input[name=name]")).to_have_value(ours.name)
    offered = page.locator("select[name='roles-0-working_group'] option").all_inner_texts()
    assert {text.strip() for text in offered} - {"---------"} <= {
        "Health",
        "Health Financing",
        "ສາທາລະນະສຸກ",
        "ການເງິນສາທາລະນະສຸກ",
    }
    page.locator("input[name=phone]").fill("+856 21 000 111 (example)")
    screenshot(page, f"contact-edit-secretariat-{language}")
    page.locator("footer button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/swg/person/$"))
    ours.refresh_from_db()
    assert ours.phone == "+856 21 000 111 (example)"

    # Another SWG's contact, even by its address, is not theirs to open.
    page.goto(f"/admin/snippets/swg/person/edit/{theirs.pk}/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("input[name=name]")).to_have_count(0)
