"""`python manage.py restore PATH`: the archive `backup` wrote, all or nothing.

1. The archive is read whole and checked before anything changes: a gzip-compressed
   tar holding only regular files and folders with plain relative names (no absolute
   paths, no "..", no links, no devices), a manifest in the known format whose
   `database_file` is the dump that format names, and nothing else besides `media/`.
2. It is unpacked into a scratch folder inside MEDIA_ROOT (so moving files into place
   is a rename on one file system), and checked there: every media file against the
   manifest's size and SHA-256, no file the manifest does not list; a SQLite dump
   passes SQLite's integrity check and holds the manifest's row counts, a pg_dump
   archive is readable by pg_restore.
3. Only then are media and database swapped in together: the current media move into
   the scratch folder, the restored ones into MEDIA_ROOT, and the database is replaced
   in one transaction (SQLite's backup API, `pg_restore --single-transaction`, or
   flush and load inside `transaction.atomic`). If that fails, or a PostgreSQL
   database then holds other row counts than the manifest, the previous media move
   back and PostgreSQL gets the safety dump taken just before: the site is as it was.

Every refusal is a `BackupError` (the command's `CommandError`) that says what is wrong.
"""

import contextlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from portal.management.commands.backup import (
    DATABASE_FILES,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    BackupError,
    database_is_empty,
    dump_database,
    pg_environment,
    sha256_of,
    table_counts,
)

# Tables whose rows a restore does not have to reproduce exactly.
VOLATILE_TABLES = frozenset({"django_session"})
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _damaged(path, error):
    return BackupError(f"{path} is damaged or incomplete ({error}); nothing was changed.")


def _safe_name(name: str) -> bool:
    """A plain relative name: no absolute path, no "..", no empty or odd parts."""
    if not name or "\\" in name or "\x00" in name:
        return False
    pure = PurePosixPath(name)
    return not pure.is_absolute() and all(part not in ("", ".", "..") for part in pure.parts)


def _check_manifest(manifest) -> None:
    if not isinstance(manifest, dict):
        raise BackupError("Not a portal backup: manifest.json is not an object.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"Unsupported backup format {manifest.get('format_version')!r}.")
    fmt = manifest.get("database_format")
    if fmt not in DATABASE_FILES:
        raise BackupError(f"Unknown database format {fmt!r} in the manifest.")
    if manifest.get("database_file") != DATABASE_FILES[fmt]:
        raise BackupError(
            f"The manifest names the database file {manifest.get('database_file')!r}; a "
            f"{fmt} backup holds {DATABASE_FILES[fmt]!r}. Refusing the archive."
        )
    media, tables = manifest.get("media"), manifest.get("tables")
    if not isinstance(media, dict) or not isinstance(tables, dict):
        raise BackupError("The manifest lacks its list of media files or tables.")
    for name, meta in media.items():
        if not _safe_name(name):
            raise BackupError(f"The manifest names an unsafe media path: {name!r}.")
        if not (
            isinstance(meta, dict)
            and isinstance(meta.get("size"), int)
            and _SHA256.match(str(meta.get("sha256", "")))
        ):
            raise BackupError(f"The manifest's entry for {name!r} has no size or SHA-256.")


def _check_members(members, manifest) -> None:
    """Refuse anything but the manifest, the dump and regular files or folders under
    media/, each once, with safe names."""
    seen = set()
    for member in members:
        name = member.name
        if not _safe_name(name.rstrip("/")):
            raise BackupError(f"The archive holds an unsafe path: {name!r}. Refusing it.")
        if member.issym() or member.islnk():
            raise BackupError(f"The archive holds a link ({name!r} -> {member.linkname!r}).")
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive holds a special file: {name!r}.")
        if name in seen:
            raise BackupError(f"The archive holds {name!r} twice.")
        seen.add(name)
        top = name in (MANIFEST, manifest["database_file"])
        if not top and not (name.startswith(MEDIA_PREFIX) or name == MEDIA_PREFIX.rstrip("/")):
            raise BackupError(f"The archive holds {name!r}, which is no part of a backup.")
    if manifest["database_file"] not in seen:
        raise BackupError(f"The archive lacks its database file {manifest['database_file']!r}.")


def _read_archive(path: Path, scratch: Path) -> dict:
    """Check and unpack the archive into `scratch`; return its manifest."""
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed below
    except (tarfile.TarError, EOFError, zlib.error, OSError):
        raise BackupError(f"{path} is not a backup archive (a gzip-compressed tar).") from None
    try:
        with archive:
            # Reading the member list reads the whole archive: a truncated one ends here.
            members = archive.getmembers()
            manifest = _manifest_of(archive)
            _check_members(members, manifest)
            # The names were checked above; the "data" filter would refuse them again.
            archive.extractall(scratch, members=members, filter="data")
    except tarfile.FilterError as error:
        raise BackupError(f"The archive holds an unsafe entry ({error}).") from None
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise _damaged(path, error) from None
    return manifest


def _manifest_of(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("Not a portal backup: the archive has no manifest.json.") from None
    if not member.isfile():
        raise BackupError("Not a portal backup: manifest.json is not a file.")
    try:
        manifest = json.load(archive.extractfile(member))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"Not a portal backup: manifest.json is unreadable ({error}).") from None
    _check_manifest(manifest)
    return manifest


def _check_media(staged: Path, manifest: dict) -> None:
    listed = manifest["media"]
    found = set()
    if staged.is_dir():
        for file in staged.rglob("*"):
            if file.is_file():
                found.add(file.relative_to(staged).as_posix())
    extra = sorted(found - set(listed))
    if extra:
        raise BackupError(
            f"The archive holds {len(extra)} media files the manifest does not list, "
            f"e.g. {extra[0]}"
        )
    bad = [
        name
        for name, meta in listed.items()
        if name not in found
        or (staged / name).stat().st_size != meta["size"]
        or sha256_of(staged / name) != meta["sha256"]
    ]
    if bad:
        raise BackupError(f"{len(bad)} media files differ from the manifest, e.g. {bad[0]}")


def _differing(expected: dict, counts: dict) -> dict:
    return {
        table: (rows, counts.get(table))
        for table, rows in expected.items()
        if counts.get(table) != rows and table not in VOLATILE_TABLES
    }


def _sqlite_counts(path: Path) -> dict:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        (verdict,) = db.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise BackupError(f"The SQLite database in the archive is damaged ({verdict}).")
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_") and "_fts" not in name
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608 - names from the file's own schema


def _check_database(manifest: dict, dump: Path) -> None:
    """What can be known about the dump before it replaces anything."""
    fmt = manifest["database_format"]
    if "database_sha256" in manifest and sha256_of(dump) != manifest["database_sha256"]:
        raise BackupError("The database file differs from the manifest's SHA-256.")
    if fmt == "sqlite":
        if connection.vendor != "sqlite":
            raise BackupError(
                "This backup holds a SQLite database; restore it into SQLite, or make the "
                "backup with --format json to move between database engines."
            )
        if connection.in_atomic_block:
            # sqlite3's backup() would wait for ever on its own connection's transaction.
            raise BackupError("Run the restore outside a database transaction.")
        try:
            differing = _differing(manifest["tables"], _sqlite_counts(dump))
        except sqlite3.DatabaseError as error:
            raise BackupError(
                f"The SQLite database in the archive is unreadable ({error})."
            ) from None
        if differing:
            raise BackupError(f"Row counts in the archive differ from the manifest: {differing}")
    elif fmt == "pgdump":
        if connection.vendor != "postgresql":
            raise BackupError("This backup holds a pg_dump archive; restore it into PostgreSQL.")
        listed = subprocess.run(  # noqa: S603 - fixed arguments, pg_restore found on PATH
            ["pg_restore", "--list", str(dump)],  # noqa: S607
            capture_output=True,
            text=True,
        )
        if listed.returncode != 0:
            raise BackupError(f"The pg_dump archive is unreadable: {listed.stderr.strip()}")
    else:
        try:
            with open(dump, encoding="utf-8") as handle:
                rows = json.load(handle)
        except (ValueError, UnicodeDecodeError) as error:
            raise BackupError(f"The JSON database dump is unreadable ({error}).") from None
        if not isinstance(rows, list):
            raise BackupError("The JSON database dump is not a list of rows.")


def _replace_database(manifest: dict, dump: Path, log) -> None:
    """Replace the database with the dump in one transaction: unchanged if it fails."""
    fmt = manifest["database_format"]
    if fmt == "sqlite":
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(dump)) as source:
            # One step (pages=-1): one write transaction on the live database.
            source.backup(connection.connection)
        return
    if fmt == "pgdump":
        connection.close()
        environment = pg_environment()
        restored = subprocess.run(  # noqa: S603 - fixed arguments, pg_restore found on PATH
            [  # noqa: S607
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={environment['PGDATABASE']}",
                str(dump),
            ],
            env={**os.environ, **environment},
            capture_output=True,
            text=True,
        )
        if restored.returncode != 0:
            raise BackupError(f"pg_restore failed: {restored.stderr.strip()[-2000:]}")
        return
    # Django serializers: the schema first (migrate changes no rows), then the rows.
    call_command("migrate", interactive=False, verbosity=0)
    log("Loading rows ...")
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(dump), verbosity=0)


class _MediaSwap:
    """Put the staged media in MEDIA_ROOT's place, entry by entry (each a rename on one
    file system, so a mounted MEDIA_ROOT works too), keeping the previous entries in
    the scratch folder until `undo` puts them back or the scratch folder goes."""

    def __init__(self, media_root: Path, staged: Path, scratch: Path):
        self.media_root, self.staged, self.scratch = media_root, staged, scratch
        self.previous = scratch / "previous-media"
        self.moved_out, self.moved_in = [], []

    def _entries(self, folder: Path):
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p != self.scratch)

    def apply(self) -> None:
        self.previous.mkdir()
        self.staged.mkdir(exist_ok=True)
        try:
            for name in self._entries(self.media_root):
                os.replace(self.media_root / name, self.previous / name)
                self.moved_out.append(name)
            for name in self._entries(self.staged):
                os.replace(self.staged / name, self.media_root / name)
                self.moved_in.append(name)
        except OSError:
            self.undo()
            raise

    def undo(self) -> None:
        for name in reversed(self.moved_in):
            os.replace(self.media_root / name, self.staged / name)
        for name in reversed(self.moved_out):
            os.replace(self.previous / name, self.media_root / name)
        self.moved_in, self.moved_out = [], []


def _safety_copy(manifest: dict, scratch: Path, log) -> Path | None:
    """A pg_dump of the current PostgreSQL database, to put back should the restored one
    turn out wrong (its row counts can only be read once it is in place)."""
    if manifest["database_format"] != "pgdump":
        return None
    log("Taking a safety copy of the current database ...")
    try:
        return dump_database(scratch, "pgdump")[1]
    except (OSError, subprocess.CalledProcessError) as error:
        raise BackupError(
            f"Could not take a safety copy of the database first ({error})."
        ) from None


def _check_restored_counts(manifest: dict, safety: Path, path: Path, log) -> None:
    differing = _differing(manifest["tables"], table_counts())
    if not differing:
        return
    log("Row counts differ from the manifest: putting the previous database back ...")
    try:
        _replace_database({"database_format": "pgdump"}, safety, log)
    except BackupError as error:
        kept = path.with_name(path.name + ".before-restore.pgdump")
        shutil.copyfile(safety, kept)
        raise BackupError(
            f"Row counts differ after restore ({differing}) and putting the previous "
            f"database back failed ({error}): restore {kept} with pg_restore."
        ) from None
    raise BackupError(
        f"Row counts differ after restore: {differing}; the previous database was put back."
    )


def restore_backup(path, *, force=False, log=lambda line: None) -> dict:
    """Restore the archive `path` into the configured database and MEDIA_ROOT, all or
    nothing (see the module's docstring). Raises BackupError."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    if not force and not database_is_empty():
        raise BackupError(
            "The database already holds accounts or documents; restore into an empty "
            "database, or pass --force to replace its contents."
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Inside MEDIA_ROOT, so files move into place by rename; readable by its owner only.
    scratch = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root))
    try:
        log(f"Checking {path} ...")
        unpacked = scratch / "archive"
        unpacked.mkdir()
        manifest = _read_archive(path, unpacked)
        dump = unpacked / manifest["database_file"]
        _check_media(unpacked / MEDIA_PREFIX.rstrip("/"), manifest)
        _check_database(manifest, dump)
        safety = _safety_copy(manifest, scratch, log)
        swap = _MediaSwap(media_root, unpacked / MEDIA_PREFIX.rstrip("/"), scratch)
        log(
            f"Restoring the database ({manifest['database_format']}) and "
            f"{len(manifest['media'])} media files ..."
        )
        swap.apply()
        try:
            _replace_database(manifest, dump, log)
            if safety is not None:
                _check_restored_counts(manifest, safety, path, log)
        except BaseException:
            swap.undo()
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    counts = table_counts()
    log(f"Restored {sum(counts.values()):,} rows in {len(counts)} tables.")
    return manifest


class Command(BaseCommand):
    help = (
        "Restore a `backup` archive (database and media) into an empty database; "
        "--force replaces a database that already holds accounts or documents. The "
        "archive is checked whole first; on any failure nothing changes."
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
                f"Restored the backup of {manifest.get('created', '?')} "
                f"({len(manifest['media'])} media files). Run `manage.py migrate` if the "
                "code is newer than the backup."
            )
        )
