import os

from django.core.management.base import BaseCommand, CommandError

from portal.demo import loader


class Command(BaseCommand):
    help = "Load (or bring up to date) the demo portal: SWGs, pages, news and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD"),
            help="Password for every demo account (default: $DEMO_PASSWORD).",
        )

    def handle(self, *args, password, **options):
        if not password:
            raise CommandError("Give the demo accounts a password: --password or DEMO_PASSWORD.")
        loader.load(password=password, log=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
