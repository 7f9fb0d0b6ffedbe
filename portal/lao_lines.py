"""Where a line of Lao may break, and the markup that makes browsers keep to it.

Lao is written without spaces between words. Browsers break it with their own
dictionaries, which cut differently from the portal's segmenter and from each other,
and in a squeezed box (a table column, a flex item) they cut wherever the box ends,
even inside a syllable (ປະເພ|ດ). So Lao text is set word by word: each word in a
`<span class="lao-word">` (`white-space: nowrap` in portal.css: no break inside it),
with a `<wbr>` between words (a break opportunity every engine honours). Neither adds a
character nor changes an accessible name: copying the text copies it exactly, so
pasting it into search finds it (an inline-block span was tried first: Chromium then
reads the words to screen readers with spaces between them).

The words are those of the search pipeline's segmenter (search.text.split_words, ICU's
dictionary), with two corrections for display, since a line break is seen where a
word boundary is not:

- ICU cuts words its dictionary lacks into pieces, sometimes inside a syllable
  (ດາວໂຫຼດ "download" becomes ດາວ|ໂຫຼ|ດ). A piece that cannot begin a Lao syllable
  (one without any vowel, one that starts with a following vowel, a tone or vowel
  mark, ໆ, or with two consonants that are no Lao initial cluster) is joined to the
  piece before it.
- ICU splits compounds that readers take as one word (ທົບ|ທວນ "review", ກອງ|ປະຊຸມ
  "meeting"). Those listed in `lao_compounds.txt` beside this module are joined again;
  the list holds the portal's own vocabulary (GLOSSARY.md, the interface) and grows
  with it.

Which texts are marked (`mark_html`): the short ones in narrow boxes, where a browser
cuts words: headings, table cells, labels, buttons, menus and tabs, pills, cards.
Running text (paragraphs, rich text) is left to the browser, which breaks Lao between
its own dictionary's words in a column of normal width; marking it would triple its
size for little gain.

Search keeps ICU's words as they are: this module only decides where lines break.
Measured in tests/browser/test_lao_wrapping.py.
"""

import functools
import re
import unicodedata
from pathlib import Path

from search.text import TOKEN_RE, split_words

LAO = re.compile("[\u0e80-\u0eff]")
# A word longer than this many letters (marks above and below not counted) might not
# fit the narrowest box on a 320 px phone (a stacked table's cell, about 16 letters of
# body text): it is left to the browser to break. ນະຄອນຫຼວງວຽງຈັນ has 13.
LONGEST_KEPT_WHOLE = 16

LEADING_VOWELS = frozenset("ເແໂໃໄ")
# Spacing letters that follow the consonant they belong to: never a syllable's start.
FOLLOWING = frozenset("ະາຳຽໆຯ")
VOWELS = LEADING_VOWELS | frozenset("ະັາຳິີຶືຸູົໍຽ")
# After an initial consonant these letters are vowels or a medial (ກວ, ກອ, ສຽ...).
VOWEL_CONSONANTS = frozenset("ວອຍ")
# Initial clusters with ຫ (ຫງ, ຫຍ, ຫນ, ຫມ, ຫລ, ຫວ; ໜ and ໝ are single letters).
HO_CLUSTERS = frozenset("ງຍນມລວຣ")
LAO_DIGITS = frozenset("໐໑໒໓໔໕໖໗໘໙")

COMPOUNDS_FILE = Path(__file__).with_name("lao_compounds.txt")
LONGEST_COMPOUND_PIECES = 4


def _is_consonant(char):
    return "\u0e81" <= char <= "\u0eae" or "\u0edc" <= char <= "\u0edf"


def can_start_syllable(piece):
    """Could `piece` (an ICU word of Lao letters) begin a Lao syllable?"""
    if not piece or not LAO.match(piece):
        return True  # not Lao: ICU's boundary stands
    first = piece[0]
    if first in LAO_DIGITS or first in LEADING_VOWELS:
        return True
    if first in FOLLOWING or unicodedata.category(first).startswith("M"):
        return False
    if not _is_consonant(first):
        return True
    if not any(char in VOWELS for char in piece) and not any(
        char in VOWEL_CONSONANTS for char in piece[1:]
    ):
        return False  # a lone final consonant (ໂຫຼ|ດ), no syllable without a vowel
    second = piece[1] if len(piece) > 1 else ""
    if _is_consonant(second) and second not in VOWEL_CONSONANTS:
        return first == "ຫ" and second in HO_CLUSTERS
    return True


@functools.cache
def compounds():
    """The compounds kept whole on a line (lao_compounds.txt, `#` starts a comment)."""
    lines = COMPOUNDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.split("#", 1)[0].strip()))


def _join_compounds(pieces):
    known, joined, index = compounds(), [], 0
    while index < len(pieces):
        for end in range(min(len(pieces), index + LONGEST_COMPOUND_PIECES), index + 1, -1):
            if "".join(pieces[index:end]) in known:
                joined.append("".join(pieces[index:end]))
                index = end
                break
        else:
            joined.append(pieces[index])
            index += 1
    return joined


@functools.lru_cache(maxsize=8192)
def line_words(run):
    """The words of a Lao run as lines may break between them (see the module
    docstring), as a tuple; None without ICU (the browser then decides)."""
    pieces = split_words(run)
    if pieces is None:
        return None
    words = []
    for piece in pieces:
        if words and not can_start_syllable(piece):
            words[-1] += piece
        else:
            words.append(piece)
    return tuple(_join_compounds(words))


def letters(word):
    """How many letters `word` has, the vowel and tone marks above and below not counted."""
    return sum(1 for char in word if not unicodedata.category(char).startswith("M"))


def _word(word, escape):
    if letters(word) > LONGEST_KEPT_WHOLE:
        return escape(word)
    return f'<span class="lao-word">{escape(word)}</span>'


def mark_words(text, escape):
    """`text` with its Lao words in spans joined by `<wbr>`; every other piece of text
    passes through `escape` (an HTML escape for plain text, `str` for HTML)."""
    if not LAO.search(text):
        return escape(text)
    pieces, position = [], 0
    for match in TOKEN_RE.finditer(text):
        run = match.group(0)
        words = line_words(run) if LAO.search(run) else None
        if not words:
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append("<wbr>".join(_word(word, escape) for word in words))
        position = match.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)


# --- Whole regions of HTML ---------------------------------------------------------

# A tag (quoted attribute values may hold ">"), a comment, or a doctype.
_TAG = re.compile(r"""<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>""", re.S)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
_CLASSES = re.compile(r"""\bclass=(?:"([^"]*)"|'([^']*)')""")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# The short texts in narrow boxes, whose Lao is marked: headings, table cells, labels,
# buttons, menus and tabs (nav), the site's and the spaces' headers, pills and cards.
MARKED_ELEMENTS = frozenset(
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "th",
        "td",
        "label",
        "button",
        "legend",
        "caption",
        "dt",
        "summary",
        "nav",
        "header",
    ]
)
MARKED_CLASSES = frozenset(
    {"tag", "status", "access-badge", "card__link", "breadcrumb", "site-footer__title"}
)
# Never marked inside: elements that allow no markup (option, textarea, title), program
# text (script, style), preformatted text (pre), words already marked, and rich text
# (page bodies, minutes: prose, which the browser wraps between words well enough in a
# column of normal width).
SKIPPED_ELEMENTS = frozenset(["script", "style", "textarea", "option", "title", "pre"])
SKIPPED_CLASSES = frozenset({"rich-text", "lao-word"})


def _classes(tag):
    found = _CLASSES.search(tag)
    return frozenset((found.group(1) or found.group(2) or "").split()) if found else frozenset()


def mark_html(html):
    """Rendered `html` with the Lao words of its short texts in narrow boxes
    (`MARKED_ELEMENTS`, `MARKED_CLASSES`) set as `mark_words` does; running text,
    attributes and `SKIPPED_*` are left as they are. Follows the open elements of the
    well-formed markup of the portal's own templates."""
    if not LAO.search(html):
        return html
    out, position = [], 0
    stack = []  # (element name, marks, skips) of the open elements
    marking = skipping = 0
    for match in _TAG.finditer(html):
        text, tag = html[position : match.start()], match.group(0)
        position = match.end()
        out.append(mark_words(text, str) if marking and not skipping else text)
        out.append(tag)
        name_match = _TAG_NAME.match(tag)
        if name_match is None:
            continue  # a comment or the doctype
        name = name_match.group(1).lower()
        if tag.startswith("</"):
            if any(entry[0] == name for entry in stack):
                while stack:
                    closed, marks, skips = stack.pop()
                    marking, skipping = marking - marks, skipping - skips
                    if closed == name:
                        break
            continue
        if name in _VOID or tag.endswith("/>"):
            continue
        classes = _classes(tag)
        marks = int(name in MARKED_ELEMENTS or bool(classes & MARKED_CLASSES))
        skips = int(name in SKIPPED_ELEMENTS or bool(classes & SKIPPED_CLASSES))
        stack.append((name, marks, skips))
        marking, skipping = marking + marks, skipping + skips
    tail = html[position:]
    out.append(mark_words(tail, str) if marking and not skipping else tail)
    return "".join(out)
