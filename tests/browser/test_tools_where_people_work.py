"""People find their tools where they are, in Chromium, in Lao and in English: the
Health secretariat sees "Add a meeting" on the Health meetings page and it opens the
admin's form for a meeting under Health; an anonymous visitor and a member see no
such thing; the chair sees "Members and invitations" on the space; the admin
dashboard's panel for Health lists its drafts and what awaits the chair's approval;
the page explorer opens at the Health space."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from swg.models import MeetingPage
from tests.browser.support import DESKTOP, PHONE, sign_in_to_admin
from tests.swg.factories import space

pytestmark = pytest.mark.browser

SECRETARIAT = "health.secretariat@example.org"
CHAIR = "health.chair@example.org"
MEMBER = "health.member@example.org"
LABELS = {
    "lo": {
        "add_meeting": "ເພີ່ມກອງປະຊຸມ",
        "upload": "ອັບໂຫຼດເອກະສານ",
        "members": "ສະມາຊິກ ແລະ ຄຳເຊີນ",
        "edit": "ແກ້ໄຂໜ້ານີ້",
        "awaiting": "ລໍຖ້າການອະນຸມັດຂອງທ່ານ (1)",
        "drafts": "ສະບັບຮ່າງ (1)",
    },
    "en": {
        "add_meeting": "Add a meeting",
        "upload": "Upload a document",
        "members": "Members and invitations",
        "edit": "Edit this page",
        "awaiting": "Awaiting your approval (1)",
        "drafts": "Draft (1)",
    },
}


def page_tools(page):
    """The links of the page's tools bar (none when it is absent)."""
    return page.locator("nav.page-tools a")


@pytest.mark.parametrize("language", ["lo", "en"])
def test_the_secretariat_adds_a_meeting_from_the_meetings_page(
    new_context, demo_password, screenshot, language
):
    health = space("health", language)
    page = new_context(language=language).new_page()
    sign_in_to_admin(page, SECRETARIAT, demo_password)
    page.goto(f"/{language}/swg/health/meetings/")
    add = page.get_by_role("link", name=LABELS[language]["add_meeting"], exact=True)
    expect(add).to_be_visible()
    if language == "lo":
        page.set_viewport_size(PHONE)
        screenshot(page, "tools-secretariat-meetings-lo-390")
        page.set_viewport_size(DESKTOP)
        screenshot(page, "tools-secretariat-meetings-lo-1280")
    add.click()
    # The admin's add form for a meeting, under this language's Health space.
    expect(page).to_have_url(re.compile(rf"/admin/pages/add/swg/meetingpage/{health.pk}/$"))
    expect(page.locator("input[name=title]")).to_be_visible()
    expect(page.locator("input[name=start]")).to_be_attached()
    expect(page.locator("header")).to_contain_text(health.title)


@pytest.mark.parametrize("language", ["lo", "en"])
def test_the_secretariat_uploads_from_the_documents_page_into_health(
    new_context, demo_password, language
):
    health = space("health", language).working_group
    page = new_context(language=language).new_page()
    sign_in_to_admin(page, SECRETARIAT, demo_password)
    page.goto(f"/{language}/swg/health/documents/")
    page.get_by_role("link", name=LABELS[language]["upload"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/documents/multiple/add/\?collection_id=\d+$"))
    # Health's collection is the one chosen in the uploader.
    chosen = page.locator("select[name=collection] option:checked")
    if chosen.count():
        expect(chosen).to_have_attribute("value", str(health.collection_id))


@pytest.mark.parametrize("language", ["lo", "en"])
@pytest.mark.parametrize("who", ["anonymous", MEMBER])
def test_anonymous_visitors_and_members_see_no_tools(new_context, sign_in, who, language):
    page = new_context(language=language).new_page()
    if who != "anonymous":
        sign_in(page, who)
    for path in ("meetings/", "documents/", ""):
        page.goto(f"/{language}/swg/health/{path}")
        expect(page.locator("main h1")).to_be_visible()
        expect(page_tools(page)).to_have_count(0)
        expect(
            page.get_by_role("link", name=LABELS[language]["add_meeting"], exact=True)
        ).to_have_count(0)
        expect(
            page.get_by_role("link", name=LABELS[language]["members"], exact=True)
        ).to_have_count(0)


@pytest.mark.parametrize("language", ["lo", "en"])
def test_the_chair_finds_members_and_invitations_on_the_space(
    new_context, sign_in, screenshot, language
):
    page = new_context(language=language).new_page()
    sign_in(page, CHAIR)
    page.goto(f"/{language}/swg/health/")
    members = page.get_by_role("link", name=LABELS[language]["members"], exact=True)
    expect(members).to_be_visible()
    expect(page.get_by_role("link", name=LABELS[language]["edit"], exact=True)).to_be_visible()
    if language == "lo":
        page.set_viewport_size(PHONE)
        screenshot(page, "tools-chair-space-lo-390")
    members.click()
    expect(page).to_have_url(re.compile(rf"/{language}/swg/health/members/$"))
    expect(page.locator("input[name=email]")).to_be_visible()  # the invitation form


def meeting_draft(parent, title, by, submit=False):
    start = timezone.now() + datetime.timedelta(days=30)
    meeting = MeetingPage(title=title, start=start, live=False, has_unpublished_changes=True)
    parent.add_child(instance=meeting)
    meeting.save_revision(user=by)
    if submit:
        meeting.get_workflow().start(meeting, by)
    return meeting


@pytest.mark.parametrize("language", ["lo", "en"])
def test_the_chairs_dashboard_lists_health_drafts_and_what_awaits_approval(
    new_context, demo_password, screenshot, language
):
    secretariat = get_user_model().objects.get(email=SECRETARIAT)
    health = space("health", language)
    draft = meeting_draft(health, f"Draft for the dashboard ({language})", secretariat)
    sent = meeting_draft(health, f"Sent for approval ({language})", secretariat, submit=True)
    page = new_context(language=language).new_page()
    sign_in_to_admin(page, CHAIR, demo_password)
    panel = page.locator("#swg-workspace-health-section")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(LABELS[language]["drafts"])
    expect(panel).to_contain_text(LABELS[language]["awaiting"])
    expect(panel.get_by_role("link", name=draft.title)).to_have_attribute(
        "href", f"/admin/pages/{draft.pk}/edit/"
    )
    expect(panel.get_by_role("link", name=sent.title)).to_have_attribute(
        "href", f"/admin/pages/{sent.pk}/edit/"
    )
    expect(panel.get_by_role("link", name=LABELS[language]["add_meeting"])).to_have_attribute(
        "href", f"/admin/pages/add/swg/meetingpage/{health.pk}/"
    )
    if language == "lo":
        screenshot(page, "tools-chair-dashboard-lo-1280")
    # The page explorer opens at the Health space of the admin's language, not the Root.
    page.get_by_role(
        "button", name={"en": "Pages", "lo": "ໜ້າເວັບ"}[language], exact=True
    ).first.click()
    explorer = page.locator(".c-page-explorer, [class*=page-explorer]").first
    expect(explorer).to_contain_text(health.title)
    for warning in ("Pages created here will not be accessible", "ໜ້າທີ່ສ້າງຢູ່ນີ້ຈະບໍ່ມີ URL"):
        expect(page.get_by_text(warning)).to_have_count(0)
