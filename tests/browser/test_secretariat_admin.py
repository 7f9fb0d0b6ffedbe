"""The Health secretariat's everyday work in the Wagtail admin, in Chromium, in Lao and
in English: uploading two files through Documents -> "Add a document" (both listed
with readable titles), opening a meeting's preview and an earlier revision, and
typing a Lao title that gives an address keeping every vowel and tone mark.

Admin two-factor authentication is on in the test settings: the officer signs in
through the real login form and TOTP step (support.sign_in_to_admin)."""

import re
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from documents import samples
from documents.models import PortalDocument
from swg.models import MeetingPage
from tests.browser.support import LANGUAGES, sign_in_to_admin
from tests.swg.factories import add_meeting, space

pytestmark = pytest.mark.browser

SECRETARIAT = "health.secretariat@example.org"
LAO_FILE = "ບົດລາຍງານ_ກອງປະຊຸມ-ສາທາລະນະສຸກ.pdf"
LAO_FILE_TITLE = "ບົດລາຍງານ ກອງປະຊຸມ ສາທາລະນະສຸກ"
DOCX_FILE = "health_budget-note_2026.docx"
DOCX_TITLE = "Health budget note 2026 (made-up test data)"
LAO_TITLE = "ກອງປະຊຸມວິຊາການ ວັກຊີນ ປ້ອງກັນພະຍາດ"


def marks(text):
    return [ch for ch in text if unicodedata.category(ch)[0] == "M"]


@pytest.fixture
def officer(new_context, demo_password):
    def _officer(language):
        page = new_context(language=language).new_page()
        sign_in_to_admin(page, SECRETARIAT, demo_password)
        return page

    return _officer


@pytest.mark.parametrize("language", LANGUAGES)
def test_secretariat_uploads_two_documents_from_the_documents_menu(
    officer, language, tmp_path, screenshot
):
    lao_pdf = tmp_path / LAO_FILE
    lao_pdf.write_bytes(samples.make_pdf([*samples.LAO_PARAGRAPHS, f"test {language}"]))
    docx = tmp_path / DOCX_FILE
    docx.write_bytes(
        samples.make_docx([*samples.ENGLISH_PARAGRAPHS, f"test {language}"], title=DOCX_TITLE)
    )
    page = officer(language)
    page.locator("a[href='/admin/documents/']").first.click()
    page.locator("a[href='/admin/documents/multiple/add/']").first.click()
    expect(page).to_have_url(re.compile(r"/admin/documents/multiple/add/$"))
    page.locator("#fileupload").set_input_files([str(lao_pdf), str(docx)])
    forms = page.locator("#upload-list form")
    expect(forms).to_have_count(2, timeout=30_000)
    expect(page.locator("#upload-list .upload-failure")).to_have_count(0)
    titles = [form.locator("input[name$='-title']").input_value() for form in forms.all()]
    assert sorted(titles) == sorted([LAO_FILE_TITLE, DOCX_TITLE])
    screenshot(page, f"admin-multiple-upload-{language}")

    # "Update" saves each as it stands; the uploader removes a form once saved.
    for left in (1, 0):
        forms.first.locator("button[type=submit]").click()
        expect(forms).to_have_count(left, timeout=10_000)
    page.locator("a[href='/admin/documents/']").first.click()
    listing = page.locator("main")
    expect(listing).to_contain_text(LAO_FILE_TITLE)
    expect(listing).to_contain_text(DOCX_TITLE)
    screenshot(page, f"admin-documents-after-upload-{language}")
    documents = {d.title: d for d in PortalDocument.objects.filter(title__in=titles)}
    assert documents[LAO_FILE_TITLE].language == "lo"
    assert documents[DOCX_TITLE].language == "en"
    assert {d.access_level for d in documents.values()} == {"members"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_secretariat_refused_file_reads_one_reason(officer, language, tmp_path):
    program = tmp_path / "setup.exe"
    program.write_bytes(samples.make_windows_executable())
    page = officer(language)
    page.goto("/admin/documents/multiple/add/")
    page.locator("#fileupload").set_input_files(str(program))
    failure = page.locator("#upload-list .upload-failure .error_messages")
    expect(failure).to_have_count(1, timeout=15_000)
    expect(failure.locator("p")).to_have_count(1)
    reason = {"lo": "ສາມາດສັ່ງໃຫ້ໂປຣແກຣມ", "en": "can run programs"}[language]
    expect(failure).to_contain_text(reason)


@pytest.mark.parametrize("language", LANGUAGES)
def test_secretariat_opens_a_meetings_preview_and_a_revision(officer, language, screenshot):
    author = get_user_model().objects.get(email=SECRETARIAT)
    meeting = add_meeting(space("health", language))
    meeting.save_revision(user=author, log_action=True).publish()
    meeting.title = f"{meeting.title} (revised draft)"
    meeting.save_revision(user=author, log_action=True)
    earlier = meeting.revisions.order_by("created_at", "pk").first()

    page = officer(language)
    page.goto(f"/admin/pages/{meeting.pk}/edit/")
    page.locator("button[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("iframe[data-w-preview-target='iframe']").first
    expect(preview.locator("main h1")).to_contain_text("(revised draft)", timeout=20_000)
    screenshot(page, f"admin-meeting-preview-{language}")

    leave_the_editor(page)
    page.goto(f"/admin/pages/{meeting.pk}/history/")
    earlier_preview = page.locator(f"a[href$='/revisions/{earlier.pk}/view/']")
    for toggle in page.locator("table.listing [data-w-dropdown-target=toggle]").all():
        toggle.click()
        if earlier_preview.is_visible():
            break
        page.keyboard.press("Escape")
    earlier_preview.click()
    expect(page.locator("main h1")).to_contain_text(MeetingPage.objects.get(pk=meeting.pk).title)
    expect(page.locator("main h1")).not_to_contain_text("(revised draft)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_secretariat_types_a_lao_title_and_the_address_keeps_every_mark(
    officer, language, screenshot
):
    page = officer(language)
    page.goto(f"/admin/pages/add/swg/meetingpage/{space('health', 'lo').pk}/")
    title = page.locator("input[name=title]")
    title.click()
    title.press_sequentially(LAO_TITLE, delay=10)
    title.blur()
    slug = page.locator("input[name=slug]")
    # Three words: the whole title, every vowel and tone mark in its place.
    expect(slug).to_have_value(LAO_TITLE.replace(" ", "-"))
    value = slug.input_value()
    assert marks(value) == marks(LAO_TITLE)
    page.locator("input[name=start]").fill("2027-04-01 09:00")
    page.locator("input[name=start]").press("Escape")
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    saved = MeetingPage.objects.get(title=LAO_TITLE)
    assert saved.slug == value
    screenshot(page, f"admin-lao-slug-{language}")
    leave_the_editor(page)


def leave_the_editor(page):
    """The editor keeps pinging and autosaving in the background; a request of this
    test arriving after it ended would write into the next test's transaction."""
    page.goto("/admin/")
    page.wait_for_load_state("networkidle")
