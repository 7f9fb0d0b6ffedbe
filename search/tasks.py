"""Background indexing: apps enqueue keys, the worker reloads them from their source.

Signal handlers in the owning apps call ``reindex.enqueue("document:5")`` after
save, publish, unpublish, move or delete; the task asks the registered source for
the current record (``search.registry.load_record``) and upserts or removes it.
"""

from django_tasks import task

from search import service


@task()
def reindex(key: str) -> bool:
    """Bring one record up to date; True if it is now indexed, False if removed."""
    return service.reindex_key(key) is not None
