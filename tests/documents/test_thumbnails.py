"""First-page thumbnails of PDFs: rendered by PDFium in the sandbox, cached, private."""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import io

import pytest
from PIL import Image

from documents import samples, services, thumbnails
from tests.documents.fixtures import (
    ENGLISH,
    LAO,
    health,
    make_document,
    media,
    unique_pdf,
    user_named,
)
from tests.documents.test_serving import READERS, ROLES

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024


def _url(document):
    return f"/documents/{document.pk}/thumbnail.webp"


def _image(response):
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize("access", ["public", "members", "restricted"])
@pytest.mark.parametrize("email", ROLES)
def test_each_role_sees_the_thumbnails_of_what_it_may_read(
    client, login, make_document, access, email
):
    document = make_document(access)
    if email:
        login(email)
    response = client.get(_url(document))
    if email in READERS[access]:
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        image = _image(response)
        assert image.format == "WEBP"
        assert image.width == thumbnails.WIDTH
        # A4 is taller than wide.
        assert thumbnails.WIDTH < image.height <= thumbnails.MAX_HEIGHT
        if access != "public":
            assert response["Cache-Control"] == "private, no-store"
        elif email is None:
            assert response["Cache-Control"] == "public, max-age=300"
    elif email is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == 403
        assert not response.content.startswith(b"RIFF")


def test_the_thumbnail_is_rendered_once_at_ingestion_and_served_from_storage(
    client, make_document, media
):
    document = make_document("public")
    name = thumbnails.storage_name(document.sha256)
    assert name in media()  # rendered by the extraction step, before any request
    storage = document.file.storage
    # Were it rendered again per request, these bytes would not come back.
    with storage.open(name, "wb") as handle:
        handle.write(b"cached thumbnail")
    response = client.get(_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"cached thumbnail"


def test_a_missing_thumbnail_is_rendered_on_request(client, make_document, media):
    document = make_document("public")
    name = thumbnails.storage_name(document.sha256)
    document.file.storage.delete(name)
    assert name not in media()
    assert _image(client.get(_url(document))).width == thumbnails.WIDTH
    assert name in media()


def test_replacing_the_file_renders_a_new_thumbnail_and_drops_the_old_one(
    client, make_document, media, django_capture_on_commit_callbacks
):
    document = make_document("public", data=unique_pdf(*LAO))
    old_name = thumbnails.storage_name(document.sha256)
    old_pixels = _image(client.get(_url(document))).tobytes()
    replacement = samples.make_pdf(ENGLISH, title="Replacement")
    with django_capture_on_commit_callbacks(execute=True):
        services.replace_file(document, io.BytesIO(replacement), name="replacement.pdf")
    document.refresh_from_db()
    new_name = thumbnails.storage_name(document.sha256)
    assert new_name != old_name
    assert new_name in media()  # the re-extraction task rendered it
    assert old_name not in media()
    assert _image(client.get(_url(document))).tobytes() != old_pixels


def test_deleting_the_document_deletes_its_thumbnail(
    make_document, media, django_capture_on_commit_callbacks
):
    document = make_document("public")
    name = thumbnails.storage_name(document.sha256)
    assert name in media()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_document(document)
    assert name not in media()


def test_files_other_than_pdf_have_no_thumbnail(client, make_document, media):
    document = make_document(data=samples.make_docx(ENGLISH), name="notes.docx")
    assert client.get(_url(document)).status_code == 404
    assert not any(name.startswith(thumbnails.FOLDER) for name in media())


def _holding(document, data):
    """`document` as if its file were `data` (a file never seen before)."""
    storage = document.file.storage
    storage.delete(document.file.name)
    storage.save(document.file.name, io.BytesIO(data))
    document.sha256 = "f" * 64
    return document


@pytest.mark.parametrize(
    ("limit", "value"),
    [
        ("DOCUMENTS_EXTRACTION_MEMORY_LIMIT", 128 * MiB),
        # Inflating 200 MiB alone takes zlib a tenth of a second or more.
        ("DOCUMENTS_EXTRACTION_TIME_LIMIT", 0.02),
    ],
)
def test_a_hostile_pdf_costs_one_limited_child_once(settings, make_document, media, limit, value):
    # First page: a content stream inflating to 200 MiB, which PDFium holds in memory.
    document = _holding(make_document("public"), samples.make_pdf_bomb(200 * MiB))
    setattr(settings, limit, value)
    assert thumbnails.thumbnail(document) is None
    marker = f"{thumbnails.FOLDER}/{'f' * 32}-{thumbnails.WIDTH}.failed"
    assert marker in media()
    assert thumbnails.storage_name(document.sha256) not in media()
    # Remembered: asking again starts no child, even with the limits lifted.
    setattr(settings, limit, 1024 * MiB if "MEMORY" in limit else 60)
    assert thumbnails.thumbnail(document) is None


def test_a_broken_pdf_gets_no_thumbnail_and_no_error(client, make_document, media):
    document = _holding(make_document("public"), samples.make_corrupt_pdf())
    assert thumbnails.thumbnail(document) is None
