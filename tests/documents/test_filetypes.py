import gzip
import io
import zipfile

import pytest

from documents import samples
from documents.filetypes import FileKind, identify, kind_for_extension, looks_like_text

from .conftest import BOTH, LAO

DOCUMENTS = {
    FileKind.PDF: lambda: samples.make_pdf(BOTH),
    FileKind.DOCX: lambda: samples.make_docx(BOTH),
    FileKind.XLSX: lambda: samples.make_xlsx(BOTH),
    FileKind.PPTX: lambda: samples.make_pptx(BOTH),
    FileKind.ODT: lambda: samples.make_odt(BOTH),
    FileKind.HTML: lambda: samples.make_html(BOTH),
    FileKind.TXT: lambda: samples.make_txt(BOTH),
}


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_documents_are_identified_by_content(kind):
    assert identify(io.BytesIO(DOCUMENTS[kind]())) is kind


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", FileKind.EMPTY),
        (samples.make_elf_executable(), FileKind.EXECUTABLE),
        (samples.make_windows_executable(), FileKind.EXECUTABLE),
        (samples.make_macos_executable(), FileKind.EXECUTABLE),
        (samples.make_shell_script(), FileKind.EXECUTABLE),
        (samples.make_encrypted_office_file(), FileKind.ENCRYPTED_OFFICE),
        (samples.make_legacy_word_file(), FileKind.LEGACY_OFFICE),
        (b"\x89PNG\r\n\x1a\n" + bytes(50), FileKind.PNG),
        (b"\xff\xd8\xff\xe0" + bytes(50), FileKind.JPEG),
        (b"II*\x00" + bytes(50), FileKind.TIFF),
        (b"MM\x00*" + bytes(50), FileKind.TIFF),
        (b"GIF89a" + bytes(50), FileKind.IMAGE),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(50), FileKind.IMAGE),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', FileKind.IMAGE),
        (gzip.compress(b"hello"), FileKind.OTHER_ARCHIVE),
        (_zip({"notes.txt": b"hello"}), FileKind.ZIP_ARCHIVE),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            FileKind.OTHER_OPEN_DOCUMENT,
        ),
        (samples.make_broken_docx(), FileKind.BROKEN_ZIP),
        (b"{\\rtf1\\ansi hello}", FileKind.RTF),
        (bytes(range(256)) * 4, FileKind.UNKNOWN),
        ("\n\n".join(LAO).encode("utf-16"), FileKind.TXT),
        (
            b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
            FileKind.HTML,
        ),
        (b"   <!DOCTYPE html><p>hi</p>", FileKind.HTML),
        (b"Minutes of the meeting <b>not html</b> really", FileKind.TXT),
    ],
)
def test_other_content_is_told_apart(data, kind):
    assert identify(io.BytesIO(data)) is kind


def test_a_pdf_header_after_a_little_junk_still_counts():
    assert identify(io.BytesIO(b"\r\n" + samples.make_pdf(["x"]))) is FileKind.PDF


def test_identify_restores_the_file_position():
    stream = io.BytesIO(samples.make_docx(LAO))
    stream.seek(17)
    identify(stream)
    assert stream.tell() == 17


def test_text_detection_refuses_nul_bytes_and_control_characters():
    assert looks_like_text("ສະບາຍດີ hello\n".encode())
    assert not looks_like_text(b"abc\x00def")
    assert not looks_like_text(b"\x01\x02\x03\x04" * 10 + b"text")


def test_extensions_map_to_kinds_case_insensitively():
    assert kind_for_extension(".PDF") is FileKind.PDF
    assert kind_for_extension(".htm") is FileKind.HTML
    assert kind_for_extension(".csv") is FileKind.TXT
    assert kind_for_extension(".exe") is None
