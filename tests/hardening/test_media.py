"""`/media/` serves image renditions only, in every mode: a document's stored file is
never reachable by its name, not even on the demo server (DEBUG on)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from wagtail.images import get_image_model

from documents.models import PortalDocument
from portal import media

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def _restricted_document():
    document = PortalDocument.objects.filter(access_level="restricted").order_by("pk").first()
    assert document.file.storage.exists(document.file.name)
    return document


@pytest.mark.parametrize("email", [None, "education.member@example.org", "admin@example.org"])
def test_a_restricted_file_is_not_served_by_its_stored_name(debug, client, login, email):
    document = _restricted_document()
    if email:
        login(email)
    response = client.get(f"/media/{document.file.name}")
    assert response.status_code == 404
    assert document.file.read()[:64] not in b"".join(getattr(response, "streaming_content", []))


@pytest.mark.parametrize(
    "path",
    [
        "documents/thumbnails/x.webp",
        "original_images/x.jpg",
        "images/../documents/x.pdf",
        "images/%2e%2e/documents/x.pdf",
        "images/..%5cdocuments%5cx.pdf",
        "images/",
    ],
)
def test_nothing_but_renditions_is_served(debug, client, path):
    # A 404 ending in "/" is offered a language prefix first (LocaleMiddleware).
    assert client.get(f"/media/{path}", follow=True).status_code == 404


def test_image_renditions_are_served_to_anyone(debug, client):
    image = get_image_model().objects.order_by("pk").first()
    rendition = image.get_rendition("width-320|format-webp")
    assert rendition.url.startswith("/media/images/")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"].startswith("public")
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    assert client.get(image.file.url).status_code == 404  # the original is not linked


def test_media_inside_the_static_files_is_refused(settings, tmp_path):
    assert media.check_media_not_public() == []
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.MEDIA_ROOT = str(tmp_path / "static" / "media")
    assert [error.id for error in media.check_media_not_public()] == ["portal.E001"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MEDIA_URL = "/static/media/"
    assert [error.id for error in media.check_media_not_public()] == ["portal.E002"]
    with pytest.raises(SystemCheckError):
        call_command("check", tags=["security"])
