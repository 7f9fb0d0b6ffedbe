"""One access model for documents: their access level. Wagtail's collection privacy
("private to signed-in users / to these groups / with a password", set on a
collection) is not a second one.

Two models for one document would be one too many: a document listed as public in
the archive but refused at download because of its collection, found by search but
not served, and two places an editor must look. The access level is the portal's
model (per document, with its SWGs, in the policy, in search, in every listing); a
collection's privacy fits none of its levels exactly (no level means "any signed-in
user", none holds a password). So:

- the admin does not offer collection privacy: the switch on a collection's page
  is replaced by a note (templates/wagtailadmin/collections/_privacy_switch.html)
  and its dialog's address is refused to everyone (`privacy_not_offered`, in
  portal/urls.py);
- a collection restriction that appears anyway (an older database, the shell, a
  fixture) is folded into the access levels of the documents in that collection and
  the collections below it, never loosening one: "signed-in users" and "groups"
  become at least members-only, a password restricted. Then the restriction is
  deleted, and each changed document is indexed again, so search follows at once.
  Migration 0005 folded the restrictions that existed before.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import CollectionViewRestriction

from documents import tasks
from documents.models import PortalDocument
from swg.models import AccessLevel

# Restriction type -> the access level its documents are raised to, at least.
FOLDED_LEVELS = {
    "login": AccessLevel.MEMBERS,
    "groups": AccessLevel.MEMBERS,
    "password": AccessLevel.RESTRICTED,
}
# Levels from the most open to the strictest.
_ORDER = [AccessLevel.PUBLIC, AccessLevel.MEMBERS, AccessLevel.RESTRICTED]


def fold_restriction(restriction, document_model):
    """Raise the documents under `restriction`'s collection to its level; the ids of
    the documents changed. Works on migration (historical) models too: it uses only
    fields and the collection tree's `path`."""
    level = FOLDED_LEVELS.get(restriction.restriction_type)
    if level is None:
        return []
    looser = _ORDER[: _ORDER.index(level)]
    documents = document_model.objects.filter(
        collection__path__startswith=restriction.collection.path, access_level__in=looser
    )
    changed = list(documents.values_list("pk", flat=True))
    document_model.objects.filter(pk__in=changed).update(access_level=level)
    return changed


def fold_now(restriction_id):
    """Fold one restriction into the documents' access levels and delete it."""
    restriction = (
        CollectionViewRestriction.objects.select_related("collection")
        .filter(pk=restriction_id)
        .first()
    )
    if restriction is None:
        return
    with transaction.atomic():
        changed = fold_restriction(restriction, PortalDocument)
        restriction.delete()
        for document_id in changed:
            tasks.schedule(document_id)


def _restriction_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # After the commit: whoever saved it may still add its groups in this transaction.
    restriction_id = instance.pk
    transaction.on_commit(lambda: fold_now(restriction_id))


def connect():
    post_save.connect(
        _restriction_saved,
        sender=CollectionViewRestriction,
        dispatch_uid="documents.collection_privacy",
    )


def privacy_not_offered(request, collection_id):
    """The address of Wagtail's collection privacy dialog: nobody may set it here. (A
    403 rather than a 404, which the language middleware would redirect to /lo/...)"""
    raise PermissionDenied
