"""Documents -> "Add a document": the admin's multiple uploader, for every role that
uploads. Each file is checked, stored with readable defaults (title, language, access
level, SWG) and can then be described and saved with "Update"; a refused file gets
one clear, translated reason and leaves nothing behind."""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import UploadedFile

from documents import samples
from documents.models import PortalDocument
from swg.roles.services import appoint
from swg.services import ensure_working_group
from tests.documents.fixtures import (
    ENGLISH,
    LAO,
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

UPLOADERS = [
    "health.secretariat@example.org",
    "health.cochair@example.org",
    "health.chair@example.org",
    "admin@example.org",
]
URL = "/admin/documents/multiple/add/"


@pytest.fixture
def signed_in(in_admin):
    return in_admin


def upload(client, name, data, collection, **posted):
    """What Wagtail's uploader script posts for one file: the title is the file name
    without its extension."""
    fields = {"title": re.sub(r"\.[^.]+$", "", name), "collection": collection.collection_id}
    fields.update(posted)
    response = client.post(URL, {"files[]": SimpleUploadedFile(name, data), **fields})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def edit_form_fields(form_html):
    """The fields of the edit form the uploader shows after an upload."""
    fields = {}
    for name, value in re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', form_html):
        fields.setdefault(name, value)
    for name, value in re.findall(r'<option value="([^"]*)"[^>]*selected', form_html):
        fields.setdefault(name, value)
    return fields


@pytest.mark.parametrize("email", UPLOADERS)
def test_each_uploader_uploads_and_updates_a_document(signed_in, email, health, media):
    client = signed_in(email)
    page = client.get(URL)
    assert page.status_code == 200
    data = samples.make_docx(ENGLISH + [f"marker {email}"], title="Health budget note 2026")
    answer = upload(client, "health_budget-note.docx", data, health)
    assert answer["success"] is True, answer
    document = PortalDocument.objects.get(pk=answer["doc_id"])
    assert document.title == "Health budget note 2026"
    assert document.language == "en"
    assert document.access_level == "members"
    assert list(document.working_groups.all()) == [health]
    assert document.uploaded_by_user == get_user_model().objects.get(email=email)
    assert media() == stored_names(document)

    form = answer["form"]
    action = re.search(r'<form action="([^"]+)"', form).group(1)
    assert action == f"/admin/documents/multiple/{document.pk}/"
    prefix = f"doc-{document.pk}-"
    assert f'name="{prefix}working_groups" value="{health.pk}"' in form
    update = {
        f"{prefix}title": "Health budget note, revised",
        f"{prefix}collection": str(health.collection_id),
        f"{prefix}tags": "",
        f"{prefix}translated_title": "ບົດບັນທຶກງົບປະມານສາທາລະນະສຸກ",
        f"{prefix}working_groups": [str(health.pk)],
        f"{prefix}document_type": "report",
        f"{prefix}document_date": "2026-03-10",
        f"{prefix}language": "en",
        f"{prefix}access_level": "restricted",
    }
    saved = client.post(action, update)
    assert saved.status_code == 200
    assert saved.json()["success"] is True, saved.json()
    document.refresh_from_db()
    assert (document.title, document.document_type, document.access_level) == (
        "Health budget note, revised",
        "report",
        "restricted",
    )


def test_two_files_at_once_get_readable_titles_and_their_languages(signed_in, health, media):
    client = signed_in("health.secretariat@example.org")
    lao = upload(client, "ບົດລາຍງານ_ກອງປະຊຸມ-ສາທາລະນະສຸກ.pdf", samples.make_pdf(LAO), health)
    mixed = upload(
        client,
        "minutes_2025-03-10-3f9a1c0b2e.pdf",
        samples.make_pdf(LAO[:2] + ENGLISH[:2]),
        health,
    )
    titles = {
        PortalDocument.objects.get(pk=answer["doc_id"]).title: PortalDocument.objects.get(
            pk=answer["doc_id"]
        ).language
        for answer in (lao, mixed)
    }
    assert titles == {"ບົດລາຍງານ ກອງປະຊຸມ ສາທາລະນະສຸກ": "lo", "minutes 2025-03-10": "both"}


def test_the_title_saved_in_a_pdf_is_used(signed_in, health, media):
    client = signed_in("health.secretariat@example.org")
    data = samples.make_pdf(LAO, title="ບົດສະຫຼຸບກອງປະຊຸມວິຊາການ")
    answer = upload(client, "scan0001.pdf", data, health)
    assert PortalDocument.objects.get(pk=answer["doc_id"]).title == "ບົດສະຫຼຸບກອງປະຊຸມວິຊາການ"


def test_a_placeholder_title_inside_the_file_is_not_used(signed_in, health, media):
    client = signed_in("health.secretariat@example.org")
    data = samples.make_docx(ENGLISH, title="Microsoft Word - Document1.docx")
    answer = upload(client, "SWG_workplan_2026.docx", data, health)
    assert PortalDocument.objects.get(pk=answer["doc_id"]).title == "SWG workplan 2026"


REFUSALS = [
    # (file name, bytes, English reason, Lao reason)
    ("setup.exe", samples.make_windows_executable(), "can run programs", "ສາມາດສັ່ງໃຫ້ໂປຣແກຣມ"),
    ("report.pdf", samples.make_elf_executable(), "program or script", "ເປັນໂປຣແກຣມ"),
    ("broken.docx", samples.make_broken_docx(), "damaged", None),
    ("cut.pdf", samples.make_truncated_pdf(), "incomplete", None),
    ("bomb.docx", samples.make_zip_bomb_docx(), "expands to far more data", None),
]


@pytest.mark.parametrize(("name", "data", "english", "lao"), REFUSALS)
def test_a_refused_file_gets_one_reason_and_leaves_nothing(
    signed_in, health, media, name, data, english, lao
):
    before = document_count()
    answer = upload(signed_in("health.secretariat@example.org"), name, data, health)
    assert answer["success"] is False
    assert english in answer["error_message"]
    # One reason, without Wagtail's second "File extension “” is not allowed".
    assert answer["error_message"].count("<p>") == 1
    assert "extension" not in answer["error_message"].replace(".exe", "")
    assert document_count() == before
    assert media() == []
    assert not UploadedFile.objects.exists()
    if lao:
        answer = upload(signed_in("health.secretariat@example.org", "lo"), name, data, health)
        assert lao in answer["error_message"]


def test_a_duplicate_names_the_document_already_there(signed_in, health, media, make_document):
    data = unique_pdf()
    existing = make_document(data=data, title="Minutes & notes of March")
    answer = upload(signed_in("health.secretariat@example.org"), "again.pdf", data, health)
    assert answer["success"] is False
    # The title is shown once, escaped once (the uploader inserts the message as HTML).
    assert "“Minutes &amp; notes of March”" in answer["error_message"]
    assert PortalDocument.objects.filter(sha256=existing.sha256).count() == 1
    assert media() == stored_names(existing)


def test_a_file_over_the_size_limit_is_refused_in_the_uploaders_language(
    signed_in, health, media, settings
):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024
    data = samples.make_pdf(ENGLISH * 40)
    assert len(data) > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    english = upload(signed_in("health.secretariat@example.org"), "big.pdf", data, health)
    assert english["success"] is False
    assert "larger than the limit of 10 KB" in english["error_message"]
    lao = upload(signed_in("health.secretariat@example.org", "lo"), "big.pdf", data, health)
    assert "ໃຫຍ່ກວ່າຂະໜາດທີ່ກຳນົດໄວ້ 10 KB" in lao["error_message"]
    assert lao["error_message"].count("<p>") == 1
    assert media() == []


def test_the_page_states_the_size_limit_in_lao_for_the_browsers_own_check(signed_in, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
    page = signed_in("health.secretariat@example.org", "lo").get(URL).content.decode()
    assert 'data-max-file-size="20971520"' in page
    messages = json.loads(re.search(r"data-messages='([^']+)'", page).group(1))
    assert "ໃຫຍ່ກວ່າຂະໜາດທີ່ກຳນົດໄວ້ 20 MB" in messages["maxFileSize"]
    assert "20 MB" in page and "Maximum filesize" not in page


def test_a_collection_of_another_swg_is_refused(signed_in, health, education, media):
    answer = upload(
        signed_in("health.secretariat@example.org"), "report.pdf", unique_pdf(), education
    )
    assert answer["success"] is False
    assert "sector working groups you prepare content for" in answer["error_message"]
    assert media() == []


def test_an_unfinished_upload_from_before_is_removed(signed_in, user_named, media):
    client = signed_in("health.secretariat@example.org")
    stale = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(PortalDocument),
        file=SimpleUploadedFile("left-over.pdf", unique_pdf()),
        uploaded_by_user=user_named("health.secretariat@example.org"),
    )
    before = document_count()
    response = client.post(
        f"/admin/documents/multiple/create_from_uploaded_document/{stale.pk}/",
        {"uploaded-document-1-title": "Left over"},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "Upload the file again" in response.json()["form"]
    assert not UploadedFile.objects.exists()
    assert document_count() == before
    assert media() == []


def test_the_single_upload_form_defaults_to_members_and_a_readable_title(signed_in, health, media):
    client = signed_in("health.secretariat@example.org")
    form = client.get("/admin/documents/add/").content.decode()
    assert re.search(r'<option value="members"[^>]*selected', form)
    response = client.post(
        "/admin/documents/add/",
        {
            # The browser fills the title in from the file name.
            "title": "annual_health-report",
            "file": SimpleUploadedFile("annual_health-report.pdf", samples.make_pdf(ENGLISH)),
            "collection": health.collection_id,
            "tags": "",
            "working_groups": [health.pk],
            "document_type": "report",
            "language": "en",
            "access_level": "members",
        },
    )
    assert response.status_code == 302, response.content[:1000]
    assert PortalDocument.objects.filter(title="annual health report").exists()


def test_an_uploader_with_one_collection_is_not_asked_for_it(client, settings, health, media):
    """The secretariat of one sub-group only: Wagtail shows no collection chooser and
    posts none; the document goes to that group's collection and is filed under it."""
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    group = ensure_working_group(
        "health-financing", name_en="Health Financing", name_lo="ການເງິນສາທາລະນະສຸກ", parent=health
    )
    officer = get_user_model().objects.create_user(
        email="financing.officer@example.org", password="unused-password-1"
    )
    appoint(officer, group, "secretariat")
    client.force_login(officer)
    assert 'name="collection"' not in client.get(URL).content.decode()
    response = client.post(
        URL,
        {"files[]": SimpleUploadedFile("financing_plan.pdf", unique_pdf()), "title": "x"},
    )
    document = PortalDocument.objects.get(pk=response.json()["doc_id"])
    assert document.collection_id == group.collection_id
    assert list(document.working_groups.all()) == [group]
