# ruff: noqa: S608 - SQL is built from module constants; every value is a bound parameter.
"""What the SQLite and PostgreSQL backends share: visibility, filters and facets in SQL.

Both run one ``WITH m AS MATERIALIZED (...)`` query that finds the visible matches
once; the page, the count and all facet counts are read from it, so a facet count
can never include a record the reader may not see.
"""

from __future__ import annotations

from datetime import date

from django.db import connections

from search.backends.base import (
    FACETS,
    FacetValue,
    Filters,
    Hit,
    SearchBackend,
    SearchResults,
    record_hit,
)
from search.models import SearchRecord
from search.text import Query
from search.visibility import Visibility

RECORD = "search_searchrecord"
RECORD_SWG = "search_searchrecordswg"
# Typed, so PostgreSQL can UNION it with real scores.
NO_SCORE = "CAST(NULL AS DOUBLE PRECISION)"


def visibility_sql(visibility: Visibility, alias: str = "r") -> tuple[str, list]:
    """WHERE fragment letting through only what ``visibility`` allows."""
    if visibility.everything:
        return "1=1", []
    parts, params = [f"{alias}.access = 'public'"], []
    for access, ids in (
        ("members", visibility.members_ids),
        ("restricted", visibility.restricted_swg_ids),
    ):
        ids = sorted(int(i) for i in ids)
        if ids:
            marks = ", ".join(["%s"] * len(ids))
            parts.append(
                f"({alias}.access = '{access}' AND EXISTS (SELECT 1 FROM {RECORD_SWG} v "
                f"WHERE v.record_id = {alias}.id AND v.swg_id IN ({marks})))"
            )
            params.extend(ids)
    return "(" + " OR ".join(parts) + ")", params


def filters_sql(filters: Filters, alias: str = "r") -> tuple[str, list]:
    parts, params = [], []
    if filters.swg is not None:
        if str(filters.swg).isdigit():
            cond, value = "f.swg_id = %s", int(filters.swg)
        else:
            cond, value = "f.slug = %s", str(filters.swg)
        parts.append(
            f"EXISTS (SELECT 1 FROM {RECORD_SWG} f WHERE f.record_id = {alias}.id AND {cond})"
        )
        params.append(value)
    if filters.type is not None:
        parts.append(f"{alias}.doc_type = %s")
        params.append(filters.type)
    if filters.year is not None:
        parts.append(f"{alias}.date >= %s AND {alias}.date < %s")
        params.extend([date(filters.year, 1, 1), date(filters.year + 1, 1, 1)])
    if filters.language is not None:
        parts.append(f"{alias}.language = %s")
        params.append(filters.language)
    if filters.kind is not None:
        parts.append(f"{alias}.kind = %s")
        params.append(filters.kind)
    return (" AND ".join(parts) or "1=1"), params


class SQLBackend(SearchBackend):
    """Template for database backends; subclasses supply the vendor-specific SQL."""

    year_sql = "substr(r.date, 1, 4)"
    date_desc = "r.date DESC NULLS LAST"
    score_order = "r.score DESC"

    def __init__(self, using: str = "default"):
        self.using = using

    # -- vendor hooks ---------------------------------------------------------
    def matches_cte(self, query: Query, visibility: Visibility) -> tuple[str, list]:
        """SELECT id, kind, doc_type, date, language, score of visible matches."""
        raise NotImplementedError

    # -- shared ---------------------------------------------------------------
    def browse_cte(self, visibility: Visibility) -> tuple[str, list]:
        vis, params = visibility_sql(visibility)
        return (
            f"SELECT r.id, r.kind, r.doc_type, r.date, r.language, 0.0 AS score "
            f"FROM {RECORD} r WHERE {vis}",
            params,
        )

    def search(
        self,
        query: Query,
        *,
        visibility: Visibility,
        filters: Filters,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = 20,
        facets: bool = True,
    ) -> SearchResults:
        if query:
            cte, cte_params = self.matches_cte(query, visibility)
        else:
            cte, cte_params = self.browse_cte(visibility)
        with_m = f"WITH m AS MATERIALIZED ({cte}) "
        where, where_params = filters_sql(filters)

        order = self.date_desc + ", " + self.score_order if sort == "date" else None
        order = order or (self.score_order + ", " + self.date_desc)
        page = max(1, page)
        # Count, facets and the page in one statement, so the matches are found once.
        selects = [f"SELECT 'count', '', COUNT(*), {NO_SCORE} FROM m r WHERE {where}"]
        params = list(where_params)
        if facets:
            for facet in FACETS:
                fwhere, fparams = filters_sql(filters.without(facet))
                if facet == "swg":
                    selects.append(
                        f"SELECT 'swg', s.slug || '|' || CAST(s.swg_id AS TEXT), "
                        f"COUNT(*), {NO_SCORE} "
                        f"FROM m r JOIN {RECORD_SWG} s ON s.record_id = r.id WHERE {fwhere} "
                        f"GROUP BY s.swg_id, s.slug"
                    )
                else:
                    column = {
                        "type": "r.doc_type",
                        "year": self.year_sql,
                        "language": "r.language",
                    }[facet]
                    selects.append(
                        f"SELECT '{facet}', CAST({column} AS TEXT), COUNT(*), {NO_SCORE} FROM m r "
                        f"WHERE {fwhere} AND {column} IS NOT NULL "
                        f"AND CAST({column} AS TEXT) <> '' GROUP BY {column}"
                    )
                params.extend(fparams)
        # The top rows up to this page first (a bounded sort), then numbered.
        hits_select = (
            "SELECT 'hit', CAST(id AS TEXT), rn, score FROM ("
            f"SELECT r.id, r.score, ROW_NUMBER() OVER (ORDER BY {order}, r.id) AS rn "
            f"FROM (SELECT r.id, r.score, r.date FROM m r WHERE {where} "
            f"ORDER BY {order}, r.id LIMIT %s) r) ranked WHERE rn > %s"
        )
        count, facet_values, rows = 0, {f: [] for f in FACETS} if facets else {}, []
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                with_m + " UNION ALL ".join([*selects, hits_select]),
                cte_params + params + where_params + [page * per_page, (page - 1) * per_page],
            )
            for facet, value, n, score in cursor.fetchall():
                if facet == "count":
                    count = n
                elif facet == "hit":
                    rows.append((n, int(value), score))
                elif facet == "swg":
                    slug, _, swg_id = value.rpartition("|")
                    facet_values["swg"].append(FacetValue(slug or swg_id, n, label=slug))
                else:
                    facet_values[facet].append(FacetValue(str(value), n))
        for facet, values in facet_values.items():
            if facet == "year":
                values.sort(key=lambda v: v.value, reverse=True)
            else:
                values.sort(key=lambda v: (-v.count, v.value))
        num_pages = max(1, -(-count // per_page))
        if page > num_pages and count:
            # Past the end: answer the last page (rare, so a second query is fine).
            return self.search(
                query,
                visibility=visibility,
                filters=filters,
                sort=sort,
                page=num_pages,
                per_page=per_page,
                facets=facets,
            )
        rows.sort()
        hits = self.hits([r[1] for r in rows], {r[1]: r[2] for r in rows}, query)
        return SearchResults(
            count, hits, facet_values, page=min(page, num_pages), per_page=per_page
        )

    def hits(self, ids: list[int], scores: dict[int, float], query: Query) -> list[Hit]:
        if not ids:
            return []
        records = SearchRecord.objects.using(self.using).in_bulk(ids)
        return [record_hit(records[pk], query, scores.get(pk)) for pk in ids]
