"""Rows of a model as a search source, kept current by the model's own signals.

The searchable protocol (``search.registry``) for anything that is neither a page nor
a document -- the contact lists of the SWG spaces today, and action items and Round
Table recommendations once they are locale-independent rows -- in a few lines::

    from search.model_sources import follow, register_rows

    register_rows("action", lambda: ActionItem.objects.all(), action_record)
    follow(ActionItem, lambda item: [f"action:{item.pk}"])
    follow(Organisation, lambda org: [f"action:{pk}" for pk in org.actions.values_list("pk")])

``action_record(item)`` returns the record dict (``search.service.RECORD_FIELDS``) or
None when the row must not be found. ``follow`` re-indexes the keys a saved or
deleted row affects once the transaction commits (``search.tasks.reindex_later``);
``manage.py search_index rebuild|update`` picks the source up by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet
from django.db.models.signals import post_save, pre_delete

from search.registry import RecordDict, Source, register_source
from search.tasks import reindex_later


def register_rows(
    prefix: str,
    rows: Callable[[], QuerySet],
    record: Callable[[Model], RecordDict | None],
) -> Source:
    """Register ``"<prefix>:<pk>"`` records: ``rows()`` the rows that may be
    searchable, ``record(row)`` the dict for one (None: not searchable now)."""

    def iter_records():
        for row in rows().order_by("pk").iterator(chunk_size=200):
            data = record(row)
            if data is not None:
                yield data

    def load(pk):
        if not str(pk).isdigit():
            return None
        row = rows().filter(pk=int(pk)).first()
        return record(row) if row is not None else None

    return register_source(prefix, iter_records=iter_records, load=load)


def follow(model: type[Model], keys: Callable[[Model], Iterable[str]]) -> None:
    """Re-index ``keys(row)`` whenever a ``model`` row is saved or deleted.

    For a deletion the keys are taken before the row goes (its relations are still
    there to say which records showed it) and re-indexed after the commit."""
    uid = f"search-follow-{model._meta.label}-{keys.__module__}.{keys.__qualname__}"

    def saved(sender, instance, raw=False, **kwargs):
        if not raw:  # fixtures load rows one by one; the index is rebuilt after
            reindex_later(keys(instance))

    def deleted(sender, instance, **kwargs):
        reindex_later(keys(instance))

    post_save.connect(saved, sender=model, dispatch_uid=f"{uid}-saved", weak=False)
    pre_delete.connect(deleted, sender=model, dispatch_uid=f"{uid}-deleted", weak=False)
