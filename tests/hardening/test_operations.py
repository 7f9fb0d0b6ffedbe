"""/healthz, backup and restore, JSON logs."""

import json
import logging
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal import views
from portal.management.commands.backup import sha256_of
from web.logging import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_healthz_reports_each_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "search", "tasks"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert body["checks"]["search"]["backend"]


def test_healthz_answers_503_when_search_backend_fails(client, monkeypatch):
    from search import service

    monkeypatch.setattr(
        service, "status", lambda: {"backend": "elasticsearch", "error": "http://10.0.0.5 down"}
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["search"]["status"] == "error"
    assert "10.0.0.5" not in response.content.decode()  # details go to the log only


def test_healthz_answers_503_not_500_when_a_check_raises(client, monkeypatch):
    def broken():
        raise RuntimeError("database went away")

    monkeypatch.setitem(views.HEALTH_CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "error", "error": "RuntimeError"}


def test_healthz_counts_the_database_task_queue(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    body = client.get("/healthz").json()
    assert body["checks"]["tasks"]["backend"] == "database"
    assert body["checks"]["tasks"]["ready"] >= 0


def manage(*args, env, umask=None):
    """`manage.py ARGS` in a child process with the test settings and `env`."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=300,
        # No threads in the child yet, so setting its umask there is safe.
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,  # noqa: PLW1509
    )


@pytest.fixture(scope="session")
def demo_database_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site as a SQLite file, copied before any test opens a transaction."""
    if connection.vendor != "sqlite":
        pytest.skip("the round trip runs on SQLite files")
    target = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        connection.connection.backup(destination)
        destination.close()
    return target


def counts_in(path):
    with sqlite3.connect(path) as db:
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_") and "_fts" not in name
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def test_backup_refuses_to_run_inside_a_transaction(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with pytest.raises(CommandError, match="transaction"):
        call_command("backup", str(tmp_path / "b.tar.gz"), verbosity=0)


def test_backup_then_restore_into_a_fresh_database(tmp_path, demo_database_file):
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    sample = media / "documents" / "ບົດລາຍງານ report.txt"
    sample.write_bytes("ກອງປະຊຸມ minutes\n".encode() * 100)
    archive = tmp_path / "backup.tar.gz"
    source = {"DATABASE_URL": f"sqlite:///{demo_database_file}", "MEDIA_ROOT": str(media)}

    made = manage("backup", str(archive), env=source)
    assert made.returncode == 0, made.stdout + made.stderr

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["database_format"] == "sqlite"
    assert "database.sqlite3" in names
    assert "media/documents/ບົດລາຍງານ report.txt" in names
    expected = counts_in(demo_database_file)
    assert manifest["tables"] == expected
    assert expected["accounts_user"] > 0

    fresh_db = tmp_path / "fresh.sqlite3"
    restored_media = tmp_path / "restored-media"
    target = {"DATABASE_URL": f"sqlite:///{fresh_db}", "MEDIA_ROOT": str(restored_media)}
    result = manage("restore", str(archive), env=target)
    assert result.returncode == 0, result.stdout + result.stderr

    assert counts_in(fresh_db) == expected
    copy = restored_media / "documents" / "ບົດລາຍງານ report.txt"
    assert sha256_of(copy) == sha256_of(sample)

    refused = manage("restore", str(archive), env=target)
    assert refused.returncode != 0
    assert "--force" in refused.stderr
    forced = manage("restore", "--force", str(archive), env=target)
    assert forced.returncode == 0, forced.stderr


def test_restore_refuses_an_archive_with_escaping_paths(tmp_path, settings):
    import io

    media = tmp_path / "media"
    archive = tmp_path / "evil.tar.gz"
    manifest = {
        "format_version": 1,
        "database_format": "sqlite",
        "database_file": "database.sqlite3",
        "tables": {},
        "media": {},
    }
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (
            ("manifest.json", json.dumps(manifest).encode()),
            ("database.sqlite3", b""),
            ("media/../../escaped.txt", b"x"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    result = manage(
        "restore",
        str(archive),
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "MEDIA_ROOT": str(media)},
    )
    assert result.returncode != 0
    assert not (tmp_path / "escaped.txt").exists()


def test_json_log_lines():
    formatter = JsonFormatter()
    record = logging.makeLogRecord(
        {"name": "portal", "levelname": "WARNING", "levelno": 30, "msg": "ລາວ %s", "args": ("ok",)}
    )
    record.document_id = 7
    line = json.loads(formatter.format(record))
    assert line["message"] == "ລາວ ok"
    assert line["level"] == "WARNING"
    assert line["logger"] == "portal"
    assert line["document_id"] == 7
    assert line["time"].endswith("+00:00")


def test_log_format_json_setting():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, logging; django.setup(); logging.getLogger('portal').warning('hi')",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "LOG_FORMAT": "json"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stderr.strip().splitlines()[-1])["message"] == "hi"
