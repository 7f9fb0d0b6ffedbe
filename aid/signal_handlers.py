"""Keep aid flows mapped to the right SWG when an SWG's DAC codes change."""

from django.db.models.signals import post_delete, post_save

from aid import services
from swg.models import SectorWorkingGroup


def working_group_changed(sender, instance, raw=False, **kwargs):
    # Fixture loading (`raw`) writes rows as they are; nothing to derive then.
    if not raw:
        services.remap_flows()


def connect():
    post_save.connect(
        working_group_changed, sender=SectorWorkingGroup, dispatch_uid="aid_remap_on_save"
    )
    post_delete.connect(
        working_group_changed, sender=SectorWorkingGroup, dispatch_uid="aid_remap_on_delete"
    )
