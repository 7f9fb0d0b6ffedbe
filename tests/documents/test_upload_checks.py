import hashlib
import io
import unicodedata
import zipfile

import pytest
from django.utils.functional import Promise

from documents import samples
from documents.filetypes import FileKind
from documents.upload_checks import (
    CHUNK_SIZE,
    UploadLimits,
    UploadRejected,
    check_upload,
    inspect_pdf,
    safe_filename,
)

from .conftest import BOTH, ENGLISH, LAO

MiB = 1024 * 1024
LIMIT = 50 * MiB

GOOD = {
    "ບົດລາຍງານ ກອງປະຊຸມ.pdf": (lambda: samples.make_pdf(BOTH), FileKind.PDF),
    "ບົດບັນທຶກ.docx": (lambda: samples.make_docx(LAO), FileKind.DOCX),
    "budget 2024.xlsx": (lambda: samples.make_xlsx(ENGLISH), FileKind.XLSX),
    "ການນຳສະເໜີ.pptx": (lambda: samples.make_pptx(LAO), FileKind.PPTX),
    "terms of reference.odt": (lambda: samples.make_odt(ENGLISH), FileKind.ODT),
    "ຂ່າວ.html": (lambda: samples.make_html(LAO), FileKind.HTML),
    "notes.txt": (lambda: samples.make_txt(BOTH), FileKind.TXT),
}


@pytest.mark.parametrize("name", list(GOOD))
def test_good_documents_pass_with_hash_size_and_type(name):
    make, kind = GOOD[name]
    data = make()
    stream = io.BytesIO(data)
    checked = check_upload(name, stream, max_size=LIMIT)
    assert checked.kind is kind
    assert checked.name == name
    assert checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.content_type
    assert stream.tell() == 0, "the caller stores the file next, from the start"


def test_a_name_without_extension_gets_the_true_one():
    checked = check_upload("ບົດລາຍງານ", io.BytesIO(samples.make_pdf(LAO)), max_size=LIMIT)
    assert checked.name == "ບົດລາຍງານ.pdf"
    checked = check_upload("minutes.2024", io.BytesIO(samples.make_docx(LAO)), max_size=LIMIT)
    assert checked.name == "minutes.2024.docx"


def test_text_and_html_may_swap_names():
    checked = check_upload("page.txt", io.BytesIO(samples.make_html(LAO)), max_size=LIMIT)
    assert checked.kind is FileKind.TXT


def test_a_pdf_restricted_only_by_an_owner_password_is_accepted():
    data = samples.make_encrypted_pdf(user_password="")
    assert check_upload("restricted.pdf", io.BytesIO(data), max_size=LIMIT).kind is FileKind.PDF


def test_office_charts_with_embedded_workbooks_are_not_mistaken_for_bombs():
    data = samples.make_docx_with_embedded_workbook()
    assert check_upload("chart.docx", io.BytesIO(data), max_size=LIMIT).kind is FileKind.DOCX


class _Stream(io.RawIOBase):
    """A non-seekable upload stream that counts what was read from it."""

    def __init__(self, data: bytes):
        self.source = io.BytesIO(data)
        self.bytes_read = 0

    def readable(self):
        return True

    def seekable(self):
        return False

    def readinto(self, buffer):
        chunk = self.source.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.bytes_read += len(chunk)
        return len(chunk)


def test_non_seekable_streams_are_checked_too():
    data = samples.make_docx(LAO)
    checked = check_upload("a.docx", io.BufferedReader(_Stream(data)), max_size=LIMIT)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


def test_an_oversized_stream_is_refused_without_reading_it_all():
    stream = _Stream(bytes(20 * MiB))
    with pytest.raises(UploadRejected) as refused:
        check_upload("big.txt", io.BufferedReader(stream, CHUNK_SIZE), max_size=1 * MiB)
    assert refused.value.code == "too_large"
    assert stream.bytes_read <= 1 * MiB + 2 * CHUNK_SIZE


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hi")
    return buffer.getvalue()


REFUSED = [
    ("empty.pdf", lambda: b"", "empty"),
    ("big.txt", lambda: b"x" * (LIMIT + 1), "too_large"),
    ("report.pdf", samples.make_elf_executable, "executable"),
    ("minutes.docx", samples.make_windows_executable, "executable"),
    ("slides.pdf", samples.make_macos_executable, "executable"),
    ("notes.txt", samples.make_shell_script, "executable"),
    ("report.pdf.exe", lambda: samples.make_pdf(ENGLISH), "dangerous_name"),
    ("macro.docm", lambda: samples.make_docx(ENGLISH), "dangerous_name"),
    ("run.js", lambda: b"alert(1)", "dangerous_name"),
    ("drawing.svg", lambda: b"<svg/>", "dangerous_name"),
    ("report.pdf", lambda: samples.make_docx(ENGLISH), "type_mismatch"),
    ("invoice.pdf", lambda: samples.make_html(ENGLISH), "type_mismatch"),
    ("data.dat", lambda: bytes(range(256)) * 8, "unsupported_type"),
    # A scan is accepted as a PNG, but not under a PDF's name.
    ("photo.pdf", lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), "type_mismatch"),
    ("photo.gif", lambda: b"GIF89a" + bytes(100), "unsupported_type"),
    ("archive.zip", lambda: _plain_zip(), "unsupported_type"),
    ("old.doc", samples.make_legacy_word_file, "unsupported_type"),
    ("secret.docx", samples.make_encrypted_office_file, "encrypted"),
    ("secret.pdf", samples.make_encrypted_pdf, "encrypted"),
    ("cut.pdf", samples.make_truncated_pdf, "corrupt"),
    ("junk.pdf", samples.make_corrupt_pdf, "corrupt"),
    ("cut.docx", samples.make_broken_docx, "corrupt"),
    ("crc.docx", samples.make_docx_with_bad_crc, "corrupt"),
    ("bomb.docx", samples.make_zip_bomb_docx, "archive_bomb"),
    ("ratio.docx", samples.make_ratio_bomb_docx, "archive_bomb"),
    ("crowded.docx", samples.make_crowded_docx, "archive_bomb"),
    ("nested.docx", samples.make_nested_zip_docx, "archive_bomb"),
]


@pytest.mark.parametrize(("name", "make", "code"), REFUSED, ids=[row[0] for row in REFUSED])
def test_refused_files_say_why_in_translatable_words(name, make, code):
    with pytest.raises(UploadRejected) as refused:
        check_upload(name, io.BytesIO(make()), max_size=LIMIT)
    assert refused.value.code == code
    assert isinstance(refused.value.message, Promise), "translated where it is shown"
    assert len(str(refused.value)) > 20


def test_a_zip_with_a_docx_name_but_a_stray_member_is_still_refused_as_zip():
    with pytest.raises(UploadRejected) as refused:
        check_upload("a.docx", io.BytesIO(_plain_zip()), max_size=LIMIT)
    assert refused.value.code == "unsupported_type"


def test_macros_inside_a_docx_are_refused():
    buffer = io.BytesIO(samples.make_docx(ENGLISH))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    with pytest.raises(UploadRejected) as refused:
        check_upload("a.docx", io.BytesIO(buffer.getvalue()), max_size=LIMIT)
    assert refused.value.code == "macros"


def test_archive_limits_are_adjustable():
    data = samples.make_docx(ENGLISH)
    with pytest.raises(UploadRejected):
        check_upload("a.docx", io.BytesIO(data), max_size=LIMIT, limits=UploadLimits(max_members=3))


def test_the_size_message_names_the_limit():
    with pytest.raises(UploadRejected) as refused:
        check_upload("a.txt", io.BytesIO(b"x" * (2 * MiB)), max_size=MiB)
    assert "1 MB" in str(refused.value)


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..",
        "folder/report.pdf",
        "folder\\report.pdf",
        "report\x00.pdf",
        "report\x07.pdf",
        "line\nbreak.pdf",
        "fdp\u202eexe.pdf",
        ".htaccess",
        ".pdf",
        "CON",
        "con.pdf",
        "LPT1.txt",
        "aux .docx",
        "report.",
        "",
        "   ",
    ],
)
def test_hostile_names_are_refused(name):
    with pytest.raises(UploadRejected) as refused:
        safe_filename(name)
    assert refused.value.code == "bad_name"


def test_overlong_names_are_refused_in_bytes_not_characters():
    with pytest.raises(UploadRejected) as refused:
        safe_filename("ກ" * 90 + ".pdf")  # 270 bytes in UTF-8
    assert refused.value.code == "name_too_long"
    assert safe_filename("ກ" * 80 + ".pdf")  # 244 bytes


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ບົດລາຍງານ ກອງປະຊຸມ 2024.pdf", "ບົດລາຍງານ ກອງປະຊຸມ 2024.pdf"),
        ("  minutes   of  the meeting.docx ", "minutes of the meeting.docx"),
        ("Minutes: March?.pdf", "Minutes_ March_.pdf"),
        ("con-report.pdf", "con-report.pdf"),
        ("ຄຳສັ່ງ.pdf", "ຄຳສັ່ງ.pdf"),
    ],
)
def test_safe_names_keep_lao_and_tidy_the_rest(name, expected):
    assert safe_filename(name) == expected


def test_names_are_nfc_normalised():
    decomposed = unicodedata.normalize("NFD", "Café ສຶກສາ.pdf")
    assert safe_filename(decomposed) == unicodedata.normalize("NFC", "Café ສຶກສາ.pdf")


def test_a_pdf_whose_check_overruns_its_time_limit_is_refused():
    # Parsing 5,000 pages takes most of a second; a child answering within the limit
    # is accepted, however short the limit.
    data = samples.make_pdf_with_many_pages(5000)
    with pytest.raises(UploadRejected) as refused:
        check_upload(
            "a.pdf",
            io.BytesIO(data),
            max_size=LIMIT,
            limits=UploadLimits(pdf_check_time_limit=0.05),
        )
    assert refused.value.code == "corrupt"


@pytest.mark.parametrize(
    ("make", "verdict"),
    [
        (lambda: samples.make_pdf(LAO), "ok"),
        (lambda: samples.make_encrypted_pdf(user_password=""), "ok"),
        (samples.make_encrypted_pdf, "encrypted"),
        (samples.make_corrupt_pdf, "corrupt"),
    ],
)
def test_the_sandboxed_pdf_inspection(make, verdict, tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(make())
    assert inspect_pdf(str(path)) == (verdict, ())
