"""Wagtail's own search (the admin's page, document, image and snippet searches),
made to find Lao words inside Lao sentences.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.admin"}}``.
This module is modelsearch's database backend with the portal's one text pipeline
(``search.text``) on both sides:

- index side: every indexed field value is stored as ``index_text(value)``: NFC, Lao
  spelling folded, Lao runs segmented into words by ICU, case-folded tokens joined by
  spaces. Only the search index holds this form; the models keep their text.
- index side, Lao: after the words, the syllables of the value's Lao text
  (``index_text``), so that a query matches the same letters whatever the dictionary
  made of them in context -- the portal search's matching (``search.text``).
- query side: every text part of a query goes through the same pipeline; a chunk
  typed without spaces that yields several words (a Lao phrase such as
  ``ສິດເສລີພາບ``) becomes a phrase of those words, and a Lao chunk also a phrase of
  its syllables (either may match); single words stay plain terms.

On SQLite, Wagtail's FTS5 table ``wagtailsearch_indexentry_fts`` is recreated by
migration ``search.0004`` with the tokenizer of the portal's own index
(``unicode61 ... categories 'L* N* Co M*'``): the default one splits Lao words at
every vowel and tone mark. On PostgreSQL, ``to_tsvector`` keeps each space-separated
Lao word as one lexeme. Entries written before this backend was configured hold
unsegmented text: on SQLite migration ``search.0004`` re-segments them; elsewhere run
``manage.py update_index`` once (``load_demo`` does).

modelsearch builds its per-object ``ObjectIndexer`` by module-level name inside
``Index.add_items``, without a hook; ``_with_indexer`` re-binds that one name for our
subclass and refuses to start if upstream stops using it, rather than index
unsegmented text silently.

Upstream gap: modelsearch has no hook for a text analyser of the database backends (no
way to change what is stored and what is queried), hence the re-bound name and the
rebuilt FTS5 table. Delete `_with_indexer` and this subclass when modelsearch lets a
backend transform indexed and queried text (or tokenises Lao by itself); the
ImproperlyConfigured above is the reminder on each upgrade.
"""

from __future__ import annotations

import functools
import types

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from modelsearch.backends.base import EmptySearchResults
from modelsearch.index import RelatedFields
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText

from search.text import (
    MAX_QUERY_SYLLABLES,
    MAX_QUERY_TOKENS,
    has_lao,
    index_text,
    mark_words,
    syllables_of_marked,
    tokens,
    tokens_of_marked,
)

# The portal's own FTS5 tokenizer (search.0002), for Wagtail's FTS table too.
FTS5_TOKENIZE = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
WAGTAIL_FTS_TABLE = "wagtailsearch_indexentry_fts"
WAGTAIL_ENTRY_TABLE = "wagtailsearch_indexentry"
_FTS_COLUMNS = "autocomplete, body, title"


def recreate_wagtail_fts(connection, tokenize: str | None, segment=None) -> bool:
    """Recreate Wagtail's FTS5 table on SQLite with ``tokenize`` (None: FTS5's
    default) and fill it from the index entries, first passing their text through
    ``segment`` if given. False when there is no such table (not SQLite, no FTS5)."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [WAGTAIL_FTS_TABLE])
        if cursor.fetchone() is None:
            return False
        cursor.execute(f"DROP TABLE {WAGTAIL_FTS_TABLE}")
        columns = _FTS_COLUMNS + (f', tokenize="{tokenize}"' if tokenize else "")
        cursor.execute(f"CREATE VIRTUAL TABLE {WAGTAIL_FTS_TABLE} USING fts5({columns})")
        if segment:
            cursor.execute(f"SELECT id, {_FTS_COLUMNS} FROM {WAGTAIL_ENTRY_TABLE}")  # noqa: S608
            for pk, *values in cursor.fetchall():
                cursor.execute(
                    f"UPDATE {WAGTAIL_ENTRY_TABLE} "  # noqa: S608
                    "SET autocomplete = %s, body = %s, title = %s WHERE id = %s",
                    [*(segment(v) if v is not None else None for v in values), pk],
                )
        cursor.execute(
            f"INSERT INTO {WAGTAIL_FTS_TABLE}(rowid, {_FTS_COLUMNS}) "  # noqa: S608
            f"SELECT id, {_FTS_COLUMNS} FROM {WAGTAIL_ENTRY_TABLE}"
        )
    return True


class SegmentingIndexerMixin:
    """An ``ObjectIndexer`` whose field values pass through ``index_text``."""

    def prepare_field(self, obj, field):
        if isinstance(field, RelatedFields):
            # Recurses into self.prepare_field for each sub-field: segmented there.
            yield from super().prepare_field(obj, field)
            return
        for *head, value in super().prepare_field(obj, field):
            yield (*head, index_text(value))


def _global_names(code) -> set[str]:
    """Names a code object and its nested comprehensions look up."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _with_indexer(function, indexer_class):
    """``function`` exactly as upstream wrote it, building ``indexer_class`` objects
    wherever it names the module's ``ObjectIndexer``."""
    if "ObjectIndexer" not in _global_names(function.__code__):
        raise ImproperlyConfigured(
            f"{function.__qualname__} no longer builds ObjectIndexer: "
            "search.backends.admin must be updated for this modelsearch version."
        )
    namespace = {**function.__globals__, "ObjectIndexer": indexer_class}
    return types.FunctionType(
        function.__code__, namespace, function.__name__, function.__defaults__
    )


def segment_query(query, prefix_last: bool = False):
    """The same query with every text part tokenized by the portal pipeline;
    None when nothing searchable is left.

    ``prefix_last`` (autocomplete): a Lao word still being typed is segmented into
    pieces that are not words of the index (``ສາທາ`` -> ``ສາ ທາ``), so the last chunk
    also matches as the prefix of one indexed word.
    """
    if isinstance(query, MatchAll):
        return query
    if isinstance(query, PlainText):
        words, phrases, budget = [], [], MAX_QUERY_TOKENS
        chunks = query.query_string.split()
        for i, chunk in enumerate(chunks):
            marked = mark_words(chunk)
            toks = tokens_of_marked(marked)[:budget]
            syls = syllables_of_marked(marked)
            lao = all(has_lao(s) for s in syls) and len(syls) <= MAX_QUERY_SYLLABLES
            alternatives = []
            if len(toks) > 1:
                alternatives.append(Phrase(" ".join(toks)))
            if toks and lao and syls != toks:
                # The index holds a Lao text's syllables too (index_text): the same
                # letters match whatever the dictionary made of them in context.
                alternatives.append(Phrase(" ".join(syls)))
            if not alternatives:
                if len(toks) == 1 and toks[0] not in words:
                    words.append(toks[0])
            else:
                if len(toks) == 1:
                    alternatives.insert(0, PlainText(toks[0]))
                if prefix_last and i == len(chunks) - 1:
                    alternatives.append(PlainText("".join(toks)))
                phrases.append(_combine(Or, alternatives))
            budget -= len(toks)
            if budget <= 0:  # modelsearch nests one expression per word
                break
        parts = phrases + (
            [PlainText(" ".join(words), operator=query.operator, boost=query.boost)]
            if words
            else []
        )
        return _combine(Or if query.operator == "or" else And, parts)
    if isinstance(query, Phrase):
        marked = mark_words(query.query_string)
        toks, syls = tokens_of_marked(marked), syllables_of_marked(marked)
        if not toks:
            return None
        if syls != toks and all(has_lao(s) for s in syls):
            return Or([Phrase(" ".join(toks)), Phrase(" ".join(syls))])
        return Phrase(" ".join(toks))
    if isinstance(query, Fuzzy):
        toks = tokens(query.query_string)
        if not toks:
            return None
        return Fuzzy(" ".join(toks), operator=query.operator, unaccent=query.unaccent)
    if isinstance(query, Boost):
        sub = segment_query(query.subquery, prefix_last)
        return Boost(sub, query.boost) if sub is not None else None
    if isinstance(query, Not):
        sub = segment_query(query.subquery)
        return Not(sub) if sub is not None else None
    if isinstance(query, (And, Or)):
        last = len(query.subqueries) - 1
        return _combine(
            type(query),
            [segment_query(q, prefix_last and i == last) for i, q in enumerate(query.subqueries)],
        )
    return query


def _combine(kind, parts):
    parts = [p for p in parts if p is not None]
    if len(parts) > 1:
        return kind(parts)
    return parts[0] if parts else None


class SegmentingBackendMixin:
    """Query side: parse strings as modelsearch would, then segment every text part."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if kwargs.get("fields"):
            # A listing restricted to some model fields (a snippet viewset's
            # ``search_fields``): the SQLite index has no per-field columns (stock
            # answers "no such column"), and PostgreSQL's per-field path reads the
            # unsegmented model columns. Search every indexed field of the entry.
            kwargs["fields"] = None
            query_compiler_class = self.query_compiler_class
        if isinstance(query, str):
            operator = kwargs.get("operator") or query_compiler_class.DEFAULT_OPERATOR
            query = PlainText(query, operator=operator)
        if query is not None:
            query = segment_query(query, prefix_last=query_compiler_class.LAST_TERM_IS_PREFIX)
            if query is None:
                return EmptySearchResults()
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@functools.cache
def _segmenting_backend(vendor: str):
    """The backend class for ``vendor``, built once."""
    if vendor == "postgresql":
        from modelsearch.backends.database.postgres import postgres as module

        backend_class, index_class = module.PostgresSearchBackend, module.PostgresIndex
    else:
        from modelsearch.backends.database.sqlite import sqlite as module

        backend_class, index_class = module.SQLiteSearchBackend, module.SQLiteIndex
    indexer = type("SegmentingObjectIndexer", (SegmentingIndexerMixin, module.ObjectIndexer), {})
    index = type(
        f"Segmenting{index_class.__name__}",
        (index_class,),
        {"add_items": _with_indexer(index_class.add_items, indexer)},
    )
    return type(
        f"Segmenting{backend_class.__name__}",
        (SegmentingBackendMixin, backend_class),
        {"index_class": index, "__module__": __name__},
    )


def SearchBackend(params):  # noqa: N802 - modelsearch looks up this name
    """modelsearch's database backend for this connection, segmenting Lao."""
    if connection.vendor == "postgresql":
        return _segmenting_backend("postgresql")(params)
    from modelsearch.backends import database

    stock = database.SearchBackend(params)  # decides whether SQLite's FTS5 is usable
    if connection.vendor == "sqlite" and type(stock).__name__ == "SQLiteSearchBackend":
        return _segmenting_backend("sqlite")(params)
    # The icontains fallback (no FTS5, other vendors) matches Lao substrings as stored.
    return stock
