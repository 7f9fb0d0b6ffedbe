from django.core.management.base import BaseCommand

from subscriptions import services


class Command(BaseCommand):
    help = (
        "Tell subscribers about overdue action items, then send the weekly digests. "
        "Run it weekly (cron or a scheduler); running it twice sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-overdue", action="store_true", help="Skip the overdue action items."
        )

    def handle(self, *args, no_overdue=False, **options):
        overdue = 0 if no_overdue else services.actions_overdue()
        digests = services.send_digests()
        self.stdout.write(f"Overdue action item notices: {overdue}; digests queued: {digests}.")
