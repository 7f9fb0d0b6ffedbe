"""Downloads go through the access check: role x access level, headers, counts, audit."""

# Fixtures are imported by name from tests/documents/fixtures.py.
# ruff: noqa: F401, F811

from urllib.parse import quote

import pytest

from documents import samples
from documents.models import DownloadLog, PortalDocument
from tests.documents.fixtures import LAO, LAO_NAME, health, make_document, media, user_named

pytestmark = pytest.mark.django_db

ANONYMOUS = None
ROLES = [
    ANONYMOUS,
    "registered@example.org",
    "education.member@example.org",
    "health.member@example.org",
    "health.secretariat@example.org",
    "health.cochair@example.org",
    "health.chair@example.org",
    "admin@example.org",
]
READERS = {
    "public": set(ROLES),
    "members": {
        "health.member@example.org",
        "health.secretariat@example.org",
        "health.cochair@example.org",
        "health.chair@example.org",
        "admin@example.org",
    },
    "restricted": {
        "health.secretariat@example.org",
        "health.cochair@example.org",
        "health.chair@example.org",
        "admin@example.org",
    },
}


def _as(client, login, email):
    if email:
        login(email)
    return client


@pytest.mark.parametrize("access", ["public", "members", "restricted"])
@pytest.mark.parametrize("email", ROLES)
def test_each_role_downloads_exactly_what_it_may(client, login, make_document, access, email):
    document = make_document(access)
    response = _as(client, login, email).get(document.url)
    if email in READERS[access]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    elif email is ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == 403


def test_lao_file_name_headers_and_count(client, make_document):
    document = make_document("public")
    assert document.url == f"/documents/{document.pk}/{quote(LAO_NAME)}"
    response = client.get(document.url)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; ")
    assert f"filename*=UTF-8''{quote(LAO_NAME, safe='')}" in disposition
    fallback = disposition.split('filename="')[1].split('"')[0]
    assert fallback.isascii() and fallback.endswith(".pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("public")
    b"".join(response.streaming_content)
    document.refresh_from_db()
    assert document.download_count == 1
    assert not DownloadLog.objects.filter(document=document).exists()


@pytest.mark.parametrize("access", ["members", "restricted"])
def test_private_files_stay_out_of_shared_caches(client, login, make_document, access):
    document = make_document(access)
    response = _as(client, login, "admin@example.org").get(document.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_restricted_downloads_leave_an_audit_row(client, login, user_named, make_document):
    document = make_document("restricted")
    secretariat = user_named("health.secretariat@example.org")
    login(secretariat.email)
    client.get(document.url)
    client.get(document.url)
    log = DownloadLog.objects.filter(document=document)
    assert log.count() == 2
    assert {entry.user for entry in log} == {secretariat}
    assert PortalDocument.objects.get(pk=document.pk).download_count == 2
    # A denied request counts nothing.
    login("health.member@example.org")
    assert client.get(document.url).status_code == 403
    assert log.count() == 2


def test_html_files_are_never_shown_inline(client, make_document):
    document = make_document(data=samples.make_html(LAO, title="x"), name="ຂ່າວ.html")
    response = client.get(document.url)
    assert response["Content-Disposition"].startswith("attachment; ")
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_old_file_name_redirects_to_the_current_one(client, make_document):
    document = make_document("public")
    response = client.get(f"/documents/{document.pk}/old-name.pdf")
    assert response.status_code == 302
    assert response["Location"] == document.url


def test_a_private_document_does_not_redirect_strangers(client, login, make_document):
    document = make_document("restricted")
    login("registered@example.org")
    assert client.get(f"/documents/{document.pk}/old-name.pdf").status_code == 403


def test_unknown_documents_are_404(client):
    assert client.get("/documents/999999/x.pdf").status_code == 404
