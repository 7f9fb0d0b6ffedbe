"""The "searchable" protocol: how pages and documents reach search without imports.

A *source* is registered under the prefix of its record keys (``"page"`` for
``"page:12"``, ``"document"`` for ``"document:5"``), usually in the owning app's
``AppConfig.ready()``::

    from search.registry import register_source

    register_source("document", iter_records=all_document_records, load=document_record)

``iter_records()`` yields a record dict for every item that should be searchable now
(published, not deleted); ``load(pk)`` returns the dict for one item, or ``None`` when
it should not be in the index (unpublished, deleted). Record dicts have the keys of
``search.service.RECORD_FIELDS``; ``key``, ``kind``, ``title`` and ``url`` are required.
Sources may also be listed by dotted path in the ``SEARCH_SOURCES`` setting
(``{"document": "documents.search.source"}``, pointing at a ``Source``).

``manage.py search_index rebuild|update`` and the ``search.tasks`` reindex task use
only this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

RecordDict = dict


@dataclass(frozen=True)
class Source:
    prefix: str
    iter_records: Callable[[], Iterable[RecordDict]]
    load: Callable[[str], RecordDict | None] | None = None


class Searchable(Protocol):
    """What a model offers ``search.service.sync``."""

    def search_key(self) -> str: ...

    def search_record(self) -> RecordDict | None:
        """The record dict, or None when the object must not be found (yet)."""


_sources: dict[str, Source] = {}


def register_source(prefix: str, iter_records, load=None) -> Source:
    """Register (or replace) the source for keys ``"<prefix>:<id>"``."""
    if ":" in prefix:
        raise ValueError("a source prefix must not contain ':'")
    source = Source(prefix, iter_records, load)
    _sources[prefix] = source
    return source


def unregister_source(prefix: str) -> None:
    _sources.pop(prefix, None)


def sources() -> dict[str, Source]:
    """Registered sources plus those named in ``SEARCH_SOURCES``."""
    found = dict(_sources)
    for prefix, path in getattr(settings, "SEARCH_SOURCES", {}).items():
        source = import_string(path)
        found[prefix] = source if isinstance(source, Source) else Source(prefix, source)
    return found


def iter_all_records() -> Iterator[RecordDict]:
    for source in sources().values():
        yield from source.iter_records()


def load_record(key: str) -> RecordDict | None:
    """The current record for a key from its source, None if gone or unknown."""
    prefix, _, pk = key.partition(":")
    source = sources().get(prefix)
    if source is None or source.load is None:
        return None
    return source.load(pk)
