"""A secretariat officer and a chair work in the Wagtail admin in Lao without meeting
English (issue 20): dashboard, the explorer at their space, a meeting's editor with every
tab, the documents listing and upload page, a snippet listing, the workflow report and
account settings. The visible text (and the labels screen readers read) holds no English
word outside data: names, e-mail addresses, file names, what editors typed, and the
acronyms in ACRONYMS. Screenshots at 1280 px and 390 px land in test-artifacts/.

The browser asks for English, as most browsers in Laos do: the admin follows the
officer's own language, not the browser's.
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Collection, Page

from documents.models import PortalDocument
from swg.models import Organisation, Person, SectorWorkingGroup
from swg.models.meetings import MeetingPage
from tests.browser.support import ARTIFACTS, totp_code
from tests.swg.factories import space

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "screenshots" / "admin-lo"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Latin-letter words that are not English interface: acronyms and names of formats and
# standards (locale/GLOSSARY.md keeps the same list).
ACRONYMS = {
    "URL", "SEO", "PDF", "ID", "HTML", "ZIP", "CSV", "XLSX", "QR", "TOTP", "RSS", "API",
    "UXO", "DAC", "OECD", "SWG", "MB", "KB", "PO", "UTC", "ICT", "GMT", "WHO",
}  # fmt: skip
LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
EMAIL = re.compile(r"\S+@\S+")
FILE_NAME = re.compile(r"\S+\.(?:pdf|docx?|xlsx?|pptx?|odt|txt|html?|csv|zip|png|jpe?g)\b", re.I)
URL = re.compile(r"https?://\S+|/\S*/")
TIME_ZONE_ID = re.compile(r"\b[A-Z][a-z]+/[A-Za-z_]+\b")  # "Asia/Vientiane" (IANA)

# Text a reader sees: visible text nodes and the labels of controls (placeholder, title,
# aria-label, alt). What editors typed (inputs, text areas, the rich-text editor) is data.
VISIBLE_TEXT = """() => {
  const texts = [];
  const data = 'textarea, [contenteditable], .Draftail-Editor, script, style, template, noscript';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!element || element.closest(data)) continue;
    if (element.closest('[hidden], [aria-hidden=true]')) continue;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0 && element.tagName !== 'OPTION') continue;
    const text = node.textContent.trim();
    if (text) texts.push(text);
  }
  const labelled = '[placeholder], [title], [aria-label], img[alt]';
  for (const element of document.querySelectorAll(labelled)) {
    if (element.closest(data)) continue;
    for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
      const value = element.getAttribute(name);
      if (value && value.trim()) texts.push(value.trim());
    }
  }
  return texts;
}"""


def data_words():
    """Every Latin word of the demo's data: names of people, users, organisations,
    groups, collections, pages and documents (Lao pages keep some English names)."""
    values = []
    user_model = get_user_model()
    for user in user_model.objects.all():
        values += [user.first_name, user.last_name, user.get_full_name()]
    for person in Person.objects.all():
        values += [person.name, person.title, person.languages]
    for organisation in Organisation.objects.all():
        values += [organisation.name_en, organisation.acronym]
    for group in SectorWorkingGroup.objects.all():
        values += [group.name_en, group.slug]
    values += list(Collection.objects.values_list("name", flat=True))
    values += list(Page.objects.values_list("title", flat=True))
    for document in PortalDocument.objects.all():
        values += [document.title, document.file.name]
    values += list(MeetingPage.objects.values_list("chaired_by", flat=True))
    return {word.lower() for value in values if value for word in LATIN_WORD.findall(value)}


def english_words(texts, allowed):
    """The English words in `texts`, with the data and the acronyms taken out."""
    found = []
    for text in texts:
        text = URL.sub(" ", FILE_NAME.sub(" ", EMAIL.sub(" ", TIME_ZONE_ID.sub(" ", text))))
        for word in LATIN_WORD.findall(text):
            if word in ACRONYMS or word.lower() in allowed:
                continue
            found.append((word, text[:120]))
    return found


def sign_in_to_admin(page, email, password):
    """Password, then the authenticator code (2FA is required for the admin)."""
    secret = generate_totp_secret()
    TOTP.activate(get_user_model().objects.get(email=email), secret)
    page.goto("/accounts/login/?next=/admin/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def screens(space_page, meeting):
    return [
        ("dashboard", "/admin/"),
        ("explorer", f"/admin/pages/{space_page.pk}/"),
        ("meeting-editor", f"/admin/pages/{meeting.pk}/edit/"),
        ("documents", "/admin/documents/"),
        ("documents-upload", "/admin/documents/multiple/add/"),
        ("snippets-people", "/admin/snippets/swg/person/"),
        ("workflows", "/admin/reports/workflow/"),
        ("account", "/admin/account/"),
    ]


@pytest.mark.parametrize(
    "email",
    ["health.secretariat@example.org", "health.chair@example.org"],
    ids=["secretariat", "chair"],
)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_admin_screens_have_no_english_outside_data(new_context, demo_password, email, width):
    space_page = space("health", "lo")
    meeting = MeetingPage.objects.child_of(space_page).live().first()
    assert meeting is not None
    allowed = data_words()
    role = email.split("@")[0].split(".")[1]
    SHOTS.mkdir(parents=True, exist_ok=True)

    # An English browser, no language chosen on the site yet: the officer's own language.
    page = new_context(viewport=WIDTHS[width], language="en", chosen=False).new_page()
    sign_in_to_admin(page, email, demo_password)

    problems = {}
    for name, path in screens(space_page, meeting):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.url.endswith(path), f"{role} cannot open {path} (landed on {page.url})"
        assert page.evaluate("document.documentElement.lang") == "lo", path
        texts = page.evaluate(VISIBLE_TEXT)
        page.screenshot(path=str(SHOTS / f"{role}-{name}-{width}.png"), full_page=True)
        if name == "meeting-editor":
            # Every tab of the editor, each one shown and read.
            tabs = page.get_by_role("tab")
            assert tabs.count() >= 4
            for index in range(tabs.count()):
                tab = tabs.nth(index)
                tab.click()
                expect(tab).to_have_attribute("aria-selected", "true")
                texts += page.evaluate(VISIBLE_TEXT)
                page.screenshot(
                    path=str(SHOTS / f"{role}-{name}-tab{index + 1}-{width}.png"), full_page=True
                )
        english = english_words(texts, allowed)
        if english:
            problems[name] = sorted(set(english))
    if problems:  # the whole list, for whoever fixes it
        report = SHOTS / f"{role}-{width}-english.txt"
        report.write_text("\n".join(f"{k}: {v}" for k, v in problems.items()), encoding="utf-8")
    assert problems == {}, problems


def test_sidebar_names_pages_as_the_glossary_does(new_context, demo_password):
    """The sidebar's "Pages" is ໜ້າເວັບ (not the portal's pagination ການແບ່ງໜ້າ), and the
    explorer's listings count web pages, not page counts."""
    page = new_context(language="en", chosen=False).new_page()
    sign_in_to_admin(page, "health.secretariat@example.org", demo_password)
    sidebar = page.locator("aside, .sidebar").first
    expect(sidebar).to_contain_text("ໜ້າເວັບ")
    expect(sidebar).not_to_contain_text("ການແບ່ງໜ້າ")
    page.goto(f"/admin/pages/{space('health', 'lo').pk}/")
    body = page.locator("main").inner_text()
    assert "ຈຳນວນໜ້າ" not in body
