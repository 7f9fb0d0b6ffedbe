"""``manage.py search_index rebuild|update|status``: maintain the search index."""

import time

from django.core.management.base import BaseCommand, CommandError

from search import registry, service


class Command(BaseCommand):
    help = "Rebuild or update the search index from every registered source, or show its status."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "status"])
        parser.add_argument(
            "--source",
            action="append",
            dest="sources",
            help="Only this source prefix (update only; repeatable).",
        )

    def handle(self, action, sources=None, **options):
        if action == "status":
            for name, value in service.status().items():
                self.stdout.write(f"{name}: {value}")
            return
        available = registry.sources()
        if sources:
            unknown = set(sources) - set(available)
            if unknown:
                raise CommandError(f"unknown source(s): {', '.join(sorted(unknown))}")
            if action == "rebuild":
                raise CommandError("--source works with update only; rebuild takes everything")
            available = {k: v for k, v in available.items() if k in sources}
        if not available:
            self.stderr.write(self.style.WARNING("No searchable sources are registered."))
        self.stdout.write(
            f"{action} of the {service.backend_name()} index from: {', '.join(available) or '-'}"
        )
        started = time.monotonic()

        def progress(done, total=None):
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(f"\r  {done} records ({rate:.0f}/s)", ending="")
            self.stdout.flush()

        def records():
            for source in available.values():
                yield from source.iter_records()

        if action == "rebuild":
            count = service.rebuild(records(), progress=progress)
            summary = f"{count} records indexed"
        else:
            upserted, removed = service.update(
                records(), progress=progress, prefixes=list(available) if sources else None
            )
            summary = f"{upserted} records indexed, {removed} stale records removed"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{summary} in {time.monotonic() - started:.1f} s."))
