"""PDFs that carry scripts, actions on opening or on events, or embedded files are
accepted, recorded as such on the document, and offered as downloads only (never shown
inline, under a sandboxing Content-Security-Policy); the admin says why."""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from wagtail.users.models import UserProfile

from documents import samples
from documents.models import PortalDocument
from documents.upload_checks import ACTIVE_CONTENT, check_upload, inspect_pdf
from tests.documents.fixtures import health, make_document, media, unique_pdf, user_named

LIMIT = 10 * 1024 * 1024
EXPECTED = {
    "javascript": ("javascript", "open_action"),
    "named_javascript": ("javascript",),
    "launch": ("launch", "open_action"),
    "open_uri": ("open_action",),
    "page_actions": ("automatic_action", "javascript"),
    "embedded_file": ("embedded_file",),
    "open_at_page": (),
}


@pytest.mark.parametrize(("action", "codes"), EXPECTED.items(), ids=list(EXPECTED))
def test_the_upload_checks_find_what_a_pdf_would_do_by_itself(action, codes):
    checked = check_upload(
        "ບົດລາຍງານ.pdf", io.BytesIO(samples.make_pdf_with_actions(action)), max_size=LIMIT
    )
    assert checked.active_content == codes
    assert set(codes) <= set(ACTIVE_CONTENT)


def _written_by_pypdf(change):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(samples.make_pdf(samples.LAO_PARAGRAPHS))))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda writer: writer.add_open_action(JavaScript("app.alert('x');")), "javascript"),
        (lambda writer: writer.add_attachment("tool.exe", b"MZ"), "embedded_file"),
    ],
    ids=["add_open_action", "add_attachment"],
)
def test_what_a_pdf_library_writes_is_found_too(change, code, tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(_written_by_pypdf(change))
    verdict, found = inspect_pdf(str(path))
    assert verdict == "ok"
    assert code in found


def test_ordinary_pdfs_carry_nothing(tmp_path):
    for number, data in enumerate(
        [samples.make_pdf(samples.LAO_PARAGRAPHS, pages=3), unique_pdf()]
    ):
        path = tmp_path / f"{number}.pdf"
        path.write_bytes(data)
        assert inspect_pdf(str(path)) == ("ok", ())


@pytest.mark.django_db
def test_a_pdf_with_scripts_is_recorded_and_only_downloaded(client, make_document):
    document = make_document("public", data=samples.make_pdf_with_actions("javascript"))
    assert document.active_content == "javascript,open_action"
    assert not document.opens_in_browser
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; ")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_a_clean_pdf_still_opens_in_the_browser(client, make_document):
    document = make_document("public", data=samples.make_pdf_with_actions("open_at_page"))
    assert document.active_content == ""
    response = client.get(document.url)
    assert response["Content-Disposition"].startswith("inline; ")


@pytest.mark.django_db
def test_a_replaced_file_is_judged_afresh(make_document):
    from documents import services

    document = make_document("public", data=samples.make_pdf_with_actions("launch"))
    assert not document.opens_in_browser
    services.replace_file(document, io.BytesIO(unique_pdf()), name="clean.pdf")
    document.refresh_from_db()
    assert document.active_content == ""
    assert document.opens_in_browser


@pytest.mark.django_db
def test_pdfs_never_checked_are_downloads_until_inspect_documents(client, make_document):
    flagged = make_document("public", data=samples.make_pdf_with_actions("embedded_file"))
    clean = make_document("public")
    PortalDocument.objects.filter(pk__in=[flagged.pk, clean.pk]).update(active_content=None)
    clean.refresh_from_db()
    with translation.override("en"):
        assert clean.active_content_labels() == ["not yet checked for scripts and actions"]
    assert client.get(clean.url)["Content-Disposition"].startswith("attachment; ")

    out = io.StringIO()
    call_command("inspect_documents", stdout=out)
    assert "offered as downloads only" in out.getvalue()
    assert f"{flagged.pk} " in out.getvalue()
    flagged.refresh_from_db()
    clean.refresh_from_db()
    assert flagged.active_content == "embedded_file"
    assert clean.active_content == ""
    assert client.get(clean.url)["Content-Disposition"].startswith("inline; ")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "reason"),
    [("en", "an action that starts a program"), ("lo", "ຄຳສັ່ງທີ່ເປີດໂປຣແກຣມ")],
)
def test_the_admin_shows_why_a_pdf_is_only_downloaded(
    client, user_named, settings, health, media, language, reason
):
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False  # the gate is tested in tests/roles
    admin = user_named("admin@example.org")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = language
    profile.save()
    client.force_login(admin)
    upload = SimpleUploadedFile("ແຜນງານ.pdf", samples.make_pdf_with_actions("launch"))
    fields = {
        "title": "ແຜນງານ",
        "file": upload,
        "collection": health.collection_id,
        "tags": "",
        "working_groups": [health.pk],
        "document_type": "report",
        "language": "lo",
        "access_level": "public",
    }
    response = client.post("/admin/documents/add/", fields)
    assert response.status_code == 302, response.content[:2000]
    document = PortalDocument.objects.get(title="ແຜນງານ")
    assert document.active_content == "launch,open_action"
    page = client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert reason in page
