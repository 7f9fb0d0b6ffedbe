"""Background work of the archive: text extraction and search indexing (django-tasks).

Saving a document schedules work for after the transaction commits: extraction when
its file is new or replaced (extraction indexes too), otherwise a re-index. Several
saves of one document in one transaction (the admin saves the row, then its SWGs)
enqueue one task. With the database backend `manage.py db_worker` runs them;
`scripts/serve` starts one.
"""

import logging
import threading
from contextlib import contextmanager

from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)

_state = threading.local()


@task()
def extract_document_text(document_id: int) -> str:
    """Extract the text of a document's current file, store it, and index the document."""
    from documents import services

    return services.extract_and_index(document_id)


@task()
def index_document(document_id: int) -> bool:
    """Bring a document's search record up to date (or remove it when the document is gone)."""
    from documents import services

    return services.index_document(document_id)


def _jobs():
    if not hasattr(_state, "jobs"):
        _state.jobs = {}
        _state.paused = 0
    return _state.jobs


@contextmanager
def paused():
    """Schedule nothing inside the block: the caller extracts and indexes itself."""
    _jobs()
    _state.paused += 1
    try:
        yield
    finally:
        _state.paused -= 1


def schedule(document_id, *, extract=False):
    """Enqueue extraction (or indexing) of a document once the transaction commits."""
    jobs = _jobs()
    if _state.paused:
        return
    jobs[document_id] = jobs.get(document_id, False) or extract
    # Registered every time: after a rollback a job may be left without its callback.
    transaction.on_commit(lambda: _run(document_id))


def enqueue_extraction(document_id):
    schedule(document_id, extract=True)


def _run(document_id):
    extract = _jobs().pop(document_id, None)
    if extract is None:
        return
    job = extract_document_text if extract else index_document
    try:
        job.enqueue(document_id)
    except Exception:
        # The document is saved; `manage.py search_index update` repairs the index.
        logger.exception("could not enqueue %s for document %s", job.name, document_id)
