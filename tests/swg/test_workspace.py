"""The admin as a place to work (swg.workspace, swg.admin_home, swg.explorer_start): a
dashboard panel for each SWG the user works in, with its spaces, drafts and what waits
for approval; the page explorer opening at the user's own space, not at the Root."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.admin.menu import admin_menu

from swg import explorer_start, workspace
from swg.models import MeetingPage, SectorWorkingGroup, SWGIndexPage
from swg.roles.services import appoint
from tests.swg.factories import space

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_reader(client):
    """Checked in English: a reader who chose English (the admin otherwise follows the
    user's saved language, Lao for the demo accounts)."""
    client.cookies["portal_language"] = "en"


SECRETARIAT = "health.secretariat@example.org"
CHAIR = "health.chair@example.org"


def user(email):
    return get_user_model().objects.get(email=email)


@pytest.fixture
def admin_without_2fa(settings):
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False


def draft_meeting(parent, title, by):
    """A meeting saved as a draft (never published), as the admin's "Save draft" does."""
    start = timezone.now() + datetime.timedelta(days=20)
    meeting = MeetingPage(title=title, start=start, live=False, has_unpublished_changes=True)
    parent.add_child(instance=meeting)
    meeting.save_revision(user=by)
    return meeting


def submitted_meeting(parent, title, by):
    """A draft meeting submitted to its SWG's approval workflow."""
    meeting = draft_meeting(parent, title, by)
    meeting.get_workflow().start(meeting, by)
    return meeting


@pytest.mark.parametrize(
    ("email", "slugs"),
    [
        (SECRETARIAT, {"health", "health-financing"}),  # sub-groups included
        (CHAIR, {"health", "health-financing"}),
        ("health.member@example.org", set()),
        ("registered@example.org", set()),
        ("admin@example.org", set()),  # the whole site: Wagtail's own dashboard
    ],
)
def test_the_swgs_a_person_works_in(email, slugs):
    ids = workspace.working_group_ids(user(email))
    assert set(SectorWorkingGroup.objects.filter(pk__in=ids).values_list("slug", flat=True)) == (
        slugs
    )


def test_a_workspace_lists_drafts_and_what_awaits_approval():
    secretariat = user(SECRETARIAT)
    draft = draft_meeting(space("health", "lo"), "ກອງປະຊຸມທົດລອງ (ຮ່າງ)", secretariat)
    submitted = submitted_meeting(space("health", "en"), "Submitted test meeting", secretariat)
    elsewhere = draft_meeting(space("education", "en"), "Education draft", secretariat)

    health = next(w for w in workspace.workspaces(secretariat) if w.group.slug == "health")
    assert [page.pk for page in health.drafts] == [draft.pk]  # in moderation: listed below
    assert health.draft_count == 1
    assert [entry.page.pk for entry in health.awaiting] == [submitted.pk]
    assert health.awaiting[0].state.requested_by == secretariat
    assert health.may_approve is False  # the secretariat prepares, the chairs approve

    chair_health = next(w for w in workspace.workspaces(user(CHAIR)) if w.group.slug == "health")
    assert chair_health.may_approve is True
    assert [entry.page.pk for entry in chair_health.awaiting] == [submitted.pk]
    assert elsewhere.pk not in [page.pk for page in chair_health.drafts]


def test_the_spaces_come_in_the_admin_language_first():
    with translation.override("lo"):
        health = workspace.workspaces(user(SECRETARIAT))[0]
    assert [s.locale.language_code for s in health.spaces] == ["lo", "en"]
    with translation.override("en"):
        health = workspace.workspaces(user(SECRETARIAT))[0]
    assert health.space == space("health", "en")


def test_the_dashboard_shows_a_panel_per_swg_with_its_tools(client, admin_without_2fa):
    secretariat = user(SECRETARIAT)
    draft_meeting(space("health", "en"), "Draft test meeting", secretariat)
    submitted_meeting(space("health", "en"), "Submitted test meeting", secretariat)
    client.force_login(user(CHAIR))
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    health = SectorWorkingGroup.objects.get(slug="health")
    health_en = space("health", "en")
    assert 'id="swg-workspace-health-section"' in body
    assert 'id="swg-workspace-health-financing-section"' in body
    assert f'href="/admin/pages/add/swg/meetingpage/{health_en.pk}/"' in body
    assert f'href="/admin/documents/multiple/add/?collection_id={health.collection_id}"' in body
    assert f'href="/admin/pages/{health_en.pk}/"' in body  # the space in the explorer
    assert 'href="/en/swg/health/"' in body and 'href="/lo/swg/health/"' in body
    assert "Draft test meeting" in body and "Submitted test meeting" in body
    assert "Awaiting your approval (1)" in body


def test_readers_and_the_round_table_secretariat_get_no_swg_panel(client, admin_without_2fa):
    client.force_login(user("admin@example.org"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"swg-workspace-" not in response.content


@pytest.mark.parametrize("language", ["lo", "en"])
def test_the_explorer_starts_at_the_users_own_space(language):
    with translation.override(language):
        assert explorer_start.start_page(user(SECRETARIAT)) == space("health", language)


def test_working_in_unrelated_swgs_starts_where_their_spaces_meet():
    secretariat = user(SECRETARIAT)
    appoint(secretariat, SectorWorkingGroup.objects.get(slug="education"), "secretariat")
    with translation.override("en"):
        start = explorer_start.start_page(user(SECRETARIAT))
    assert start.specific_class is SWGIndexPage
    assert start.locale.language_code == "en"


def test_the_round_table_secretariat_keeps_wagtails_explorer():
    assert explorer_start.start_page(user("admin@example.org")) is None


def sidebar_explorer(email, language):
    request = RequestFactory().get("/admin/")
    request.user = user(email)
    with translation.override(language):
        items = admin_menu.menu_items_for_request(request)
        explorer = next(i for i in items if i.name == explorer_start.EXPLORER_MENU_ITEM)
        return explorer.render_component(request)


def test_the_sidebar_pages_item_opens_at_the_space_not_at_the_root():
    component = sidebar_explorer(SECRETARIAT, "lo")
    health = space("health", "lo")
    assert component.start_page_id == health.pk
    assert component.url == f"/admin/pages/{health.pk}/"
    # Wagtail's own choice, the common ancestor of both language trees, was the Root.
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    root = policy_registry.get_by_type(Page).explorable_root_instance(user(SECRETARIAT))
    assert root.is_root()
    # Both trees stay reachable: the explorable root itself is unchanged.
    assert space("health", "en").is_descendant_of(root)


def test_the_sidebar_of_the_admin_page_carries_the_start(client, admin_without_2fa):
    client.force_login(user(SECRETARIAT))
    body = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    props = body.split('id="wagtail-sidebar-props"', 1)[1].split(">", 1)[1].split("</script>")[0]
    assert f"/admin/pages/{space('health', 'en').pk}/" in json.dumps(json.loads(props))


def test_the_round_table_secretariat_sidebar_is_wagtails():
    component = sidebar_explorer("admin@example.org", "en")
    assert component.start_page_id == 1  # the Root: it runs both trees and the sites
