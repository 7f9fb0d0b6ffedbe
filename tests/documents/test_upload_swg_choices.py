"""The admin's document form offers only the SWGs the user may draft in, and refuses others."""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import PortalDocument
from swg.models import SectorWorkingGroup
from swg.roles.services import appoint
from tests.documents.fixtures import (
    document_count,
    education,
    health,
    make_document,
    media,
    unique_pdf,
    user_named,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_reader(client):
    """The refusals are checked in English: a reader who chose English (the admin
    otherwise follows the user's saved language, Lao for the demo accounts)."""
    client.cookies["portal_language"] = "en"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    # The two-factor gate before the admin is tested with the roles (tests/roles).
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False


@pytest.fixture
def financing():
    return SectorWorkingGroup.objects.get(slug="health-financing")


@pytest.fixture
def financing_secretariat(financing):
    """The secretariat of one SWG (a sub-group of Health) and nothing else."""
    user = get_user_model().objects.create_user(
        email="financing.secretariat@example.org", password="unused-password-1"
    )
    appoint(user, financing, "secretariat")
    return user


def _offered(response):
    return {group.slug for group in response.context["form"].fields["working_groups"].queryset}


def _upload(client, groups, collection, **extra):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "Forged filing",
            "file": SimpleUploadedFile("report.pdf", unique_pdf()),
            "collection": collection.pk,
            "tags": "",
            "working_groups": [group.pk for group in groups],
            "document_type": "report",
            "language": "en",
            "access_level": "members",
            **extra,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_a_secretariat_is_offered_its_own_swg_only(client, financing_secretariat, financing):
    client.force_login(financing_secretariat)
    response = client.get("/admin/documents/add/")
    assert response.status_code == 200
    assert _offered(response) == {"health-financing"}
    page = response.content.decode()
    assert f'name="working_groups" value="{financing.pk}"' in page
    assert page.count('name="working_groups"') == 1


def test_a_chair_of_a_parent_swg_is_offered_its_sub_groups_too(client, user_named):
    client.force_login(user_named("health.chair@example.org"))
    assert _offered(client.get("/admin/documents/add/")) == {"health", "health-financing"}


def test_the_round_table_secretariat_is_offered_every_swg(client, user_named):
    client.force_login(user_named("admin@example.org"))
    offered = _offered(client.get("/admin/documents/add/"))
    assert offered == set(SectorWorkingGroup.objects.values_list("slug", flat=True))


@pytest.mark.parametrize("other", ["health", "education"])
def test_a_post_naming_another_swg_is_refused_and_leaves_nothing(
    client, financing_secretariat, financing, media, other
):
    client.force_login(financing_secretariat)
    before = document_count()
    target = SectorWorkingGroup.objects.get(slug=other)
    # Not even together with one of its own.
    response = _upload(client, [financing, target], financing.collection)
    assert response.status_code == 400
    assert "prepare content for" in response.content.decode()
    assert document_count() == before
    assert media() == []


def test_a_secretariat_files_under_its_own_swg(client, financing_secretariat, financing, media):
    client.force_login(financing_secretariat)
    response = _upload(client, [financing], financing.collection)
    assert response.status_code == 302, response.content[:2000]
    document = PortalDocument.objects.get(title="Forged filing")
    assert list(document.working_groups.all()) == [financing]


def test_a_parent_chair_files_under_a_sub_group(client, user_named, health, financing, media):
    client.force_login(user_named("health.chair@example.org"))
    response = _upload(client, [financing], health.collection)
    assert response.status_code == 302, response.content[:2000]
    assert list(PortalDocument.objects.get(title="Forged filing").working_groups.all()) == [
        financing
    ]
    response = _upload(
        client, [SectorWorkingGroup.objects.get(slug="education")], health.collection
    )
    assert response.status_code == 400


def test_the_round_table_secretariat_files_anywhere(client, user_named, education, health, media):
    client.force_login(user_named("admin@example.org"))
    response = _upload(client, [education], health.collection)
    assert response.status_code == 302, response.content[:2000]
    document = PortalDocument.objects.get(title="Forged filing")
    assert list(document.working_groups.all()) == [education]


def _edit_fields(document, groups, **extra):
    return {
        "title": document.title,
        "file": "",
        "collection": document.collection_id,
        "tags": "",
        "translated_title": "",
        "working_groups": [group.pk for group in groups],
        "document_type": document.document_type,
        "document_date": "",
        "language": document.language,
        "access_level": document.access_level,
        **extra,
    }


def test_editing_keeps_the_swgs_the_editor_does_not_draft_in(
    client, user_named, make_document, health, education
):
    document = make_document("members", swgs=[health, education])
    client.force_login(user_named("health.chair@example.org"))
    response = client.get(f"/admin/documents/edit/{document.pk}/")
    assert _offered(response) == {"health", "health-financing"}
    # The chair unticks Health; Education is not theirs to remove.
    response = client.post(
        f"/admin/documents/edit/{document.pk}/", _edit_fields(document, [], title="Renamed")
    )
    assert response.status_code == 302, response.content[:2000]
    document.refresh_from_db()
    assert document.title == "Renamed"
    assert list(document.working_groups.all()) == [education]


def test_an_edit_naming_another_swg_is_refused(client, user_named, make_document, health):
    document = make_document("members", swgs=[health])
    client.force_login(user_named("health.secretariat@example.org"))
    education = SectorWorkingGroup.objects.get(slug="education")
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        _edit_fields(document, [health, education], title="Moved"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "prepare content for" in response.content.decode()
    document.refresh_from_db()
    assert document.title != "Moved"
    assert list(document.working_groups.all()) == [health]


def test_the_multiple_uploader_refuses_another_swg_too(client, user_named, make_document, health):
    document = make_document("members", swgs=[health])
    client.force_login(user_named("health.secretariat@example.org"))
    education = SectorWorkingGroup.objects.get(slug="education")
    fields = _edit_fields(document, [education], title="Moved")
    fields.pop("file")
    prefix = f"doc-{document.pk}"
    response = client.post(
        f"/admin/documents/multiple/{document.pk}/",
        {f"{prefix}-{name}": value for name, value in fields.items()},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # The uploader's own protocol: the form comes back with its error.
    assert response.json()["success"] is False
    assert "prepare content for" in response.json()["form"]
    document.refresh_from_db()
    assert list(document.working_groups.all()) == [health]
