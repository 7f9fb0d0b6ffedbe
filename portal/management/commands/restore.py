"""`python manage.py restore PATH`: the archive `backup` wrote, into an empty database."""

import subprocess

from django.core.management.base import BaseCommand, CommandError

from portal.management.commands.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `backup` archive (database and media) into an empty database; "
        "--force replaces a database that already holds accounts or documents."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--force", action="store_true", help="replace the contents of a non-empty database"
        )

    def handle(self, *args, path, force, **options):
        try:
            manifest = restore_backup(path, force=force, log=self.stdout.write)
        except (BackupError, subprocess.CalledProcessError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created']} "
                f"({len(manifest['media'])} media files). Run `manage.py migrate` if the "
                "code is newer than the backup."
            )
        )
