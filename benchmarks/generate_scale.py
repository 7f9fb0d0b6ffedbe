"""Build the DESIGN.md §5 "ten years of data" site in a separate SQLite file.

    .venv/bin/python benchmarks/generate_scale.py [--db var/scale.sqlite3 | --database-url URL]
        [--meetings 2000] [--documents 20000] [--news 500] [--users 2000] [--subgroups 40]

Starts from the demo site (`load_demo`: ten SWGs, their spaces, the demo accounts, so
the page benchmark can sign in as `health.member@example.org`), then tops it up to the
requested counts: sub-groups under the ten SWGs, meetings (one Lao and one English
page each, spread over the ten SWG spaces and ten years), documents with extracted
text in Lao and English (UDHR paragraphs, every access level, bulk-created with
their SWG links), news pages and user accounts; finally the portal's search index is
rebuilt. Pages go through treebeard's `add_child` (Wagtail's tree needs it) with
Wagtail's own search auto-update switched off; everything else is bulk-created.

The database file is deleted first (unless --resume). Set PORTAL_VAR_DIR or --db to
keep it away from var/portal.sqlite3. With --database-url postgres://.../NAME the same
site is built in that PostgreSQL database instead (dropped and created anew), for the
PostgreSQL runs of page_bench.py and load_test.py.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "scale-demo-password"  # noqa: S105 - benchmark accounts only


def setup_django(database_url: str, var_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ.setdefault("MEDIA_ROOT", str(var_dir / "scale-media"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


class Step:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.start = time.perf_counter()
        print(f"{self.name} ...", flush=True)
        return self

    def __exit__(self, *exc):
        print(f"  {self.name}: {time.perf_counter() - self.start:.1f} s", flush=True)


def build(args) -> None:
    from django.core.management import call_command
    from django.test.utils import override_settings

    with Step("migrate"):
        call_command("migrate", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.filter(email="health.member@example.org").exists():
        with Step("demo site (load_demo)"):
            from portal.demo import loader

            loader.load(password=DEMO_PASSWORD, log=lambda line: None)
    # Wagtail's own search index would be written page by page; the portal's search
    # service is rebuilt in one pass at the end instead.
    quiet = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
    rng = random.Random(args.seed)
    from search_bench import load_udhr  # the UDHR texts the search benchmark uses

    udhr = load_udhr()
    text = {"lo": udhr.paragraphs("lao"), "en": udhr.paragraphs("eng")}
    # No per-page tasks (Wagtail search, reference index, portal search) while topping
    # up: the portal's search index is rebuilt once at the end.
    dummy_tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(WAGTAILSEARCH_BACKENDS=quiet, TASKS=dummy_tasks):
        groups = top_up_subgroups(args.subgroups)
        top_up_meetings(args.meetings, rng)
        top_up_news(args.news, rng, text)
    top_up_users(args.users)
    top_up_documents(args.documents, rng, text, groups)
    with Step("search index rebuild"):
        call_command("search_index", "rebuild", verbosity=0)
    report()


def top_up_subgroups(target):
    from swg.models import SectorWorkingGroup
    from swg.services import ensure_working_group

    with Step(f"sub-groups to {target}"):
        tops = list(SectorWorkingGroup.objects.filter(parent=None).order_by("sort_order"))
        existing = SectorWorkingGroup.objects.exclude(parent=None).count()
        for n in range(existing, target):
            parent = tops[n % len(tops)]
            ensure_working_group(
                f"{parent.slug}-sub-{n}",
                name_en=f"{parent.name_en} sub-group {n}",
                name_lo=f"{parent.name_lo} ກຸ່ມຍ່ອຍ {n}",
                parent=parent,
                sort_order=n,
            )
    return list(SectorWorkingGroup.objects.all())


def _spaces():
    from swg.models import SpacePage

    spaces = {}
    for space in SpacePage.objects.select_related("locale").filter(working_group__parent=None):
        spaces.setdefault(space.working_group_id, {})[space.locale.language_code] = space
    return [pair for pair in spaces.values() if {"lo", "en"} <= set(pair)]


def top_up_meetings(target, rng):
    from django.utils import timezone

    from swg.models import AccessLevel, MeetingPage, MeetingType

    existing = MeetingPage.objects.filter(locale__language_code="en").count()
    spaces = _spaces()
    types = [MeetingType.PLENARY, MeetingType.TECHNICAL, MeetingType.RETREAT]
    now = timezone.now()
    with Step(f"meetings to {target} (x2 languages, {target - existing} new)"):
        for n in range(existing, target):
            pair = spaces[n % len(spaces)]
            group = pair["en"].working_group
            start = now - datetime.timedelta(days=rng.randrange(3650), hours=rng.randrange(8))
            access = rng.choices(["public", "members", "restricted"], weights=[70, 20, 10])[0]
            minutes_access = rng.choices(["public", "members", "restricted"], [40, 45, 15])[0]
            lo = None
            for code in ("lo", "en"):
                meeting = MeetingPage(
                    title=(
                        f"ກອງປະຊຸມ {group.name_lo} ຄັ້ງທີ {n}"
                        if code == "lo"
                        else f"{group.name_en} meeting {n}"
                    ),
                    slug=f"scale-meeting-{n}-{secrets.token_hex(3)}",
                    locale=pair[code].locale,
                    working_group=group,
                    meeting_type=rng.choice(types),
                    start=start,
                    end=start + datetime.timedelta(hours=3),
                    venue="Vientiane",
                    summary="ກອງປະຊຸມປົກກະຕິ." if code == "lo" else "A regular meeting.",
                    minutes="<p>Minutes of the meeting.</p>" * 5,
                    access_level=getattr(AccessLevel, access.upper()),
                    minutes_access=minutes_access,
                    live=True,
                    first_published_at=start,
                    last_published_at=start,
                )
                if lo is not None:
                    meeting.translation_key = lo.translation_key
                meeting.skip_full_clean = True
                pair[code].add_child(instance=meeting)
                lo = lo or meeting
            if (n + 1) % 250 == 0:
                print(f"    {n + 1} meetings", flush=True)


def top_up_news(target, rng, text):
    from wagtail.models import Locale

    from portal.models import NewsIndexPage, NewsPage

    existing = NewsPage.objects.count()
    indexes = {
        index.locale.language_code: index
        for index in NewsIndexPage.objects.select_related("locale").filter(
            locale__in=Locale.objects.all()
        )
    }
    with Step(f"news pages to {target} ({max(0, target - existing)} new)"):
        for n in range(existing, target):
            code = "lo" if n % 2 == 0 else "en"
            day = datetime.date.today() - datetime.timedelta(days=rng.randrange(3650))
            page = NewsPage(
                title=f"ຂ່າວ {n}" if code == "lo" else f"News item {n}",
                slug=f"scale-news-{n}-{secrets.token_hex(3)}",
                date=day,
                intro=rng.choice(text[code])[:380],
                live=True,
            )
            page.skip_full_clean = True
            indexes[code].add_child(instance=page)


def top_up_users(target):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    existing = User.objects.count()
    password = make_password(DEMO_PASSWORD)
    with Step(f"users to {target}"):
        User.objects.bulk_create(
            [
                User(email=f"scale.user{n}@example.org", password=password, is_active=True)
                for n in range(existing, target)
            ],
            batch_size=500,
        )


def top_up_documents(target, rng, text, groups):
    from documents.models import PortalDocument

    existing = PortalDocument.objects.count()
    kinds = ["minutes", "agenda", "report", "presentation", "policy", "action_plan", "other"]
    through = PortalDocument.working_groups.through
    with Step(f"documents to {target} ({max(0, target - existing)} new)"):
        for start in range(existing, target, 1000):
            batch = []
            links = []
            for n in range(start, min(start + 1000, target)):
                language = rng.choices(["lo", "en", "both"], weights=[45, 35, 20])[0]
                group = rng.choice(groups)
                if language == "both":
                    body = "\n\n".join(
                        rng.choice(text["lo"]) + "\n\n" + rng.choice(text["en"]) for _ in range(3)
                    )
                else:
                    body = "\n\n".join(rng.choices(text[language], k=rng.randint(3, 10)))
                title = body.split("\n", 1)[0][:80]
                batch.append(
                    PortalDocument(
                        title=f"{title} ({n})",
                        file=f"documents/scale/document-{n}.pdf",
                        original_filename=f"document-{n}.pdf",
                        file_kind="pdf",
                        file_size=120_000 + n,
                        file_hash=f"{n:040x}",
                        sha256=f"{n:064x}",
                        collection_id=group.collection_id,
                        document_type=rng.choice(kinds),
                        document_date=datetime.date(2016, 1, 1)
                        + datetime.timedelta(days=rng.randrange(3650)),
                        language=language,
                        access_level=rng.choices(
                            ["public", "members", "restricted"], weights=[60, 30, 10]
                        )[0],
                        page_count=rng.randint(1, 40),
                        extracted_text=body,
                        extraction_status="done",
                    )
                )
                links.append(group.pk)
            created = PortalDocument.objects.bulk_create(batch)
            through.objects.bulk_create(
                [
                    through(portaldocument_id=doc.pk, sectorworkinggroup_id=group_id)
                    for doc, group_id in zip(created, links, strict=True)
                ]
            )


def report():
    from django.contrib.auth import get_user_model

    from documents.models import PortalDocument
    from portal.models import NewsPage
    from search.models import SearchRecord
    from swg.models import MeetingPage, SectorWorkingGroup

    print("Counts:")
    print(f"  SWGs {SectorWorkingGroup.objects.filter(parent=None).count()}")
    print(f"  sub-groups {SectorWorkingGroup.objects.exclude(parent=None).count()}")
    print(f"  meetings {MeetingPage.objects.filter(locale__language_code='en').count()} (x2 pages)")
    print(f"  documents {PortalDocument.objects.count()}")
    print(f"  news pages {NewsPage.objects.count()}")
    print(f"  users {get_user_model().objects.count()}")
    print(f"  search records {SearchRecord.objects.count()}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    default_dir = Path(os.environ.get("PORTAL_VAR_DIR", ROOT / "var"))
    parser.add_argument("--db", type=Path, default=default_dir / "scale.sqlite3")
    parser.add_argument("--subgroups", type=int, default=40)
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--news", type=int, default=500)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--resume", action="store_true", help="keep the file and top it up (after a failure)"
    )
    parser.add_argument(
        "--database-url",
        help="build in this PostgreSQL database instead (dropped and created anew)",
    )
    args = parser.parse_args(argv)
    args.db.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if args.database_url:
        if not args.resume:
            recreate_postgres_database(args.database_url)
        setup_django(args.database_url, args.db.parent)
    else:
        for suffix in ("", "-wal", "-shm") if not args.resume else ():
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        setup_django(f"sqlite:///{args.db.resolve()}", args.db.parent)
    build(args)
    print(f"Built {args.database_url or args.db} in {time.perf_counter() - started:.0f} s")


def recreate_postgres_database(url: str) -> None:
    """Drop and create the database `url` names, through the server's `postgres` database."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if __name__ == "__main__":
    main()
