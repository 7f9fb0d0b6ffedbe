"""Elasticsearch mappings, query bodies and alias handling, without a server.

The live behaviour is covered by the conformance suite where ELASTICSEARCH_URL is set.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from search.backends.base import Filters
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    SearchDocument,
    index_body,
    parse_response,
    query_body,
)
from search.models import SearchRecord
from search.text import mark_words, parse_query
from search.visibility import Visibility


def test_index_uses_icu_tokenizer_when_the_plugin_is_there():
    body = index_body(icu=True)
    analysis = body["settings"]["analysis"]
    assert analysis["tokenizer"]["portal_tokenizer"] == {"type": "icu_tokenizer"}
    assert "icu_folding" not in json.dumps(analysis)  # would strip Lao tone marks
    props = body["mappings"]["properties"]
    assert props["text"]["analyzer"] == props["title"]["analyzer"] == "portal_text"
    for keyword in ("access", "doc_type", "language", "year", "swg_slugs", "swg_keys"):
        assert props[keyword]["type"] == "keyword"
    assert props["swg_ids"]["type"] == "integer"


def test_index_falls_back_to_a_pattern_tokenizer():
    tokenizer = index_body(icu=False)["settings"]["analysis"]["tokenizer"]["portal_tokenizer"]
    assert tokenizer["type"] == "pattern"
    assert tokenizer["pattern"] == "[^\\p{L}\\p{N}\\p{M}\\p{Co}]+"


PUBLIC, NO_FILTERS = Visibility(), Filters()


def body(q="ເສລີພາບ", visibility=PUBLIC, filters=NO_FILTERS, **kw):
    return query_body(parse_query(q), visibility=visibility, filters=filters, **kw)


def test_visibility_is_a_filter_of_the_query_itself():
    public = body()["query"]["bool"]["filter"]
    assert public == [
        {"bool": {"should": [{"term": {"access": "public"}}], "minimum_should_match": 1}}
    ]
    member = body(
        visibility=Visibility(member_swg_ids=frozenset({3}), restricted_swg_ids=frozenset({1}))
    )
    should = member["query"]["bool"]["filter"][0]["bool"]["should"]
    assert {"term": {"access": "public"}} in should
    members, restricted = should[1]["bool"]["filter"], should[2]["bool"]["filter"]
    assert members == [{"term": {"access": "members"}}, {"terms": {"swg_ids": [1, 3]}}]
    assert restricted == [{"term": {"access": "restricted"}}, {"terms": {"swg_ids": [1]}}]
    assert body(visibility=Visibility(everything=True))["query"]["bool"]["filter"] == []


def test_filters_and_facets():
    b = body(filters=Filters(swg="health", type="minutes", year=2024, language="lo"))
    assert b["post_filter"]["bool"]["filter"] == [
        {"term": {"swg_slugs": "health"}},
        {"term": {"doc_type": "minutes"}},
        {"term": {"year": "2024"}},
        {"term": {"language": "lo"}},
    ]
    # Each facet counts under the other filters (and, through the query, visibility).
    type_filter = b["aggs"]["type"]["filter"]["bool"]["filter"]
    assert {"term": {"doc_type": "minutes"}} not in type_filter
    assert {"term": {"language": "lo"}} in type_filter
    assert b["aggs"]["swg"]["aggs"]["values"]["terms"]["field"] == "swg_keys"
    assert body(filters=Filters(swg="7"))["post_filter"]["bool"]["filter"] == [
        {"term": {"swg_ids": 7}}
    ]


def test_query_text_is_tokens_only():
    b = body('"free and equal" NEAR(x) * \'; DROP TABLE --')
    queries = [m["multi_match"]["query"] for m in b["query"]["bool"]["must"]]
    assert queries == ["free and equal", "near x", "drop", "table"]
    assert all(m["multi_match"]["type"] == "phrase" for m in b["query"]["bool"]["must"])
    assert b["query"]["bool"]["must"][0]["multi_match"]["fields"][0] == "title^10"
    lao = body("ສິດເສລີພາບ")["query"]["bool"]["must"][0]["multi_match"]["query"]
    assert lao == "ສິດ ເສລີພາບ"
    assert body("")["query"]["bool"]["must"] == [{"match_all": {}}]


def test_sort_and_deep_pages():
    assert body(sort="date")["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    assert body()["sort"][0] == "_score"
    assert body(page=10**6, per_page=20)["from"] == 10_000 - 20


def test_parse_response_unmarks_and_escapes_snippets():
    response = {
        "hits": {
            "total": {"value": 1},
            "hits": [
                {
                    "_score": 2.5,
                    "_source": {
                        "key": "document:1",
                        "kind": "document",
                        "title": mark_words("ມາດຕາ ສິດເສລີພາບ"),
                        "url": "/d/1/",
                        "doc_type": "report",
                        "date": "2024-05-01",
                        "language": "lo",
                        "access": "public",
                        "swg_ids": [1],
                        "swg_slugs": ["health"],
                    },
                    "highlight": {"text": ["ມີ\x1fສິດ\x1f\x02ເສລີພາບ\x03 <b>"]},
                }
            ],
        },
        "aggregations": {
            "swg": {"values": {"buckets": [{"key": "health|1", "doc_count": 1}]}},
            "year": {"values": {"buckets": [{"key": "2024", "doc_count": 1}]}},
        },
    }
    results = parse_response(response, page=1, per_page=20)
    hit = results.hits[0]
    assert hit.title == "ມາດຕາ ສິດເສລີພາບ"
    assert hit.snippet == "ມີສິດ<mark>ເສລີພາບ</mark> &lt;b&gt;"
    assert hit.swg == ["health"] and hit.date == date(2024, 5, 1)
    assert results.facets["swg"][0].value == "health" and results.facets["year"][0].count == 1


class RecordingClient:
    """Just enough of the Elasticsearch client to watch the alias dance."""

    def __init__(self):
        self.aliases: dict[str, set[str]] = {}
        self.created: list[str] = []
        self.deleted: list[str] = []
        self.deleted_documents: list[tuple[str, str]] = []
        self.indices = self
        self.cat = self

    # indices API
    def create(self, index, **body):
        self.created.append(index)

    def exists_alias(self, name):
        return any(name in names for names in self.aliases.values())

    def get_alias(self, name):
        return {i: {} for i, names in self.aliases.items() if name in names}

    def update_aliases(self, actions):
        for action in actions:
            ((op, spec),) = action.items()
            names = self.aliases.setdefault(spec["index"], set())
            (names.add if op == "add" else names.discard)(spec["alias"])

    def refresh(self, index):
        pass

    def delete(self, index, id=None, refresh=None):
        if id is not None:  # a document
            self.deleted_documents.append((index, id))
            return
        self.deleted.append(index)
        self.aliases.pop(index, None)

    def options(self, **kw):
        return self

    def plugins(self, format):
        return [{"component": "analysis-icu"}]


@pytest.mark.django_db
def test_rebuild_swaps_aliases(settings, monkeypatch):
    settings.SEARCH_ELASTICSEARCH = {"INDEX": "portal"}
    client = RecordingClient()
    backend = ElasticsearchBackend(client=client)
    sent, readers_during_bulk = [], []

    def bulk(c, actions, **kw):
        readers_during_bulk.append(sorted(client.get_alias("portal")))
        sent.extend(actions)

    monkeypatch.setattr("elasticsearch.helpers.bulk", bulk)
    backend.ensure_index()
    (first,) = client.created
    assert client.aliases[first] == {"portal", "portal-write"}
    # Writes between rebuilds go through the write alias; deletes too.
    backend.index_records([SearchRecord(key="page:1", kind="news", title="x", url="/")])
    assert sent.pop()["_index"] == "portal-write"
    backend.remove_keys(["page:1"])
    assert client.deleted_documents == [("portal-write", "page:1")]
    record = SearchRecord(
        key="document:1", kind="document", title="t", url="/", swg_ids=[1], swg_slugs=["h"]
    )
    backend.rebuild([record])
    second = client.created[-1]
    assert second != first
    assert client.aliases[second] == {"portal", "portal-write"}
    assert client.deleted == [first]
    # Readers kept the old, complete index while the new one was filled.
    assert readers_during_bulk[-1] == [first]
    assert sent[0]["_index"] == second and sent[0]["_id"] == "document:1"
    assert sent[0]["_source"]["swg_keys"] == ["h|1"]
    assert backend.icu_available()


def test_document_fields_match_the_record_fields():
    fields = set(SearchDocument._doc_type.mapping.properties.to_dict()["properties"])
    record_fields = {f.name for f in SearchRecord._meta.get_fields()} - {"id", "swgs", "updated_at"}
    assert record_fields <= fields
