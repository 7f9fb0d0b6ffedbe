"""Backup and restore of the database and MEDIA_ROOT as one .tar.gz archive.

Archive layout::

    manifest.json     format, vendor, time, Django version, row count per table,
                      sha256 and size of every media file
    database.sqlite3  SQLite: a consistent copy taken with SQLite's online backup API
    database.pgdump   PostgreSQL with pg_dump on PATH: pg_dump --format=custom
    database.json     otherwise, or with --format json: Django's serializers
                      (natural keys; content types and permissions are rebuilt)
    media/...         the files under MEDIA_ROOT

The archive holds password hashes, TOTP secrets and restricted files: it is created
readable and writable by its owner only (mode 0600). `restore` (the sibling command)
reads it back.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
FORMAT_VERSION = 1
# The dump each database format writes; a manifest naming anything else is refused.
DATABASE_FILES = {
    "sqlite": "database.sqlite3",
    "pgdump": "database.pgdump",
    "json": "database.json",
}
ARCHIVE_MODE = 0o600


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def table_counts(conn=connection) -> dict[str, int]:
    """Rows per table of the database behind `conn`, tables in name order."""
    counts = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            if table.startswith("sqlite_") or (conn.vendor == "sqlite" and "_fts" in table):
                # SQLite's own tables and FTS shadow tables follow their content tables.
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            counts[table] = cursor.fetchone()[0]
    return counts


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def dump_database(workdir: Path, fmt: str) -> tuple[str, Path]:
    """Dump the database into `workdir` in `fmt` ("auto" picks); `(format, path)`."""
    vendor = connection.vendor
    if fmt == "auto":
        if vendor == "sqlite":
            fmt = "sqlite"
        elif vendor == "postgresql" and shutil.which("pg_dump"):
            fmt = "pgdump"
        else:
            fmt = "json"
    if fmt == "sqlite":
        if vendor != "sqlite":
            raise BackupError("--format sqlite needs a SQLite database.")
        if connection.in_atomic_block:
            # sqlite3's backup() retries SQLITE_LOCKED for ever when its own connection
            # holds a write transaction: refuse instead of hanging.
            raise BackupError("Run the backup outside a database transaction.")
        target = workdir / DATABASE_FILES["sqlite"]
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # Page by page, without stopping writers for long.
            connection.connection.backup(destination, pages=4096)
        finally:
            destination.close()
        return fmt, target
    if fmt == "pgdump":
        if vendor != "postgresql":
            raise BackupError("--format pgdump needs a PostgreSQL database.")
        target = workdir / DATABASE_FILES["pgdump"]
        subprocess.run(  # noqa: S603 - fixed arguments, pg_dump found on PATH
            ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"],  # noqa: S607
            env={**os.environ, **pg_environment()},
            check=True,
        )
        return fmt, target
    if fmt == "json":
        target = workdir / DATABASE_FILES["json"]
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=False,
            exclude=["contenttypes", "auth.permission", "sessions"],
            output=str(target),
            verbosity=0,
        )
        return fmt, target
    raise BackupError(f"Unknown format {fmt!r}: use auto, sqlite, pgdump or json.")


def pg_environment() -> dict[str, str]:
    db = connection.settings_dict
    values = {
        "PGDATABASE": db.get("NAME"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGHOST": db.get("HOST"),
        "PGPORT": str(db.get("PORT") or ""),
    }
    return {key: value for key, value in values.items() if value}


def _private_file(path: Path):
    """`path` opened for writing, created with mode 0600 (whatever the umask allows
    more) so that no other account can read the archive at any moment."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, ARCHIVE_MODE)
    os.fchmod(descriptor, ARCHIVE_MODE)
    return os.fdopen(descriptor, "wb")


def create_backup(path, *, fmt="auto", log=lambda line: None) -> dict:
    """Write the database and MEDIA_ROOT to the archive `path`; return the manifest."""
    path = Path(path)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as scratch:
        workdir = Path(scratch)
        log(f"Dumping the {connection.vendor} database ...")
        used, dump = dump_database(workdir, fmt)
        media = {}
        for file in _media_files(media_root):
            relative = file.relative_to(media_root).as_posix()
            media[relative] = {"sha256": sha256_of(file), "size": file.stat().st_size}
        manifest = {
            "format_version": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "vendor": connection.vendor,
            "database_format": used,
            "database_file": dump.name,
            "database_sha256": sha256_of(dump),
            "tables": table_counts(),
            "media": media,
        }
        partial = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with (
                _private_file(partial) as handle,
                tarfile.open(fileobj=handle, mode="w:gz") as archive,
            ):
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(datetime.datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump, arcname=dump.name)
                log(f"Adding {len(media)} media files ...")
                for relative in media:
                    archive.add(media_root / relative, arcname=MEDIA_PREFIX + relative)
            partial.replace(path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    log(f"Backup written to {path} ({path.stat().st_size:,} bytes).")
    return manifest


def database_is_empty() -> bool:
    """True for a database without tables, or one that is migrated but holds no
    accounts and no documents (what `migrate` alone leaves behind)."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model

    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    models = (get_user_model(), get_document_model())
    return not any(m._meta.db_table in tables and m.objects.exists() for m in models)


class Command(BaseCommand):
    help = "Write the database and MEDIA_ROOT to one .tar.gz archive with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("path", help="archive to write, e.g. backups/portal-2026-11-27.tar.gz")
        parser.add_argument(
            "--format",
            default="auto",
            choices=["auto", "sqlite", "pgdump", "json"],
            help="database dump format; json moves between SQLite and PostgreSQL",
        )

    def handle(self, *args, path, format, **options):
        try:
            manifest = create_backup(path, fmt=format, log=self.stdout.write)
        except (BackupError, subprocess.CalledProcessError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows:,} rows in {len(manifest['tables'])} tables, "
                f"{len(manifest['media'])} media files."
            )
        )
