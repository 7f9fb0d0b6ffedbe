"""The one text pipeline that prepares every string for every search backend.

Index side and query side go through the same steps, in this order:

1. ``normalize``: Unicode NFC; control and format characters (zero-width space,
   ZWJ/ZWNJ, soft hyphen, BOM, bidi marks) removed, other whitespace kept as spaces;
   spelling variants of the old and the new Lao orthography folded to one form
   (``SPELLING_VARIANTS``: ``ຫລ`` -> ``ຫຼ``, ``ຫນ`` -> ``ໜ``, ``ຫມ`` -> ``ໝ``,
   ``ໍາ`` -> ``ຳ``, ``ເເ`` -> ``ແ``, ``ຣ`` -> ``ລ``, tone marks typed before their
   vowel, Lao digits -> ``0-9``). NFKC is not used: it makes Lao segmentation worse.
   ``fold`` does the same and also says where the text was changed, so that what a
   reader sees can be shown as it was written (``Marked.originals``).
2. ``mark_words``: Lao runs, written without spaces, are cut twice. Into words, with
   ICU's dictionary word break iterator (the same engine as Elasticsearch's
   ``icu_tokenizer``), and into syllables, with the rules of Lao syllable structure
   (``LAO_SYLLABLE``, after Phissamay et al., *Syllabification of Lao Script for Line
   Breaking*). A ``WORD_MARK`` (U+001F) goes between two words and a
   ``SYLLABLE_MARK`` (U+001E) between two syllables of one word; both are invisible
   ASCII control characters. An ICU boundary inside a syllable is dropped (ICU cuts
   unknown words anywhere: ``ຈື່|ງ``). The result is the normalised text with marks,
   stored once and used for matching and for snippets.
3. Two token streams come out of marked text, both case-folded runs of letters (L*),
   numbers (N*), marks (M*) and private-use characters (Co):
   ``tokens_of_marked`` -- words (syllable marks removed, word marks separate);
   ``syllables_of_marked`` -- syllables (both marks separate). English is the same
   in both. Backends index both: words for ranking whole-word matches first,
   syllables so that a Lao query matches the same letters in a document whatever
   the dictionary made of them in context. The dictionary cuts a word one way inside
   a sentence and another way when it stands alone in the search box
   (``ຂະແໜງການ|ສຶກສາ`` in a sentence, ``ການສຶກສາ`` alone); syllables do not depend
   on context, so ``ການ ສຶກ ສາ`` is found in both. English punctuation (``e-mail``,
   ``U.N.``, ``don't``) separates tokens. No stemming: it would help English a
   little and cannot be applied to Lao.

``parse_query`` turns untrusted user input into a ``Query``: groups (phrases) of word
tokens, each with the phrase of its syllables when it holds Lao. Backends build their
own syntax from tokens only, so FTS operators, quotes, ``*``, ``NEAR``, SQL fragments
and control characters in the input are plain words or nothing at all.

Without PyICU (``import icu`` fails) the words of a Lao run are its syllables, so
every occurrence of a query word is still found; whole-word ranking is lost. Index
and query must use the same segmenter: rebuild the index (``manage.py search_index
rebuild``) after ICU appears or goes.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from dataclasses import dataclass, field

try:  # pragma: no branch - which one runs depends on the installation
    import icu
except ImportError:  # pragma: no cover - exercised by tests that hide icu
    icu = None

WORD_MARK = "\x1f"
SYLLABLE_MARK = "\x1e"
MAX_QUERY_CHARS = 1000
MAX_QUERY_TOKENS = 32
MAX_QUERY_SYLLABLES = 64
MAX_TOKEN_CHARS = 64

# --- Spelling variants -----------------------------------------------------------

_TONE = "\u0ec8-\u0ecb"  # ່ ້ ໊ ໋
# Marks written above or below the consonant that Unicode gives combining class 0, so
# NFC does not put them before a tone mark typed first (ຸ ູ have class 118 and are
# reordered by NFC): ັ ິ ີ ຶ ື ົ ຼ ໍ
_VOWEL_BEFORE_TONE = "\u0eb1\u0eb4\u0eb5\u0eb6\u0eb7\u0ebb\u0ebc\u0ecd"
_HO_LIGATURES = {"\u0e99": "\u0edc", "\u0ea1": "\u0edd", "\u0ea5": "\u0eab\u0ebc"}

# Spellings of the old and the new orthography (and typing habits) that mean the
# same word: (as written, as folded, why). ``_FOLD_RE`` folds every one of them,
# on the index side and on the query side; tests/search/test_text.py tests each.
SPELLING_VARIANTS = [
    ("ໜ້າທີ່", "ຫນ້າທີ່", "ho-no: the ligature ໜ, or ຫ and ນ as two letters (older texts)"),
    ("ໝູ່ບ້ານ", "ຫມູ່ບ້ານ", "ho-mo: the ligature ໝ, or ຫ and ມ"),
    ("ຫຼວງພະບາງ", "ຫລວງພະບາງ", "ho-lo: ຼ below ຫ (new), or ລ beside it (old)"),
    ("ກຳລັງ", "ກໍາລັງ", "am: ຳ, or niggahita ໍ followed by aa າ (they render alike)"),
    ("ນ້ຳ", "ນໍ້າ", "am with a tone mark typed between niggahita and aa"),
    ("ນ້ຳ", "ນຳ້", "tone mark typed after am"),
    ("ບໍ່", "ບ່ໍ", "tone mark typed before the vowel sign above the consonant"),
    ("ເທື່ອ", "ເທ່ືອ", "tone mark typed before the vowel sign yy"),
    ("ແຂວງ", "ເເຂວງ", "ae typed as two e signs"),
    ("ອາເມລິກາ", "ອາເມຣິກາ", "ro ຣ of the old orthography and of loan words, lo ລ of the new"),
    ("ປີ 2026", "ປີ ໒໐໒໖", "Lao digits or Western digits"),
]
_FOLD_RE = re.compile(
    f"(?P<am>([{_TONE}])?\u0ecd([{_TONE}])?\u0eb2([{_TONE}])?)"  # ໍ (tone) າ, any order
    f"|(?P<am_tone>\u0eb3[{_TONE}])"  # ຳ + tone
    f"|(?P<tone_vowel>[{_TONE}][{_VOWEL_BEFORE_TONE}])"  # tone + vowel sign
    "|(?P<ho>\u0eab[\u0e99\u0ea1\u0ea5])"  # ຫ + ນ ມ ລ
    "|(?P<ae>\u0ec0\u0ec0)"  # ເເ
    "|(?P<ro>\u0ea3)"  # ຣ
    "|(?P<digit>[\u0ed0-\u0ed9])"  # Lao digits
)


def _fold_match(match: re.Match) -> str:
    text, kind = match.group(0), match.lastgroup
    if kind == "am":
        tone = match.group(2) or match.group(3) or match.group(4) or ""
        return tone + "\u0eb3"
    if kind in ("am_tone", "tone_vowel"):
        return text[1] + text[0]
    if kind == "ho":
        return _HO_LIGATURES[text[1]]
    if kind == "ae":
        return "\u0ec1"
    if kind == "ro":
        return "\u0ea5"
    return chr(ord(text) - 0x0ED0 + 0x30)  # digit


def _category_ranges(wanted: set[str]) -> str:
    """Regex character-class body for the given Unicode categories."""
    ranges, start, prev = [], None, None
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)) in wanted:
            if start is None:
                start = cp
            prev = cp
        elif start is not None:
            ranges.append((start, prev))
            start = None
    if start is not None:
        ranges.append((start, prev))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


# Python's \w lacks the combining marks (M*) that carry Lao vowels and tones.
_MARKS = _category_ranges({"Mn", "Mc", "Me"})
_TOKEN_CHARS = "[^\\W_]|[" + _MARKS + "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
TOKEN_RE = re.compile(f"(?:{_TOKEN_CHARS})+")
# Control characters other than whitespace, format characters (zero-width space,
# ZWJ, ZWNJ, soft hyphen, BOM, bidi marks) and lone surrogates: dropped.
_INVISIBLE_RE = re.compile("[" + _category_ranges({"Cf", "Cs"}) + "\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACE_CONTROLS_RE = re.compile("[\t\x0b\x0c\r]")
_MARK_RE = re.compile(f"[{WORD_MARK}{SYLLABLE_MARK}]")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return _INVISIBLE_RE.sub("", _SPACE_CONTROLS_RE.sub(" ", text))


Patch = tuple[int, int, str]  # (start, length) in the folded text, and what was written


def fold(text: str) -> tuple[str, list[Patch]]:
    """``normalize(text)`` and the places where it changed the spelling."""
    text = _clean(text or "")
    patches: list[Patch] = []
    pieces, last, shift = [], 0, 0
    for match in _FOLD_RE.finditer(text):
        written = match.group(0)
        standard = _fold_match(match)
        if standard == written:
            continue
        start = match.start() + shift
        pieces.append(text[last : match.start()])
        pieces.append(standard)
        patches.append((start, len(standard), written))
        shift += len(standard) - len(written)
        last = match.end()
    if not patches:
        return text, patches
    pieces.append(text[last:])
    return "".join(pieces), patches


def normalize(text: str) -> str:
    """NFC, Lao spelling variants folded, control/format characters removed."""
    if not text:
        return ""
    return _FOLD_RE.sub(_fold_match, _clean(text))


# --- Lao syllables -----------------------------------------------------------------

_CONSONANT = "[\u0e81-\u0eae\u0edc-\u0edf]"
# Initial: optional ຫ before a sonorant, the consonant, optional ຼ or a second
# consonant of a cluster (ກວ in ກວ່າ, ຂວ in ຂວາ).
_I = f"(?:\u0eab(?=[\u0e87\u0e8d\u0ea3\u0ea5\u0ea7]))?{_CONSONANT}[\u0ebc\u0ea3\u0ea7\u0ea5]?"
_T = f"[{_TONE}]?"
_F = "[\u0e81\u0e87\u0e8d\u0e94\u0e99\u0e9a\u0ea1\u0ea7]"  # final: ກ ງ ຍ ດ ນ ບ ມ ວ
# A consonant written silent with the cancellation mark (ເກມ໌, ຟີຊິກສ໌).
_SILENT = f"(?:{_CONSONANT}\u0ecc)?"
_SYLLABLE_SHAPES = [
    f"\u0ec0{_I}\u0ebb{_T}\u0eb2",  # ເ-ົາ   ເຂົ້າ
    f"\u0ec0{_I}{_T}\u0eb2?\u0eb0",  # ເ-ະ ເ-າະ   ເກາະ
    f"\u0ec0{_I}[\u0eb6\u0eb7]{_T}\u0ead{_F}?",  # ເ-ືອ   ເມືອງ
    f"\u0ec0{_I}[\u0eb4\u0eb5]{_T}{_F}?",  # ເ-ີ   ເກີດ ເບິ່ງ
    f"\u0ec0{_I}\u0eb1{_T}{_F}",  # ເ-ັ-   ເປັນ
    f"\u0ec0{_I}{_T}{_F}?",  # ເ-   ເກ ເລກ ເມຍ
    f"\u0ec1{_I}{_T}\u0eb0",  # ແ-ະ
    f"\u0ec1{_I}\u0eb1{_T}{_F}",  # ແ-ັ-   ແຂັງ
    f"\u0ec1{_I}{_T}{_F}?",  # ແ-   ແລ້ວ
    f"\u0ec2{_I}{_T}\u0eb0",  # ໂ-ະ
    f"\u0ec2{_I}{_T}{_F}?",  # ໂ-   ໂດຍ
    f"\u0ec4{_I}{_T}\u0ea7?",  # ໄ-   ໄປ ໄດ້
    f"\u0ec3{_I}{_T}",  # ໃ-   ໃນ
    f"{_I}[\u0eb8\u0eb9]{_T}{_F}?",  # -ຸ -ູ   ກຸ່ມ
    f"{_I}[\u0eb4\u0eb5\u0eb6\u0eb7]{_T}{_F}?",  # -ິ -ີ -ຶ -ື   ສິດ ມີ ສຶກ
    f"{_I}\u0ecd{_T}",  # -ໍ   ບໍ່
    f"{_I}\u0ebb{_T}(?:\u0ea7\u0eb0?|{_F})",  # -ົ-   ກົດ ຫົວ
    f"{_I}\u0eb1{_T}\u0ea7?{_F}",  # -ັ-   ກັນ
    f"{_I}{_T}[\u0ea7\u0ead\u0ebd]{_F}",  # -ວ- -ອ- -ຽ-   ກວມ ກອງ ກຽດ
    f"{_I}{_T}\u0eb0",  # -ະ   ກະ
    f"{_I}{_T}\u0eb2{_F}?",  # -າ   ກາ ການ
    f"{_I}{_T}\u0eb3",  # -ຳ   ກຳ ນ້ຳ
]
LAO_SYLLABLE = "(?:" + "|".join(_SYLLABLE_SHAPES) + f"){_SILENT}"
# A syllable only where a syllable (or the end of the Lao letters) follows, so a
# consonant that could end this syllable or begin the next goes where both fit.
_SYLLABLE_UNIT_RE = re.compile(
    f"{LAO_SYLLABLE}(?=$|{LAO_SYLLABLE}|[^\u0e80-\u0eff]|[\u0ec6\u0eaf])"
    f"|{LAO_SYLLABLE}"  # before something that is no syllable (a typo)
    "|[\u0ec6\u0eaf]"  # ໆ (repeat the word) and ຯ (abbreviation) stand alone
    "|[^\u0e80-\u0eff]+"  # a non-Lao stretch inside a run (digits, Latin letters)
    "|.",  # a letter or mark that forms no syllable (a typo): a unit of its own
    re.S,
)
_LAO = re.compile("[\u0e80-\u0eff]")


def has_lao(text: str) -> bool:
    """True when ``text`` holds a Lao character."""
    return bool(_LAO.search(text))


def split_syllables(run: str) -> list[str]:
    """The syllables of a run of normalised Lao letters, in order; they join to it."""
    return _SYLLABLE_UNIT_RE.findall(run)


# --- Words ----------------------------------------------------------------------------


class _Segmenter(threading.local):
    """One ICU word break iterator per thread (ICU iterators are not thread-safe)."""

    def __init__(self):
        self.iterator = icu.BreakIterator.createWordInstance(icu.Locale("lo")) if icu else None

    def boundaries(self, run: str) -> list[int]:
        """Word ends inside ``run`` (the last is ``len(run)``)."""
        if self.iterator is None:
            ends, position = [], 0
            for syllable in split_syllables(run):
                position += len(syllable)
                ends.append(position)
            return ends
        self.iterator.setText(run)
        return list(self.iterator)

    def split(self, run: str) -> list[str]:
        pieces, start = [], 0
        for end in self.boundaries(run):
            pieces.append(run[start:end])
            start = end
        return pieces


_segmenter = _Segmenter()


def split_words(run: str) -> list[str] | None:
    """The words of a Lao (or Thai) run as written, by ICU's dictionary; None without
    ICU. Display code uses this to break lines where search splits words."""
    return _segmenter.split(run) if icu else None


def segmenter_name() -> str:
    """Which Lao segmenter is active (recorded by the index and shown in status)."""
    return f"icu-{icu.ICU_VERSION}+syllables" if _segmenter.iterator else "syllables"


def _marked_run(run: str) -> str:
    """A Lao run with a word mark between words and a syllable mark between the
    syllables of one word."""
    syllable_ends, script_changes, position = set(), set(), 0
    for syllable in split_syllables(run):
        position += len(syllable)
        syllable_ends.add(position)
        if not _LAO.match(syllable) or not _LAO.match(run, position):
            script_changes.add(position)  # Lao beside digits or Latin letters
    word_ends = (set(_segmenter.boundaries(run)) & syllable_ends) | script_changes
    out, start = [], 0
    for end in sorted(syllable_ends):
        out.append(run[start:end])
        if end < len(run):
            out.append(WORD_MARK if end in word_ends else SYLLABLE_MARK)
        start = end
    return "".join(out)


@dataclass(frozen=True)
class Marked:
    """Marked text, and the spelling as written where normalisation changed it:
    ``(start, length, written)`` in ``text``'s coordinates (see ``display``)."""

    text: str
    originals: tuple[Patch, ...] = ()


def mark(text: str) -> Marked:
    """Normalised text with word and syllable marks inside Lao runs, and the originals."""
    folded, patches = fold(text)
    out, last = [], 0
    # Where in ``folded`` each mark goes, to move the patches along with the text.
    inserted: list[int] = []
    for match in TOKEN_RE.finditer(folded):
        run = match.group(0)
        if not _LAO.search(run):
            continue
        marked = _marked_run(run)
        if len(marked) == len(run):
            continue
        out.append(folded[last : match.start()])
        out.append(marked)
        last = match.end()
        offset = match.start()
        for ch in marked:
            if ch in (WORD_MARK, SYLLABLE_MARK):
                inserted.append(offset)
            else:
                offset += 1
    if not out:
        return Marked(folded, tuple(patches))
    out.append(folded[last:])
    moved, k = [], 0
    for start, length, written in patches:
        while k < len(inserted) and inserted[k] <= start:
            k += 1
        moved.append((start + k, length, written))
    return Marked("".join(out), tuple(moved))


def mark_words(text: str) -> str:
    """Normalised text with ``WORD_MARK`` and ``SYLLABLE_MARK`` inside Lao runs."""
    return mark(text).text


def unmark(text: str) -> str:
    """Display text from marked text (in its normalised spelling)."""
    return _MARK_RE.sub("", text) if text else ""


def display(marked: str, originals=()) -> str:
    """Marked text as it was written: marks removed, original spellings put back."""
    for start, length, written in sorted(originals or (), reverse=True):
        marked = marked[:start] + written + marked[start + length :]
    return unmark(marked)


def tokens_of_marked(marked: str) -> list[str]:
    """Case-folded word tokens of text already passed through ``mark_words``."""
    return [t.casefold() for t in TOKEN_RE.findall(marked.replace(SYLLABLE_MARK, ""))]


def syllables_of_marked(marked: str) -> list[str]:
    """Case-folded syllable tokens (English words as they are) of marked text."""
    return [t.casefold() for t in TOKEN_RE.findall(marked)]


def tokens(text: str) -> list[str]:
    """Case-folded word tokens of any text."""
    return tokens_of_marked(mark_words(text))


def syllables(text: str) -> list[str]:
    """Case-folded syllable tokens of any text."""
    return syllables_of_marked(mark_words(text))


def index_text(text: str) -> str:
    """One string for engines that only split on whitespace (Wagtail's own index):
    the word tokens, then the syllables of the Lao words made of several."""
    marked = mark_words(text)
    words = " ".join(tokens_of_marked(marked))
    if SYLLABLE_MARK not in marked:
        return words
    lao = [s for s in syllables_of_marked(marked) if _LAO.search(s)]
    return words + "\n" + " ".join(lao)


# --- Queries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A parsed query: every group must match; a group of several tokens is a phrase.

    ``syllables[i]`` is group ``i`` as a phrase of syllables, to be matched against the
    syllables of the index; None when the group holds no Lao.
    """

    groups: tuple[tuple[str, ...], ...] = ()
    syllables: tuple[tuple[str, ...] | None, ...] = ()
    raw: str = field(default="", compare=False)

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[str]:
        """All distinct tokens, in order."""
        seen: dict[str, None] = {}
        for group in self.groups:
            for tok in group:
                seen.setdefault(tok, None)
        return list(seen)

    @property
    def alternatives(self) -> list[tuple[tuple[str, ...], tuple[str, ...] | None]]:
        """``(words, syllables or None)`` per group."""
        syllables = self.syllables or (None,) * len(self.groups)
        return list(zip(self.groups, syllables, strict=True))

    @property
    def has_syllables(self) -> bool:
        return any(s is not None for s in self.syllables)


_QUOTES = str.maketrans(dict.fromkeys("“”„«»＂", '"'))


def parse_query(raw: object) -> Query:
    """Safe parse of untrusted input: ``"quoted phrases"`` and words, nothing else.

    A chunk without spaces that yields several tokens (a Lao compound, ``e-mail``)
    is a phrase. Unbalanced quotes are ignored; operators are ordinary words; input
    is cut at ``MAX_QUERY_CHARS`` characters and ``MAX_QUERY_TOKENS`` tokens.
    """
    if not isinstance(raw, str):
        return Query()
    text = _clean(raw[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS].translate(_QUOTES)
    parts = text.split('"')
    if len(parts) % 2 == 0:  # unbalanced: the last quote opens nothing
        parts[-2:] = [parts[-2] + " " + parts[-1]]
    groups: list[tuple[str, ...]] = []
    alternatives: list[tuple[str, ...] | None] = []
    budget = MAX_QUERY_TOKENS
    for i, part in enumerate(parts):
        chunks = [part] if i % 2 else part.split()
        for chunk in chunks:
            marked = mark_words(chunk)
            words = tokens_of_marked(marked)
            toks = tuple(t[:MAX_TOKEN_CHARS] for t in words[:budget])
            if not toks or toks in groups:
                continue
            syls = tuple(t[:MAX_TOKEN_CHARS] for t in syllables_of_marked(marked))
            whole = len(words) <= budget and len(syls) <= MAX_QUERY_SYLLABLES
            groups.append(toks)
            # A phrase cut at the budget has no syllable phrase to match it by.
            alternatives.append(syls if whole and _LAO.search(marked) else None)
            budget -= len(toks)
            if budget <= 0:
                return Query(tuple(groups), tuple(alternatives), raw=text)
    return Query(tuple(groups), tuple(alternatives), raw=text)
