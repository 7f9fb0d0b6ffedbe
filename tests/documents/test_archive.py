"""The site-wide archive page (both languages) and ZIP downloads of a selection."""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import PortalDocument
from tests.documents.fixtures import (
    education,
    health,
    make_document,
    media,
    unique_pdf,
    user_named,
)
from tests.lao_markup import unmarked

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(
        r'<h2><a href="/documents/[^"]+"[^>]*>([^<]+)</a></h2>', unmarked(response.content)
    )


def shown_as(documents, lang="en"):
    """The titles `documents` are listed under for a reader of `lang`, in order."""
    return [document.titles_for(lang).title for document in documents]


@pytest.mark.parametrize("lang", ["en", "lo"])
def test_anonymous_readers_see_public_documents_only(client, lang):
    response = client.get(f"/{lang}/documents/")
    assert response.status_code == 200
    shown = titles(response)
    assert shown
    public = set(shown_as(PortalDocument.objects.filter(access_level="public"), lang))
    assert set(shown) <= public
    assert 'rel="next"' not in response.content.decode() or len(public) > 20


def test_labels_follow_the_language(client):
    lao = client.get("/lo/documents/?swg=health").content.decode()
    english = client.get("/en/documents/?swg=health").content.decode()
    assert 'lang="lo"' in lao and "Minutes" in english
    assert "Document archive" in english


def test_members_see_their_swg_private_documents(client, login):
    login("health.member@example.org")
    shown = titles(client.get("/en/documents/?swg=health"))
    health_docs = PortalDocument.objects.filter(working_groups__slug="health")
    assert set(shown) == set(shown_as(health_docs.exclude(access_level="restricted")))
    education = titles(client.get("/en/documents/?swg=education"))
    assert set(education) == set(
        shown_as(
            PortalDocument.objects.filter(working_groups__slug="education", access_level="public")
        )
    )


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [("type=minutes", "document_type", "minutes"), ("language=lo", "language", "lo")],
)
def test_filters(client, login, query, field, value):
    login("admin@example.org")
    shown = titles(client.get(f"/en/documents/?{query}&sort=title"))
    expected = PortalDocument.objects.filter(**{field: value}).order_by("title", "pk")
    assert shown == shown_as(expected[:20])


def test_year_filter_and_sorting(client, login):
    login("admin@example.org")
    shown = titles(client.get("/en/documents/?year=2025&sort=oldest"))
    expected = PortalDocument.objects.filter(document_date__year=2025).order_by(
        "document_date", "created_at", "pk"
    )
    assert shown == shown_as(expected[:20])


@pytest.mark.parametrize(
    "query", ["swg=nowhere", "type=memo", "language=fr", "year=20x5", "sort=random"]
)
def test_bad_filters_are_400_with_a_message(client, query):
    response = client.get(f"/en/documents/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("lang", ["en", "lo"])
def test_pagination_with_rel_next_and_prev(client, login, lang):
    login("admin@example.org")
    total = PortalDocument.objects.count()
    assert total > 20, "the demo holds more than one page of documents"
    first = client.get(f"/{lang}/documents/?sort=title").content.decode()
    assert 'rel="next" href="?sort=title&amp;page=2"' in first
    second = client.get(f"/{lang}/documents/?sort=title&page=2")
    assert 'rel="prev"' in second.content.decode()
    assert len(titles(second)) == min(20, total - 20)
    # Out-of-range pages show the last page rather than failing.
    assert client.get(f"/{lang}/documents/?page=999").status_code == 200
    assert client.get(f"/{lang}/documents/?page=x").status_code == 200


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_documents(
    client, login, media, health, education
):
    login("admin@example.org")
    url = "/en/documents/"
    client.get(url)  # warm the per-process caches (site, locales)
    before = _count_queries(client, url)
    for number in range(25):
        document = PortalDocument(title=f"Bulk {number}", file_kind="txt", access_level="public")
        document.file.save(f"bulk-{number}.txt", ContentFile(b"text"), save=False)
        document.save()
        document.working_groups.set([health, education])
    assert _count_queries(client, url) == before
    assert _count_queries(client, url + "?swg=health&page=2") <= before + 1
    # Five are the archive's own (SWGs, count, years, page, their SWGs); the rest are the
    # site template's menu, language links and session.
    assert before <= 20


# --- ZIP ------------------------------------------------------------------------------


@pytest.fixture
def selection(make_document, education):
    return {
        "public": make_document("public", name="ສາທາລະນະ.pdf"),
        "members": make_document("members", name="ສະມາຊິກ.pdf"),
        "restricted": make_document("restricted", name="ຈຳກັດ.pdf"),
        "other swg": make_document("members", name="education.pdf", swgs=[education]),
    }


def _zip(client, documents):
    return client.post("/en/documents/zip/", {"document": [d.pk for d in documents.values()]})


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("registered@example.org", {"ສາທາລະນະ.pdf"}),
        ("health.member@example.org", {"ສາທາລະນະ.pdf", "ສະມາຊິກ.pdf"}),
        ("education.member@example.org", {"ສາທາລະນະ.pdf", "education.pdf"}),
        ("health.secretariat@example.org", {"ສາທາລະນະ.pdf", "ສະມາຊິກ.pdf", "ຈຳກັດ.pdf"}),
        (
            "admin@example.org",
            {"ສາທາລະນະ.pdf", "ສະມາຊິກ.pdf", "ຈຳກັດ.pdf", "education.pdf"},
        ),
    ],
)
def test_zip_holds_only_what_the_reader_may_read(client, login, selection, email, expected):
    login(email)
    response = _zip(client, selection)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment; ")
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert set(bundle.namelist()) == expected
    for name in bundle.namelist():
        assert bundle.read(name).startswith(b"%PDF-")


def test_zip_needs_a_signed_in_reader(client, selection):
    response = _zip(client, selection)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_zip_of_nothing_readable_goes_back_with_a_message(client, login, selection):
    login("registered@example.org")
    response = client.post(
        "/en/documents/zip/", {"document": [selection["restricted"].pk], "next": "/en/documents/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/documents/"


def test_zip_counts_downloads_and_names_clashes_apart(client, login, make_document):
    first = make_document(name="report.pdf")
    second = make_document(name="report.pdf")
    login("admin@example.org")
    response = client.post("/en/documents/zip/", {"document": [first.pk, second.pk]})
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(bundle.namelist()) == ["report (2).pdf", "report.pdf"]
    first.refresh_from_db()
    assert first.download_count == 1


@pytest.mark.parametrize(
    ("reader", "first", "first_lang", "second", "second_lang"),
    [
        ("lo", "ບົດລາຍງານປະຈຳປີ", "", "Annual report", "en"),
        ("en", "Annual report", "", "ບົດລາຍງານປະຈຳປີ", "lo"),
    ],
)
@pytest.mark.parametrize("stored", ["en", "lo"])
def test_each_reader_sees_the_title_in_their_language_first(
    reader, first, first_lang, second, second_lang, stored
):
    english, lao = "Annual report", "ບົດລາຍງານປະຈຳປີ"
    title, translated = (english, lao) if stored == "en" else (lao, english)
    document = PortalDocument(title=title, translated_title=translated, language="both")
    assert document.titles_for(reader) == (first, first_lang, second, second_lang)


def test_a_title_without_translation_is_marked_with_its_language():
    document = PortalDocument(title="Annual report", language="en")
    assert document.titles_for("lo") == ("Annual report", "en", "", "")
    assert document.titles_for("en") == ("Annual report", "", "", "")
