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
from search.service import prepare
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
    assert props["originals"] == {"type": "object", "enabled": False}


def test_index_falls_back_to_a_pattern_tokenizer():
    tokenizer = index_body(icu=False)["settings"]["analysis"]["tokenizer"]["portal_tokenizer"]
    assert tokenizer["type"] == "pattern"
    assert tokenizer["pattern"] == "[^\\p{L}\\p{N}\\p{M}\\p{Co}]+"


@pytest.mark.parametrize("icu", [True, False])
def test_every_text_field_is_indexed_as_words_and_as_syllables(icu):
    body = index_body(icu=icu)
    analysis = body["settings"]["analysis"]
    words, syllables = analysis["analyzer"]["portal_text"], analysis["analyzer"]["portal_syllables"]
    # Words: the syllable marks are deleted first, so a Lao word is one token.
    assert words["char_filter"] == ["portal_join_syllables"]
    join = analysis["char_filter"]["portal_join_syllables"]
    assert join == {"type": "pattern_replace", "pattern": "\x1e", "replacement": ""}
    # Syllables: the pattern tokenizer splits on both marks (neither is L, N, M or Co).
    tokenizer = analysis["tokenizer"][syllables["tokenizer"]]
    assert tokenizer == {"type": "pattern", "pattern": "[^\\p{L}\\p{N}\\p{M}\\p{Co}]+"}
    assert "char_filter" not in syllables
    for name in ("title", "title_alt", "text"):
        field = body["mappings"]["properties"][name]
        assert field["analyzer"] == "portal_text"
        assert field["fields"] == {"syllables": {"type": "text", "analyzer": "portal_syllables"}}
        assert "term_vector" not in field  # snippets are made from the records


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


def _phrases(clause):
    """(query, fields) of every phrase in a group clause."""
    if "multi_match" in clause:
        return [(clause["multi_match"]["query"], clause["multi_match"]["fields"])]
    found = []
    for part in clause["bool"]["should"]:
        inner = part.get("constant_score", {}).get("filter", part)
        found += _phrases(inner)
    return found


def test_query_text_is_tokens_only():
    b = body('"free and equal" NEAR(x) * \'; DROP TABLE --')
    queries = [m["multi_match"]["query"] for m in b["query"]["bool"]["must"]]
    assert queries == ["free and equal", "near x", "drop", "table"]
    assert all(m["multi_match"]["type"] == "phrase" for m in b["query"]["bool"]["must"])
    assert b["query"]["bool"]["must"][0]["multi_match"]["fields"][0] == "title^10"
    assert body("")["query"]["bool"]["must"] == [{"match_all": {}}]


def test_a_lao_group_matches_as_words_or_as_syllables_with_words_ranked_first():
    (group,) = body("ການສຶກສາ")["query"]["bool"]["must"]
    should = group["bool"]["should"]
    assert group["bool"]["minimum_should_match"] == 1
    tier, words, syllables = should
    # A whole-word match is worth WORD_TIER more than any syllable-only match.
    assert tier["constant_score"]["boost"] == 1000
    assert tier["constant_score"]["filter"] == words
    assert words["multi_match"] == {
        "query": "ການສຶກສາ",
        "type": "phrase",
        "fields": ["title^10", "title_alt^6", "text"],
    }
    assert syllables["multi_match"]["query"] == "ການ ສຶກ ສາ"
    assert syllables["multi_match"]["type"] == "phrase"
    assert [f.split("^")[0] for f in syllables["multi_match"]["fields"]] == [
        "title.syllables",
        "title_alt.syllables",
        "text.syllables",
    ]
    phrases = _phrases(body("ສິດເສລີພາບ")["query"]["bool"]["must"][0])
    assert ("ສິດ ເສລີພາບ", ["title^10", "title_alt^6", "text"]) in phrases
    assert "ສິດ ເສລີ ພາບ" in [q for q, _ in phrases]
    # Old spellings are folded before any of this.
    assert body("ຫລວງພະບາງ")["query"] == body("ຫຼວງພະບາງ")["query"]


def test_sort_and_deep_pages():
    assert body(sort="date")["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    assert body()["sort"][0] == "_score"
    assert body(page=10**6, per_page=20)["from"] == 10_000 - 20


def test_parse_response_takes_titles_and_snippets_from_the_records():
    source = {
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
        "originals": {},
    }
    response = {
        "hits": {"total": {"value": 2}, "hits": [{"_score": 2.5, "_source": source}]},
        "aggregations": {
            "swg": {"values": {"buckets": [{"key": "health|1", "doc_count": 1}]}},
            "year": {"values": {"buckets": [{"key": "2024", "doc_count": 1}]}},
        },
    }
    record = SearchRecord(**{**prepare_record("ແຂວງຫລວງພະບາງມີສິດເສລີພາບ <b>"), "key": "document:1"})
    query = parse_query("ເສລີພາບ")
    results = parse_response(response, 1, 20, query, {"document:1": record})
    hit = results.hits[0]
    assert hit.title == "ມາດຕາ ສິດເສລີພາບ"
    # Written as in the file (ຫລ), no space added, escaped, the match marked.
    assert hit.snippet == "ແຂວງຫລວງພະບາງມີສິດ<mark>ເສລີພາບ</mark> &lt;b&gt;"
    assert hit.swg == ["health"] and hit.date == date(2024, 5, 1) and hit.score == 2.5
    assert results.facets["swg"][0].value == "health" and results.facets["year"][0].count == 1
    # A hit whose record row is missing (the index is ahead of the database) still
    # shows its title, without a snippet.
    missing = parse_response(response, 1, 20, query, {}).hits[0]
    assert missing.title == "ມາດຕາ ສິດເສລີພາບ" and missing.snippet == ""


def prepare_record(text):
    return prepare(
        {
            "key": "k",
            "kind": "document",
            "title": "ມາດຕາ ສິດເສລີພາບ",
            "url": "/d/1/",
            "text": text,
            "date": "2024-05-01",
            "swg_ids": [1],
            "swg_slugs": ["health"],
        }
    )


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
