"""Privacy changes reach search at once, without a publish: Wagtail privacy set on or
removed from a live page (and the pages below it), a document's access level or
SWGs, a person's membership, and collection privacy (folded into access levels).
Each test searches before and after, through the public search page or API."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from documents.collection_privacy import fold_now
from documents.models import PortalDocument
from portal.models import StandardPage
from search import service
from search.registry import iter_all_records
from swg import policy
from swg.models import MeetingPage, MeetingType, SectorWorkingGroup
from swg.roles import services
from tests.swg.factories import add_document, space

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def indexed():
    service.rebuild(iter_all_records())


@pytest.fixture
def rt_admin(client, settings):
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False  # two-factor sign-in: tests/roles
    client.force_login(User.objects.get(email="admin@example.org"))
    return client


def anonymous_urls(client, query):
    client.logout()
    response = client.get("/api/search/", {"q": query})
    assert response.status_code == 200
    return [hit["url"] for hit in response.json()["results"]]


def urls_for(user, query):
    visibility = policy.search_visibility(user)
    return [hit.url for hit in service.search(query, visibility=visibility).hits]


def published_meeting(title, **fields):
    """A public meeting of Health, published."""
    meeting = space("health").add_child(
        instance=MeetingPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            start=timezone.now(),
            meeting_type=MeetingType.TECHNICAL,
            **fields,
        )
    )
    meeting.save_revision().publish()
    return meeting


def set_privacy(client, page, restriction_type, **fields):
    """Wagtail's own privacy dialog on `page`, as the Round Table secretariat."""
    data = {"restriction_type": restriction_type, "password": "", "groups": [], **fields}
    response = client.post(f"/admin/pages/{page.pk}/privacy/", data)
    assert response.status_code == 200 and b"set_privacy_done" in response.content


def test_privacy_on_a_live_page_hides_it_and_its_children_from_search_at_once(
    indexed, client, settings, django_capture_on_commit_callbacks
):
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        child = about.add_child(
            instance=StandardPage(title="Pangolin charter", slug="pangolin", intro="Okapi")
        )
        child.save_revision().publish()
    child.refresh_from_db()
    published_at = child.last_published_at
    assert anonymous_urls(client, "pangolin") == ["/en/about/pangolin/"]

    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    client.force_login(User.objects.get(email="admin@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        set_privacy(client, about, "login")
    assert anonymous_urls(client, "pangolin") == []
    assert anonymous_urls(client, "okapi") == []
    child.refresh_from_db()
    assert child.last_published_at == published_at  # no publish happened

    client.force_login(User.objects.get(email="admin@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        set_privacy(client, about, "none")
    assert anonymous_urls(client, "pangolin") == ["/en/about/pangolin/"]


def test_privacy_on_a_meeting_takes_its_minutes_out_of_search_too(
    indexed, rt_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = published_meeting(
            "Meeting on quinoa", minutes="<p>Axolotl budget agreed.</p>", minutes_access="public"
        )
    assert meeting.url + "#minutes-heading" in anonymous_urls(rt_admin, "axolotl")

    rt_admin.force_login(User.objects.get(email="admin@example.org"))
    chairs = Group.objects.get(name="swg:health:chair")
    with django_capture_on_commit_callbacks(execute=True):
        set_privacy(rt_admin, meeting, "groups", groups=[chairs.pk])
    assert anonymous_urls(rt_admin, "axolotl") == []
    assert anonymous_urls(rt_admin, "quinoa") == []


def test_the_admin_page_search_follows_privacy_at_once(settings, client):
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    meeting = published_meeting("Meeting on the wombat clinic")
    education = User.objects.create_user(email="edu.sec@example.org", password="made-up-pw")
    services.appoint(education, SectorWorkingGroup.objects.get(slug="education"), "secretariat")

    def chooser_finds(user):
        client.force_login(user)
        response = client.get("/admin/choose-page/search/", {"q": "wombat"})
        assert response.status_code == 200, response
        return meeting.title in response.content.decode()

    assert chooser_finds(education)
    restriction = PageViewRestriction.objects.create(
        page=meeting, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="swg:health:chair")])
    assert not chooser_finds(education)  # not in the group, not an editor there
    assert chooser_finds(User.objects.get(email="health.secretariat@example.org"))
    restriction.delete()
    assert chooser_finds(education)


def test_a_documents_access_level_and_swgs_reach_search_at_once(
    indexed, client, django_capture_on_commit_callbacks
):
    health = SectorWorkingGroup.objects.get(slug="health")
    education = SectorWorkingGroup.objects.get(slug="education")
    with django_capture_on_commit_callbacks(execute=True):
        document = add_document("Narwhal survey", "public", health)
    assert document.url in anonymous_urls(client, "narwhal")

    with django_capture_on_commit_callbacks(execute=True):
        document.access_level = "members"
        document.save()
    assert anonymous_urls(client, "narwhal") == []
    health_member = User.objects.get(email="health.member@example.org")
    education_member = User.objects.get(email="education.member@example.org")
    assert urls_for(health_member, "narwhal") == [document.url]
    assert urls_for(education_member, "narwhal") == []

    with django_capture_on_commit_callbacks(execute=True):
        document.working_groups.set([education])
    assert urls_for(User.objects.get(pk=health_member.pk), "narwhal") == []
    assert urls_for(User.objects.get(pk=education_member.pk), "narwhal") == [document.url]


def test_a_membership_change_reaches_search_at_once(indexed, client, demo_password):
    health = SectorWorkingGroup.objects.get(slug="health")
    with_record = add_document("Members note on tapirs", "members", health)
    service.sync(with_record)
    person = User.objects.get(email="registered@example.org")

    def found():
        client.post("/accounts/login/", {"login": person.email, "password": demo_password})
        response = client.get("/api/search/", {"q": "tapirs"})
        return [hit["url"] for hit in response.json()["results"]]

    assert found() == []
    membership = services.appoint(person, health, "member")
    assert found() == [with_record.url]
    services.remove(membership)
    assert found() == []


# --- Collection privacy: folded into the documents' access levels ---------------------


ACCESS_NOTE = (
    "Who may read a document is set on each document, by its access level (public, "
    "members only or restricted). A collection does not limit who may read the "
    "documents in it."
)


def test_collection_privacy_is_not_offered_in_the_admin(rt_admin):
    collection = SectorWorkingGroup.objects.get(slug="health").collection
    page = rt_admin.get(f"/admin/collections/{collection.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "set-privacy" not in body and "privacy-indicator" not in body
    language = re.search(r'<html lang="(\w+)"', body)[1]
    with translation.override(language):
        assert gettext(ACCESS_NOTE) in body
    assert rt_admin.get(f"/admin/collections/{collection.pk}/privacy/").status_code == 403


def test_a_collection_restriction_made_elsewhere_is_folded_at_once(
    indexed, client, django_capture_on_commit_callbacks
):
    health = SectorWorkingGroup.objects.get(slug="health")
    child = health.collection.add_child(name="Health archive, old")
    with django_capture_on_commit_callbacks(execute=True):
        public = add_document("Dugong leaflet", "public", health, collection=child)
        members = add_document("Dugong members note", "members", health, collection=child)
        restricted = add_document("Dugong restricted memo", "restricted", health)
    assert public.url in anonymous_urls(client, "dugong")

    # As the shell or an older database would: not through the admin.
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=health.collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    assert not CollectionViewRestriction.objects.exists()
    levels = dict(
        PortalDocument.objects.filter(pk__in=[public.pk, members.pk, restricted.pk]).values_list(
            "pk", "access_level"
        )
    )
    assert levels == {public.pk: "members", members.pk: "members", restricted.pk: "restricted"}
    assert anonymous_urls(client, "dugong") == []
    health_member = User.objects.get(email="health.member@example.org")
    assert public.url in urls_for(health_member, "dugong")


def test_a_password_restriction_makes_its_documents_restricted():
    health = SectorWorkingGroup.objects.get(slug="health")
    document = add_document("Manatee minutes", "members", health)
    other = add_document(
        "Manatee elsewhere", "public", health, collection=Collection.get_first_root_node()
    )
    restriction = CollectionViewRestriction.objects.create(
        collection=health.collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="made-up",
    )
    fold_now(restriction.pk)
    document.refresh_from_db()
    other.refresh_from_db()
    assert (document.access_level, other.access_level) == ("restricted", "public")
    assert not CollectionViewRestriction.objects.exists()


def test_the_migration_folds_restrictions_that_existed_before():
    migration = import_module("documents.migrations.0005_fold_collection_privacy")
    health = SectorWorkingGroup.objects.get(slug="health")
    document = add_document("Walrus paper", "public", health)
    # Saved without the signal's help, as before the portal folded restrictions.
    CollectionViewRestriction.objects.bulk_create(
        [CollectionViewRestriction(collection=health.collection, restriction_type="login")]
    )
    migration.fold_existing(apps, None)
    document.refresh_from_db()
    assert document.access_level == "members"
    assert not CollectionViewRestriction.objects.exists()
