"""The cached site structure must follow a change made by another process at once: a
page made private through one gunicorn worker (or by `publish_scheduled`, or the task
worker) may not stay public in the cache of another for an hour."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sitetree import site_structure

REPO = Path(__file__).resolve().parents[2]
BUMP = "from sitetree import site_structure; site_structure.changed()"


def base_default_cache(location):
    """CACHES as portal/settings/base.py builds it without REDIS_URL."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(PORTAL_CACHE_DIR=str(location), DJANGO_SETTINGS_MODULE="portal.settings.base")
    code = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPO,
        env={**env, "SECRET_KEY": "x"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_without_redis_the_default_cache_is_shared_between_processes(tmp_path, settings):
    caches = base_default_cache(tmp_path)
    assert caches["default"]["BACKEND"].endswith("FileBasedCache")
    settings.CACHES = caches
    before = site_structure._generation()

    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        PORTAL_CACHE_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}",
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", BUMP],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )
    assert site_structure._generation() != before
