"""Page benchmark: p50/p95 server time and SQL queries per page (DESIGN.md §5).

    .venv/bin/python benchmarks/page_bench.py --db var/scale.sqlite3 [--rounds 30]
    .venv/bin/python benchmarks/page_bench.py --db var/scale.sqlite3 --db /tmp/small.sqlite3

Runs each page through Django's test client in this one process (no network, warm:
three untimed requests first), signed out and signed in as `health.member@example.org`,
on each database given (build them with generate_scale.py; a small one shows whether
the cost grows with the data). "p95 CPU" is this process's CPU time per request: on
a loaded machine it is closer to the unloaded server time than the wall clock.
Budgets: p95 <= 50 ms for home, SWG space, meeting and document list; <= 15 queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEMBER = "health.member@example.org"
BUDGET_MS = 50
BUDGET_QUERIES = 15


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def pages():
    from swg.models import MeetingPage

    meeting = (
        MeetingPage.objects.live()
        .filter(locale__language_code="en", working_group__slug="health", access_level="public")
        .order_by("-start")
        .first()
    )
    return [
        ("home", "/en/"),
        ("SWG space", "/en/swg/health/"),
        ("meetings list", "/en/swg/health/meetings/"),
        ("meeting", meeting.url if meeting else None),
        ("documents list", "/en/swg/health/documents/"),
        ("document archive", "/en/documents/"),
        ("actions", "/en/swg/health/actions/"),
        ("contacts", "/en/swg/health/contacts/"),
        ("search (en)", "/en/search/?q=health"),
        ("search (lo)", "/en/search/?q=ສາທາລະນະສຸກ"),
        ("search API", "/api/search/?q=education"),
    ]


def measure(client, url, rounds):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(url)
    times, cpu, queries, status = [], [], [], None
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        queries.append(len(captured))
        status = response.status_code
    return (
        status,
        statistics.median(times),
        percentile(times, 0.95),
        percentile(cpu, 0.95),
        max(queries),
    )


def run_one(db: Path, rounds: int) -> None:
    """Measure every page on `db` (called in a child process per database)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from documents.models import PortalDocument
    from swg.models import MeetingPage

    setup_test_environment()
    anonymous = Client()
    member = Client()
    member.force_login(get_user_model().objects.get(email=MEMBER))
    size = (
        f"{PortalDocument.objects.count():,} documents, "
        f"{MeetingPage.objects.count():,} meeting pages"
    )
    print(f"\n{db.name}: {size}, {rounds} rounds, warm, one process")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"{'page':18} {'who':9} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p95 CPU':>8} {'queries':>8}"
    )
    failures = []
    for name, url in pages():
        if url is None:
            print(f"{name:18} (none in this data set)")
            continue
        for who, client in (("anonymous", anonymous), ("member", member)):
            status, p50, p95, p95_cpu, queries = measure(client, url, rounds)
            flag = ""
            if queries > BUDGET_QUERIES or (not name.startswith("search") and p95 > BUDGET_MS):
                flag = "  <- over budget"
                failures.append((name, who))
            print(
                f"{name:18} {who:9} {status:>6} {p50:8.1f} {p95:8.1f} {p95_cpu:8.1f} "
                f"{queries:8d}{flag}"
            )
    print(f"over budget: {len(failures)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", type=Path, action="append", required=True)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        run_one(args.db[0].resolve(), args.rounds)
        return
    # One process per database: Django's settings are fixed once set up.
    for db in args.db:
        subprocess.run(
            [sys.executable, __file__, "--one", "--db", str(db), "--rounds", str(args.rounds)],
            check=True,
        )


if __name__ == "__main__":
    main()
