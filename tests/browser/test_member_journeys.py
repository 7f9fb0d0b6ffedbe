"""Journeys of SWG members in Chromium: a members-only download, and a chair inviting a
new member who accepts, chooses a password and signs in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from documents.models import PortalDocument
from swg.models import AccessLevel
from swg.roles.models import Membership
from tests.browser.support import run_on_commit_callbacks

pytestmark = pytest.mark.browser

MEMBER = "health.member@example.org"
OTHER_SWG_MEMBER = "education.member@example.org"


def members_document():
    """The Health SWG's members-only Word file (an attachment, not shown inline)."""
    document = (
        PortalDocument.objects.filter(
            access_level=AccessLevel.MEMBERS, working_groups__slug="health", file_kind="docx"
        )
        .order_by("pk")
        .first()
    )
    assert document is not None, "the demo has no members-only Word file in the Health SWG"
    return document


def stored_bytes(document):
    with document.file.open("rb") as handle:
        return handle.read()


def downloaded_bytes(download):
    with open(download.path(), "rb") as handle:
        return handle.read()


@pytest.mark.parametrize("language", ["lo", "en"])
def test_member_signs_in_and_downloads_a_members_only_document(
    new_context, demo_password, language
):
    document = members_document()
    listing = f"/{language}/swg/health/documents/"

    # An anonymous visitor neither sees the document in the space nor gets the file.
    visitor = new_context(language=language).new_page()
    visitor.goto(listing)
    expect(visitor.locator("main h1")).to_be_visible()
    expect(visitor.locator(f"main a[href='{document.url}']")).to_have_count(0)
    response = visitor.goto(document.url)
    assert response.status == 200 and response.headers["content-type"].startswith("text/html")
    expect(visitor).to_have_url(re.compile(r"/accounts/login/\?next="))
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.url.endswith(document.url)

    # The member signs in on that very form and the file arrives where the link pointed.
    visitor.locator("input[name=login]").fill(MEMBER)
    visitor.locator("input[name=password]").fill(demo_password)
    with visitor.expect_download() as arrived:
        visitor.locator("form:has(input[name=password]) [type=submit]").click()
    download = arrived.value
    assert download.suggested_filename == document.download_name
    assert downloaded_bytes(download) == stored_bytes(document)

    # Signed in, the space lists it as members-only, and its link downloads it too.
    visitor.goto(listing)
    link = visitor.locator(f"main a[href='{document.url}']")
    expect(link).to_have_count(1)
    item = visitor.locator("main li", has=visitor.locator(f"a[href='{document.url}']"))
    expect(item).to_contain_text("ສະເພາະສະມາຊິກ" if language == "lo" else "Members only")
    with visitor.expect_download() as arrived:
        link.click()
    assert arrived.value.suggested_filename == document.download_name
    assert downloaded_bytes(arrived.value) == stored_bytes(document)


def test_member_of_another_swg_is_refused_the_file(new_context, sign_in):
    document = members_document()
    page = new_context(language="en").new_page()
    sign_in(page, OTHER_SWG_MEMBER)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    response = page.goto(document.url)
    assert response.status == 403
    expect(page.locator("main h1")).to_be_visible()
    assert not downloads
    # Signed in, so not sent back to the login form; the file's bytes never left.
    assert "/accounts/login/" not in page.url
    assert stored_bytes(document) not in response.body()


def invitation_path(email):
    """The path of the invitation link in the last e-mail sent to `email`."""
    sent = [message for message in mail.outbox if message.to == [email]]
    assert len(sent) == 1, [(m.to, m.subject) for m in mail.outbox]
    found = re.search(r"https?://[^/\s]+(/accounts/invitations/[^/\s]+/)", sent[0].body)
    assert found, sent[0].body
    return found.group(1)


def test_chair_invites_a_new_member_who_accepts_sets_a_password_and_signs_in(new_context, sign_in):
    """In Lao: the chair's members page, the e-mail's link, sign-up, sign-in."""
    newcomer, password = "keo.newcomer@example.org", "Vientiane-river-2026"
    chair = new_context(language="lo").new_page()
    sign_in(chair, "health.chair@example.org")
    chair.goto("/lo/swg/health/members/")
    form = chair.locator("form:has(input[name=action][value=invite])")
    form.get_by_label("ທີ່ຢູ່ອີເມວ").fill(newcomer)
    form.locator("select[name=role]").select_option("member")
    form.locator("select[name=language]").select_option("lo")
    mail.outbox.clear()
    form.locator("button[type=submit]").click()
    expect(chair).to_have_url(re.compile(r"/lo/swg/health/members/$"))
    expect(chair.locator(".messages")).to_contain_text(newcomer)
    waiting = chair.locator("main li:has(input[name=action][value=revoke])", has_text=newcomer)
    expect(waiting).to_have_count(1)

    run_on_commit_callbacks()
    link = invitation_path(newcomer)

    # The newcomer has no account: the link opens sign-up for that address only.
    page = new_context(language="lo").new_page()
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/accounts/signup/\?email="))
    expect(page.locator("input[name=email]")).to_have_value(newcomer)
    page.locator("input[name=password1]").fill(password)
    page.locator("input[name=password2]").fill(password)
    page.locator("form:has(input[name=password2]) [type=submit]").click()
    expect(page.locator("nav.account-links button[type=submit]")).to_be_visible()
    assert Membership.objects.get(user__email=newcomer, swg__slug="health").role == "member"

    # Out, and in again with the new password: a member of the Health SWG now.
    page.locator("nav.account-links button[type=submit]").click()
    page.goto("/lo/")
    expect(page.locator("nav.account-links a")).to_be_visible()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(newcomer)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("nav.account-links button[type=submit]")).to_be_visible()
    page.goto("/lo/swg/health/documents/")
    expect(page.locator(f"main a[href='{members_document().url}']")).to_have_count(1)

    # The link is used up, and the chair sees the newcomer among the members.
    assert page.goto(link).status == 410
    chair.goto("/lo/swg/health/members/")
    expect(chair.locator("table tr", has_text=newcomer)).to_have_count(1)
