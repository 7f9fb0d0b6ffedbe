"""Browsing the whole demo site in Lao finds no English interface text, and in English
no Lao (issue: "Lao and English throughout"). A crawler follows every link under /lo/
(or /en/) from the home page, signed out and as a member, and reads what a reader sees
(text, labels in attributes) outside anything marked with another `lang`: content that
exists only in the other language must say so in its markup. People's names, job
titles and organisation names are data, not interface, and come from the database."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model

from swg.models import Organisation, Person
from tests.lao_markup import unmarked

pytestmark = pytest.mark.django_db

LAO = re.compile(r"[\u0e80-\u0eff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
UNREAD = {"script", "style", "svg", "template", "code"}
LABELS = ("placeholder", "aria-label", "title", "alt")
# Not interface: e-mail addresses, file names, acronyms, names of file formats, the
# switcher's "English".
PATTERNS = re.compile(
    r"^([\w.+-]+@example\.org|English|vCard|iCalendar|Atom|\(?[A-Z]{2,8}\)?[,.]?"
    r"|[\w.-]+\.(pdf|docx|xlsx|pptx|odt|txt|html))$"
)
PAGE_LIMIT = 400


class ReaderView(HTMLParser):
    """The texts of a page a reader sees as being in `language`, and its links."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.open = []  # (tag, lang) of the elements we are inside
        self.texts = []
        self.links = []

    def _elsewhere(self, lang=None):
        langs = [lang] + [element_lang for _tag, element_lang in self.open]
        return any(value and not value.startswith(self.language) for value in langs) or any(
            tag in UNREAD for tag, _lang in self.open
        )

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag not in VOID:
            self.open.append((tag, attrs.get("lang")))
        if not self._elsewhere(attrs.get("lang") if tag in VOID else None):
            self.texts += [attrs[name] for name in LABELS if attrs.get(name)]
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self.texts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self._elsewhere():
            self.texts.append(data.strip())


def data_on_the_site():
    """Names and titles that are data in whatever script they were written in."""
    values = set()
    for person in Person.objects.all():
        values |= {person.name, person.title}
    for organisation in Organisation.objects.all():
        values |= {organisation.name_en, organisation.acronym}
    for user in get_user_model().objects.all():
        values.add(user.get_full_name())
    return {value.strip() for value in values if value}


def in_the_other_language(text, language):
    if language == "lo":
        return bool(LATIN_WORD.search(text)) and not LAO.search(text)
    return bool(LAO.search(text))


def foreign_text_on_pages(client, language):
    """{path: texts in the other language not marked as such} over the crawled pages."""
    data = data_on_the_site()
    start = f"/{language}/"
    seen, queue, foreign = set(), [start], {}
    while queue and len(seen) < PAGE_LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        view = ReaderView(language)
        view.feed(unmarked(response.content))
        found = {
            text
            for text in view.texts
            if in_the_other_language(text, language)
            and not PATTERNS.match(text)
            and not all(part.strip() in data for part in re.split(r"[;,]", text))
        }
        if found:
            foreign[path] = sorted(found)
        for href in view.links:
            link = urlsplit(urljoin(path, href))
            # Pages of the site in this language; one page of each listing is enough.
            if link.netloc or not link.path.startswith(start) or "page=" in link.query:
                continue
            queue.append(link.path + (f"?{link.query}" if link.query else ""))
    return seen, foreign


@pytest.mark.parametrize("language", ["lo", "en"])
@pytest.mark.parametrize("reader", ["anonymous", "health.member@example.org"])
def test_each_language_reads_without_unmarked_text_of_the_other(client, login, reader, language):
    client.cookies["portal_language"] = language
    if reader != "anonymous":
        login(reader)
    seen, foreign = foreign_text_on_pages(client, language)
    assert len(seen) > 100, f"the crawl reached only {len(seen)} pages"
    assert foreign == {}, "\n".join(f"{path}: {texts[:5]}" for path, texts in foreign.items())


def test_minutes_taken_in_the_other_language_are_announced_and_marked(client, login):
    from swg.models import MeetingPage

    meeting = (
        MeetingPage.objects.live()
        .filter(locale__language_code="lo", minutes_language="en", working_group__slug="health")
        .first()
    )
    assert meeting is not None, "the demo has Lao meeting pages with English-only minutes"
    login("health.member@example.org")
    body = client.get(meeting.url).content.decode()
    assert "ບົດບັນທຶກກອງປະຊຸມນີ້ມີແຕ່ພາສາອັງກິດເທົ່ານັ້ນ." in body
    assert re.search(r'<div class="rich-text" lang="en">\s*<p>The meeting reviewed', body)
