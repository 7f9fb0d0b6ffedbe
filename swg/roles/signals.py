"""Keep permissions in step when SWGs and their space pages are saved, whoever saves
them (admin, demo loader, import commands)."""

from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from swg.models import SectorWorkingGroup


def _anchors(swg):
    # From __dict__: reading a deferred field here would cost a query per row.
    fields = swg.__dict__
    return (fields.get("slug"), fields.get("parent_id"), fields.get("collection_id"))


@receiver(post_init, sender=SectorWorkingGroup, dispatch_uid="roles_remember_anchors")
def _working_group_loaded(sender, instance, **kwargs):
    instance._roles_anchors = _anchors(instance)


@receiver(post_save, sender=SectorWorkingGroup, dispatch_uid="roles_sync_working_group")
def _working_group_saved(sender, instance, raw=False, created=False, **kwargs):
    # Only what permissions hang on (groups are named by slug; the parent's roles
    # reach down; the collection carries document permissions) needs a new sync.
    if raw or (not created and getattr(instance, "_roles_anchors", None) == _anchors(instance)):
        return
    previous = getattr(instance, "_roles_anchors", None)
    instance._roles_anchors = _anchors(instance)
    from swg.roles.permissions import rename_role_groups, sync_working_group

    if previous and previous[0] != instance.slug:
        rename_role_groups(previous[0], instance.slug)

    sync_working_group(instance)


@receiver(post_save, dispatch_uid="roles_sync_space_page")
def _space_page_saved(sender, instance, raw=False, created=False, **kwargs):
    # Connected to every model: the space page model may not exist yet (it arrives
    # with the SWG spaces), and a label test is the cheapest filter.
    if raw or sender._meta.label != "swg.SpacePage" or not created:
        return
    if getattr(instance, "working_group_id", None) is None:
        return
    from swg.roles.permissions import sync_space_page

    sync_space_page(instance)
