"""Earlier files of a document stay listed and downloadable by its readers."""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import io

import pytest

from documents import services
from documents.models import DownloadLog
from tests.documents.fixtures import health, make_document, media, unique_pdf, user_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def replaced(make_document, user_named):
    document = make_document("restricted", name="ບົດລາຍງານ ສະບັບທີ 1.pdf")
    services.replace_file(
        document,
        io.BytesIO(unique_pdf()),
        name="ບົດລາຍງານ ສະບັບທີ 2.pdf",
        by=user_named("health.secretariat@example.org"),
    )
    return document


def test_the_previous_file_is_downloadable_by_readers(client, login, replaced):
    version = replaced.versions.get()
    assert version.download_name == "ບົດລາຍງານ ສະບັບທີ 1.pdf"
    assert version.url.startswith(f"/documents/{replaced.pk}/versions/{version.pk}/")
    login("health.chair@example.org")
    response = client.get(version.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert DownloadLog.objects.filter(document=replaced, version=version).count() == 1


@pytest.mark.parametrize(
    ("email", "status"),
    [(None, 302), ("health.member@example.org", 403), ("education.member@example.org", 403)],
)
def test_versions_are_as_private_as_their_document(client, login, replaced, email, status):
    if email:
        login(email)
    assert client.get(replaced.versions.get().url).status_code == status


def test_a_version_of_another_document_is_404(client, login, replaced, make_document):
    other = make_document("public")
    version = replaced.versions.get()
    login("admin@example.org")
    url = f"/documents/{other.pk}/versions/{version.pk}/x.pdf"
    assert client.get(url).status_code == 404
