"""Elasticsearch / OpenSearch backend, through ``elasticsearch.dsl`` (inside the client).

Settings: ``ELASTICSEARCH_URL`` and optionally ``SEARCH_ELASTICSEARCH = {"INDEX":
"swg-search", "ICU": None, "REFRESH": False}`` (``ICU`` None: detect the
``analysis-icu`` plugin; ``REFRESH``: make writes visible at once, for tests).

Texts arrive already marked by ``search.text.mark_words``. With the ICU plugin the
analyzer is ``icu_tokenizer`` + ``lowercase`` (no ``icu_folding``: it would strip Lao
vowel and tone marks); without it a ``pattern`` tokenizer splitting on everything but
letters, numbers, marks and private-use characters -- the same rule as the SQLite
FTS5 tokenizer, so U+001F word marks separate Lao words. Both split on U+001F.

Zero-downtime rebuilds: a read alias ``<INDEX>`` and a write alias ``<INDEX>-write``
point at a concrete index ``<INDEX>-<timestamp>``. ``rebuild`` creates a new index,
moves the write alias to it, fills it, then moves the read alias in one atomic
``update_aliases`` call and deletes the old index.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings
from elasticsearch.dsl import Date, Document, Index, Integer, Keyword, Text

from search.backends.base import (
    FACETS,
    HL_END,
    HL_START,
    FacetValue,
    Filters,
    Hit,
    SearchBackend,
    SearchResults,
    snippet_html,
)
from search.text import Query, unmark
from search.visibility import Visibility

ANALYZER = "portal_text"
TITLE_BOOST, TITLE_ALT_BOOST = 10, 6
MAX_WINDOW = 10_000  # Elasticsearch's default index.max_result_window
FACET_FIELDS = {"swg": "swg_keys", "type": "doc_type", "year": "year", "language": "language"}


def analysis(icu: bool) -> dict:
    """Index analysis settings: ICU when the plugin is present, else a pattern tokenizer."""
    if icu:
        tokenizer = {"type": "icu_tokenizer"}
    else:
        tokenizer = {"type": "pattern", "pattern": "[^\\p{L}\\p{N}\\p{M}\\p{Co}]+"}
    return {
        "tokenizer": {"portal_tokenizer": tokenizer},
        "analyzer": {
            ANALYZER: {
                "type": "custom",
                "tokenizer": "portal_tokenizer",
                "filter": ["lowercase"],
            }
        },
    }


class SearchDocument(Document):
    """One SearchRecord in Elasticsearch; ``_id`` is the record key."""

    key = Keyword()
    kind = Keyword()
    title = Text(analyzer=ANALYZER)
    title_alt = Text(analyzer=ANALYZER)
    text = Text(analyzer=ANALYZER, term_vector="with_positions_offsets")
    doc_type = Keyword()
    date = Date()
    year = Keyword()
    language = Keyword()
    access = Keyword()
    url = Keyword(index=False)
    locale = Keyword()
    swg_ids = Integer()
    swg_slugs = Keyword()
    swg_keys = Keyword()  # "slug|id", so the SWG facet carries both

    @classmethod
    def prepare(cls, record) -> dict:
        """The ``_source`` for a SearchRecord row."""
        pairs = list(zip(record.swg_ids, record.swg_slugs, strict=False))
        return {
            "key": record.key,
            "kind": record.kind,
            "title": record.title,
            "title_alt": record.title_alt,
            "text": record.text,
            "doc_type": record.doc_type,
            "date": record.date.isoformat() if record.date else None,
            "year": str(record.date.year) if record.date else None,
            "language": record.language,
            "access": record.access,
            "url": record.url,
            "locale": record.locale,
            "swg_ids": list(record.swg_ids),
            "swg_slugs": list(record.swg_slugs),
            "swg_keys": [f"{slug}|{swg_id}" for swg_id, slug in pairs],
        }


def index_body(icu: bool) -> dict:
    """Settings and mappings for a new concrete index."""
    index = Index("template")
    index.settings(number_of_shards=1, analysis=analysis(icu))
    index.document(SearchDocument)
    return index.to_dict()


def visibility_filter(visibility: Visibility) -> dict | None:
    if visibility.everything:
        return None
    should: list[dict] = [{"term": {"access": "public"}}]
    for access, ids in (
        ("members", visibility.members_ids),
        ("restricted", visibility.restricted_swg_ids),
    ):
        if ids:
            should.append(
                {
                    "bool": {
                        "filter": [
                            {"term": {"access": access}},
                            {"terms": {"swg_ids": sorted(int(i) for i in ids)}},
                        ]
                    }
                }
            )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def filter_clauses(filters: Filters) -> list[dict]:
    clauses = []
    if filters.swg is not None:
        if str(filters.swg).isdigit():
            clauses.append({"term": {"swg_ids": int(filters.swg)}})
        else:
            clauses.append({"term": {"swg_slugs": str(filters.swg)}})
    if filters.type is not None:
        clauses.append({"term": {"doc_type": filters.type}})
    if filters.year is not None:
        clauses.append({"term": {"year": str(filters.year)}})
    if filters.language is not None:
        clauses.append({"term": {"language": filters.language}})
    if filters.kind is not None:
        clauses.append({"term": {"kind": filters.kind}})
    return clauses


def query_body(
    query: Query,
    *,
    visibility: Visibility,
    filters: Filters,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    facets: bool = True,
) -> dict:
    """The request body: text in ``must``, visibility in ``filter`` context, user
    filters in ``post_filter`` so each facet can count its alternatives, and the
    facets as filtered aggregations that always include the visibility filter."""
    must = [
        {
            "multi_match": {
                "query": " ".join(group),
                "type": "phrase",
                "fields": [f"title^{TITLE_BOOST}", f"title_alt^{TITLE_ALT_BOOST}", "text"],
            }
        }
        for group in query.groups
    ] or [{"match_all": {}}]
    visible = visibility_filter(visibility)
    body: dict = {
        "query": {"bool": {"must": must, "filter": [visible] if visible else []}},
        "post_filter": {"bool": {"filter": filter_clauses(filters)}},
        "track_total_hits": True,
        "from": max(0, min((page - 1) * per_page, MAX_WINDOW - per_page)),
        "size": per_page,
        "_source": {"excludes": ["text"]},
        "highlight": {
            "pre_tags": [HL_START],
            "post_tags": [HL_END],
            "fields": {
                "text": {
                    "type": "fvh",
                    "fragment_size": 160,
                    "number_of_fragments": 2,
                    "no_match_size": 160,
                }
            },
        },
    }
    by_date = {"date": {"order": "desc", "missing": "_last"}}
    body["sort"] = [by_date, "_score"] if sort == "date" or not query else ["_score", by_date]
    if facets:
        body["aggs"] = {
            facet: {
                "filter": {"bool": {"filter": filter_clauses(filters.without(facet))}},
                "aggs": {"values": {"terms": {"field": FACET_FIELDS[facet], "size": 100}}},
            }
            for facet in FACETS
        }
    return body


def parse_response(response: dict, page: int, per_page: int) -> SearchResults:
    total = response["hits"]["total"]["value"]
    hits = []
    for item in response["hits"]["hits"]:
        src = item["_source"]
        fragments = item.get("highlight", {}).get("text", [])
        day = src.get("date")
        hits.append(
            Hit(
                title=unmark(src["title"]),
                url=src["url"],
                kind=src["kind"],
                swg=[
                    slug or str(i)
                    for i, slug in zip(
                        src.get("swg_ids", []), src.get("swg_slugs", []), strict=False
                    )
                ],
                type=src.get("doc_type") or "",
                date=_date(day),
                language=src.get("language") or "",
                access=src["access"],
                snippet=snippet_html(" … ".join(fragments)),
                key=src["key"],
                score=float(item.get("_score") or 0.0),
            )
        )
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        buckets = response.get("aggregations", {}).get(facet, {}).get("values", {}).get("buckets")
        if buckets is None:
            continue
        values = []
        for bucket in buckets:
            value = str(bucket["key"])
            if facet == "swg":
                slug, _, swg_id = value.rpartition("|")
                values.append(FacetValue(slug or swg_id, bucket["doc_count"], label=slug))
            elif value:
                values.append(FacetValue(value, bucket["doc_count"]))
        if facet == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.value))
        facets[facet] = values
    return SearchResults(total, hits, facets, page=page, per_page=per_page)


def _date(value):
    import datetime

    return datetime.date.fromisoformat(value[:10]) if value else None


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, client=None):
        options = getattr(settings, "SEARCH_ELASTICSEARCH", {}) or {}
        self.alias = options.get("INDEX", "swg-search")
        self.write_alias = f"{self.alias}-write"
        self.refresh = options.get("REFRESH", False)
        self._icu = options.get("ICU")
        if client is None:
            from elasticsearch import Elasticsearch

            url = getattr(settings, "ELASTICSEARCH_URL", None)
            if not url:
                raise RuntimeError("SEARCH_BACKEND is elasticsearch but ELASTICSEARCH_URL is unset")
            client = Elasticsearch(url, request_timeout=10)
        self.client = client

    # -- index management --------------------------------------------------
    def icu_available(self) -> bool:
        if self._icu is None:
            plugins = self.client.cat.plugins(format="json")
            self._icu = any(p.get("component") == "analysis-icu" for p in plugins)
        return bool(self._icu)

    def _create_index(self) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 10**6}"
        self.client.indices.create(index=name, **index_body(self.icu_available()))
        return name

    def _indices_of(self, alias: str) -> list[str]:
        if not self.client.indices.exists_alias(name=alias):
            return []
        return list(self.client.indices.get_alias(name=alias))

    def ensure_index(self) -> None:
        if not self._indices_of(self.alias):
            name = self._create_index()
            self.client.indices.update_aliases(
                actions=[
                    {"add": {"index": name, "alias": self.alias}},
                    {"add": {"index": name, "alias": self.write_alias}},
                ]
            )

    # -- writes --------------------------------------------------------------
    def _bulk(self, index: str, records: Iterable, progress=None) -> int:
        from elasticsearch.helpers import bulk

        count = 0

        def actions():
            nonlocal count
            for record in records:
                count += 1
                if progress and count % 500 == 0:
                    progress(count, None)
                yield {
                    "_index": index,
                    "_id": record.key,
                    "_source": SearchDocument.prepare(record),
                }

        bulk(self.client, actions(), refresh=self.refresh or False)
        return count

    def index_records(self, records):
        self.ensure_index()
        self._bulk(self.write_alias, records)

    def remove_keys(self, keys):
        self.ensure_index()
        for key in keys:
            self.client.options(ignore_status=404).delete(
                index=self.write_alias, id=key, refresh=self.refresh or False
            )

    def rebuild(self, records, progress=None):
        old = self._indices_of(self.alias)
        old_write = self._indices_of(self.write_alias)
        new = self._create_index()
        # New writes go to the new index at once; reads stay on the old one until
        # the new one is full.
        self.client.indices.update_aliases(
            actions=[{"remove": {"index": i, "alias": self.write_alias}} for i in old_write]
            + [{"add": {"index": new, "alias": self.write_alias}}]
        )
        self._bulk(new, records, progress)
        self.client.indices.refresh(index=new)
        self.client.indices.update_aliases(
            actions=[{"remove": {"index": i, "alias": self.alias}} for i in old]
            + [{"add": {"index": new, "alias": self.alias}}]
        )
        for index in set(old) | set(old_write):
            if index != new:
                self.client.options(ignore_status=404).indices.delete(index=index)

    # -- reads ---------------------------------------------------------------
    def search(
        self,
        query,
        *,
        visibility,
        filters,
        sort="relevance",
        page=1,
        per_page=20,
        facets=True,
    ):
        self.ensure_index()
        body = query_body(
            query,
            visibility=visibility,
            filters=filters,
            sort=sort,
            page=page,
            per_page=per_page,
            facets=facets,
        )
        response = self.client.search(index=self.alias, **body).body
        results = parse_response(response, page, per_page)
        last = min(results.num_pages, MAX_WINDOW // per_page)
        if page > last and results.count:
            return self.search(
                query,
                visibility=visibility,
                filters=filters,
                sort=sort,
                page=last,
                per_page=per_page,
                facets=facets,
            )
        return results

    def status(self):
        return {
            "backend": self.name,
            "indexed": self.client.count(index=self.alias)["count"],
            "indices": self._indices_of(self.alias),
            "icu": self.icu_available(),
        }
