# ruff: noqa: S608 - SQL is built from module constants; every value is a bound parameter.
"""PostgreSQL backend: weighted ``tsvector`` columns ('simple' over marked text), GIN.

Migration ``search.0005`` adds two generated columns, each with a GIN index:
``search_vector`` holds the words (syllable marks removed; title weight A, translated
title B, text D) and ``syllable_vector`` the syllables (both marks separate lexemes,
since the text search parser treats U+001E and U+001F as separators). A query group
matches as a phrase (``phraseto_tsquery``) of words, or, when it holds Lao, of
syllables. Records whose every group matched as whole words rank first
(``WORD_TIER``), then by ``ts_rank``.
"""

from __future__ import annotations

from django.db import connections

from search.backends.sql import RECORD, SQLBackend, visibility_sql
from search.text import Query

WORD_TIER = 1000.0
SYLLABLE_RANK_SHARE = 0.4


def _phrase(tokens) -> tuple[str, list]:
    return "phraseto_tsquery('simple', %s)", [" ".join(tokens)]


def match_sql(query: Query, alias: str = "r") -> tuple[str, list]:
    """Every group a phrase of words, or of syllables when it holds Lao; ANDed."""
    parts, params = [], []
    for words, syllables in query.alternatives:
        sql, p = _phrase(words)
        part = f"{alias}.search_vector @@ {sql}"
        if syllables:
            s_sql, s_params = _phrase(syllables)
            part = f"({part} OR {alias}.syllable_vector @@ {s_sql})"
            p = p + s_params
        parts.append(part)
        params.extend(p)
    return " AND ".join(parts), params


def tsquery_sql(query: Query, syllables: bool = False) -> tuple[str, list]:
    """All groups as one tsquery: their words, or their syllables (Lao groups)."""
    parts, params = [], []
    for words, syls in query.alternatives:
        sql, p = _phrase(syls if syllables and syls else words)
        parts.append(sql)
        params.extend(p)
    return " && ".join(parts), params


class PostgresBackend(SQLBackend):
    name = "postgres"
    year_sql = "to_char(r.date, 'YYYY')"
    score_order = "r.score DESC"

    def matches_cte(self, query, visibility):
        words, words_params = tsquery_sql(query)
        syls, syls_params = tsquery_sql(query, syllables=True)
        match, match_params = match_sql(query)
        vis, params = visibility_sql(visibility)
        return (
            f"SELECT r.id, r.kind, r.doc_type, r.date, r.language, "
            f"ts_rank(r.search_vector, q.words) "
            f"+ {SYLLABLE_RANK_SHARE} * ts_rank(r.syllable_vector, q.syllables) "
            f"+ CASE WHEN r.search_vector @@ q.words THEN {WORD_TIER} ELSE 0 END AS score "
            f"FROM {RECORD} r, (SELECT {words} AS words, {syls} AS syllables) q "
            f"WHERE {match} AND {vis}",
            [*words_params, *syls_params, *match_params, *params],
        )

    def status(self):
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {RECORD} WHERE search_vector IS NOT NULL")
            (indexed,) = cursor.fetchone()
        return {"backend": self.name, "indexed": indexed}
