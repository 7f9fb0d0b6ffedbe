"""Elasticsearch / OpenSearch backend, through ``elasticsearch.dsl`` (inside the client).

Settings: ``ELASTICSEARCH_URL`` and optionally ``SEARCH_ELASTICSEARCH = {"INDEX":
"swg-search", "ICU": None, "REFRESH": False}`` (``ICU`` None: detect the
``analysis-icu`` plugin; ``REFRESH``: make writes visible at once, for tests).

Texts arrive already marked by ``search.text.mark``: word marks (U+001F) between Lao
words, syllable marks (U+001E) between the syllables of a word. Each text field is
indexed twice, as words and (a ``.syllables`` sub-field) as syllables:

- words: a char filter deletes the syllable marks, then ``icu_tokenizer`` +
  ``lowercase`` with the ICU plugin (no ``icu_folding``: it would strip Lao vowel and
  tone marks), or without it a ``pattern`` tokenizer splitting on everything but
  letters, numbers, marks and private-use characters -- the same rule as the SQLite
  FTS5 tokenizer. Both split on U+001F.
- syllables: the ``pattern`` tokenizer, which splits on both marks.

A query group matches as a phrase of words or, when it holds Lao, as a phrase of
syllables; a whole-word match adds ``WORD_TIER`` to the score, so records whose every
group matched as words rank first. Snippets and titles as written come from the
SearchRecord rows (``search.snippets``), like on the other backends.

Zero-downtime rebuilds: a read alias ``<INDEX>`` and a write alias ``<INDEX>-write``
point at a concrete index ``<INDEX>-<timestamp>``. ``rebuild`` creates a new index,
moves the write alias to it, fills it, then moves the read alias in one atomic
``update_aliases`` call and deletes the old index.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Mapping

from django.conf import settings
from elasticsearch.dsl import Date, Document, Index, Integer, Keyword, Object, Text

from search.backends.base import (
    FACETS,
    FacetValue,
    Filters,
    Hit,
    SearchBackend,
    SearchResults,
    group_swgs,
    record_hit,
)
from search.models import SearchRecord
from search.text import SYLLABLE_MARK, Query, display
from search.visibility import Visibility

ANALYZER = "portal_text"
SYLLABLE_ANALYZER = "portal_syllables"
TITLE_BOOST, TITLE_ALT_BOOST = 10, 6
SYLLABLE_BOOST = 0.4
WORD_TIER = 1000
MAX_WINDOW = 10_000  # Elasticsearch's default index.max_result_window
FACET_FIELDS = {"swg": "swg_keys", "type": "doc_type", "year": "year", "language": "language"}
SEPARATORS = "[^\\p{L}\\p{N}\\p{M}\\p{Co}]+"


def analysis(icu: bool) -> dict:
    """Index analysis settings: ICU when the plugin is present, else a pattern tokenizer."""
    pattern = {"type": "pattern", "pattern": SEPARATORS}
    tokenizer = {"type": "icu_tokenizer"} if icu else pattern
    return {
        "char_filter": {
            "portal_join_syllables": {
                "type": "pattern_replace",
                "pattern": SYLLABLE_MARK,
                "replacement": "",
            }
        },
        "tokenizer": {
            "portal_tokenizer": tokenizer,
            "portal_syllable_tokenizer": pattern,
        },
        "analyzer": {
            ANALYZER: {
                "type": "custom",
                "char_filter": ["portal_join_syllables"],
                "tokenizer": "portal_tokenizer",
                "filter": ["lowercase"],
            },
            SYLLABLE_ANALYZER: {
                "type": "custom",
                "tokenizer": "portal_syllable_tokenizer",
                "filter": ["lowercase"],
            },
        },
    }


def _text_field():
    return Text(analyzer=ANALYZER, fields={"syllables": Text(analyzer=SYLLABLE_ANALYZER)})


class SearchDocument(Document):
    """One SearchRecord in Elasticsearch; ``_id`` is the record key."""

    key = Keyword()
    kind = Keyword()
    title = _text_field()
    title_alt = _text_field()
    text = _text_field()
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
    originals = Object(enabled=False)  # spellings as written, kept, not indexed

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
            "originals": record.originals or {},
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


WORD_FIELDS = [f"title^{TITLE_BOOST}", f"title_alt^{TITLE_ALT_BOOST}", "text"]
SYLLABLE_FIELDS = [
    f"title.syllables^{TITLE_BOOST * SYLLABLE_BOOST}",
    f"title_alt.syllables^{TITLE_ALT_BOOST * SYLLABLE_BOOST}",
    f"text.syllables^{SYLLABLE_BOOST}",
]


def _phrase(tokens, fields) -> dict:
    return {"multi_match": {"query": " ".join(tokens), "type": "phrase", "fields": fields}}


def group_clause(words: tuple[str, ...], syllables: tuple[str, ...] | None) -> dict:
    """One query group: a phrase of words (worth ``WORD_TIER`` more), or of syllables."""
    word_phrase = _phrase(words, WORD_FIELDS)
    if not syllables:
        return word_phrase
    return {
        "bool": {
            "should": [
                {"constant_score": {"filter": word_phrase, "boost": WORD_TIER}},
                word_phrase,
                _phrase(syllables, SYLLABLE_FIELDS),
            ],
            "minimum_should_match": 1,
        }
    }


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
    must = [group_clause(words, syllables) for words, syllables in query.alternatives] or [
        {"match_all": {}}
    ]
    visible = visibility_filter(visibility)
    body: dict = {
        "query": {"bool": {"must": must, "filter": [visible] if visible else []}},
        "post_filter": {"bool": {"filter": filter_clauses(filters)}},
        "track_total_hits": True,
        "from": max(0, min((page - 1) * per_page, MAX_WINDOW - per_page)),
        "size": per_page,
        "_source": {"excludes": ["text"]},
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


def parse_response(
    response: dict,
    page: int,
    per_page: int,
    query: Query | None = None,
    records: Mapping[str, SearchRecord] | None = None,
) -> SearchResults:
    """Results from a search response; hits whose SearchRecord row is in ``records``
    get their snippet from it (``search.snippets``), the others none."""
    total = response["hits"]["total"]["value"]
    records = records or {}
    hits = []
    for item in response["hits"]["hits"]:
        src = item["_source"]
        score = float(item.get("_score") or 0.0)
        record = records.get(src["key"])
        if record is not None:
            hits.append(record_hit(record, query or Query(), score))
            continue
        hits.append(
            Hit(
                title=display(src["title"], (src.get("originals") or {}).get("title", ())),
                url=src["url"],
                kind=src["kind"],
                swg=group_swgs(src.get("swg_ids", []), src.get("swg_slugs", [])),
                type=src.get("doc_type") or "",
                date=_date(src.get("date")),
                language=src.get("language") or "",
                access=src["access"],
                snippet="",
                key=src["key"],
                score=score,
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
        keys = [item["_source"]["key"] for item in response["hits"]["hits"]]
        records = {r.key: r for r in SearchRecord.objects.filter(key__in=keys)}
        results = parse_response(response, page, per_page, query, records)
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
