"""Re-derive every SWG's groups, object, page, collection and workflow permissions from
the roles (after restoring a backup, or for SWGs and spaces created before this app)."""

from django.core.management.base import BaseCommand

from swg.models import SectorWorkingGroup
from swg.roles.models import Membership
from swg.roles.permissions import role_groups, sync_working_group


class Command(BaseCommand):
    help = "Bring role groups and permissions of every SWG in line with the memberships."

    def handle(self, *args, **options):
        groups = SectorWorkingGroup.objects.select_related("parent", "collection")
        for swg in groups:
            sync_working_group(swg)
        for membership in Membership.objects.select_related("user", "swg"):
            membership.user.groups.add(role_groups(membership.swg)[membership.role])
        self.stdout.write(f"Synchronised {groups.count()} working groups.")
