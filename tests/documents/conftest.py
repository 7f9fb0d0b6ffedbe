"""Fixtures for the document archive's framework-independent core.

These tests need no database. Run without pytest-django (`-p no:django`), the
module configures minimal settings itself so translated messages can render.
"""

import os

import django
import pytest
from django.conf import settings

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(USE_I18N=True, LANGUAGE_CODE="en")
    django.setup()

from documents import samples  # noqa: E402

LAO = list(samples.LAO_PARAGRAPHS)
ENGLISH = list(samples.ENGLISH_PARAGRAPHS)
BOTH = LAO + ENGLISH


def squashed(text: str) -> str:
    """Text without any whitespace, so line wrapping in a PDF does not matter."""
    return "".join(text.split())


@pytest.fixture
def write_file(tmp_path):
    """Write bytes to a file under tmp_path and return its path."""

    def _write(name: str, data: bytes):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write
