"""Real documents generated on demand, for tests, benchmarks and the demo loader.

Every generator returns the file's bytes; nothing binary is committed except the
fonts in `documents/samples/fonts/` (SIL Open Font License, see OFL.txt there).
The hostile samples at the end are what the upload checks and the extraction
sandbox must survive.

Sample sentences are from the Universal Declaration of Human Rights in Lao and
English, in the form of the "UDHR in XML" collection (github.com/eric-muller/udhr);
the Lao version came to that collection from the UN Office of the High
Commissioner for Human Rights via the Language Observatory.
"""

from __future__ import annotations

import io
import os
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

FONT_DIR = Path(__file__).resolve().parent / "samples" / "fonts"
LAO_FONT = FONT_DIR / "NotoSansLao-Regular.ttf"
LATIN_FONT = FONT_DIR / "NotoSans-Latin-Regular.ttf"

LAO_TITLE = "ປະກາດສາກົນ ກ່ຽວກັບສິດຂອງມະນຸດ"
ENGLISH_TITLE = "Universal Declaration of Human Rights"
LAO_PARAGRAPHS = (
    "ມະນຸດເກີດມາມີສິດເສລີພາບ ແລະ ສະເໝີໜ້າກັນໃນທາງກຽດຕິສັກ ແລະ ທາງສິດດ້ວຍມະນຸດມີສະຕິສຳປັດຊັນຍະ"
    "(ຮູ້ດີຮູ້ຊົ່ວ)ແລະມີມະໂນທຳຈື່ງຕ້ອງປະພຶດຕົນຕໍ່ກັນໃນທາງພີ່ນ້ອງ.",
    "ບຸກຄົນທຸກຄົນມີສິດດຳລົງຊີວິດ ມີສິດເສລີພາບ ແລະ ຄວາມປອດໄພໃນຕົວ.",
    "ບໍ່ມີຜູ້ໃດເລີຍທີ່ຈະຕ້ອງຖືວ່າ:ມີອາການເປັນທາດ ແລະ ເປັນຂ້ອຍເປັນຂ້າການເປັນທາດ ແລະ ຂ້າທາດນັ້ນ ເປັນສີ່ງທີ່ຕ້ອງຫ້າມທຸກປະການ.",
)
ENGLISH_PARAGRAPHS = (
    "All human beings are born free and equal in dignity and rights. They are endowed with "
    "reason and conscience and should act towards one another in a spirit of brotherhood.",
    "Everyone has the right to life, liberty and the security of person.",
    "No one shall be held in slavery or servitude; slavery and the slave trade shall be "
    "prohibited in all their forms.",
)


# --- Documents ---------------------------------------------------------------------


def _new_pdf(title: str | None, *, compress: bool = True):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_creation_date(_FIXED_DATE)  # the same text gives the same bytes
    pdf.add_font("NotoSans", fname=str(LATIN_FONT))
    pdf.add_font("NotoSansLao", fname=str(LAO_FONT))
    pdf.set_font("NotoSans", size=11)
    pdf.set_fallback_fonts(["NotoSansLao"])
    if _shaping_available():
        # HarfBuzz places Lao vowel and tone marks properly; without it the
        # marks still extract correctly, they only look less tidy on screen.
        pdf.set_text_shaping(True)
    if title:
        pdf.set_title(title)
    return pdf


def _shaping_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


def _fixed_date():
    from datetime import UTC, datetime

    return datetime(2024, 1, 15, 9, 0, tzinfo=UTC)


_FIXED_DATE = _fixed_date()


def _pages_of(paragraphs: Sequence[str], pages: int) -> list[list[str]]:
    paragraphs = list(paragraphs) or [""]
    if len(paragraphs) < pages:
        return [[paragraphs[i % len(paragraphs)]] for i in range(pages)]
    size, extra = divmod(len(paragraphs), pages)
    chunks, start = [], 0
    for index in range(pages):
        end = start + size + (1 if index < extra else 0)
        chunks.append(paragraphs[start:end])
        start = end
    return chunks


def make_pdf(
    paragraphs: Sequence[str], *, pages: int = 1, title: str | None = None, compress: bool = True
) -> bytes:
    """A PDF with the paragraphs spread over at least `pages` pages, Lao set in Noto Sans Lao.

    The fonts are embedded with a correct ToUnicode map, so text extraction
    gives the paragraphs back. Long text flows onto extra pages.
    """
    pdf = _new_pdf(title, compress=compress)
    for number, chunk in enumerate(_pages_of(paragraphs, pages), start=1):
        pdf.add_page()
        if title and number == 1:
            pdf.set_font_size(16)
            pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font_size(11)
            pdf.ln(4)
        for paragraph in chunk:
            pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


# --- Scans -----------------------------------------------------------------------

SCAN_DPI = 300
A4_MM = (210, 297)


_LAO_RUN = re.compile("([\u0e80-\u0eff]+)")


def _line_length(text: str, fonts) -> float:
    return sum(
        fonts[i % 2].getlength(part, language="lo") for i, part in enumerate(_LAO_RUN.split(text))
    )


def _draw_line(draw, x: float, y: float, text: str, fonts) -> None:
    """Lao in the Lao font, everything else (Latin, digits, punctuation) in the Latin one."""
    for i, part in enumerate(_LAO_RUN.split(text)):
        font = fonts[i % 2]  # split() puts the Lao runs at odd places
        draw.text((x, y), part, font=font, fill=0, language="lo")
        x += font.getlength(part, language="lo")


def render_scan(paragraphs: Sequence[str], *, dpi: int = SCAN_DPI, degrade: bool = False):
    """An A4 page as a scanner would give it: the paragraphs set in Noto Sans at 12 pt
    (Lao shaped by HarfBuzz through Pillow's raqm layout), lines broken between words
    (ICU's, as search splits them), as a greyscale PIL image. ``degrade``: a slightly
    tilted, blurred, speckled copy, like a photocopy scanned again."""
    import random

    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    from search.text import TOKEN_RE, split_words

    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    margin = round(20 / 25.4 * dpi)
    size = round(12 / 72 * dpi)
    fonts = [
        ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)
        for path in (LATIN_FONT, LAO_FONT)
    ]
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = margin
    for paragraph in paragraphs:
        pieces = []
        for part in re.split(f"({TOKEN_RE.pattern})", paragraph):
            pieces += (split_words(part) or [part]) if TOKEN_RE.fullmatch(part) else [part]
        line = ""
        for piece in pieces:
            if line and _line_length(line + piece, fonts) > width - 2 * margin:
                _draw_line(draw, margin, y, line.strip(), fonts)
                y += round(size * 1.9)
                line = piece.lstrip()
            else:
                line += piece
        if line.strip():
            _draw_line(draw, margin, y, line.strip(), fonts)
        y += round(size * 2.6)
    if degrade:
        rng = random.Random(7)  # the same page every time
        page = page.rotate(0.6, resample=Image.Resampling.BICUBIC, fillcolor=255)
        page = page.filter(ImageFilter.GaussianBlur(0.8))
        pixels = page.load()
        for _ in range(width * height // 400):
            pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 96, 160))
    return page


def _image_bytes(images, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    first, *rest = images
    first.save(out, fmt, save_all=bool(rest), append_images=rest, **options)
    return out.getvalue()


def make_scanned_pdf(pages: Sequence[Sequence[str]], *, text_pages: Sequence[int] = ()) -> bytes:
    """A PDF of scanned pages: each page only an image of its paragraphs, no text layer
    (signed minutes are often scans). Pages whose index is in ``text_pages`` are set
    as text instead, as in a report with a scanned annex."""
    pdf = _new_pdf(None)
    for index, paragraphs in enumerate(pages):
        pdf.add_page()
        if index in text_pages:
            for paragraph in paragraphs:
                pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
            continue
        image = render_scan(paragraphs)
        pdf.image(image, x=0, y=0, w=A4_MM[0], h=A4_MM[1])
    return bytes(pdf.output())


def make_scan_png(paragraphs: Sequence[str], *, degrade: bool = False) -> bytes:
    """One scanned page as a PNG."""
    return _image_bytes([render_scan(paragraphs, degrade=degrade)], "PNG", dpi=(SCAN_DPI,) * 2)


def make_scan_jpeg(paragraphs: Sequence[str]) -> bytes:
    """One scanned page as a JPEG (what a phone or a copier's e-mail function gives)."""
    return _image_bytes([render_scan(paragraphs)], "JPEG", quality=85, dpi=(SCAN_DPI,) * 2)


def make_scan_tiff(pages: Sequence[Sequence[str]]) -> bytes:
    """Several scanned pages in one TIFF, as a document feeder gives them."""
    images = [render_scan(paragraphs) for paragraphs in pages]
    return _image_bytes(images, "TIFF", compression="tiff_deflate", dpi=(SCAN_DPI,) * 2)


def make_png_bomb(side: int = 20_000) -> bytes:
    """A small PNG that claims ``side`` x ``side`` pixels (400 million by default)."""
    raw_row = b"\x00" + b"\xff" * side
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(raw_row) for _ in range(side)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def make_gif() -> bytes:
    """A photo-like image in a format the archive refuses (GIF)."""
    from PIL import Image

    return _image_bytes([Image.new("RGB", (40, 30), (200, 120, 40))], "GIF")


def make_docx(
    paragraphs: Sequence[str],
    *,
    title: str | None = None,
    table: Sequence[Sequence[str]] | None = None,
) -> bytes:
    """A Word document with a heading, the paragraphs and optionally a table."""
    import docx

    document = docx.Document()
    if title:
        document.add_heading(title, level=1)
        document.core_properties.title = title
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for row_cells, row in zip(grid.rows, table, strict=False):
            for cell, value in zip(row_cells.cells, row, strict=False):
                cell.text = value
    return _saved(document)


def make_xlsx(
    paragraphs: Sequence[str],
    *,
    sheet_title: str = "Sheet1",
    rows: Sequence[Sequence[object]] = (),
) -> bytes:
    """A workbook with one paragraph per row in column A, then any extra rows."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for paragraph in paragraphs:
        sheet.append([paragraph])
    for row in rows:
        sheet.append(list(row))
    return _saved(workbook)


def make_pptx(paragraphs: Sequence[str], *, title: str | None = None) -> bytes:
    """A presentation with one slide per paragraph (title on each), and speaker notes."""
    import pptx

    presentation = pptx.Presentation()
    layout = presentation.slide_layouts[1]  # "Title and Content"
    for number, paragraph in enumerate(paragraphs, start=1):
        slide = presentation.slides.add_slide(layout)
        slide.shapes.title.text = title or f"{number}"
        slide.placeholders[1].text_frame.text = paragraph
    return _saved(presentation)


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">
 <office:body>
  <office:text>
{body}
  </office:text>
 </office:body>
</office:document-content>
"""
_ODT_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" \
xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
 <office:meta>
  <dc:title>{title}</dc:title>
  <meta:document-statistic meta:page-count="1" meta:paragraph-count="{count}"/>
 </office:meta>
</office:document-meta>
"""


def make_odt(paragraphs: Sequence[str], *, title: str | None = None) -> bytes:
    """An OpenDocument text file (as LibreOffice writes it: mimetype first, stored)."""
    body = []
    if title:
        body.append(f'   <text:h text:outline-level="1">{escape(title)}</text:h>')
    body += [f"   <text:p>{escape(paragraph)}</text:p>" for paragraph in paragraphs]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype", _ZIP_DATE), _ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", _ODT_MANIFEST.format(mimetype=_ODT_MIMETYPE))
        archive.writestr("content.xml", _ODT_CONTENT.format(body="\n".join(body)))
        archive.writestr(
            "meta.xml", _ODT_META.format(title=escape(title or ""), count=len(paragraphs))
        )
    return buffer.getvalue()


_ZIP_DATE = (2024, 1, 15, 9, 0, 0)

# Text that must never reach the index: it sits in a script and a style.
HTML_SCRIPT_MARKER = "scriptmarkerneverindexed"
HTML_STYLE_MARKER = "stylemarkerneverindexed"


def make_html(paragraphs: Sequence[str], *, title: str | None = None, lang: str = "lo") -> bytes:
    """A UTF-8 HTML page with the paragraphs, plus a script and a style to be ignored."""
    heading = f"<h1>{escape(title)}</h1>" if title else ""
    body = "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{escape(title or "")}</title>
<style>.{HTML_STYLE_MARKER} {{ color: red }}</style>
<script>var {HTML_SCRIPT_MARKER} = "<p>not text</p>";</script></head>
<body>{heading}
{body}
</body></html>
"""
    return page.encode("utf-8")


def make_txt(paragraphs: Sequence[str], *, encoding: str = "utf-8") -> bytes:
    """A plain-text file, one paragraph per line, in the given encoding."""
    return "\n\n".join(paragraphs).encode(encoding) + b"\n"


# --- Hostile and broken files ----------------------------------------------------------


def make_zip_bomb_docx(inflated_size: int = 300 * 1024 * 1024) -> bytes:
    """A real DOCX carrying a media member of zeros that inflates to `inflated_size`."""
    buffer = io.BytesIO(make_docx(ENGLISH_PARAGRAPHS))
    bomb = zipfile.ZipInfo("word/media/image1.png", _ZIP_DATE)
    bomb.compress_type = zipfile.ZIP_DEFLATED
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open(bomb, "w") as member,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(inflated_size // len(chunk)):
            member.write(chunk)
    return buffer.getvalue()


def make_ratio_bomb_docx(inflated_size: int = 8 * 1024 * 1024) -> bytes:
    """A DOCX under the size limit whose one member compresses over 1000:1."""
    return make_zip_bomb_docx(inflated_size)


def make_crowded_docx(members: int = 12_000) -> bytes:
    """A DOCX with far more members than any real document has."""
    buffer = io.BytesIO(make_docx(ENGLISH_PARAGRAPHS))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
        for number in range(members):
            archive.writestr(zipfile.ZipInfo(f"customXml/filler{number}.xml", _ZIP_DATE), b"<a/>")
    return buffer.getvalue()


def make_nested_zip_docx() -> bytes:
    """A DOCX hiding a zip archive outside the folders where Office embeds objects."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("payload.txt", "x" * 1000)
    buffer = io.BytesIO(make_docx(ENGLISH_PARAGRAPHS))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr(zipfile.ZipInfo("word/media/image2.png", _ZIP_DATE), inner.getvalue())
    return buffer.getvalue()


def make_docx_with_embedded_workbook() -> bytes:
    """A DOCX with an Excel workbook embedded the way Word stores chart data (legitimate)."""
    buffer = io.BytesIO(make_docx(ENGLISH_PARAGRAPHS))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr(
            zipfile.ZipInfo("word/embeddings/Microsoft_Excel_Worksheet.xlsx", _ZIP_DATE),
            make_xlsx(["1", "2"]),
        )
    return buffer.getvalue()


def make_broken_docx() -> bytes:
    """A DOCX cut short: its central directory is gone."""
    data = make_docx(ENGLISH_PARAGRAPHS)
    return data[: len(data) * 2 // 3]


def make_docx_with_bad_crc() -> bytes:
    """A DOCX whose document part was damaged after zipping (CRC mismatch)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx(ENGLISH_PARAGRAPHS))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target,
    ):
        for member in source.infolist():
            target.writestr(member.filename, source.read(member.filename))
    data = bytearray(buffer.getvalue())
    marker = data.find(b"<w:body>")
    data[marker + 1 : marker + 2] = b"W"
    return bytes(data)


def make_encrypted_pdf(
    user_password: str = "secret",  # noqa: S107 - a sample file's password, not a credential
    owner_password: str = "owner",  # noqa: S107
) -> bytes:
    """A PDF that needs a password to open (AES-256), or only restricts use when
    `user_password` is empty."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(ENGLISH_PARAGRAPHS))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_truncated_pdf() -> bytes:
    """A PDF cut off half-way, as an interrupted download leaves it."""
    data = make_pdf(ENGLISH_PARAGRAPHS, pages=3)
    return data[: len(data) // 2]


def make_corrupt_pdf() -> bytes:
    """Something that starts and ends like a PDF but has no readable structure."""
    return b"%PDF-1.7\n" + b"\x8f not a pdf object \x00\x01" * 200 + b"\n%%EOF\n"


def make_pdf_bomb(inflated_size: int = 1024 * 1024 * 1024) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated_size` bytes of spaces."""
    packer = zlib.compressobj()
    chunk = b" " * (1024 * 1024)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated_size // len(chunk)))
    stream += packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _pdf_from_objects(objects)


def _pdf_from_objects(objects: Sequence[bytes]) -> bytes:
    """A PDF file of numbered objects (the first the catalog) with its cross-reference table."""
    output = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)


# What a PDF may carry beyond its pages, as raw PDF syntax (the object numbers of
# `make_pdf_with_actions`): each makes a viewer run or open something by itself.
PDF_ACTIONS = {
    # A script run when the file opens.
    "javascript": b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>",
    # A document-level script in the name tree, every name spelled with #-escapes.
    "named_javascript": (
        b"/Names << /J#61vaScript << /Names [(x) << /S /J#61vaScript /J#53 5 0 R >>] >> >>"
    ),
    # A program started when the file opens.
    "launch": b"/OpenAction << /S /Launch /F (calc.exe) >>",
    # A web address opened when the file opens.
    "open_uri": b"/OpenAction << /S /URI /URI (http://example.org/) >>",
    # Actions on page events (the first page's /AA).
    "page_actions": b"",
    # A file carried inside the PDF.
    "embedded_file": b"/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>",
    # Harmless: open at the first page, fitted (what many PDF writers add).
    "open_at_page": b"/OpenAction [3 0 R /Fit]",
}


def make_pdf_with_actions(action: str) -> bytes:
    """A one-page PDF carrying `action` (a key of PDF_ACTIONS) in its catalog or page."""
    page_extra = b""
    if action == "page_actions":
        page_extra = b" /AA << /O << /S /JavaScript /JS 5 0 R >> >>"
    text = b"BT /F1 12 Tf 72 720 Td (Made-up test file) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + PDF_ACTIONS[action] + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 7 0 R >> >>" + page_extra + b" >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Length 11 >>\nstream\napp.alert()\nendstream",
        b"<< /Type /Filespec /F (a.exe) /EF << /F 8 0 R >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
    ]
    return _pdf_from_objects(objects)


def make_pdf_with_many_pages(count: int = 5000) -> bytes:
    """A valid PDF of `count` blank pages: slow to parse, for time-limit tests."""
    kids = b" ".join(b"%d 0 R" % (number + 3) for number in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ] + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return _pdf_from_objects(objects)


_TO_UNICODE_ENTRY = re.compile(rb"(<[0-9A-F]{4}> )<0E([89A-F][0-9A-F])>")


def make_garbled_lao_pdf(
    paragraphs: Sequence[str] = LAO_PARAGRAPHS, *, mapping: str = "latin1", pages: int = 1
) -> bytes:
    """A Lao PDF whose font maps its glyphs to the wrong characters.

    This is what documents set in legacy, non-Unicode Lao fonts look like to a
    text extractor. `mapping`: "latin1" (Lao -> Latin-1 letters), "thai"
    (Lao -> the Thai block), "pua" (Lao -> private-use area), "keyboard" (Lao
    -> the ASCII key each letter sits on in the Lao Kedmanee layout) or "none"
    (the font's character map is removed altogether).
    """
    data = make_pdf(paragraphs, pages=pages, compress=False)
    if mapping == "none":
        # Same length, so the cross-reference offsets stay valid.
        return data.replace(b"/ToUnicode", b"/NoUnicode")

    def remap(match: re.Match) -> bytes:
        low = int(match.group(2), 16)
        if mapping == "latin1":
            target = f"00{low + 0x20:02X}"
        elif mapping == "thai":
            target = f"0E{low - 0x80:02X}"
        elif mapping == "pua":
            target = f"F0{low:02X}"
        elif mapping == "keyboard":
            target = f"00{ord(_LAO_KEYBOARD.get(chr(0x0E00 + low), '?')):02X}"
        else:
            raise ValueError(f"unknown mapping {mapping!r}")
        return match.group(1) + b"<" + target.encode("ascii") + b">"

    return _TO_UNICODE_ENTRY.sub(remap, data)


# Unshifted keys of the Lao Kedmanee keyboard: what a legacy "keyboard" font
# stores for each Lao letter. Shifted-key letters fall back to "?".
_LAO_KEYBOARD = dict(
    zip(
        "ົໄຳພະິີຮນຍບລັຫກດເ້່າສວງຜປແອຶືທມໃຝ",
        "qwertyuiop[]asdfghjkl;'zxcvbnm,./",
        strict=True,
    )
)


def make_elf_executable() -> bytes:
    """The start of a 64-bit Linux executable."""
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)


def make_windows_executable() -> bytes:
    """The start of a Windows PE executable (MZ header pointing at a PE header)."""
    header = bytearray(b"MZ" + bytes(126))
    header[0x3C:0x40] = struct.pack("<I", 0x80)
    return bytes(header) + b"PE\x00\x00" + bytes(200)


def make_macos_executable() -> bytes:
    """The start of a 64-bit Mach-O executable."""
    return b"\xcf\xfa\xed\xfe" + bytes(200)


def make_shell_script() -> bytes:
    """A shell script (shebang line)."""
    return b"#!/bin/sh\necho 'this would run'\n"


def make_encrypted_office_file() -> bytes:
    """A password-protected DOCX: a CFB container with EncryptionInfo and EncryptedPackage."""
    return _cfb_container(["EncryptionInfo", "EncryptedPackage"])


def make_legacy_word_file() -> bytes:
    """An old-style .doc: a CFB container with a WordDocument stream."""
    return _cfb_container(["WordDocument", "1Table"])


def _cfb_container(stream_names: Sequence[str]) -> bytes:
    """A minimal compound file (MS-CFB v3): header, one FAT sector, one directory sector.

    The streams are listed in the directory but hold no data; that is all the
    upload checks look at.
    """
    end_of_chain, fat_sector, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # FAT sectors
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    struct.pack_into("<I", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<IIII", header, 60, end_of_chain, 0, end_of_chain, 0)
    struct.pack_into("<I", header, 76, 0)  # FAT lives in sector 0
    for index in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * index, free)
    fat = struct.pack("<II", fat_sector, end_of_chain) + struct.pack("<I", free) * 126
    entries = [("Root Entry", 5)] + [(name, 2) for name in stream_names]
    directory = bytearray()
    for index, (name, kind) in enumerate(entries):
        entry = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le")
        entry[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        # Root's child is the first stream; streams chain as right siblings.
        left, right, child = free, free, free
        if index == 0:
            child = 1
        elif index < len(entries) - 1:
            right = index + 1
        struct.pack_into("<III", entry, 68, left, right, child)
        struct.pack_into("<I", entry, 116, end_of_chain)
        directory += entry
    directory += bytes(512 - len(directory))
    return bytes(header) + fat + bytes(directory)


# --- Targets for testing the extraction sandbox itself ------------------------------------
# Module-level so the sandbox can pickle them by name.


def sleep_for(seconds: float) -> str:
    """Stand-in for a parser stuck in a loop."""
    time.sleep(seconds)
    return "woke up"


def allocate(size: int) -> int:
    """Stand-in for a parser inflating a bomb in memory."""
    block = bytearray(size)
    return len(block)


def crash() -> None:
    """Stand-in for a parser that dies in C code."""
    os.abort()
