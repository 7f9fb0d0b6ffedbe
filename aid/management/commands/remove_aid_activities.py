"""`manage.py remove_aid_activities PREFIX...`

Removes the stored activities whose iati-identifier starts with one of the prefixes
(with their transactions, budgets and flows), and partners left with no activity: for
an activity a publisher has withdrawn, or for the demo's made-up data
(`remove_aid_activities XX-DEMO-`) before looking at real files alone.
"""

from django.core.management.base import BaseCommand, CommandError

from aid import services


class Command(BaseCommand):
    help = "Remove stored IATI activities by identifier prefix."

    def add_arguments(self, parser):
        parser.add_argument("prefixes", nargs="+", help="iati-identifier prefixes, e.g. XX-DEMO-")

    def handle(self, *args, prefixes, **options):
        if any(not prefix.strip() for prefix in prefixes):
            raise CommandError("an empty prefix would remove every activity; name them")
        activities, partners = services.remove_activities(prefixes)
        self.stdout.write(
            f"Removed {activities} activities, and {partners} partners left without any."
        )
