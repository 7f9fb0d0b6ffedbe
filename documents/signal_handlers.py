"""Keep search records and stored files in step with documents.

Saving a document schedules its own extraction or re-indexing (`PortalDocument.save`);
these handlers cover what `save` does not see: SWGs changed through the many-to-many
field, and deletions.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete

from documents import tasks, thumbnails
from documents.models import DocumentVersion, PortalDocument


def working_groups_changed(instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, PortalDocument):
        tasks.schedule(instance.pk)


def document_deleted(instance, **kwargs):
    key = instance.search_key()
    sha256, storage = instance.sha256, instance.file.storage

    def remove():
        from search import service

        service.remove(key)
        thumbnails.discard(sha256, storage)

    transaction.on_commit(remove)


def version_deleted(instance, **kwargs):
    name, storage = instance.file.name, instance.file.storage
    still_used = PortalDocument.objects.filter(file=name).exists()
    if name and not still_used:
        transaction.on_commit(lambda: storage.delete(name))


def connect():
    m2m_changed.connect(working_groups_changed, sender=PortalDocument.working_groups.through)
    post_delete.connect(document_deleted, sender=PortalDocument)
    post_delete.connect(version_deleted, sender=DocumentVersion)
