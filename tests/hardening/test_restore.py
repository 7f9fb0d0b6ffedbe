"""`restore` is all or nothing: a hostile, damaged or tampered archive ends in one clear
error and leaves database and media exactly as they were. `backup` writes the archive
readable by its owner only.

Each case runs the real commands in a child process against a small SQLite "site" of
its own (a database file and a media folder), so the test database is never touched."""

import hashlib
import io
import json
import re
import sqlite3
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal.management.commands import restore
from portal.management.commands.backup import sha256_of
from tests.hardening.test_operations import manage

ROOT = Path(__file__).resolve().parents[2]


class Site:
    """A database file and a media folder, and how to take their fingerprint."""

    def __init__(self, root: Path, notes, files):
        self.database = root / "site.sqlite3"
        self.media = root / "media"
        self.media.mkdir(parents=True)
        with sqlite3.connect(self.database) as db:
            db.execute("CREATE TABLE note (text TEXT)")
            db.executemany("INSERT INTO note VALUES (?)", [(n,) for n in notes])
        for name, data in files.items():
            (self.media / name).parent.mkdir(parents=True, exist_ok=True)
            (self.media / name).write_bytes(data)

    @property
    def env(self):
        return {"DATABASE_URL": f"sqlite:///{self.database}", "MEDIA_ROOT": str(self.media)}

    def notes(self):
        with sqlite3.connect(self.database) as db:
            return [text for (text,) in db.execute("SELECT text FROM note ORDER BY rowid")]

    def fingerprint(self):
        files = {
            path.relative_to(self.media).as_posix(): sha256_of(path)
            for path in sorted(self.media.rglob("*"))
            if path.is_file()
        }
        return self.notes(), files


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """A real backup of a small site: the archived state (made once; read only)."""
    tmp_path = tmp_path_factory.mktemp("archived")
    source = Site(
        tmp_path / "source",
        ["archived ກອງປະຊຸມ"],
        {"documents/ບົດລາຍງານ.txt": "ບົດລາຍງານ archived\n".encode(), "images/a.webp": b"RIFF"},
    )
    archive = tmp_path / "backup.tar.gz"
    made = manage("backup", str(archive), env=source.env)
    assert made.returncode == 0, made.stderr
    return archive


@pytest.fixture
def live(tmp_path):
    """The site a restore would replace."""
    return Site(tmp_path / "live", ["live one", "live two"], {"documents/live.txt": b"live"})


def rewritten(archive: Path, target: Path, change):
    """A copy of `archive` with `change(members)` applied to its [(TarInfo, bytes)]."""
    with tarfile.open(archive) as tar:
        members = [
            (info, tar.extractfile(info).read() if info.isfile() else b"")
            for info in tar.getmembers()
        ]
    members = change(members)
    with tarfile.open(target, "w:gz") as tar:
        for info, data in members:
            info.size = len(data) if info.isfile() else 0
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return target


def with_manifest(change):
    def apply(members):
        result = []
        for info, data in members:
            if info.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            result.append((info, data))
        return result

    return apply


def adding(name, data=b"x", kind=tarfile.REGTYPE, linkname=""):
    def apply(members):
        info = tarfile.TarInfo(name)
        info.type = kind
        info.linkname = linkname
        return [*members, (info, data)]

    return apply


def replacing(name, data):
    def apply(members):
        return [(info, data if info.name == name else content) for info, content in members]

    return apply


def refused(archive, live, message):
    """`manage.py restore --force` in a child process: one clear line, nothing changed."""
    before = live.fingerprint()
    result = manage("restore", "--force", str(archive), env=live.env)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert live.fingerprint() == before
    # Nothing of the restore stays behind in MEDIA_ROOT either.
    assert not [p for p in live.media.iterdir() if p.name.startswith(".restore-")]


def refused_in_process(archive, live, message, settings):
    """The same in this process, for archives refused before any database is opened
    (the test has no database access: reaching the database would fail the test)."""
    settings.MEDIA_ROOT = str(live.media)
    before = live.fingerprint()
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("restore", "--force", str(archive), stdout=io.StringIO())
    assert live.fingerprint() == before
    assert not [p for p in live.media.iterdir() if p.name.startswith(".restore-")]


def test_a_good_archive_replaces_database_and_media_together(archived, live):
    result = manage("restore", "--force", str(archived), env=live.env)
    assert result.returncode == 0, result.stderr
    notes, files = live.fingerprint()
    assert notes == ["archived ກອງປະຊຸມ"]
    assert set(files) == {"documents/ບົດລາຍງານ.txt", "images/a.webp"}
    assert not (live.media / "documents" / "live.txt").exists()


def test_a_file_that_is_not_gzip_is_refused(tmp_path, live, settings):
    archive = tmp_path / "notes.tar.gz"
    archive.write_text("not an archive at all")
    refused_in_process(archive, live, "is not a backup archive", settings)


def test_a_truncated_archive_is_refused(archived, tmp_path, live, settings):
    cut = tmp_path / "cut.tar.gz"
    data = archived.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    refused_in_process(cut, live, "damaged or incomplete", settings)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (adding("media/../../escaped.txt"), "unsafe path"),
        (adding("/tmp/absolute.txt"), "unsafe path"),
        (adding("media/passwd", kind=tarfile.SYMTYPE, linkname="/etc/passwd"), "holds a link"),
        (adding("media/hard", kind=tarfile.LNKTYPE, linkname="manifest.json"), "holds a link"),
        (adding("media/null", kind=tarfile.CHRTYPE), "special file"),
        (adding("settings.py"), "no part of a backup"),
        (adding("media/extra.txt"), "does not list"),
        (replacing("media/images/a.webp", b"RIFX"), "differ from the manifest"),
        (
            with_manifest(lambda m: m.update(database_file="../outside.sqlite3")),
            "names the database file",
        ),
        (with_manifest(lambda m: m.update(database_file="/etc/passwd")), "names the database file"),
        (
            with_manifest(lambda m: m["media"].update({"../x": m["media"].popitem()[1]})),
            "unsafe media path",
        ),
        (with_manifest(lambda m: m.update(database_format="mysql")), "Unknown database format"),
        (with_manifest(lambda m: m.update(format_version=99)), "Unsupported backup format"),
        (
            replacing("database.sqlite3", b"SQLite format 3\x00" + b"\x00" * 100),
            "database file differs",
        ),
    ],
    ids=[
        "path-traversal",
        "absolute-path",
        "absolute-symlink",
        "hard-link",
        "device",
        "stray-file",
        "unlisted-media",
        "media-checksum",
        "database-file-outside",
        "database-file-absolute",
        "manifest-traversal",
        "unknown-format",
        "format-version",
        "database-checksum",
    ],
)
def test_hostile_or_tampered_archives_change_nothing(
    archived, tmp_path, live, change, message, settings
):
    hostile = rewritten(archived, tmp_path / "hostile.tar.gz", change)
    refused_in_process(hostile, live, message, settings)
    assert not (tmp_path / "escaped.txt").exists()
    assert not (live.media.parent / "escaped.txt").exists()


def test_row_counts_that_differ_from_the_manifest_change_nothing(archived, tmp_path, live):
    wrong = with_manifest(lambda m: m.update(tables={"note": 5}))
    refused(
        rewritten(archived, tmp_path / "wrong.tar.gz", wrong), live, "Row counts in the archive"
    )


def test_a_damaged_database_is_caught_before_anything_moves(archived, tmp_path, live):
    def damage(members):
        result = []
        for info, data in members:
            if info.name == "database.sqlite3":
                data = data[:4096] + b"\xff" * (len(data) - 4096)
            result.append((info, data))
        return result

    def forget_checksum(manifest):
        del manifest["database_sha256"]

    damaged = rewritten(archived, tmp_path / "damaged.tar.gz", damage)
    damaged = rewritten(damaged, tmp_path / "damaged2.tar.gz", with_manifest(forget_checksum))
    refused(damaged, live, "SQLite database in the archive")


@pytest.mark.django_db
def test_a_failed_database_step_puts_the_previous_media_back(tmp_path, settings, monkeypatch):
    """The database step itself failing (a full disk, a lost connection) is an edge we
    cannot cause on purpose here: it is made to fail, and the media must come back."""
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "live.txt").write_bytes(b"live")
    settings.MEDIA_ROOT = str(media)
    dump = json.dumps([]).encode()
    manifest = {
        "format_version": 1,
        "database_format": "json",
        "database_file": "database.json",
        "database_sha256": hashlib.sha256(dump).hexdigest(),
        "tables": {},
        "media": {"documents/new.txt": {"size": 3, "sha256": hashlib.sha256(b"new").hexdigest()}},
    }
    archive = tmp_path / "b.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (
            ("manifest.json", json.dumps(manifest).encode()),
            ("database.json", dump),
            ("media/documents/new.txt", b"new"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

    def fail(*args):
        assert (media / "documents" / "new.txt").exists()  # the swap had happened
        raise restore.BackupError("the database went away")

    monkeypatch.setattr(restore, "_replace_database", fail)
    with pytest.raises(restore.BackupError, match="went away"):
        restore.restore_backup(archive, force=True)
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*")) == [
        "documents",
        "documents/live.txt",
    ]


def test_the_backup_archive_is_readable_by_its_owner_only(tmp_path):
    site = Site(tmp_path, ["a note"], {"documents/restricted.txt": b"restricted"})
    archive = tmp_path / "backups" / "portal.tar.gz"
    # Even where the umask would let everyone read new files.
    made = manage("backup", str(archive), env=site.env, umask=0)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not archive.with_name(archive.name + ".partial").exists()


# --- PostgreSQL (the CI lane that runs the suite on PostgreSQL) ---------------------------


@pytest.fixture
def postgres_site(tmp_path, django_db_blocker):
    """A scratch PostgreSQL database beside the test database, with one small table."""
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL lane (DATABASE_URL=postgres://...)")
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    if db.get("PASSWORD"):
        url = url.replace("@", f":{db['PASSWORD']}@", 1)
    with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def rows():
        with psycopg.connect(f"{url}/{name}") as site:
            return [text for (text,) in site.execute("SELECT text FROM note ORDER BY id")]

    def fill(*notes):
        with psycopg.connect(f"{url}/{name}") as site:
            site.execute("DROP TABLE IF EXISTS note")
            site.execute("CREATE TABLE note (id serial PRIMARY KEY, text TEXT)")
            for note in notes:
                site.execute("INSERT INTO note (text) VALUES (%s)", [note])

    media = tmp_path / "pg-media"
    media.mkdir()
    yield {
        "env": {"DATABASE_URL": f"{url}/{name}", "MEDIA_ROOT": str(media)},
        "rows": rows,
        "fill": fill,
    }
    with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_restore_is_all_or_nothing(postgres_site, tmp_path):
    site = postgres_site
    site["fill"]("archived one", "archived two")
    archive = tmp_path / "pg.tar.gz"
    made = manage("backup", str(archive), env=site["env"])
    assert made.returncode == 0, made.stderr
    site["fill"]("live")

    # The dump holds two rows, the manifest says three: found only once it is in place.
    wrong = rewritten(
        archive, tmp_path / "wrong.tar.gz", with_manifest(lambda m: m["tables"].update(note=3))
    )
    result = manage("restore", "--force", str(wrong), env=site["env"])
    assert result.returncode != 0
    assert "previous database was put back" in result.stderr, result.stderr
    assert site["rows"]() == ["live"]

    result = manage("restore", "--force", str(archive), env=site["env"])
    assert result.returncode == 0, result.stderr
    assert site["rows"]() == ["archived one", "archived two"]
