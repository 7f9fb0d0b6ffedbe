"""The admin views the people who draft and approve use answer them, never with a 500:
preview and revisions of meetings, a document's usage, moderation; a form post the
server cannot read answers 400 with a message in the reader's language."""

import io
import json

import pytest
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict, MultiValueDictKeyError
from wagtail.models import ReferenceIndex

from documents import samples, services
from documents.models import DownloadLog
from portal.malformed_requests import is_malformed_submission
from swg.models import MeetingPage, SectorWorkingGroup
from swg.models.meetings import MeetingDocument
from tests.admin_forms import page_form_data
from tests.swg.factories import add_meeting, space

pytestmark = pytest.mark.django_db

DRAFTERS = ["health_secretariat", "health_cochair", "health_chair", "rt_secretariat"]
APPROVERS = ["health_cochair", "health_chair", "rt_secretariat"]


@pytest.fixture(autouse=True)
def _no_second_factor(settings, tmp_path):
    # The two-factor gate before the admin is tested in test_two_factor.py.
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def as_role(client, account):
    def _as(key):
        client.force_login(account(key))
        return client

    return _as


def _document(title, access, swg):
    pdf = samples.make_pdf([f"{title}: made-up text for a test."], title=title)
    return services.store_document(
        io.BytesIO(pdf), name=f"{title}.pdf", title=title, swgs=[swg], access_level=access
    )


@pytest.fixture
def meeting():
    """A Health meeting with three documents: restricted and public Health ones, and one
    of Education (shown to nobody on a Health meeting), and two revisions."""
    health = SectorWorkingGroup.objects.get(slug="health")
    education = SectorWorkingGroup.objects.get(slug="education")
    page = add_meeting(space("health"))
    for position, document in enumerate(
        [
            _document("Restricted budget note", "restricted", health),
            _document("Public summary sheet", "public", health),
            _document("Education planning note", "public", education),
        ]
    ):
        page.documents.add(MeetingDocument(document=document, sort_order=position))
    page.save_revision().publish()
    page.title = f"{page.title} (second draft)"
    page.save_revision()
    return MeetingPage.objects.get(pk=page.pk)


@pytest.mark.parametrize("role", DRAFTERS)
def test_preview_of_a_meeting_shows_its_documents(as_role, role, meeting):
    client = as_role(role)
    edit = client.get(f"/admin/pages/{meeting.pk}/edit/")
    assert edit.status_code == 200
    posted = client.post(f"/admin/pages/{meeting.pk}/edit/preview/", page_form_data(edit))
    assert posted.json()["is_valid"] is True
    preview = client.get(f"/admin/pages/{meeting.pk}/edit/preview/?in_preview_panel=true")
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Restricted budget note" in body and "Public summary sheet" in body
    assert "Education planning note" not in body
    # The editor's preview panel frames it: the page's own (public) policy, but the
    # admin may frame it.
    policy = preview["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "script-src 'self';" in policy


@pytest.mark.parametrize("role", DRAFTERS)
def test_preview_of_a_new_meeting(as_role, role):
    client = as_role(role)
    url = f"/admin/pages/add/swg/meetingpage/{space('health').pk}/"
    data = page_form_data(
        client.get(url),
        title="A meeting not saved yet",
        slug="a-meeting-not-saved-yet",
        meeting_type="technical",
        start="2027-02-01 09:00",
    )
    assert client.post(url + "preview/", data).json()["is_valid"] is True
    preview = client.get(url + "preview/?mode=")
    assert preview.status_code == 200
    assert "A meeting not saved yet" in preview.content.decode()


@pytest.mark.parametrize("role", DRAFTERS)
def test_revisions_of_a_meeting_can_be_viewed_and_compared(as_role, role, meeting):
    client = as_role(role)
    latest, earlier = meeting.revisions.order_by("-created_at", "-pk")[:2]
    for url in (
        f"/admin/pages/{meeting.pk}/revisions/{latest.pk}/view/",
        f"/admin/pages/{meeting.pk}/revisions/{earlier.pk}/view/",
        f"/admin/pages/{meeting.pk}/revisions/compare/{earlier.pk}...{latest.pk}/",
        f"/admin/pages/{meeting.pk}/revisions/compare/live...latest/",
        f"/admin/pages/{meeting.pk}/history/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    view = client.get(f"/admin/pages/{meeting.pk}/revisions/{latest.pk}/view/").content.decode()
    assert "(second draft)" in view and "Restricted budget note" in view


def _restricted_document(meeting):
    return (
        MeetingDocument.objects.filter(meeting=meeting, document__access_level="restricted")
        .get()
        .document
    )


@pytest.mark.parametrize("role", DRAFTERS)
def test_usage_of_a_downloaded_restricted_document(as_role, role, account, meeting):
    document = _restricted_document(meeting)
    services.record_download(document, user=account("health_chair"))
    log = DownloadLog.objects.get(document=document)
    # A download is not a use of the document: the meeting that shows it is.
    assert not ReferenceIndex.objects.filter(
        content_type__model="downloadlog", object_id=str(log.pk)
    ).exists()
    response = as_role(role).get(f"/admin/documents/usage/{document.pk}/")
    assert response.status_code == 200
    assert meeting.title in response.content.decode()


def test_usage_with_a_download_indexed_before_the_fix(as_role, account, meeting):
    """Reference rows an earlier version recorded for downloads link to the record's
    read-only page instead of failing."""
    document = _restricted_document(meeting)
    services.record_download(document, user=account("health_chair"))
    log = DownloadLog.objects.get(document=document)
    ReferenceIndex.create_or_update_for_object(log)
    response = as_role("rt_secretariat").get(f"/admin/documents/usage/{document.pk}/")
    assert response.status_code == 200
    assert f"/admin/download_log/inspect/{log.pk}/" in response.content.decode()


@pytest.mark.parametrize("role", APPROVERS)
def test_moderation_views(as_role, role, account, meeting):
    meeting.save_revision(user=account("health_secretariat"))
    meeting.get_workflow().start(meeting, account("health_secretariat"))
    state = meeting.current_workflow_state
    task_state = state.current_task_state
    client = as_role(role)
    for url in (
        f"/admin/pages/{meeting.pk}/edit/",
        f"/admin/pages/workflow/preview/{meeting.pk}/{task_state.task_id}/",
        f"/admin/pages/workflow/collect_action_data/{meeting.pk}/approve/{task_state.pk}/",
        f"/admin/pages/{meeting.pk}/workflow_history/",
        f"/admin/pages/{meeting.pk}/workflow_history/detail/{state.pk}/",
        "/admin/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url


# --- Form posts the server cannot read ------------------------------------------------


def test_a_page_form_without_its_stream_count_answers_400(as_role, meeting):
    client = as_role("health_secretariat")
    client.cookies["portal_language"] = "en"  # read in English (the account's own is Lao)
    edit = client.get(f"/admin/pages/{meeting.pk}/edit/")
    for broken in (None, "many"):
        data = page_form_data(edit, **{"agenda-count": broken})
        for url in (f"/admin/pages/{meeting.pk}/edit/", f"/admin/pages/{meeting.pk}/edit/preview/"):
            response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 400, (url, broken)
            assert "The form could not be read" in response.content.decode()
    assert MeetingPage.objects.get(pk=meeting.pk).title == meeting.title


def test_the_400_page_speaks_lao(as_role, meeting):
    client = as_role("health_secretariat")
    client.cookies["portal_language"] = "lo"
    data = page_form_data(client.get(f"/admin/pages/{meeting.pk}/edit/"), **{"agenda-count": None})
    response = client.post(f"/admin/pages/{meeting.pk}/edit/", data, HTTP_ACCEPT_LANGUAGE="lo")
    assert response.status_code == 400
    assert "ບໍ່ສາມາດອ່ານແບບຟອມ" in response.content.decode()


def test_a_workflow_action_with_broken_extra_data_answers_400(as_role, account, meeting):
    meeting.save_revision(user=account("health_secretariat"))
    meeting.get_workflow().start(meeting, account("health_secretariat"))
    client = as_role("health_cochair")
    data = page_form_data(
        client.get(f"/admin/pages/{meeting.pk}/edit/"),
        **{
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": "{not json",
        },
    )
    response = client.post(f"/admin/pages/{meeting.pk}/edit/", data)
    assert response.status_code == 400
    assert MeetingPage.objects.get(pk=meeting.pk).workflow_in_progress


def _request(**posted):
    return RequestFactory().post("/admin/pages/1/edit/", posted)


def _raised(function):
    try:
        function()
    except Exception as error:  # noqa: BLE001 - the test hands the error on
        return error
    raise AssertionError("nothing raised")


def test_errors_that_are_not_the_requests_fault_stay_server_errors():
    request = _request(title="A title", **{"agenda-count": "1"})
    # A key the client did send, looked up in some other dict: a bug.
    bug = _raised(lambda: MultiValueDict({})["title"])
    assert not is_malformed_submission(request, bug)
    # A plain ValueError of the server's own making.
    assert not is_malformed_submission(request, _raised(lambda: int("x")))
    # JSON the client did not send.
    assert not is_malformed_submission(request, _raised(lambda: json.loads("{server side")))
    # The client's own omissions and damage are the client's.
    missing = _raised(lambda: request.POST["agenda-0-type"])
    assert isinstance(missing, MultiValueDictKeyError)
    assert is_malformed_submission(request, missing)
    damaged = _request(extra="{broken")
    assert is_malformed_submission(damaged, _raised(lambda: json.loads(damaged.POST["extra"])))
