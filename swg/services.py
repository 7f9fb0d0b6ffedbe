"""Multi-step writes of the SWG domain, as plain functions with explicit arguments."""

from django.db import transaction
from wagtail.models import Collection

from swg.models import SectorWorkingGroup


@transaction.atomic
def ensure_working_group(slug, *, name_en, name_lo, parent=None, **fields):
    """Create or update the SWG `slug` with its own document collection."""
    group, _created = SectorWorkingGroup.objects.update_or_create(
        slug=slug, defaults={"name_en": name_en, "name_lo": name_lo, "parent": parent, **fields}
    )
    if group.collection_id is None:
        parent_collection = parent.collection if parent and parent.collection else None
        parent_collection = parent_collection or Collection.get_first_root_node()
        group.collection = parent_collection.add_child(instance=Collection(name=name_en))
        group.save(update_fields=["collection"])
    elif group.collection.name != name_en:
        group.collection.name = name_en
        group.collection.save(update_fields=["name"])
    return group
