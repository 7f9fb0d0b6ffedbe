"""The one text pipeline that prepares every string for every search backend.

Index side and query side go through the same steps, in this order:

1. ``normalize``: Unicode NFC; control and format characters (zero-width space,
   ZWJ/ZWNJ, soft hyphen, BOM, bidi marks) removed, other whitespace kept as
   spaces; Lao spelling variants folded: ``ໍາ`` -> ``ຳ`` (also when a tone mark sits
   between them), ``ຫນ`` -> ``ໜ``, ``ຫມ`` -> ``ໝ``. NFKC is not used: it makes Lao
   segmentation worse.
2. ``mark_words``: Lao (and Thai) runs, written without spaces, are segmented into
   words with ICU's dictionary word break iterator -- the same engine as
   Elasticsearch's ``icu_tokenizer`` -- and a ``WORD_MARK`` (U+001F, an invisible
   ASCII control character) is inserted at each word boundary inside a run. The
   result keeps the original text otherwise intact, so backends store it once and
   use it both for matching and for snippets: SQLite FTS5 (``unicode61`` with
   ``categories 'L* N* Co M*'``), PostgreSQL's text search parser and Elasticsearch's
   tokenizers all split on U+001F, and snippets become display text again by deleting
   the marks (``unmark``). Lao highlights therefore cover whole words and the
   surrounding text reads exactly as written.
3. ``tokens``: maximal runs of letters (L*), numbers (N*), marks (M*) and private-use
   characters (Co), split at word marks and case-folded. This is the same rule as the
   FTS5 tokenizer above, so the Python side and the SQL side agree on what a token
   is. English punctuation (``e-mail``, ``U.N.``, ``don't``) separates tokens.
   No stemming: it would help English a little and cannot be applied to Lao.

``parse_query`` turns untrusted user input into ``Query`` groups (phrases of tokens);
backends build their own syntax from tokens only, so FTS operators, quotes, ``*``,
``NEAR``, SQL fragments and control characters in the input are plain words or
nothing at all.

Fallback when ``import icu`` fails (PyICU not installed): Lao runs are split into
orthographic clusters (a base character with its combining vowel and tone marks),
and query words become phrases of clusters. That finds every occurrence of a query
word (recall 1.0 on the hand-segmented UDHR sample in ``tests/search/``) but also
matches it inside longer words, so precision drops (measured in
``benchmarks/search_bench.py``: see its output). It was chosen over a
dictionary-based maximal-matching segmenter because no Lao word list with a licence
we could ship was at hand, and a wrong dictionary loses recall silently, whereas
clusters only cost precision. Index and query must use the same segmenter:
rebuild the index (``manage.py search_index rebuild``) after ICU appears or goes.
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
MAX_QUERY_CHARS = 1000
MAX_QUERY_TOKENS = 32
MAX_TOKEN_CHARS = 64

_LAO_FIXES = [
    # ໍ + optional tone mark + າ  ->  tone mark + ຳ  (U+0ECD, U+0EC8-U+0ECB, U+0EB2)
    (re.compile("\u0ecd([\u0ec8-\u0ecb]?)\u0eb2"), "\\1\u0eb3"),
    (re.compile("\u0eab\u0e99"), "\u0edc"),  # ຫນ -> ໜ
    (re.compile("\u0eab\u0ea1"), "\u0edd"),  # ຫມ -> ໝ
]
# Scripts written without spaces that ICU's dictionary break iterator segments.
_DICTIONARY_SCRIPT = re.compile("[\u0e00-\u0eff]")


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
_CLUSTER_RE = re.compile("[^\\W_](?:[" + _MARKS + "])*|.", re.S)
# Control characters other than whitespace, format characters (zero-width space,
# ZWJ, ZWNJ, soft hyphen, BOM, bidi marks) and lone surrogates: dropped.
_INVISIBLE_RE = re.compile("[" + _category_ranges({"Cf", "Cs"}) + "\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACE_CONTROLS_RE = re.compile("[\t\x0b\x0c\r]")


def normalize(text: str) -> str:
    """NFC, Lao spelling variants folded, control/format characters removed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE_RE.sub("", _SPACE_CONTROLS_RE.sub(" ", text))
    for pattern, repl in _LAO_FIXES:
        text = pattern.sub(repl, text)
    return text


class _Segmenter(threading.local):
    """One ICU word break iterator per thread (ICU iterators are not thread-safe)."""

    def __init__(self):
        self.iterator = icu.BreakIterator.createWordInstance(icu.Locale("lo")) if icu else None

    def split(self, run: str) -> list[str]:
        if self.iterator is None:
            return _CLUSTER_RE.findall(run)
        self.iterator.setText(run)
        pieces, start = [], 0
        for end in self.iterator:
            pieces.append(run[start:end])
            start = end
        return pieces


_segmenter = _Segmenter()


def split_words(run: str) -> list[str] | None:
    """The words of a Lao (or Thai) run as written, by ICU's dictionary; None without
    ICU (clusters are no word boundaries). Display code uses this to break lines where
    search splits words."""
    return _segmenter.split(run) if icu else None


def segmenter_name() -> str:
    """Which Lao segmenter is active (recorded by the index and shown in status)."""
    return f"icu-{icu.ICU_VERSION}" if icu else "clusters"


def _mark_run(match: re.Match) -> str:
    run = match.group(0)
    if not _DICTIONARY_SCRIPT.search(run):
        return run
    return WORD_MARK.join(_segmenter.split(run))


def mark_words(text: str) -> str:
    """Normalised text with ``WORD_MARK`` at word boundaries inside Lao runs."""
    return TOKEN_RE.sub(_mark_run, normalize(text))


def unmark(text: str) -> str:
    """Display text from marked text."""
    return text.replace(WORD_MARK, "")


def tokens_of_marked(marked: str) -> list[str]:
    """Case-folded tokens of text already passed through ``mark_words``."""
    return [t.casefold() for t in TOKEN_RE.findall(marked)]


def tokens(text: str) -> list[str]:
    """Case-folded word tokens of any text."""
    return tokens_of_marked(mark_words(text))


def index_text(text: str) -> str:
    """Tokens joined by spaces: the form for engines that only split on whitespace."""
    return " ".join(tokens(text))


@dataclass(frozen=True)
class Query:
    """A parsed query: every group must match; a group of several tokens is a phrase."""

    groups: tuple[tuple[str, ...], ...] = ()
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


_QUOTES = str.maketrans(dict.fromkeys("“”„«»＂", '"'))


def parse_query(raw: object) -> Query:
    """Safe parse of untrusted input: ``"quoted phrases"`` and words, nothing else.

    A chunk without spaces that yields several tokens (a Lao compound, ``e-mail``)
    is a phrase. Unbalanced quotes are ignored; operators are ordinary words; input
    is cut at ``MAX_QUERY_CHARS`` characters and ``MAX_QUERY_TOKENS`` tokens.
    """
    if not isinstance(raw, str):
        return Query()
    text = normalize(raw[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS].translate(_QUOTES)
    parts = text.split('"')
    if len(parts) % 2 == 0:  # unbalanced: the last quote opens nothing
        parts[-2:] = [parts[-2] + " " + parts[-1]]
    groups: list[tuple[str, ...]] = []
    budget = MAX_QUERY_TOKENS
    for i, part in enumerate(parts):
        chunks = [part] if i % 2 else part.split()
        for chunk in chunks:
            toks = tuple(t[:MAX_TOKEN_CHARS] for t in tokens(chunk))[:budget]
            if toks and toks not in groups:
                groups.append(toks)
                budget -= len(toks)
            if budget <= 0:
                return Query(tuple(groups), raw=text)
    return Query(tuple(groups), raw=text)
