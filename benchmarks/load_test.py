"""Load test: the production server (gunicorn, portal.settings.production) on loopback,
N readers browsing and searching and M writers uploading documents and publishing
meetings through the admin, for a bounded time; then every write is checked.

    .venv/bin/python benchmarks/load_test.py --db var/scale.sqlite3 [--duration 120]
        [--readers 50] [--writers 5] [--workers 4] [--threads 8]
    .venv/bin/python benchmarks/load_test.py --database-url postgres://... (PostgreSQL)

Needs gunicorn: `pip install -e ".[prod]"`.

Build the database with generate_scale.py (its accounts use its demo password, or pass
--password). Only 127.0.0.1 is contacted. Static files are collected once into
var/loadtest-static (production uses the manifest storage). Passes when there is no
5xx, no "database is locked" in any answer or in the server log, and every upload
and every publication the server acknowledged is in the database afterwards. The
meetings writers publish are drafts created before the run (Wagtail's bulk "publish"
action, as an editor would from the page explorer).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUERIES = ["health", "education", "ສາທາລະນະສຸກ", "ເສລີພາບ", "meeting minutes", "report 2020"]
READER_PATHS = [
    "/en/",
    "/lo/",
    "/en/swg/health/",
    "/en/swg/health/meetings/",
    "/en/swg/education/documents/",
    "/en/swg/health/actions/",
    "/en/swg/health/contacts/",
    "/en/news/",
    "/en/documents/",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.status: dict[int, int] = {}
        self.locked = 0
        self.errors: list[str] = []

    def add(self, started, response=None, error=None):
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            if error is not None:
                self.errors.append(error)
                return
            self.times.append(elapsed)
            self.status[response.status_code] = self.status.get(response.status_code, 0) + 1
            if response.status_code >= 500 or "database is locked" in response.text:
                self.locked += "database is locked" in response.text


def unsecure(session):
    # Production cookies are Secure; this test speaks plain HTTP on loopback.
    for cookie in session.cookies:
        cookie.secure = False


def reader(base, deadline, stats, rng):
    session = requests.Session()
    while time.monotonic() < deadline:
        choice = rng.random()
        if choice < 0.25:
            path = f"/en/search/?q={rng.choice(QUERIES)}"
        elif choice < 0.35:
            path = f"/api/search/?q={rng.choice(QUERIES)}&page={rng.randint(1, 3)}"
        else:
            path = rng.choice(READER_PATHS)
        started = time.perf_counter()
        try:
            response = session.get(base + path, timeout=30)
        except requests.RequestException as exc:
            stats.add(started, error=f"{path}: {exc.__class__.__name__}")
            continue
        stats.add(started, response)


def login(base, email, password):
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    unsecure(session)
    token = CSRF.search(page.text).group(1)
    response = session.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    unsecure(session)
    if response.status_code != 302:
        raise RuntimeError(f"cannot sign in as {email}: {response.status_code}")
    return session


def submit_admin_form(session, stats, label, url, data, files=None):
    """GET an admin form, POST it back with its CSRF token; True when the admin accepted
    it (a redirect). Every outcome is recorded in `stats`."""
    started = time.perf_counter()
    try:
        form = session.get(url, timeout=30)
        unsecure(session)
        match = CSRF.search(form.text)
        if match is None:
            stats.add(started, form)
            stats.errors.append(f"{label}: no form ({form.status_code})")
            return False
        response = session.post(
            url,
            data={"csrfmiddlewaretoken": match.group(1), **data},
            files=files,
            headers={"Referer": url},
            timeout=60,
            allow_redirects=False,
        )
        unsecure(session)
    except requests.RequestException as exc:
        stats.add(started, error=f"{label}: {exc.__class__.__name__}")
        return False
    stats.add(started, response)
    if response.status_code != 302:
        stats.errors.append(f"{label}: answered {response.status_code}")
    return response.status_code == 302


def writer(base, deadline, stats, number, email, password, written, collection, swg, drafts):
    """Alternately upload a document and publish one of the draft meetings (through the
    admin's bulk "publish" action, as the page explorer does)."""
    try:
        session = login(base, email, password)
    except (requests.RequestException, RuntimeError, AttributeError) as exc:
        with stats.lock:
            stats.errors.append(f"writer {number}: {exc!r}")
        return
    n = 0
    while time.monotonic() < deadline:
        n += 1
        if n % 2 == 0:
            try:
                page_id = drafts["pending"].pop()  # atomic: no two writers get one draft
            except IndexError:
                page_id = None
            if page_id is not None:
                url = f"{base}/admin/bulk/wagtailcore/page/publish/?id={page_id}"
                label = f"writer {number}: publish"
                if submit_admin_form(session, stats, label, url, {"include_descendants": ""}):
                    drafts["published"].append(page_id)
                continue
        title = f"load-test {number}-{n}-{secrets.token_hex(4)}"
        uploaded = submit_admin_form(
            session,
            stats,
            f"writer {number}: upload",
            f"{base}/admin/documents/add/",
            {
                "title": title,
                "collection": collection,
                "working_groups": [swg],
                "document_type": "report",
                "language": "en",
                "access_level": "members",
            },
            files={"file": (f"{title}.txt", f"{title}\nLoad test body {n}.\n".encode())},
        )
        if uploaded:
            written.append(title)


def environment(args, static_root, media_root):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "PORTAL_REQUIRE_2FA_FOR_ADMIN": "False",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
        # Every simulated reader comes from 127.0.0.1: the per-address search limit
        # would turn most of their searches into 429s.
        "PORTAL_SEARCH_RATE_LIMIT": "",
    }
    env["DATABASE_URL"] = args.database_url or f"sqlite:///{args.db.resolve()}"
    return env


def run_django(env, code, *args, stdin=""):
    """Run `code` in a child process with the server's settings; its output, split."""
    result = subprocess.run(
        [sys.executable, "-c", "import django, json, sys; django.setup();" + code, *args],
        input=stdin,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def verify(env, titles, page_ids):
    """How many of the uploads (`titles`) are stored and of the meetings (`page_ids`) live."""
    import json

    code = (
        "from documents.models import PortalDocument as D; from wagtail.models import Page;"
        "data = json.load(sys.stdin);"
        "print(D.objects.filter(title__in=data['titles']).values('title').distinct().count(),"
        " Page.objects.filter(pk__in=data['pages'], live=True).count())"
    )
    stored, live = run_django(env, code, stdin=json.dumps({"titles": titles, "pages": page_ids}))
    return int(stored), int(live)


def prepare(env, email, password, drafts):
    """The health SWG's id and collection, and `drafts` new draft meetings in its English
    space for the writers to publish; the writer's password re-hashed with the server's
    hashers (a database built with the test settings holds MD5 hashes)."""
    code = (
        "import datetime, secrets;"
        "from django.contrib.auth import get_user_model; from django.utils import timezone;"
        "from swg.models import MeetingPage, SectorWorkingGroup as S, SpacePage;"
        "u = get_user_model().objects.get(email=sys.argv[1]); u.set_password(sys.argv[2]);"
        "u.save(update_fields=['password']);"
        "g = S.objects.get(slug='health');"
        "space = SpacePage.objects.get(working_group=g, locale__language_code='en');"
        "start = timezone.now() + datetime.timedelta(days=30); ids = [];"
        "[ids.append(space.add_child(instance=MeetingPage("
        " title=f'Load-test meeting {i}', slug=f'load-test-{secrets.token_hex(4)}',"
        " working_group=g, start=start, live=False, has_unpublished_changes=True)).pk)"
        " for i in range(int(sys.argv[3]))];"
        "[MeetingPage.objects.get(pk=pk).save_revision() for pk in ids];"
        "print(g.pk, g.collection_id, *ids)"
    )
    swg, collection, *ids = run_django(env, code, email, password, str(drafts))
    return swg, collection, [int(pk) for pk in ids]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "scale.sqlite3")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--password", default="scale-demo-password")
    parser.add_argument("--writer-email", default="admin@example.org")
    parser.add_argument("--drafts-per-writer", type=int, default=60)
    args = parser.parse_args(argv)
    args.duration = min(args.duration, 600)  # bounded, whatever is asked

    var = ROOT / "var"
    static_root = var / "loadtest-static"
    media_root = var / "loadtest-media"
    env = environment(args, static_root, media_root)
    if not (static_root / "staticfiles.json").exists():
        print("collectstatic (once) ...", flush=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    swg, collection, draft_ids = prepare(
        env, args.writer_email, args.password, drafts=args.writers * args.drafts_per_writer
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = var / "loadtest-gunicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={args.workers}",
                f"--threads={args.threads}",
                "--timeout=60",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(120):
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code in (200, 503):
                    break
            except requests.RequestException:
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not start; see " + str(log_path))
        print(
            f"{args.readers} readers + {args.writers} writers for {args.duration:.0f} s "
            f"against gunicorn ({args.workers} workers x {args.threads} threads), "
            f"{env['DATABASE_URL'].split(':')[0]}",
            flush=True,
        )
        reads, writes = Stats(), Stats()
        written: list[str] = []
        drafts = {"pending": list(draft_ids), "published": []}
        deadline = time.monotonic() + args.duration
        threads = [
            threading.Thread(target=reader, args=(base, deadline, reads, random.Random(i)))
            for i in range(args.readers)
        ] + [
            threading.Thread(
                target=writer,
                args=(
                    base,
                    deadline,
                    writes,
                    i,
                    args.writer_email,
                    args.password,
                    written,
                    collection,
                    swg,
                    drafts,
                ),
            )
            for i in range(args.writers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    server_log = log_path.read_text(errors="replace")
    locked_in_log = server_log.count("database is locked")
    stored, live = verify(env, written, drafts["published"])
    fivexx = sum(n for code, n in {**reads.status}.items() if code >= 500) + sum(
        n for code, n in writes.status.items() if code >= 500
    )
    for label, stats in (("reads", reads), ("writes", writes)):
        times = stats.times
        rate = len(times) / args.duration
        print(
            f"{label:6}: {len(times):6d} requests ({rate:.1f}/s), "
            f"p50 {statistics.median(times) if times else 0:.0f} ms, "
            f"p95 {percentile(times, 0.95):.0f} ms, statuses {dict(sorted(stats.status.items()))}, "
            f"transport errors {len(stats.errors)}"
        )
        for error in stats.errors[:5]:
            print(f"        {error}")
    print(
        f"5xx: {fivexx}; 'database is locked': {reads.locked + writes.locked} in answers, "
        f"{locked_in_log} in the server log"
    )
    print(f"uploads acknowledged: {len(written)}; found in the database: {stored}")
    print(f"meetings published: {len(drafts['published'])}; live in the database: {live}")
    ok = (
        fivexx == 0
        and locked_in_log == 0
        and stored == len(written)
        and live == len(drafts["published"])
        and not writes.errors
        and ((written and drafts["published"]) or not args.writers)
    )
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
