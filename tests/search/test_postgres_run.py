"""On demand: run the conformance suite on PostgreSQL from a SQLite test run.

CI does not need this: ``.ci/run`` runs the whole suite a second time with
``DATABASE_URL`` on PostgreSQL, where ``tests/search/test_conformance.py`` exercises
the ``postgres`` backend itself. So this test only runs when asked to, for someone
working on SQLite who wants the PostgreSQL conformance too (about 80 s)::

    SEARCH_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/swg_search_conformance \
        scripts/test tests/search/test_postgres_run.py

pytest-django creates ``test_<name>`` on that server and drops it afterwards. With
SEARCH_REQUIRE_POSTGRES=1 it fails rather than skips when the server does not answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

URL = os.environ.get("SEARCH_TEST_POSTGRES_URL", "")
ROOT = Path(__file__).resolve().parents[2]


def postgres_answers() -> str | None:
    """None if the server answers, else why not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e .[prod])"
    server = URL.rsplit("/", 1)[0] + "/postgres"
    try:
        psycopg.connect(server, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL at {server}: {exc}"
    return None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="this run already uses PostgreSQL")
@pytest.mark.skipif(
    not URL, reason="on demand: set SEARCH_TEST_POSTGRES_URL (CI runs the PostgreSQL lane)"
)
def test_conformance_suite_on_postgres():
    problem = postgres_answers()
    if problem:
        if os.environ.get("SEARCH_REQUIRE_POSTGRES"):
            pytest.fail(problem)
        pytest.skip(problem)
    env = {**os.environ, "DATABASE_URL": URL}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--create-db",
            "-k",
            "postgres",
            "tests/search/test_conformance.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    tail = (result.stdout + result.stderr)[-4000:]
    assert result.returncode == 0, tail
    # Every selected test ran on PostgreSQL: none was skipped for want of it.
    assert " passed" in tail and "skipped" not in tail, tail
