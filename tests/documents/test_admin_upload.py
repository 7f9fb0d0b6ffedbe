"""Uploads through the Wagtail admin run the upload checks and the extraction task."""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import samples
from documents.models import DocumentVersion, ExtractionStatus, PortalDocument
from search.models import SearchRecord
from tests.documents.fixtures import (
    ENGLISH,
    LAO_NAME,
    document_count,
    health,
    make_document,
    media,
    stored_names,
    unique_pdf,
    user_named,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, user_named, settings):
    # The two-factor gate before the admin is tested with the roles (tests/roles).
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    client.force_login(user_named("admin@example.org"))
    # The messages below are checked in English: a reader who chose English (the admin
    # otherwise follows the user's saved language, Lao for the demo accounts).
    client.cookies["portal_language"] = "en"
    return client


def _fields(health, upload, **extra):
    return {
        "title": "ບົດບັນທຶກກອງປະຊຸມ",
        "file": upload,
        "collection": health.collection_id,
        "tags": "",
        "translated_title": "Minutes of the meeting",
        "working_groups": [health.pk],
        "document_type": "minutes",
        "document_date": "2026-03-10",
        "language": "lo",
        "access_level": "members",
        **extra,
    }


def test_an_admin_upload_is_checked_stored_extracted_and_indexed(
    admin, health, media, django_capture_on_commit_callbacks
):
    data = unique_pdf()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/documents/add/", _fields(health, SimpleUploadedFile(LAO_NAME, data))
        )
    assert response.status_code == 302, response.content[:2000]
    document = PortalDocument.objects.get(title="ບົດບັນທຶກກອງປະຊຸມ")
    assert document.original_filename == LAO_NAME
    assert document.file_kind == "pdf"
    assert document.access_level == "members"
    assert list(document.working_groups.all()) == [health]
    assert document.extraction_status == ExtractionStatus.DONE
    assert "ສິດເສລີພາບ" in document.extracted_text
    assert len(document.sha256) == 64
    assert media() == stored_names(document)
    record = SearchRecord.objects.get(key=document.search_key())
    assert record.access == "members" and record.swg_ids == [health.pk]


REFUSED = [
    ("setup.exe", samples.make_windows_executable(), "Files ending in"),
    ("report.pdf", samples.make_elf_executable(), "program or script"),
    ("bomb.docx", samples.make_zip_bomb_docx(), "expands to far more data"),
    ("locked.pdf", samples.make_encrypted_pdf(), "protected with a password"),
    ("cut.pdf", samples.make_truncated_pdf(), "incomplete"),
    ("broken.docx", samples.make_broken_docx(), "damaged"),
    ("report.pdf", samples.make_docx(ENGLISH), "really a DOCX"),
    # Django's upload parser already drops control characters such as U+202E.
    ("CON.pdf", unique_pdf(), "cannot be used"),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSED)
def test_refused_uploads_show_the_reason_and_leave_nothing(
    admin, health, media, name, data, message
):
    before = document_count()
    response = admin.post(
        "/admin/documents/add/",
        _fields(health, SimpleUploadedFile(name, data)),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert document_count() == before
    assert media() == []


def test_the_refusal_is_shown_in_lao_to_a_lao_admin(admin, health, media, user_named):
    user = user_named("admin@example.org")
    profile = user.wagtail_userprofile if hasattr(user, "wagtail_userprofile") else None
    if profile is None:
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(user)
    profile.preferred_language = "lo"
    profile.save()
    response = admin.post(
        "/admin/documents/add/",
        _fields(health, SimpleUploadedFile("setup.exe", samples.make_windows_executable())),
    )
    assert "ໄຟລ໌ທີ່ລົງທ້າຍດ້ວຍ" in response.content.decode()


def test_a_duplicate_upload_names_the_document_already_there(admin, health, media, make_document):
    data = unique_pdf()
    existing = make_document(data=data, title="The first copy")
    response = admin.post(
        "/admin/documents/add/",
        _fields(health, SimpleUploadedFile("again.pdf", data)),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "The first copy" in response.content.decode()
    assert PortalDocument.objects.filter(sha256=existing.sha256).count() == 1
    assert media() == stored_names(existing)


def test_the_multiple_uploader_refuses_hostile_files_too(admin, health, media):
    before = document_count()
    response = admin.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile("bomb.docx", samples.make_zip_bomb_docx()),
            "collection": health.collection_id,
        },
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert document_count() == before
    assert media() == []


def test_replacing_the_file_in_the_admin_keeps_a_version(
    admin, health, media, make_document, user_named, django_capture_on_commit_callbacks
):
    document = make_document("members", name="first.pdf")
    first_file = document.file.name
    new = samples.make_docx(ENGLISH + ["replacement marker"], title="Second")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/admin/documents/edit/{document.pk}/",
            _fields(health, SimpleUploadedFile("second.docx", new), title="Replaced"),
        )
    assert response.status_code == 302, response.content[:2000]
    document.refresh_from_db()
    assert document.original_filename == "second.docx"
    assert "replacement marker" in document.extracted_text
    version = DocumentVersion.objects.get(document=document)
    assert version.file.name == first_file
    assert version.replaced_by == user_named("admin@example.org")
    assert sorted(media()) == sorted([first_file, document.file.name])
    # The old file is still served to readers.
    assert admin.get(version.url).status_code == 200


def test_editing_metadata_only_keeps_the_file_and_text(
    admin, health, media, make_document, django_capture_on_commit_callbacks
):
    document = make_document("public")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/admin/documents/edit/{document.pk}/",
            _fields(health, "", title="New title", access_level="restricted"),
        )
    assert response.status_code == 302, response.content[:2000]
    document.refresh_from_db()
    assert document.title == "New title"
    assert not document.versions.exists()
    assert document.extraction_status == ExtractionStatus.DONE
    assert SearchRecord.objects.get(key=document.search_key()).access == "restricted"


def test_the_admin_lists_restricted_downloads_read_only(admin, make_document):
    document = make_document("restricted")
    assert admin.get(document.url).status_code == 200
    response = admin.get("/admin/download_log/")
    assert response.status_code == 200
    assert document.title in response.content.decode()
    entry = document.download_log.get()
    assert admin.get(f"/admin/download_log/inspect/{entry.pk}/").status_code == 200
    assert admin.get(f"/admin/download_log/edit/{entry.pk}/", follow=True).status_code == 404


def test_the_admin_document_listing_filters_by_archive_metadata(admin, make_document):
    restricted = make_document("restricted", title="Quokka restricted minutes")
    public = make_document("public", title="Quokka public minutes")
    response = admin.get("/admin/documents/?access_level=restricted&q=")
    assert response.status_code == 200
    page = response.content.decode()
    assert restricted.title in page and public.title not in page
    response = admin.get("/admin/documents/results/?extraction_status=done&access_level=public")
    assert public.title in response.content.decode()
