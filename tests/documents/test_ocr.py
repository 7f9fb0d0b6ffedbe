"""Scanned documents: OCR reads PDF pages without a text layer and scanned images, in
the extraction sandbox; without OCR such documents are marked "scanned, no text".

The OCR tests need the ``ocr`` extra and Tesseract with its Lao and English models.
They are skipped where those are missing, except in CI (``CI=true``), which installs
them (.ci/run) and fails instead of skipping.
"""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import io
import os
import shutil
import sys

import pytest
from django.core.management import call_command

from benchmarks.ocr_bench import character_error_rate, words_found
from documents import ocr, samples
from documents.extraction import (
    READ_BY_OCR,
    SCANNED_NO_TEXT,
    ExtractionLimits,
    ExtractionStatus,
    extract_text,
)
from documents.filetypes import FileKind
from documents.models import PortalDocument
from documents.upload_checks import UploadRejected, check_upload
from search.text import syllables
from tests.documents.fixtures import ENGLISH, LAO, health, media

NO_OCR = ExtractionLimits(ocr=False)


@pytest.fixture
def ocr_installed():
    if not ocr.available():
        if os.environ.get("CI"):
            pytest.fail(f"CI installs OCR, but here {ocr.unavailable_reason()}")
        pytest.skip(f"OCR is not installed: {ocr.unavailable_reason()}")


@pytest.fixture
def write_file(tmp_path):
    def write(name, data):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


def _has(text, word):
    found, wanted = syllables(text), syllables(word)
    return any(found[i : i + len(wanted)] == wanted for i in range(len(found)))


def test_a_scanned_lao_pdf_is_read_by_ocr(ocr_installed, write_file):
    path = write_file("minutes.pdf", samples.make_scanned_pdf([LAO]))
    result = extract_text(path, FileKind.PDF)
    assert result.status is ExtractionStatus.DONE
    assert result.error.startswith(READ_BY_OCR) and "1 of 1" in result.error
    assert result.scan.pages == result.scan.read == 1
    for word in ("ມະນຸດ", "ເສລີພາບ", "ຄວາມປອດໄພ"):
        assert _has(result.text, word), word
    # Measured in benchmarks/ocr_bench.py (about 0.12 on clean pages): a regression
    # of the reading (wrong resolution, wrong languages) would show here.
    assert character_error_rate("\n".join(LAO), result.text) < 0.2
    assert words_found("\n".join(LAO), result.text) > 0.6


def test_scanned_images_are_read_page_by_page(ocr_installed, write_file):
    png = extract_text(write_file("scan.png", samples.make_scan_png(LAO)), FileKind.PNG)
    jpeg = extract_text(write_file("scan.jpg", samples.make_scan_jpeg(ENGLISH)), FileKind.JPEG)
    tiff = extract_text(
        write_file("scan.tif", samples.make_scan_tiff([LAO[:1], ENGLISH[:1]])), FileKind.TIFF
    )
    assert png.status is jpeg.status is tiff.status is ExtractionStatus.DONE
    assert _has(png.text, "ເສລີພາບ")
    assert "All human beings are born free" in jpeg.text
    assert tiff.page_count == 2 and tiff.scan.read == 2
    assert _has(tiff.text, "ເສລີພາບ") and "human beings" in tiff.text


def test_a_report_with_a_scanned_annex_keeps_both(ocr_installed, write_file):
    path = write_file("annex.pdf", samples.make_scanned_pdf([ENGLISH, LAO], text_pages=[0]))
    result = extract_text(path, FileKind.PDF)
    assert result.status is ExtractionStatus.DONE
    assert result.scan.pages == result.scan.read == 1 and result.page_count == 2
    assert "All human beings are born free" in result.text and _has(result.text, "ເສລີພາບ")


def test_without_ocr_scans_are_marked_scanned_no_text(write_file):
    scan = write_file("minutes.pdf", samples.make_scanned_pdf([LAO, ENGLISH]))
    result = extract_text(scan, FileKind.PDF, limits=NO_OCR)
    assert result.status is ExtractionStatus.SCANNED
    assert result.text == ""
    assert result.error.startswith(SCANNED_NO_TEXT) and "2 of 2" in result.error
    # The text layer of the other pages is kept, and still searchable.
    annex = write_file("annex.pdf", samples.make_scanned_pdf([ENGLISH, LAO], text_pages=[0]))
    result = extract_text(annex, FileKind.PDF, limits=NO_OCR)
    assert result.status is ExtractionStatus.SCANNED and "1 of 2" in result.error
    assert "All human beings are born free" in result.text
    png = extract_text(write_file("a.png", samples.make_scan_png(LAO)), "png", limits=NO_OCR)
    assert png.status is ExtractionStatus.SCANNED and png.text == ""
    # A blank page is no scan: nothing to read there.
    blank = extract_text(write_file("blank.pdf", samples.make_pdf([""])), "pdf", limits=NO_OCR)
    assert blank.status is ExtractionStatus.EMPTY


def test_what_is_missing_when_ocr_is_not_installed(monkeypatch):
    ocr.unavailable_reason.cache_clear()
    try:
        with monkeypatch.context() as patched:
            patched.setitem(sys.modules, "pytesseract", None)  # the import fails
            assert ocr.unavailable_reason() == "pytesseract is not installed"
            assert not ocr.available()
        ocr.unavailable_reason.cache_clear()
        pytest.importorskip("pytesseract")
        monkeypatch.setattr(shutil, "which", lambda name: None)
        assert ocr.unavailable_reason() == "the tesseract program is not installed"
    finally:
        ocr.unavailable_reason.cache_clear()


@pytest.mark.django_db
def test_an_imported_scanned_pdf_is_found_by_a_word_of_its_text(
    ocr_installed, tmp_path, media, client, health
):
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "ບົດບັນທຶກ ກອງປະຊຸມ.pdf").write_bytes(samples.make_scanned_pdf([LAO]))
    call_command("import_documents", str(folder), "--swg", "health", stdout=io.StringIO())
    document = PortalDocument.objects.get(original_filename__startswith="ບົດບັນທຶກ")
    assert document.extraction_status == "done"
    results = client.get("/api/search/", {"q": "ເສລີພາບ", "kind": "document"}).json()["results"]
    assert document.url in [hit["url"] for hit in results]


@pytest.mark.django_db
def test_without_ocr_an_import_reports_scanned_no_text(tmp_path, media, health, settings):
    settings.DOCUMENTS_OCR = False
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "signed.png").write_bytes(samples.make_scan_png(LAO))
    out = io.StringIO()
    call_command("import_documents", str(folder), "--swg", "health", stdout=out)
    document = PortalDocument.objects.get(original_filename="signed.png")
    assert document.extraction_status == ExtractionStatus.SCANNED
    assert document.get_extraction_status_display() in out.getvalue()
    assert PortalDocument.objects.filter(extraction_status="scanned").count() == 1


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("scan.png", lambda: samples.make_scan_png(["ທົດສອບ"]), FileKind.PNG),
        ("scan.jpeg", lambda: samples.make_scan_jpeg(["ທົດສອບ"]), FileKind.JPEG),
        ("scan.tiff", lambda: samples.make_scan_tiff([["ທົດສອບ"], ["test"]]), FileKind.TIFF),
        # A PNG saved as .jpg is still a scan; its name gets the true ending.
        ("scan.jpg", lambda: samples.make_scan_png(["ທົດສອບ"]), FileKind.PNG),
    ],
)
def test_scans_are_accepted_as_documents(name, data, kind):
    checked = check_upload(name, io.BytesIO(data()), max_size=50 * 1024 * 1024)
    assert checked.kind is kind
    assert checked.content_type.startswith("image/")


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("photo.gif", samples.make_gif, "unsupported_type"),
        ("bomb.png", samples.make_png_bomb, "too_large"),
        ("cut.png", lambda: samples.make_scan_png(["ທົດສອບ"])[:5000], "corrupt"),
    ],
)
def test_other_images_and_hostile_scans_are_refused(name, data, code):
    with pytest.raises(UploadRejected) as refused:
        check_upload(name, io.BytesIO(data()), max_size=50 * 1024 * 1024)
    assert refused.value.code == code
    assert str(refused.value)


@pytest.mark.django_db
def test_scans_marked_without_ocr_are_read_again_once_it_is_installed(
    ocr_installed, tmp_path, media, health, settings
):
    settings.DOCUMENTS_OCR = False
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "signed.pdf").write_bytes(samples.make_scanned_pdf([LAO]))
    call_command("import_documents", str(folder), "--swg", "health", stdout=io.StringIO())
    document = PortalDocument.objects.get(original_filename="signed.pdf")
    assert document.extraction_status == ExtractionStatus.SCANNED
    settings.DOCUMENTS_OCR = True
    out = io.StringIO()
    call_command("extract_text", "--status", "scanned", stdout=out)
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.DONE
    assert _has(document.extracted_text, "ເສລີພາບ")
    assert "1 documents read again" in out.getvalue()
