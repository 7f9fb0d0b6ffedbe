"""A new document's default title and language (documents.describe), and reading a
file's own title and first text in the sandbox (documents.extraction.sample_file)."""

import pytest

from documents import samples
from documents.describe import (
    default_title,
    detect_language,
    readable_title,
    script_language,
    usable_embedded_title,
)
from documents.extraction import sample_file
from documents.filetypes import FileKind

LAO = list(samples.LAO_PARAGRAPHS)
ENGLISH = list(samples.ENGLISH_PARAGRAPHS)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("health_budget-note.docx", "health budget note"),
        ("minutes_2025-03-10.pdf", "minutes 2025-03-10"),
        ("SWG workplan 2021-2025.xlsx", "SWG workplan 2021-2025"),
        ("annual-report-3f9a1c0b2e.pdf", "annual report"),
        ("report_9f86d081884c7d659a2feaa0c55ad015a3bf4f1b.pdf", "report"),
        ("ບົດລາຍງານ_ກອງປະຊຸມ-ສາທາລະນະສຸກ.pdf", "ບົດລາຍງານ ກອງປະຊຸມ ສາທາລະນະສຸກ"),
        ("  spaced__out  .txt", "spaced out"),
        # A word that merely looks like hex stays.
        ("budget-deadbeef.pdf", "budget deadbeef"),
        ("___.pdf", "___.pdf"),
    ],
)
def test_a_file_name_becomes_a_readable_title(name, title):
    assert readable_title(name) == title


@pytest.mark.parametrize(
    ("saved", "usable"),
    [
        ("Health budget note 2026", "Health budget note 2026"),
        ("  ບົດສະຫຼຸບ   ກອງປະຊຸມ ", "ບົດສະຫຼຸບ ກອງປະຊຸມ"),
        ("Microsoft Word - Annual report", "Annual report"),
        ("Microsoft Word - report_final.docx", ""),
        ("Untitled", ""),
        ("Document1", ""),
        ("PowerPoint Presentation", ""),
        ("", ""),
        # A legacy Lao font's title: private-use characters, not Lao.
        ("\uf710\uf711\uf712 \uf713\uf714\uf715", ""),
    ],
)
def test_only_real_titles_saved_in_files_are_used(saved, usable):
    assert usable_embedded_title(saved) == usable


def test_the_saved_title_wins_over_the_file_name():
    assert default_title("scan0001.pdf", "ບົດສະຫຼຸບກອງປະຊຸມ") == "ບົດສະຫຼຸບກອງປະຊຸມ"
    assert default_title("scan_0001.pdf", "Untitled") == "scan 0001"


def test_the_language_is_read_from_the_script():
    assert script_language(" ".join(LAO)) == "lo"
    assert script_language(" ".join(ENGLISH)) == "en"
    assert script_language(" ".join(LAO[:2] + ENGLISH[:2])) == "both"
    # A Lao report quoting a few English names is Lao.
    assert script_language(" ".join(LAO) + " UNICEF WHO SDG") == "lo"
    assert script_language("12 345 — 2026") is None
    # A title is short: the script it is written in.
    assert script_language("ບົດລາຍງານ") == "lo"


def test_a_document_without_text_takes_the_language_of_its_title():
    assert detect_language("", "ບົດລາຍງານ ກອງປະຊຸມ") == "lo"
    assert detect_language("", "Annual report") == "en"
    assert detect_language("", "2026") == "en"


@pytest.mark.parametrize(
    ("kind", "data", "title"),
    [
        (FileKind.PDF, samples.make_pdf(ENGLISH, title="PDF title"), "PDF title"),
        (FileKind.DOCX, samples.make_docx(LAO, title="ຫົວຂໍ້ Word"), "ຫົວຂໍ້ Word"),
        (FileKind.ODT, samples.make_odt(ENGLISH, title="ODT title"), "ODT title"),
        (FileKind.PDF, samples.make_pdf(ENGLISH), ""),
        (FileKind.TXT, "\n".join(LAO).encode(), ""),
    ],
)
def test_a_file_sample_has_its_saved_title_and_its_first_text(tmp_path, kind, data, title):
    path = tmp_path / f"sample.{kind.value}"
    path.write_bytes(data)
    sample = sample_file(path, kind)
    assert sample.title == title
    first_paragraph = (LAO if kind in (FileKind.DOCX, FileKind.TXT) else ENGLISH)[0]
    assert first_paragraph[:20] in sample.text.replace("\n", " ")


def test_a_broken_file_gives_an_empty_sample(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(samples.make_broken_docx())
    assert sample_file(path, FileKind.DOCX).text == ""
