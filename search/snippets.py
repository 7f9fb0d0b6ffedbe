"""Snippets: the passage of a record's text where the query matched, as it was written.

One implementation for every backend, so that a snippet reads the same whichever
engine found the record. It works on the stored marked text (``search.text.mark``):

- the matched letters are found by the query's own tokens -- a Lao group by its
  syllables, so ``ສຶກສາ`` is highlighted inside ``ການສຶກສາ`` exactly where search
  matched it -- with nothing but marks, spaces or punctuation between two tokens;
- the passage is cut where a word ends (a word mark, a space or punctuation), never
  between two syllables of one word;
- it is shown as written: marks removed, no space added, original spellings put back
  (``Marked.originals``), HTML escaped, ``<mark>`` around the matched letters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from search.text import (
    _MARKS,
    SYLLABLE_MARK,
    WORD_MARK,
    Patch,
    Query,
    display,
)

# About 24 words of mixed Lao and English, like the engines' own snippets were.
FRAGMENT_CHARS = 180
LEAD_CHARS = 40  # text shown before the first match of a fragment
LEADING_CHARS = 240  # the start of a text whose title alone matched
MAX_FRAGMENTS = 2
MAX_MATCHES = 50  # per group: enough to choose a passage, cheap in a long report
ELLIPSIS = "…"

_TOKEN_CHAR = f"(?:[^\\W_]|[{_MARKS}\ue000-\uf8ff])"
_NOT_BEFORE = f"(?<![^\\W_])(?<![{_MARKS}\ue000-\uf8ff])"
_NOT_AFTER = f"(?!{_TOKEN_CHAR})"
_SEPARATOR = f"(?:(?!{_TOKEN_CHAR}).)+"
_TOKEN_CHAR_RE = re.compile(_TOKEN_CHAR)
# How far to look for the end of a word before cutting anyway.
_WORD_SEARCH = 40


def group_patterns(query: Query) -> list[re.Pattern]:
    """One regex per query group: its tokens (a Lao group's syllables), each whole,
    with only non-token characters between them."""
    patterns = []
    for words, syllables in query.alternatives:
        toks = syllables or words
        body = _SEPARATOR.join(re.escape(tok) for tok in toks)
        patterns.append(re.compile(f"{_NOT_BEFORE}{body}{_NOT_AFTER}", re.IGNORECASE | re.S))
    return patterns


def _matches(text: str, patterns: list[re.Pattern]) -> list[tuple[int, int, int]]:
    found = []
    for index, pattern in enumerate(patterns):
        for n, match in enumerate(pattern.finditer(text)):
            if n >= MAX_MATCHES:
                break
            found.append((match.start(), match.end(), index))
    found.sort()
    return found


def _is_word_edge(text: str, position: int) -> bool:
    """True when ``position`` is not inside a word: not between two token characters
    and not at a syllable mark."""
    if position <= 0 or position >= len(text):
        return True
    before, after = text[position - 1], text[position]
    if SYLLABLE_MARK in (before, after):
        return False
    return not (_TOKEN_CHAR_RE.match(before) and _TOKEN_CHAR_RE.match(after))


def _word_edge_near(text: str, position: int) -> int:
    """The nearest place at or before ``position`` where no word is cut (or after it,
    when a very long word leaves none near)."""
    for p in range(position, max(0, position - _WORD_SEARCH) - 1, -1):
        if _is_word_edge(text, p):
            return p
    for p in range(position, min(len(text), position + _WORD_SEARCH) + 1):
        if _is_word_edge(text, p):
            return p
    return position


def _shown(text: str, start: int, end: int, patches: Sequence[Patch]) -> str:
    """``text[start:end]`` as written: marks removed, original spelling, HTML escaped."""
    inside = [(s - start, n, w) for s, n, w in patches if start <= s and s + n <= end]
    return html.escape(display(text[start:end], inside), quote=False)


def _fragment(text, start, end, matches, patches) -> str:
    pieces, position = [], start
    for m_start, m_end, _ in matches:
        if m_start < position or m_end > end:
            continue
        pieces.append(_shown(text, position, m_start, patches))
        pieces.append("<mark>" + _shown(text, m_start, m_end, patches) + "</mark>")
        position = m_end
    pieces.append(_shown(text, position, end, patches))
    body = "".join(pieces).replace("</mark><mark>", "").strip()
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) and text[end:].strip() else ""
    return prefix + body + suffix if body else ""


def _best_window(text: str, matches: list[tuple[int, int, int]]) -> tuple[int, int]:
    """The passage holding the most distinct groups, then the most matches."""
    best, best_key, j = 0, None, 0
    for i, (m_start, _, _) in enumerate(matches):
        j = max(j, i)
        while j + 1 < len(matches) and matches[j + 1][1] <= m_start + FRAGMENT_CHARS:
            j += 1
        inside = matches[i : j + 1]
        key = (len({g for _, _, g in inside}), len(inside))
        if best_key is None or key > best_key:
            best, best_key = i, key
    first = matches[best][0]
    last = max(e for s, e, _ in matches if first <= s <= first + FRAGMENT_CHARS)
    start = _word_edge_near(text, max(0, first - LEAD_CHARS))
    end = _word_edge_near(text, min(len(text), max(last, start + FRAGMENT_CHARS)))
    return start, max(end, last)


def snippet(text: str, query: Query, originals: Sequence[Patch] = ()) -> str:
    """HTML passages of marked ``text`` around the query's matches; "" if none.

    One passage, and a second one when some query group matched only elsewhere."""
    if not text or not query:
        return ""
    matches = _matches(text, group_patterns(query))
    windows: list[tuple[int, int]] = []
    remaining = matches
    while remaining and len(windows) < MAX_FRAGMENTS:
        start, end = _best_window(text, remaining)
        windows.append((start, end))
        covered = {g for s, _, g in matches if start <= s < end}
        remaining = [m for m in remaining if m[2] not in covered]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    parts = [_fragment(text, s, e, matches, originals) for s, e in merged]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        out = out.removesuffix(ELLIPSIS) + f" {ELLIPSIS} " + part.removeprefix(ELLIPSIS)
    return out


def leading_snippet(text: str, originals: Sequence[Patch] = (), chars: int = LEADING_CHARS) -> str:
    """The start of marked ``text``, cut where a word ends, for records whose match was
    in the title only."""
    if not text or not text.strip():
        return ""
    start = len(text) - len(text.lstrip())
    end = _word_edge_near(text, min(len(text), start + chars))
    if end <= start:
        end = min(len(text), start + chars)
    body = _shown(text, start, end, originals).strip()
    suffix = ELLIPSIS if text[end:].strip(f" \n{WORD_MARK}{SYLLABLE_MARK}") else ""
    return body + suffix
