"""store_document, replace_file and extraction: all or nothing, text and search record."""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import io

import pytest

from documents import samples, services
from documents.models import DocumentVersion, ExtractionStatus, PortalDocument
from documents.upload_checks import UploadRejected
from search.models import SearchRecord
from tests.documents.fixtures import (
    LAO,
    LAO_NAME,
    document_count,
    education,
    health,
    make_document,
    media,
    stored_names,
    unique_pdf,
    user_named,
)

pytestmark = pytest.mark.django_db


def test_store_document_keeps_metadata_text_and_a_search_record(make_document, health, media):
    document = make_document("members", document_type="minutes", language="lo")
    assert document.original_filename == LAO_NAME
    assert document.download_name == LAO_NAME
    assert document.file_kind == "pdf"
    assert len(document.sha256) == 64
    assert document.file_size > 0
    assert document.extraction_status == ExtractionStatus.DONE
    assert "ສິດເສລີພາບ" in "".join(document.extracted_text.split())
    assert document.page_count == 1
    assert list(document.working_groups.all()) == [health]
    # Stored under a short ASCII name; the Lao name is kept for downloads.
    assert media() == stored_names(document)
    assert document.file.name.isascii()
    assert document.collection == health.collection
    record = SearchRecord.objects.get(key=f"document:{document.pk}")
    assert record.access == "members" and record.swg_ids == [health.pk]
    assert record.url == document.url
    assert record.kind == "document"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("setup.exe", samples.make_windows_executable(), "dangerous_name"),
        ("report.pdf", samples.make_elf_executable(), "executable"),
        ("bomb.docx", samples.make_zip_bomb_docx(), "archive_bomb"),
        ("locked.pdf", samples.make_encrypted_pdf(), "encrypted"),
        ("cut.pdf", samples.make_truncated_pdf(), "corrupt"),
        ("empty.txt", b"", "empty"),
        ("..\u202efdp.exe", b"%PDF-1.4", "bad_name"),
    ],
)
def test_refused_files_leave_no_row_and_no_file(media, health, name, data, code):
    before = document_count()
    with pytest.raises(UploadRejected) as refused:
        services.store_document(io.BytesIO(data), name=name, swgs=[health])
    assert refused.value.code == code
    assert str(refused.value.message)
    assert document_count() == before
    assert media() == []


def test_duplicates_are_refused_and_name_the_existing_document(make_document, media):
    data = unique_pdf()
    first = make_document(data=data)
    with pytest.raises(services.DuplicateDocument) as duplicate:
        make_document(data=data, name="copy.pdf")
    assert duplicate.value.existing == first
    assert media() == stored_names(first)


def test_a_failure_after_storing_removes_row_and_file(make_document, media, monkeypatch):
    def broken_index(document_id):
        raise RuntimeError("search backend down")

    monkeypatch.setattr(services, "index_document", broken_index)
    before = document_count()
    with pytest.raises(RuntimeError):
        make_document()
    assert document_count() == before
    assert media() == []


def test_replace_file_keeps_the_old_file_as_a_version_and_reextracts(
    make_document, user_named, media, django_capture_on_commit_callbacks
):
    document = make_document(data=unique_pdf(lao=False), name="report.pdf")
    old_name, old_sha = document.file.name, document.sha256
    assert "human beings" in document.extracted_text
    secretariat = user_named("health.secretariat@example.org")
    new = samples.make_docx(LAO, title="ສະບັບປັບປຸງ")
    # Re-extraction is queued for when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        services.replace_file(document, io.BytesIO(new), name="ສະບັບປັບປຸງ.docx", by=secretariat)
    document.refresh_from_db()
    assert document.original_filename == "ສະບັບປັບປຸງ.docx"
    assert document.file_kind == "docx"
    assert document.extraction_status == ExtractionStatus.DONE
    assert "ສິດເສລີພາບ" in document.extracted_text
    version = document.versions.get()
    assert version.file.name == old_name and version.sha256 == old_sha
    assert version.original_filename == "report.pdf"
    assert version.replaced_by == secretariat
    assert version.file_size and version.replaced_at
    # The PDF's thumbnail went with it; the DOCX has none.
    assert media() == sorted([old_name, document.file.name])


def test_saving_a_new_file_queues_extraction_after_commit(
    make_document, django_capture_on_commit_callbacks
):
    document = make_document(data=unique_pdf(lao=False))
    PortalDocument.objects.filter(pk=document.pk).update(
        extraction_status=ExtractionStatus.PENDING, extracted_text=""
    )
    document.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.replace_file(document, io.BytesIO(unique_pdf(lao=False)), name="new.pdf")
    assert callbacks, "extraction is queued for after the commit"
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.DONE
    assert "human beings" in document.extracted_text


def test_deleting_a_document_removes_its_search_record_and_versions(
    make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    services.replace_file(document, io.BytesIO(unique_pdf()), name="v2.pdf")
    key = document.search_key()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_document(document)
    assert not SearchRecord.objects.filter(key=key).exists()
    assert not DocumentVersion.objects.filter(document_id=document.pk).exists()


def test_metadata_changes_reach_the_search_record(
    make_document, education, django_capture_on_commit_callbacks
):
    document = make_document()
    with django_capture_on_commit_callbacks(execute=True):
        document.access_level = "restricted"
        document.save()
        document.working_groups.add(education)
    record = SearchRecord.objects.get(key=document.search_key())
    assert record.access == "restricted"
    assert sorted(record.swg_ids) == sorted(g.pk for g in document.working_groups.all())
