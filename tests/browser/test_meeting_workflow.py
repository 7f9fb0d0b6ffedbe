"""The meeting workflow in Chromium, through the Wagtail admin: a secretariat officer
drafts a meeting with agenda, attendance and an action item and submits it; a co-chair
approves it; an anonymous visitor then finds it on the space's meetings page.

Admin two-factor authentication is on in the test settings, so both officers sign in
through the real login form and the real TOTP step, with codes computed from the
authenticator secret the test gave their accounts (allauth's own code generator)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from swg.models import MeetingPage
from tests.browser.support import sign_in_to_admin
from tests.swg.factories import space

pytestmark = pytest.mark.browser

SECRETARIAT = "health.secretariat@example.org"
CO_CHAIR = "health.cochair@example.org"
TITLE = "Technical meeting on district hospital budgets"
AGENDA_ITEM = "Budget of the district hospitals"
PARTICIPANT = "Visiting expert Malee Example"
ACTION = "Draft the district hospital budget note"


def fill_date(page, name, value):
    """Type into one of Wagtail's date(-time) inputs and close its picker."""
    field = page.locator(f"input[name='{name}']")
    field.fill(value)
    field.press("Escape")
    field.evaluate("input => input.blur()")
    expect(field).to_have_value(value)


def choose_first_snippet(page, field_id):
    """Pick the first entry of a snippet chooser's modal; returns the chosen title."""
    chooser = page.locator(f"#id_{field_id}-chooser")
    chooser.locator("button.chooser__choose-button").click()
    choice = page.locator(".modal [data-chooser-modal-choice]").first
    title = choice.inner_text().strip()
    choice.click()
    expect(chooser.locator("[data-chooser-title]")).to_have_text(title)
    # The modal fades out; until it has gone it takes the clicks meant for the page.
    expect(page.locator(".modal").first).to_be_hidden()
    return title


def open_tab(page, name):
    """Select an editor tab, and make sure it took: a click while a date picker or a
    modal is still closing can land elsewhere (seen on a loaded CI machine)."""
    tab = page.get_by_role("tab", name=name)
    for _attempt in range(3):
        tab.click()
        try:
            expect(tab).to_have_attribute("aria-selected", "true", timeout=3000)
            return
        except AssertionError:
            continue
    expect(tab).to_have_attribute("aria-selected", "true")


def footer_action(page, selector):
    """A button of the editor's footer action menu, opening the menu when it is folded."""
    button = page.locator(f"footer {selector}, .footer {selector}").first
    if not button.is_visible():
        page.locator("footer .w-dropdown__toggle, .footer .w-dropdown__toggle").last.click()
    return button


def test_secretariat_drafts_and_submits_co_chair_approves_and_it_appears(
    new_context, demo_password
):
    space_page = space("health", "en")
    start = (timezone.localtime() + timedelta(days=21)).replace(hour=9, minute=0)
    meetings_url = "/en/swg/health/meetings/"

    # --- the secretariat officer drafts the meeting --------------------------------
    officer = new_context(language="en").new_page()
    sign_in_to_admin(officer, SECRETARIAT, demo_password)
    officer.goto(f"/admin/pages/add/swg/meetingpage/{space_page.pk}/")
    officer.locator("input[name=title]").fill(TITLE)
    officer.locator("select[name=meeting_type]").select_option("technical")
    fill_date(officer, "start", start.strftime("%Y-%m-%d %H:%M"))
    officer.locator("input[name=venue]").fill("Ministry of Health, meeting room 2")
    # By content path: panel ids follow the heading, in the language the editor was built in.
    officer.locator("[data-contentpath=agenda] button.c-sf-add-button").first.click()
    officer.locator("input[name='agenda-0-value-title']").fill(AGENDA_ITEM)
    officer.locator("input[name='agenda-0-value-presenter']").fill("Department of Planning")

    open_tab(officer, "Minutes and follow-up")
    officer.locator("#id_attendance-ADD").click()
    officer.locator("input[name='attendance-0-name']").fill(PARTICIPANT)
    officer.locator("input[name='attendance-0-organisation_name']").fill("Example University")
    officer.locator("select[name='attendance-0-status']").select_option("present")
    officer.locator("#id_action_items-ADD").click()
    officer.locator("textarea[name='action_items-0-description']").fill(ACTION)
    responsible = choose_first_snippet(officer, "action_items-0-responsible_organisation")
    fill_date(officer, "action_items-0-due_date", (start + timedelta(days=30)).strftime("%Y-%m-%d"))

    open_tab(officer, "Settings")
    officer.locator("select[name=access_level]").select_option("public")

    footer_action(officer, "button[name=action-submit]").click()
    officer.wait_for_load_state()
    errors = officer.locator(".error-message").all_inner_texts()
    assert not errors, errors
    expect(officer).not_to_have_url(re.compile(r"/add/swg/meetingpage/"))
    expect(officer.locator(".messages")).to_contain_text(TITLE)

    meeting = MeetingPage.objects.get(title=TITLE)
    assert not meeting.live
    assert meeting.get_parent().pk == space_page.pk
    assert meeting.workflow_in_progress
    draft = meeting.get_latest_revision_as_object()
    assert [block.value["title"] for block in draft.agenda] == [AGENDA_ITEM]
    assert [a.display_name for a in draft.attendance.all()] == [PARTICIPANT]
    with translation.override("en"):  # the chooser showed the English name to this officer
        raised = [
            (i.description, str(i.responsible_organisation)) for i in draft.action_items.all()
        ]
    assert raised == [(ACTION, responsible)]

    # Not public yet.
    visitor = new_context(language="en").new_page()
    visitor.goto(meetings_url)
    expect(visitor.get_by_role("link", name=TITLE)).to_have_count(0)

    # --- a co-chair approves it -----------------------------------------------------
    co_chair = new_context(language="en").new_page()
    sign_in_to_admin(co_chair, CO_CHAIR, demo_password)
    co_chair.goto(f"/admin/pages/{meeting.pk}/edit/")
    approve = footer_action(
        co_chair, "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    approve.click()
    expect(co_chair.locator(".messages")).to_contain_text(TITLE)

    meeting.refresh_from_db()
    assert meeting.live and not meeting.workflow_in_progress

    # --- and it is public -------------------------------------------------------------
    visitor = new_context(language="en").new_page()
    visitor.goto(meetings_url)
    link = visitor.get_by_role("link", name=TITLE)
    expect(link).to_have_count(1)
    link.click()
    expect(visitor.locator("main h1")).to_have_text(TITLE)
    expect(visitor.locator("main")).to_contain_text(AGENDA_ITEM)
    # Attendance and action items follow the minutes (members only by default).
    expect(visitor.locator("main")).not_to_contain_text(ACTION)
