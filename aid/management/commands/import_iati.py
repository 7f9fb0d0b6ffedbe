"""`manage.py import_iati PATH... [--country LA] [--force]`

Imports IATI activity files (or folders of `.xml` files): the activities for Lao PDR
are stored, each whole or not at all, and mapped to SWGs by their DAC sectors. Prints
progress per file and a summary: activities kept (new, updated, unchanged, older than
what is stored), skipped as being for other countries, refused (with file, activity
and every problem), sectors that map to no SWG and values in a currency or year the
rate table does not cover. Exit status 1 when any file or activity was refused.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aid import services


def _count(number, one, many):
    return f"{number} {one if number == 1 else many}"


def _usd(value):
    return "no rate" if value is None else f"USD {value:,.2f}"


class Command(BaseCommand):
    help = "Import IATI activity XML files (versions 2.01-2.03, and 1.0x where it costs little)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="files or folders of .xml files")
        parser.add_argument(
            "--country",
            default=services.LAO_PDR,
            help="recipient country (ISO 3166 code) whose activities are kept; default LA",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="store activities again even when they are unchanged or older than stored",
        )

    def handle(self, *args, **options):
        country = options["country"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise CommandError(f"--country takes a two-letter country code, not “{country}”")
        report = services.import_paths(
            options["paths"], country=country, force=options["force"], log=self.stdout.write
        )
        # Problems first, each naming its file and activity; the summary last.
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        for refusal in report.refused:
            self.stderr.write(f"refused: {refusal}")
        self._summary(report, country)
        if not report.ok:
            raise CommandError(
                f"{len(report.refused)} refused (see above): nothing of a refused activity "
                "was stored",
                returncode=1,
            )

    def _summary(self, report, country):
        write = self.stdout.write
        kept = report.new + report.updated + report.unchanged + report.older
        write("")
        write(f"Files: {report.files} read, {report.files_refused} refused")
        write(
            f"Activities for {country}: {kept} kept ({report.new} new, {report.updated} "
            f"updated, {report.unchanged} unchanged, {report.older} older than stored)"
        )
        write(f"Activities for other countries (skipped): {report.other_country}")
        write(f"Activities refused: {report.activities_refused}")
        unmapped = services.unmapped_sectors(report.kept_ids)
        if unmapped:
            write("Sectors mapped to no working group (their values count for none):")
            for row in unmapped:
                name = f" {row['name']}" if row["name"] else ""
                code = f"{row['sector_code']}{name}" if row["sector_code"] else "(no sector)"
                vocabulary = f"vocabulary {row['vocabulary']}, " if row["vocabulary"] else ""
                activities = _count(row["activities"], "activity", "activities")
                write(f"  {vocabulary}{code}: {activities}, {_usd(row['usd'])}")
        else:
            write("Sectors mapped to no working group: none")
        others = services.other_vocabularies(report.kept_ids)
        if others:
            write("Sectors in other vocabularies, kept as published (beside DAC sectors):")
            for vocabulary, code, count in others:
                activities = _count(count, "activity", "activities")
                write(f"  vocabulary {vocabulary}, {code}: {activities}")
        missing = services.values_without_rate(report.kept_ids)
        if missing:
            write("Values in a currency or year without a rate (no US dollar value):")
            for currency, year, count in missing:
                write(f"  {currency} {year}: {_count(count, 'value', 'values')}")
        else:
            write("Values without an exchange rate: none")
