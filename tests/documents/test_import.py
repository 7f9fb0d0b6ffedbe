"""`manage.py import_documents`: per-file results, summary, duplicates, failures, manifest."""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from documents import samples
from documents.models import ExtractionStatus, PortalDocument
from search.models import SearchRecord
from tests.documents.fixtures import (
    ENGLISH,
    LAO,
    document_count,
    health,
    media,
    stored_names,
    unique_pdf,
)

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    with translation.override("en"):
        try:
            call_command("import_documents", *map(str, args), stdout=out, no_color=True)
        except CommandError as error:
            return out.getvalue(), error
    return out.getvalue(), None


@pytest.fixture
def archive_folder(tmp_path):
    folder = tmp_path / "legacy"
    (folder / "2023").mkdir(parents=True)
    good_docx = samples.make_docx([*ENGLISH, "import marker docx"], title="Minutes")
    files = {
        "ບົດລາຍງານ 2024.pdf": unique_pdf(),
        "2023/minutes.docx": good_docx,
        "2023/copy of minutes.docx": good_docx,
        "broken.pdf": samples.make_truncated_pdf(),
        "bomb.docx": samples.make_zip_bomb_docx(),
        "tool.exe": samples.make_windows_executable(),
        ".DS_Store": b"hidden files are skipped",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_a_folder_with_good_broken_and_duplicate_files(archive_folder, media, health):
    before = document_count()
    output, error = run(archive_folder, "--swg", "health", "--type", "report", "--language", "lo")
    assert error is not None and error.returncode == 1
    lines = output.splitlines()
    assert lines[0] == "Importing 6 files into health"
    results = {}
    for line in lines[1:-1]:
        match = re.match(r"^\[\s*\d+/\d+\] (OK|SKIPPED|FAILED)\s+(.+?): (.*)$", line)
        assert match, line
        results[match.group(2)] = line
    assert "OK" in results["2023/copy of minutes.docx"] or "OK" in results["2023/minutes.docx"]
    skipped = [line for line in lines if "SKIPPED" in line]
    assert len(skipped) == 1 and "duplicate of document" in skipped[0]
    assert "FAILED" in results["broken.pdf"] and "incomplete" in results["broken.pdf"]
    assert "FAILED" in results["bomb.docx"]
    assert "FAILED" in results["tool.exe"]
    assert "OK" in results["ບົດລາຍງານ 2024.pdf"]
    assert lines[-1].startswith("Done in ")
    assert "2 imported" in lines[-1] and "1 duplicate skipped" in lines[-1]
    assert "3 failed" in lines[-1]
    assert lines[1].startswith("[1/6]")
    # Two documents, fully made: metadata, SWG, text, search record; nothing else stored.
    assert document_count() == before + 2
    new = PortalDocument.objects.order_by("-pk")[:2]
    for document in new:
        assert document.extraction_status == ExtractionStatus.DONE
        assert document.document_type == "report" and document.language == "lo"
        assert list(document.working_groups.all()) == [health]
        assert SearchRecord.objects.filter(key=document.search_key()).exists()
    assert media() == stored_names(*new)


def test_everything_fine_exits_zero_and_a_second_run_skips_all(tmp_path, media):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(unique_pdf())
    (folder / "b.docx").write_bytes(samples.make_docx([*LAO, "second file marker"]))
    output, error = run(folder / "a.pdf", folder / "b.docx", "--swg", "health")
    assert error is None, output
    assert "2 imported" in output
    output, error = run(folder, "--swg", "health")
    assert error is None
    assert "0 imported" in output and "2 duplicates skipped" in output


def test_the_manifest_supplies_metadata_and_reports_bad_rows(tmp_path, media):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "minutes.pdf").write_bytes(unique_pdf())
    (tmp_path / "plan.docx").write_bytes(samples.make_docx([*ENGLISH, "manifest marker"]))
    (tmp_path / "manifest.csv").write_text(
        "file,title,type,date,language,access\n"
        "minutes.pdf,ບົດບັນທຶກກອງປະຊຸມ ປີ 2022,minutes,2022-05-17,lo,restricted\n"
        "plan.docx,Action plan,plan-of-action,2022-13-01,en,public\n"
        "ghost.pdf,Missing,report,,,\n",
        encoding="utf-8",
    )
    output, error = run(tmp_path, "--swg", "health", "--access", "members")
    assert error is not None and error.returncode == 1
    document = PortalDocument.objects.get(title="ບົດບັນທຶກກອງປະຊຸມ ປີ 2022")
    assert document.document_type == "minutes"
    assert str(document.document_date) == "2022-05-17"
    assert document.language == "lo" and document.access_level == "restricted"
    assert "manifest.csv line 3: unknown type “plan-of-action”" in output
    assert "listed in manifest.csv but not found" in output
    assert not PortalDocument.objects.filter(title="Action plan").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--swg", "nowhere"], "no sector working group “nowhere”"),
        (["--swg", "health", "--type", "memo"], "--type: unknown value “memo”"),
        (["--swg", "health", "--access", "secret"], "--access: unknown value “secret”"),
        (["--swg", "health", "--language", "fr"], "--language: unknown value “fr”"),
    ],
)
def test_bad_options_are_clear_errors(tmp_path, media, args, message):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "a.pdf").write_bytes(unique_pdf())
    before = document_count()
    output, error = run(tmp_path, *args)
    assert error is not None and message in str(error)
    assert document_count() == before


def test_a_missing_path_is_an_error(tmp_path):
    output, error = run(tmp_path / "nope", "--swg", "health")
    assert error is not None and "no such file or folder" in str(error)


def test_extraction_failure_leaves_nothing(tmp_path, media, settings):
    # The file passes the upload checks, but its text cannot be read within the
    # memory limit (big enough that reading it must map new memory).
    settings.DOCUMENTS_EXTRACTION_MEMORY_LIMIT = 8 * 1024 * 1024
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "a.pdf").write_bytes(samples.make_pdf([*LAO, *ENGLISH], pages=80))
    before = document_count()
    output, error = run(tmp_path, "--swg", "health")
    assert error is not None
    assert "text could not be extracted" in output and "nothing was stored" in output
    assert document_count() == before
    assert media() == []


def test_of_two_identical_files_the_one_in_the_manifest_is_kept(tmp_path, media):
    folder = tmp_path / "in"
    folder.mkdir()
    data = samples.make_docx([*ENGLISH, "manifest keeps this one"])
    (folder / "a copy.docx").write_bytes(data)
    (folder / "minutes.docx").write_bytes(data)
    (folder / "manifest.csv").write_text(
        "file,title,type,date,language,access\nminutes.docx,Minutes 2022,minutes,2022-11-20,en,\n"
    )
    output, error = run(folder, "--swg", "health")
    assert error is None, output
    assert "SKIPPED a copy.docx: duplicate of document" in output
    document = PortalDocument.objects.get(title="Minutes 2022")
    assert document.document_type == "minutes" and document.original_filename == "minutes.docx"
