# ruff: noqa: S608 - SQL is built from module constants; every value is a bound parameter.
"""SQLite FTS5 backend: bm25 over pre-segmented (marked) text, words and syllables.

The FTS5 table (migration ``search.0005``) is an external-content index over a view of
``search_searchrecord`` with ``tokenize="unicode61 remove_diacritics 2 categories
'L* N* Co M*'"`` (the default ``unicode61`` splits Lao words at every vowel and tone
mark; these categories keep them inside tokens). Its columns: ``title``,
``title_alt`` and ``text`` as words (the syllable marks written by
``search.text.mark`` removed, the word marks separating Lao words) and
``title_syllables`` and ``text_syllables`` as syllables (both marks separating).
Triggers keep it in sync.

A query group matches as a phrase of words in the word columns or, when it holds
Lao, as a phrase of syllables in the syllable columns. Records whose every group
matched as whole words rank above the others (``WORD_TIER``), then by bm25.
"""

from __future__ import annotations

from django.db import connections

from search.backends.sql import RECORD, SQLBackend, visibility_sql
from search.text import Query

FTS = "search_searchrecord_fts"
WORD_COLUMNS = "{title title_alt text}"
SYLLABLE_COLUMNS = "{title_syllables text_syllables}"
# bm25 column weights: title, translated title, body text, their syllables.
WEIGHTS = (10.0, 6.0, 1.0, 4.0, 0.4)
COVERING_INDEX = "search_record_covering"
# Subtracted from the (lower-is-better) bm25 of whole-word matches: no bm25 of a
# syllable-only match comes near it.
WORD_TIER = 1000.0


def _phrase(tokens) -> str:
    # Tokens hold only letters, numbers and marks, so they contain no quote to escape;
    # escape anyway so the expression stays a literal whatever a token holds.
    return '"' + " ".join(tok.replace('"', '""') for tok in tokens) + '"'


def words_expression(query: Query) -> str:
    """FTS5 MATCH text: every group a phrase of words in the word columns, ANDed."""
    return " AND ".join(f"{WORD_COLUMNS} : {_phrase(group)}" for group in query.groups)


def match_expression(query: Query) -> str:
    """FTS5 MATCH text built from tokens only: every group a phrase of words, or of
    syllables when it holds Lao; the groups ANDed."""
    parts = []
    for words, syllables in query.alternatives:
        part = f"{WORD_COLUMNS} : {_phrase(words)}"
        if syllables:
            part = f"({part} OR {SYLLABLE_COLUMNS} : {_phrase(syllables)})"
        parts.append(part)
    return " AND ".join(parts)


class SQLiteBackend(SQLBackend):
    name = "sqlite"
    # bm25() is lower-is-better.
    score_order = "r.score ASC"

    def matches_cte(self, query, visibility):
        vis, params = visibility_sql(visibility)
        weights = ", ".join(str(w) for w in WEIGHTS)
        # CROSS JOIN keeps the FTS match as the outer loop (a plain JOIN may let the
        # planner re-run the MATCH per record), and the covering index answers the
        # record columns without reading rows whose long texts spill onto overflow
        # pages. bm25() runs only for the rows the reader may see.
        select = (
            f"SELECT r.id, r.kind, r.doc_type, r.date, r.language, "
            f"bm25({FTS}, {weights}){{tier}} AS score "
            f"FROM {FTS} CROSS JOIN {RECORD} r INDEXED BY {COVERING_INDEX} "
            f"ON r.id = {FTS}.rowid WHERE {FTS} MATCH %s AND {vis}"
        )
        words = words_expression(query)
        if not query.has_syllables:
            return select.format(tier=""), [words, *params]
        # Whole-word matches, then the records found by syllables alone: FTS5 takes
        # the second set as a difference of posting lists, and bm25 of either set
        # weighs only its own phrases.
        return (
            select.format(tier=f" - {WORD_TIER}") + " UNION ALL " + select.format(tier=""),
            [words, *params, f"({match_expression(query)}) NOT ({words})", *params],
        )

    def rebuild(self, records=None, progress=None):
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")

    def status(self):
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {FTS}_docsize")
            (indexed,) = cursor.fetchone()
        return {"backend": self.name, "indexed": indexed}
