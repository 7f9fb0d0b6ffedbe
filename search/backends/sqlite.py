# ruff: noqa: S608 - SQL is built from module constants; every value is a bound parameter.
"""SQLite FTS5 backend: bm25 over pre-segmented (marked) text, snippets, SQL facets.

The FTS5 table (migration ``search.0002``) is an external-content index of
``search_searchrecord`` with ``tokenize="unicode61 remove_diacritics 2 categories
'L* N* Co M*'"``: the default ``unicode61`` splits Lao words at every vowel and tone
mark, these categories keep them inside tokens, and the invisible word marks written
by ``search.text.mark_words`` separate Lao words. Triggers keep it in sync.
"""

from __future__ import annotations

from django.db import connections

from search.backends.base import HL_END, HL_START, SNIPPET_WORDS, snippet_html
from search.backends.sql import RECORD, SQLBackend, visibility_sql
from search.text import Query

FTS = "search_searchrecord_fts"
# bm25 column weights: title, translated title, body text.
WEIGHTS = (10.0, 6.0, 1.0)
COVERING_INDEX = "search_record_covering"


def match_expression(query: Query) -> str:
    """FTS5 MATCH text built from tokens only: every group a quoted phrase, ANDed."""
    # Tokens hold only letters, numbers and marks, so they contain no quote to escape;
    # escape anyway so the expression stays a literal whatever a token holds.
    return " AND ".join(
        '"' + " ".join(tok.replace('"', '""') for tok in group) + '"' for group in query.groups
    )


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
        return (
            f"SELECT r.id, r.kind, r.doc_type, r.date, r.language, "
            f"bm25({FTS}, {weights}) AS score "
            f"FROM {FTS} CROSS JOIN {RECORD} r INDEXED BY {COVERING_INDEX} "
            f"ON r.id = {FTS}.rowid WHERE {FTS} MATCH %s AND {vis}",
            [match_expression(query), *params],
        )

    def snippets(self, query, ids):
        marks = ", ".join(["%s"] * len(ids))
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({FTS}, 2, %s, %s, %s, {SNIPPET_WORDS}) FROM {FTS} "
                f"WHERE {FTS} MATCH %s AND rowid IN ({marks})",
                [HL_START, HL_END, "…", match_expression(query), *ids],
            )
            return {pk: snippet_html(text) for pk, text in cursor.fetchall() if HL_START in text}

    def rebuild(self, records=None, progress=None):
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")

    def status(self):
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {FTS}_docsize")
            (indexed,) = cursor.fetchone()
        return {"backend": self.name, "indexed": indexed}
