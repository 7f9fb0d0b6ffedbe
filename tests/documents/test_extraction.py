import time
import unicodedata

import pytest

from documents import samples
from documents.extraction import (
    TRUNCATED,
    ChildCrashed,
    ExtractionLimits,
    ExtractionStatus,
    MemoryLimitExceeded,
    TimeLimitExceeded,
    extract_text,
    garbled_reason,
    run_limited,
    tidy_text,
)
from documents.filetypes import FileKind

from .conftest import BOTH, ENGLISH, LAO, squashed

MiB = 1024 * 1024

MAKERS = {
    FileKind.PDF: lambda paragraphs: samples.make_pdf(paragraphs, title="Round Table"),
    FileKind.DOCX: lambda paragraphs: samples.make_docx(paragraphs, title="Round Table"),
    FileKind.XLSX: lambda paragraphs: samples.make_xlsx(paragraphs, sheet_title="ສາທາລະນະສຸກ"),
    FileKind.PPTX: lambda paragraphs: samples.make_pptx(paragraphs, title="Round Table"),
    FileKind.ODT: lambda paragraphs: samples.make_odt(paragraphs, title="Round Table"),
    FileKind.HTML: lambda paragraphs: samples.make_html(paragraphs, title="Round Table"),
    FileKind.TXT: samples.make_txt,
}
LANGUAGES = {"lo": LAO, "en": ENGLISH, "both": BOTH}


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("kind", list(MAKERS))
def test_every_format_gives_its_sentences_back(kind, language, write_file):
    paragraphs = LANGUAGES[language]
    path = write_file(f"document.{kind}", MAKERS[kind](paragraphs))
    result = extract_text(path, kind)
    assert result.status is ExtractionStatus.DONE, result.error
    assert result.error == ""
    assert result.text == unicodedata.normalize("NFC", result.text)
    for paragraph in paragraphs:
        assert squashed(paragraph) in squashed(result.text)


def test_pdf_line_breaks_fall_between_words(write_file):
    result = extract_text(write_file("a.pdf", samples.make_pdf(ENGLISH)), FileKind.PDF)
    # Whole words on each side of every break, nothing glued together.
    for paragraph in ENGLISH:
        assert " ".join(paragraph.split()) in " ".join(result.text.split())


def test_pdf_page_count(write_file):
    path = write_file("a.pdf", samples.make_pdf(BOTH, pages=3))
    assert extract_text(path, FileKind.PDF).page_count == 3


def test_pptx_counts_slides(write_file):
    path = write_file("a.pptx", samples.make_pptx(BOTH))
    assert extract_text(path, FileKind.PPTX).page_count == len(BOTH)


def test_docx_tables_are_read(write_file):
    table = [["ແຂວງ", "Province"], ["ວຽງຈັນ", "Vientiane"]]
    path = write_file("a.docx", samples.make_docx(ENGLISH, table=table))
    text = extract_text(path, FileKind.DOCX).text
    assert "ແຂວງ\tProvince" in text.replace(" ", "\t") or "ແຂວງ Province" in text
    assert "ວຽງຈັນ" in text and "Vientiane" in text


def test_xlsx_reads_numbers_and_sheet_names(write_file):
    path = write_file("a.xlsx", samples.make_xlsx(LAO, rows=[["Budget", 125000]]))
    text = extract_text(path, FileKind.XLSX).text
    assert "ສາທາລະນະສຸກ" not in text  # default sheet title here
    assert "Budget 125000" in text


def test_html_ignores_scripts_and_styles(write_file):
    path = write_file("a.html", samples.make_html(LAO, title="ຂ່າວ"))
    text = extract_text(path, FileKind.HTML).text
    assert samples.HTML_SCRIPT_MARKER not in text
    assert samples.HTML_STYLE_MARKER not in text
    assert "not text" not in text
    assert "ຂ່າວ" in text


def test_html_without_a_charset_is_read_as_utf8(write_file):
    page = "<html><body><p>" + LAO[0] + "</p></body></html>"
    result = extract_text(write_file("a.html", page.encode()), FileKind.HTML)
    assert squashed(LAO[0]) in squashed(result.text)


def test_html_in_a_declared_legacy_charset(write_file):
    page = '<html><head><meta charset="windows-1252"></head><body>Café résumé</body></html>'
    result = extract_text(write_file("a.html", page.encode("cp1252")), FileKind.HTML)
    assert "Café résumé" in result.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_lao_text_files_in_unicode_encodings(encoding, write_file):
    path = write_file("a.txt", samples.make_txt(LAO, encoding=encoding))
    result = extract_text(path, FileKind.TXT)
    assert squashed(LAO[1]) in squashed(result.text)
    assert "\ufeff" not in result.text


def test_legacy_encoded_english_text_is_detected(write_file):
    text = "Meeting of the Health sector working group. Café, naïve, résumé. " * 20
    result = extract_text(write_file("a.txt", text.encode("cp1252")), FileKind.TXT)
    assert "Café, naïve, résumé" in result.text


def test_decomposed_lao_comes_out_nfc(write_file):
    decomposed = unicodedata.normalize("NFD", "ຄຳ ແລະ ສຶກສາ " * 5)
    result = extract_text(write_file("a.txt", decomposed.encode()), FileKind.TXT)
    assert result.text == unicodedata.normalize("NFC", result.text)
    assert "ຄຳ" in result.text


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (FileKind.PDF, lambda: samples.make_pdf([""])),
        (FileKind.TXT, lambda: b"  \n\n \t "),
        (FileKind.DOCX, lambda: samples.make_docx([])),
        (FileKind.HTML, lambda: b"<html><body><script>x()</script></body></html>"),
    ],
)
def test_files_without_text_are_empty_not_failed(kind, data, write_file):
    result = extract_text(write_file(f"a.{kind}", data()), kind)
    assert result.status is ExtractionStatus.EMPTY
    assert result.text == ""
    assert result.error


@pytest.mark.parametrize("mapping", ["latin1", "thai", "pua", "keyboard", "none"])
def test_pdfs_in_legacy_lao_fonts_are_unreadable_not_junk(mapping, write_file):
    path = write_file("a.pdf", samples.make_garbled_lao_pdf(mapping=mapping))
    result = extract_text(path, FileKind.PDF)
    assert result.status is ExtractionStatus.UNREADABLE
    assert result.text == ""
    assert result.error.startswith("Text could not be read")


def test_the_same_lao_with_a_unicode_font_is_readable(write_file):
    path = write_file("a.pdf", samples.make_pdf(LAO))
    assert extract_text(path, FileKind.PDF).status is ExtractionStatus.DONE


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(LAO),
        "\n".join(ENGLISH),
        "\n".join(BOTH),
        "Le café de la réunion était déjà prêt; les délégués ont approuvé le procès-verbal. " * 3,
        "Budget\t2024\t125000\t98.5%\nHealth\t2025\t130000\t101.2%\n" * 10,
        "ກະຊວງ ສາທາລະນະສຸກ ແລະ ກະຊວງ ສຶກສາທິການ ແລະ ກິລາ ໄດ້ປຶກສາຫາລື ເລື່ອງ ແຜນການ ປີ 2024",
        "See www.example.org/reports, e.g. the SWG's report (pp. 3-4); don't miss "
        "sections 2.1 and 3.2, i.e. budget and staffing, at gov.la/health/2024.",
        "Name\tE-mail\tPhone\nSomchai\tsomchai.k@health.gov.la\t+856 21 214 000\n" * 12,
    ],
)
def test_real_text_is_not_called_junk(text):
    assert garbled_reason(text) == ""


@pytest.mark.parametrize(
    "text",
    [
        "\ufffd" * 30 + " some words",
        "\uf081\uf082\uf083 " * 20,
        "ÁÐ¹Ø´à¡Õ´ÁÒÁÕÊÔ´àÊÅÕ¾Òº áÅÐ ÊÐàýÕüéÒ¡Ñ¹ã¹·Ò§¡Ý´µÔÊÑ¡",
        "มะนุดเกีดมามีสิดเสลีพาบ และ สะเ๝ี๜้ากันในทางก฽ดติสัก",
        "\u0ec8\u0eb4\u0ec9 " * 20 + "ກ" * 20,
        '!" # $%" & \' ! (" " & )! )! ! ) & * ! (" + "$ & ,% " & - & - - " " & .',
        "\x01\x02\x03 \x04\x05" * 20,
        "mu;k; ,[]k'df ;y[k ,kpg] s/k.; ;[d'kd] fdf;k ,u;k[ ;k[]d ,ud;k g[;k]",
    ],
)
def test_junk_is_recognised(text):
    assert garbled_reason(text)


def test_tidy_text_collapses_spaces_and_blank_lines():
    assert tidy_text("a  \t b\r\n\n\n\nc\x00d ") == "a b\n\nc d"


@pytest.mark.parametrize(
    ("kind", "data", "fragment"),
    [
        (FileKind.PDF, samples.make_encrypted_pdf, "password"),
        (FileKind.PDF, samples.make_corrupt_pdf, "damaged"),
        (FileKind.DOCX, samples.make_broken_docx, "damaged"),
        (FileKind.DOCX, lambda: samples.make_pdf(ENGLISH), "damaged"),
        (FileKind.XLSX, lambda: samples.make_docx(ENGLISH), "damaged"),
        (FileKind.PPTX, lambda: b"PK\x03\x04 truncated", "damaged"),
        (FileKind.ODT, lambda: samples.make_docx(ENGLISH), "damaged"),
    ],
)
def test_bad_files_fail_with_a_reason_instead_of_raising(kind, data, fragment, write_file):
    result = extract_text(write_file(f"a.{kind}", data()), kind)
    assert result.status is ExtractionStatus.FAILED
    assert fragment in result.error.lower()
    assert result.text == ""


def test_long_text_is_cut_at_the_character_cap(write_file):
    path = write_file("a.txt", samples.make_txt(ENGLISH * 50))
    result = extract_text(path, FileKind.TXT, limits=ExtractionLimits(max_chars=500))
    assert result.status is ExtractionStatus.DONE
    assert len(result.text) <= 500
    assert result.error == TRUNCATED


def test_a_slow_extraction_is_killed_at_the_time_limit(write_file):
    # 20,000 pages take PDFium about a second; an answer within the limit would count.
    path = write_file("a.pdf", samples.make_pdf_with_many_pages(20_000))
    started = time.monotonic()
    result = extract_text(path, FileKind.PDF, limits=ExtractionLimits(time_limit=0.05))
    assert result.status is ExtractionStatus.FAILED
    assert "too long" in result.error
    assert time.monotonic() - started < 5


# The sandbox itself, with stand-ins for a stuck or greedy parser.


def test_the_sandbox_returns_values_and_peak_memory():
    outcome = run_limited(samples.allocate, 50 * MiB, time_limit=30, memory_limit=1024 * MiB)
    assert outcome.value == 50 * MiB
    assert outcome.peak_memory > 50 * MiB
    assert outcome.cpu_seconds > 0


def test_the_sandbox_kills_a_child_at_the_time_limit():
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        run_limited(samples.sleep_for, 60, time_limit=1, memory_limit=None)
    assert time.monotonic() - started < 5


def test_the_sandbox_refuses_memory_beyond_the_limit():
    with pytest.raises(MemoryLimitExceeded) as exceeded:
        run_limited(samples.allocate, 3 * 1024 * MiB, time_limit=30, memory_limit=512 * MiB)
    assert "memory" in exceeded.value.message


def test_the_same_allocation_succeeds_without_the_limit_in_the_way():
    outcome = run_limited(samples.allocate, 200 * MiB, time_limit=30, memory_limit=1024 * MiB)
    assert outcome.value == 200 * MiB


def test_a_crashing_child_is_reported_not_propagated():
    with pytest.raises(ChildCrashed):
        run_limited(samples.crash, time_limit=30, memory_limit=None)


def test_a_pdf_decompression_bomb_neither_hangs_nor_outgrows_the_limit(write_file):
    path = write_file("bomb.pdf", samples.make_pdf_bomb(200 * MiB))
    assert path.stat().st_size < 2 * MiB
    limits = ExtractionLimits(memory_limit=256 * MiB, time_limit=60)
    result = extract_text(path, FileKind.PDF, limits=limits)
    # pypdf caps inflation itself (the page reads as empty); the limit is the backstop.
    assert result.status in (ExtractionStatus.EMPTY, ExtractionStatus.FAILED)
    assert result.text == ""
    assert result.peak_memory is None or result.peak_memory < 256 * MiB


def test_extraction_under_a_tiny_memory_limit_fails_cleanly(write_file):
    # Big enough that reading it must map new memory: a small file can be parsed
    # entirely in heap the child inherited, and then no limit is ever hit.
    path = write_file("a.pdf", samples.make_pdf(BOTH, pages=80))
    result = extract_text(path, FileKind.PDF, limits=ExtractionLimits(memory_limit=8 * MiB))
    assert result.status is ExtractionStatus.FAILED
    assert result.error


# A PDF's thumbnail, drawn by the child that reads its text.


def test_one_child_reads_a_pdf_and_draws_its_first_page(write_file):
    from io import BytesIO

    from PIL import Image

    path = write_file("a.pdf", samples.make_pdf(BOTH, pages=3))
    result = extract_text(path, FileKind.PDF, thumbnail=(160, 640))
    assert result.status is ExtractionStatus.DONE
    assert "ສິດເສລີພາບ" in squashed(result.text) and result.page_count == 3
    image = Image.open(BytesIO(result.thumbnail))
    assert image.format == "WEBP" and image.width == 160
    assert result.thumbnail_problem == ""


def test_other_files_get_no_thumbnail(write_file):
    path = write_file("a.docx", samples.make_docx(ENGLISH))
    result = extract_text(path, FileKind.DOCX, thumbnail=(160, 640))
    assert result.status is ExtractionStatus.DONE
    assert result.thumbnail is None and result.thumbnail_problem == ""


def test_a_pdf_that_cannot_be_read_gets_neither_text_nor_thumbnail(write_file):
    path = write_file("locked.pdf", samples.make_encrypted_pdf())
    result = extract_text(path, FileKind.PDF, thumbnail=(160, 640))
    assert result.status is ExtractionStatus.FAILED
    assert "password" in result.error
    assert result.thumbnail is None and "password" in result.thumbnail_problem
