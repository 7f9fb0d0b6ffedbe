"""Indexing and searching: the functions the rest of the portal calls.

Writes go to ``SearchRecord`` rows (the source of truth for every backend) and then
to the active backend; reads go to the backend with the reader's ``Visibility``.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.signals import setting_changed
from django.db import connections, transaction
from django.db.models import Q
from django.utils.module_loading import import_string

from search import registry
from search.backends.base import SORTS, Filters, SearchBackend, SearchResults
from search.models import Access, Language, SearchRecord, SearchRecordSWG
from search.text import Query, mark, parse_query
from search.visibility import Visibility

BACKENDS = {
    "sqlite": "search.backends.sqlite.SQLiteBackend",
    "postgres": "search.backends.postgres.PostgresBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}
RECORD_FIELDS = (
    "key",
    "kind",
    "title",
    "title_alt",
    "text",
    "doc_type",
    "date",
    "language",
    "access",
    "url",
    "locale",
    "swg_ids",
    "swg_slugs",
)
REQUIRED_FIELDS = ("key", "kind", "title", "url")
# Longer extracted texts are cut: a PostgreSQL tsvector holds at most 1 MB and
# snippets from page 400 of a report help nobody.
DEFAULT_MAX_TEXT_CHARS = 300_000
BATCH = 500


def backend_name() -> str:
    """``SEARCH_BACKEND``, or the one matching the default database's vendor."""
    name = getattr(settings, "SEARCH_BACKEND", None)
    if name:
        return name
    return "postgres" if connections["default"].vendor == "postgresql" else "sqlite"


@functools.cache
def get_backend(name: str | None = None) -> SearchBackend:
    """The configured backend instance (``name``: a key of BACKENDS or a dotted path)."""
    name = name or backend_name()
    return import_string(BACKENDS.get(name, name))()


def _reset_backend(setting, **kwargs):
    if setting in ("SEARCH_BACKEND", "ELASTICSEARCH_URL", "SEARCH_ELASTICSEARCH", "DATABASES"):
        get_backend.cache_clear()


setting_changed.connect(_reset_backend)


def prepare(fields: dict) -> dict:
    """Validate a record dict and bring its text through the text pipeline."""
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise ValueError(f"unknown search record fields: {sorted(unknown)}")
    missing = [f for f in REQUIRED_FIELDS if not fields.get(f)]
    if missing:
        raise ValueError(f"search record {fields.get('key')!r} lacks {missing}")
    access = fields.get("access") or Access.PUBLIC
    if access not in Access.values:
        raise ValueError(f"unknown access level {access!r}")
    language = fields.get("language") or ""
    if language and language not in Language.values:
        raise ValueError(f"unknown language {language!r}")
    day = fields.get("date")
    if isinstance(day, datetime.datetime):
        day = day.date()
    elif isinstance(day, str) and day:
        day = datetime.date.fromisoformat(day[:10])
    limit = getattr(settings, "SEARCH_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS)
    swg_ids = [int(i) for i in fields.get("swg_ids") or []]
    slugs = [str(s) for s in fields.get("swg_slugs") or []]
    slugs = (slugs + [""] * len(swg_ids))[: len(swg_ids)]
    marked = {
        "title": mark(str(fields["title"])),
        "title_alt": mark(str(fields.get("title_alt") or "")),
        "text": mark(str(fields.get("text") or "")[:limit]),
    }
    originals = {name: [list(p) for p in m.originals] for name, m in marked.items() if m.originals}
    return {
        "key": str(fields["key"])[:100],
        "kind": str(fields["kind"]),
        "title": marked["title"].text,
        "title_alt": marked["title_alt"].text,
        "text": marked["text"].text,
        "originals": originals or None,
        "doc_type": str(fields.get("doc_type") or ""),
        "date": day or None,
        "language": language,
        "access": access,
        "url": str(fields["url"]),
        "locale": str(fields.get("locale") or ""),
        "swg_ids": swg_ids,
        "swg_slugs": slugs,
    }


def _write_swgs(records: list[SearchRecord]) -> None:
    SearchRecordSWG.objects.bulk_create(
        SearchRecordSWG(record=rec, swg_id=swg_id, slug=slug)
        for rec in records
        for swg_id, slug in dict(zip(rec.swg_ids, rec.swg_slugs, strict=True)).items()
    )


def upsert(**fields) -> SearchRecord:
    """Create or replace the record with this key and index it."""
    data = prepare(fields)
    with transaction.atomic():
        record, _ = SearchRecord.objects.update_or_create(key=data["key"], defaults=data)
        record.swgs.all().delete()
        _write_swgs([record])
    get_backend().index_records([record])
    return record


index_record = upsert


def remove(key: str) -> bool:
    """Remove a record from the index; True if it existed."""
    deleted, _ = SearchRecord.objects.filter(key=key).delete()
    get_backend().remove_keys([key])
    return bool(deleted)


def sync(obj: registry.Searchable) -> SearchRecord | None:
    """Index a ``Searchable`` object as it is now, or drop it if it must not be found."""
    data = obj.search_record()
    if data is None:
        remove(obj.search_key())
        return None
    return upsert(**data)


def reindex_key(key: str) -> SearchRecord | None:
    """Reload one record from its registered source (what tasks and signals call)."""
    data = registry.load_record(key)
    if data is None:
        remove(key)
        return None
    return upsert(**data)


Progress = Callable[[int, int | None], None]


def rebuild(records: Iterable[dict], progress: Progress | None = None) -> int:
    """Replace the whole index with ``records``; readers see the old one until the end."""
    count = 0
    with transaction.atomic():
        SearchRecord.objects.all().delete()
        batch: list[SearchRecord] = []
        for fields in records:
            batch.append(SearchRecord(**prepare(fields)))
            if len(batch) >= BATCH:
                count += _flush(batch, progress, count)
        count += _flush(batch, progress, count)
    get_backend().rebuild(SearchRecord.objects.iterator(chunk_size=BATCH), progress=None)
    return count


def _flush(batch: list[SearchRecord], progress: Progress | None, done: int) -> int:
    if not batch:
        return 0
    created = SearchRecord.objects.bulk_create(batch)
    _write_swgs(created)
    n = len(batch)
    batch.clear()
    if progress:
        progress(done + n, None)
    return n


def update(
    records: Iterable[dict],
    progress: Progress | None = None,
    prefixes: Iterable[str] | None = None,
) -> tuple[int, int]:
    """Upsert ``records``; remove the records they no longer contain.

    With ``prefixes`` only records whose keys start with ``"<prefix>:"`` can be stale.
    """
    seen: set[str] = set()
    for n, fields in enumerate(records, 1):
        seen.add(upsert(**fields).key)
        if progress and n % 100 == 0:
            progress(n, None)
    candidates = SearchRecord.objects.all()
    if prefixes is not None:
        q = Q(pk__in=[])
        for prefix in prefixes:
            q |= Q(key__startswith=f"{prefix}:")
        candidates = candidates.filter(q)
    stale = [k for k in candidates.values_list("key", flat=True).iterator() if k not in seen]
    for key in stale:
        remove(key)
    return len(seen), len(stale)


def search(
    query: str | Query,
    *,
    visibility: Visibility,
    filters: Filters | dict | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    facets: bool = True,
) -> SearchResults:
    """Find what ``visibility`` allows; the query string is parsed safely."""
    if not isinstance(visibility, Visibility):
        raise TypeError("search() needs a Visibility")
    parsed = query if isinstance(query, Query) else parse_query(query)
    if isinstance(filters, dict):
        filters = Filters(**filters)
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    per_page = max(1, min(int(per_page), 100))
    return get_backend().search(
        parsed,
        visibility=visibility,
        filters=filters or Filters(),
        sort=sort,
        page=max(1, int(page)),
        per_page=per_page,
        facets=facets,
    )


def status() -> dict:
    """Backend name, record count and staleness, for the admin health check."""
    latest = SearchRecord.objects.order_by("-updated_at").values_list("updated_at", flat=True)
    info = {"records": SearchRecord.objects.count(), "last_update": latest.first()}
    try:
        info.update(get_backend().status())
    except Exception as exc:  # noqa: BLE001 - a health check reports, it does not raise
        info.update({"backend": backend_name(), "error": str(exc)})
    return info
