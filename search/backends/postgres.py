# ruff: noqa: S608 - SQL is built from module constants; every value is a bound parameter.
"""PostgreSQL backend: weighted ``tsvector`` ('simple' over marked text), GIN, ts_rank.

Migration ``search.0002`` adds a generated ``search_vector`` column: title weight A,
translated title B, text D. The 'simple' configuration keeps a Lao run as one lexeme,
so the word marks from ``search.text.mark_words`` (U+001F, which the text search
parser treats as a separator) make Lao words lexemes; phrases use
``phraseto_tsquery``. Snippets come from ``ts_headline`` over the same marked text.
"""

from __future__ import annotations

from django.db import connections

from search.backends.base import HL_END, HL_START, snippet_html
from search.backends.sql import RECORD, SQLBackend, visibility_sql
from search.text import Query

HEADLINE_OPTIONS = (
    f"StartSel={HL_START}, StopSel={HL_END}, MaxWords=35, MinWords=12, ShortWord=0, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def tsquery_sql(query: Query) -> tuple[str, list]:
    """Every group a phrase query, ANDed; tokens are bound parameters."""
    parts = ["phraseto_tsquery('simple', %s)"] * len(query.groups)
    return " && ".join(parts), [" ".join(group) for group in query.groups]


class PostgresBackend(SQLBackend):
    name = "postgres"
    year_sql = "to_char(r.date, 'YYYY')"
    score_order = "r.score DESC"

    def matches_cte(self, query, visibility):
        tsq, tsq_params = tsquery_sql(query)
        vis, params = visibility_sql(visibility)
        return (
            f"SELECT r.id, r.kind, r.doc_type, r.date, r.language, "
            f"ts_rank(r.search_vector, q.query) AS score "
            f"FROM {RECORD} r, (SELECT {tsq} AS query) q "
            f"WHERE r.search_vector @@ q.query AND {vis}",
            [*tsq_params, *params],
        )

    def snippets(self, query, ids):
        tsq, tsq_params = tsquery_sql(query)
        marks = ", ".join(["%s"] * len(ids))
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                f"SELECT r.id, ts_headline('simple', r.text, q.query, %s) "
                f"FROM {RECORD} r, (SELECT {tsq} AS query) q WHERE r.id IN ({marks})",
                [HEADLINE_OPTIONS, *tsq_params, *ids],
            )
            return {pk: snippet_html(text) for pk, text in cursor.fetchall() if HL_START in text}

    def status(self):
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {RECORD} WHERE search_vector IS NOT NULL")
            (indexed,) = cursor.fetchone()
        return {"backend": self.name, "indexed": indexed}
