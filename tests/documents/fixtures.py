"""Fixtures for the archive's integration tests (import them by name into a test module)."""

import io
import logging

import pytest
from django.contrib.auth import get_user_model

from documents import samples, services, thumbnails
from documents.models import PortalDocument
from swg.models import SectorWorkingGroup

LAO = list(samples.LAO_PARAGRAPHS)
ENGLISH = list(samples.ENGLISH_PARAGRAPHS)
LAO_NAME = "ບົດລາຍງານ ກອງປະຊຸມ ສາທາລະນະສຸກ.pdf"

logging.getLogger("fontTools").setLevel(logging.WARNING)


@pytest.fixture
def media(settings, tmp_path):
    """A private MEDIA_ROOT for the test; returns a function listing the stored files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()

    def stored_files():
        return sorted(
            str(p.relative_to(settings.MEDIA_ROOT))
            for p in settings.MEDIA_ROOT.rglob("*")
            if p.is_file()
        )

    return stored_files


@pytest.fixture
def health():
    return SectorWorkingGroup.objects.get(slug="health")


@pytest.fixture
def education():
    return SectorWorkingGroup.objects.get(slug="education")


@pytest.fixture
def user_named():
    def _user(email):
        return get_user_model().objects.get(email=email)

    return _user


_counter = iter(range(10**6))


def unique_pdf(*paragraphs, lao=True):
    """A real PDF whose bytes differ from every other one made in this run."""
    marker = f"Unique test marker {next(_counter)}"
    body = list(paragraphs) or (LAO if lao else ENGLISH)
    return samples.make_pdf([*body, marker], title="Test document")


@pytest.fixture
def make_document(media, health):
    """Store a document through the service (text extracted and indexed)."""

    def _make(access="public", *, name=LAO_NAME, data=None, swgs=None, **fields):
        return services.store_document(
            io.BytesIO(data or unique_pdf()),
            name=name,
            swgs=swgs if swgs is not None else [health],
            access_level=access,
            **fields,
        )

    return _make


def document_count():
    return PortalDocument.objects.count()


def stored_names(*documents):
    """What storing `documents` leaves in storage: each file, and each PDF's thumbnail."""
    names = [document.file.name for document in documents]
    names += [thumbnails.storage_name(d.sha256) for d in documents if d.file_kind == "pdf"]
    return sorted(names)
