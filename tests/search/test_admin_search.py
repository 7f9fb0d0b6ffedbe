"""Wagtail's own admin search finds Lao words inside Lao sentences (issue 6, point 7).

Through the real admin views, as the demo's site administrator signed in with TOTP
(the two-factor gate stays on), on whichever database this run uses: SQLite (FTS5
with the Lao-safe tokenizer) or PostgreSQL (tsvector).
"""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import pytest
from django.db import connection
from modelsearch.backends import get_search_backend
from modelsearch.query import And, Not, Or, Phrase, PlainText
from wagtail.models import Locale

from portal.models import HomePage, StandardPage
from search.backends.admin import FTS5_TOKENIZE, recreate_wagtail_fts, segment_query
from search.text import index_text
from swg.models import Organisation
from tests.documents.fixtures import health, make_document, media, unique_pdf

pytestmark = pytest.mark.django_db

# Words from the middle of Lao sentences, each in one sentence only.
PAGE_TITLE = "ກອງປະຊຸມປຶກສາຫາລືກ່ຽວກັບນະໂຍບາຍກະສິກຳແບບຍືນຍົງ"
PAGE_WORD = "ປຶກສາຫາລື"
PAGE_BODY = "ບັນດາແຂວງໄດ້ສະເໜີແຜນການປູກໝາກກ້ວຍເພື່ອສົ່ງອອກໄປຕ່າງປະເທດ"
BODY_WORD = "ໝາກກ້ວຍ"
DOC_TITLE = "ບົດລາຍງານການສຳຫຼວດຊົນລະປະທານໃນເຂດພູດອຍ"
DOC_WORD = "ຊົນລະປະທານ"
ORG_NAME = "ສະມາຄົມຜູ້ລ້ຽງເຜິ້ງແຫ່ງຊາດ"
ORG_WORD = "ເຜິ້ງ"


@pytest.fixture
def lao_page():
    home = HomePage.objects.get(locale=Locale.objects.get(language_code="lo"))
    page = home.add_child(
        instance=StandardPage(
            title=PAGE_TITLE,
            slug="admin-search-test",
            body=[("paragraph", f"<p>{PAGE_BODY}</p>")],
        )
    )
    page.save_revision().publish()
    return page


def _found(client, url, q, text):
    response = client.get(url, {"q": q})
    assert response.status_code == 200, response.content[:300]
    if response["Content-Type"].startswith("application/json"):  # choosers: modal HTML
        return text in response.json()["html"]
    return text in response.content.decode()


@pytest.mark.parametrize("url", ["/admin/pages/search/", "/admin/choose-page/search/"])
def test_admin_page_search_finds_a_lao_word_inside_the_title(totp_admin, lao_page, url):
    assert _found(totp_admin, url, PAGE_WORD, PAGE_TITLE)
    assert not _found(totp_admin, url, DOC_WORD, PAGE_TITLE)


def test_page_explorer_search_finds_a_lao_word_inside_the_title(totp_admin, lao_page):
    url = f"/admin/pages/{lao_page.get_parent().pk}/"
    assert _found(totp_admin, url, PAGE_WORD, PAGE_TITLE)
    assert not _found(totp_admin, url, DOC_WORD, PAGE_TITLE)


def test_wagtail_search_finds_a_lao_word_inside_the_page_body(lao_page):
    # The admin's page search matches titles (Wagtail's autocomplete fields); the
    # body is in Wagtail's index too and found by a full-text search.
    assert lao_page.pk in {p.pk for p in StandardPage.objects.search(BODY_WORD)}
    assert lao_page.pk not in {p.pk for p in StandardPage.objects.search(DOC_WORD)}


@pytest.mark.parametrize("url", ["/admin/documents/", "/admin/documents/chooser/"])
def test_admin_document_search_finds_a_lao_word_inside_the_title(totp_admin, make_document, url):
    make_document(title=DOC_TITLE)
    assert _found(totp_admin, url, DOC_WORD, DOC_TITLE)
    assert not _found(totp_admin, url, PAGE_WORD, DOC_TITLE)


def test_admin_snippet_search_finds_a_lao_word_inside_a_name(totp_admin):
    Organisation.objects.create(name_en="National Beekeepers", name_lo=ORG_NAME, acronym="NBA")
    url = "/admin/snippets/swg/organisation/"
    assert _found(totp_admin, url, ORG_WORD, ORG_NAME)
    assert not _found(totp_admin, url, DOC_WORD, ORG_NAME)


def test_a_lao_phrase_typed_without_spaces_and_hostile_input(totp_admin, lao_page):
    url = "/admin/pages/search/"
    assert _found(totp_admin, url, "ປຶກສາຫາ", PAGE_TITLE)  # a word still being typed
    assert _found(totp_admin, url, f"{PAGE_WORD} ນະໂຍ", PAGE_TITLE)
    assert _found(totp_admin, url, "ກ່ຽວກັບນະໂຍບາຍ", PAGE_TITLE)  # two words, as typed
    assert not _found(totp_admin, url, "ນະໂຍບາຍກ່ຽວກັບ", PAGE_TITLE)  # same words, wrong order
    for q in ['"unbalanced', "*", "NEAR(a b)", "a OR NOT", "'; --", "\x01", "ສິດ " * 500]:
        assert totp_admin.get(url, {"q": q}).status_code == 200, q


def test_queries_are_segmented_like_the_index():
    assert segment_query(PlainText("ສິດເສລີພາບ Freedom")).__class__ is And
    lao, english = segment_query(PlainText("ສິດເສລີພາບ Freedom")).subqueries
    # The Lao chunk: a phrase of its words or of its syllables.
    assert isinstance(lao, Or) and isinstance(english, PlainText)
    assert [p.query_string for p in lao.subqueries] == ["ສິດ ເສລີພາບ", "ສິດ ເສລີ ພາບ"]
    assert english.query_string == "freedom"
    one_word = segment_query(PlainText("ການສຶກສາ")).subqueries
    assert [type(p) for p in one_word] == [PlainText, Phrase]
    assert one_word[1].query_string == "ການ ສຶກ ສາ"
    assert repr(segment_query(PlainText("ຫລວງພະບາງ"))) == repr(segment_query(PlainText("ຫຼວງພະບາງ")))
    assert isinstance(segment_query(PlainText("a b", operator="or")), PlainText)
    assert isinstance(segment_query(Or([PlainText("!!"), Phrase("x y")])), Phrase)
    assert segment_query(Not(PlainText("?!"))) is None
    assert segment_query(PlainText("' \" *")) is None


def test_admin_search_matches_like_the_portal_search(totp_admin, make_document):
    """A secretariat finds a document by the word a reader would: ການສຶກສາ where the
    title's sentence has ຂະແໜງການ|ສຶກສາ for ICU, and either spelling of ຫຼວງພະບາງ."""
    title = "ບົດລາຍງານກອງປະຊຸມຂະແໜງການສຶກສາແຂວງຫລວງພະບາງ"
    make_document(title=title)
    url = "/admin/documents/"
    for q in ["ການສຶກສາ", "ສຶກສາ", "ຫຼວງພະບາງ", "ຫລວງພະບາງ", "ການສຶກສາ ຫຼວງພະບາງ"]:
        assert _found(totp_admin, url, q, title), q
    assert not _found(totp_admin, url, "ສຶກສາການ", title)  # same syllables, wrong order


@pytest.mark.skipif(connection.vendor != "sqlite", reason="Wagtail's FTS5 table is SQLite's")
def test_the_migration_resegments_entries_the_stock_backend_wrote(lao_page):
    stock = get_search_backend("modelsearch.backends.database")
    stock.add(lao_page)  # raw, unsegmented text, as before the portal's backend
    assert lao_page.pk not in {p.pk for p in StandardPage.objects.autocomplete(PAGE_WORD)}
    assert recreate_wagtail_fts(connection, FTS5_TOKENIZE, index_text)
    assert lao_page.pk in {p.pk for p in StandardPage.objects.autocomplete(PAGE_WORD)}
