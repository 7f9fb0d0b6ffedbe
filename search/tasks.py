"""Background indexing: apps enqueue keys, the worker reloads them from their source.

Signal handlers in the owning apps call ``reindex.enqueue("document:5")`` (or
``reindex_later(keys)``) after save, publish, unpublish, move, delete or a privacy
change; the task asks the registered source for
the current record (``search.registry.load_record``) and upserts or removes it.
"""

from django.db import transaction
from django_tasks import task

from search import service


@task()
def reindex(key: str) -> bool:
    """Bring one record up to date; True if it is now indexed, False if removed."""
    return service.reindex_key(key) is not None


@task()
def reindex_keys(keys: list[str]) -> int:
    """Bring several records up to date in one task (a page and everything below it
    after a move or a privacy change); the number now indexed."""
    return sum(service.reindex_key(key) is not None for key in keys)


def reindex_later(keys) -> None:
    """Enqueue the re-indexing of `keys` once the current transaction commits: one
    task for one key, one task for many."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return

    def enqueue():
        if len(keys) == 1:
            reindex.enqueue(keys[0])
        else:
            reindex_keys.enqueue(keys)

    transaction.on_commit(enqueue)
