"""What a new document is called and which language it is in, before anyone says so.

A file uploaded without a title gets the title saved inside it (PDF document
information, Office or OpenDocument properties) when that title is a real one, and
otherwise its file name made readable; its language comes from the script of its text
(Lao, Latin, or both), falling back on the title's when the file has no text.
"""

import os
import re
import unicodedata

from documents.extraction import garbled_reason
from documents.models import DocumentLanguage

# A hash or random suffix that storage or a download tool appended to a name
# ("report-3f9a1c0b2e", "minutes_a1b2c3d4e5f6"): hex digits, with a digit and a letter.
_HASH_SUFFIX = re.compile(r"[-_ .](?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,64}$", re.I)
# Dashes between digits belong to dates and ranges (2025-03-10, 2021-2025); others
# and underscores stand for spaces.
_WORD_DASH = re.compile(r"(?<!\d)-|-(?!\d)")
_LAO = re.compile(r"[\u0e80-\u0eff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

# Titles office programs and converters write on their own.
_PLACEHOLDER_TITLES = {
    "",
    "untitled",
    "no title",
    "title",
    "document",
    "document1",
    "doc1",
    "presentation",
    "powerpoint presentation",
    "presentation1",
    "slide 1",
    "book1",
    "workbook",
    "microsoft word document",
    "(anonymous)",
}
_PROGRAM_PREFIX = re.compile(r"^microsoft (word|excel|powerpoint) - ", re.I)
_FILE_NAME = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|odt|rtf|txt|html?)$", re.I)

# Share of letters in one script from which a text counts as written in it alone.
_ONE_SCRIPT = 0.8
_MIN_LETTERS = 20
_TITLE_LENGTH = 255


def readable_title(file_name: str) -> str:
    """A title from a file name: no extension, no hash suffix, underscores and dashes
    (other than in dates and ranges) as spaces."""
    stem = os.path.splitext(unicodedata.normalize("NFC", file_name))[0]
    stem = _HASH_SUFFIX.sub("", stem)
    words = _WORD_DASH.sub(" ", stem.replace("_", " ")).split()
    return " ".join(words)[:_TITLE_LENGTH].strip() or file_name[:_TITLE_LENGTH]


def usable_embedded_title(title: str) -> str:
    """`title` as saved in a file, or "" when it is not a real title: empty, a
    program's placeholder ("Untitled", "Document1"), a file name, or text in a legacy
    font that reads as junk."""
    title = " ".join(unicodedata.normalize("NFC", title or "").split())
    title = _PROGRAM_PREFIX.sub("", title)
    if title.casefold() in _PLACEHOLDER_TITLES or _FILE_NAME.search(title):
        return ""
    if garbled_reason(title):
        return ""
    return title[:_TITLE_LENGTH].strip()


def default_title(file_name: str, embedded_title: str = "") -> str:
    """The title a new document gets when the uploader gives none."""
    return usable_embedded_title(embedded_title) or readable_title(file_name)


def script_language(text: str) -> str | None:
    """Lao, English (any Latin script) or both, by the letters of `text`; None when it
    has too few letters to tell."""
    lao = len(_LAO.findall(text))
    latin = len(_LATIN.findall(text))
    if lao + latin == 0:
        return None
    if lao + latin < _MIN_LETTERS:
        # Too short to weigh (a title, a label): the script most of it is in.
        return DocumentLanguage.LAO if lao >= latin else DocumentLanguage.ENGLISH
    share = lao / (lao + latin)
    if share >= _ONE_SCRIPT:
        return DocumentLanguage.LAO
    if share <= 1 - _ONE_SCRIPT:
        return DocumentLanguage.ENGLISH
    return DocumentLanguage.BOTH


def detect_language(text: str, title: str = "") -> str:
    """The language of a document: from its text, else from its title, else English."""
    return script_language(text) or script_language(title) or DocumentLanguage.ENGLISH
