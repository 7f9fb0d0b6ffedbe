"""The working tools on the public pages (portal/templatetags/page_tools.py), role by
role: who sees "Add a meeting", "Upload a document", "Edit this page" and "Members and
invitations", where they lead, and that readers' pages stay as they were (anonymous
pages one cacheable page for everybody)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from portal.models import NewsPage
from portal.templatetags.page_tools import tools_for
from swg import policy
from swg.models import MeetingPage, SectorWorkingGroup
from tests.swg.factories import space

pytestmark = pytest.mark.django_db

ACCOUNTS = {
    "anonymous": None,
    "registered": "registered@example.org",
    "member": "health.member@example.org",
    "other_member": "education.member@example.org",
    "secretariat": "health.secretariat@example.org",
    "co_chair": "health.cochair@example.org",
    "chair": "health.chair@example.org",
    "rt_secretariat": "admin@example.org",
}
EDITORS = {"secretariat", "co_chair", "chair", "rt_secretariat"}
MANAGERS = {"co_chair", "chair", "rt_secretariat"}
TOOL = re.compile(r'<a class="button page-tools__(?P<key>\w+)" href="(?P<url>[^"]+)">')


@pytest.fixture
def reader(client, login):
    def _reader(key):
        return client if ACCOUNTS[key] is None else login(ACCOUNTS[key])

    return _reader


def tools(response):
    assert response.status_code == 200
    return {m["key"]: m["url"] for m in TOOL.finditer(response.content.decode())}


def public_meeting(language):
    return (
        MeetingPage.objects.live()
        .filter(working_group__slug="health", locale__language_code=language)
        .filter(access_level="public")
        .first()
    )


@pytest.mark.parametrize("language", ["en", "lo"])
@pytest.mark.parametrize("who", list(ACCOUNTS))
def test_add_a_meeting_on_the_meetings_page_for_those_who_draft(reader, who, language):
    health = space("health", language)
    found = tools(reader(who).get(f"/{language}/swg/health/meetings/"))
    if who in EDITORS:
        # The admin's form for a new meeting under this very space.
        assert found == {"add_meeting": f"/admin/pages/add/swg/meetingpage/{health.pk}/"}
    else:
        assert found == {}


@pytest.mark.parametrize("who", list(ACCOUNTS))
def test_upload_a_document_on_the_documents_page_with_the_swg_chosen(reader, who):
    health = SectorWorkingGroup.objects.get(slug="health")
    found = tools(reader(who).get("/en/swg/health/documents/"))
    if who in EDITORS:
        expected = f"/admin/documents/multiple/add/?collection_id={health.collection_id}"
        assert found == {"upload_document": expected}
    else:
        assert found == {}


@pytest.mark.parametrize("who", list(ACCOUNTS))
def test_the_space_offers_editing_to_editors_and_members_to_chairs(reader, who):
    health = space("health", "lo")
    found = tools(reader(who).get("/lo/swg/health/"))
    expected = {}
    if who in EDITORS:
        expected["edit"] = f"/admin/pages/{health.pk}/edit/"
    if who in MANAGERS:
        expected["members"] = "/lo/swg/health/members/"
    assert found == expected


@pytest.mark.parametrize("who", list(ACCOUNTS))
def test_a_meeting_page_offers_editing_to_its_swgs_editors(reader, who):
    meeting = public_meeting("en")
    found = tools(reader(who).get(meeting.url))
    assert found == ({"edit": f"/admin/pages/{meeting.pk}/edit/"} if who in EDITORS else {})


@pytest.mark.parametrize("who", list(ACCOUNTS))
def test_pages_outside_the_spaces_are_edited_by_the_round_table_secretariat_only(reader, who):
    news = NewsPage.objects.live().filter(locale__language_code="en").first()
    found = tools(reader(who).get(news.url))
    assert found == ({"edit": f"/admin/pages/{news.pk}/edit/"} if who == "rt_secretariat" else {})


def test_a_role_in_one_swg_gives_no_tools_in_another(login):
    client = login(ACCOUNTS["secretariat"])
    assert tools(client.get("/en/swg/education/meetings/")) == {}
    assert tools(client.get("/en/swg/education/")) == {}
    # ... but it holds in the group's sub-groups.
    sub = SectorWorkingGroup.objects.filter(parent__slug="health").first()
    assert "add_meeting" in tools(client.get(f"/en/swg/{sub.slug}/meetings/"))


def test_listings_offer_no_edit_link_for_the_space_itself(login):
    # On a listing the page object is the space: editing belongs to its overview.
    found = tools(login(ACCOUNTS["chair"]).get("/en/swg/health/actions/"))
    assert found == {}


@pytest.mark.parametrize(
    "url", ["/lo/swg/health/meetings/", "/en/swg/health/documents/", "/lo/swg/health/"]
)
def test_anonymous_pages_are_one_page_for_everybody_and_carry_no_tools(url):
    first, second = Client().get(url), Client().get(url)
    assert first.content == second.content
    assert b"page-tools" not in first.content
    assert "public" in first["Cache-Control"]


def test_pages_with_tools_are_never_shared_by_caches(login):
    response = login(ACCOUNTS["secretariat"]).get("/en/swg/health/meetings/")
    assert "add_meeting" in tools(response)
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["member", "secretariat", "chair", "rt_secretariat"])
def test_tools_cost_no_query_once_the_policy_knows_the_reader(who, django_assert_num_queries):
    """The policy reads a reader's roles once per request (every listing asks it what
    the reader may read); the tools ask it again, for nothing."""
    user = get_user_model().objects.get(email=ACCOUNTS[who])
    health, meeting = space("health", "en"), public_meeting("en")
    assert health.working_group  # loaded with the page when routing finds it
    policy.swg_ids_with(user, policy.Capability.READ_MEMBERS)
    with django_assert_num_queries(0):
        for tab in ("overview", "meetings", "documents", "actions"):
            tools_for(user, health, tab)
        tools_for(user, meeting)
