"""The Wagtail admin obeys the same policy as the site (swg.admin_visibility).

One walk goes through every address of the admin's URL configuration (Wagtail's own
and those added by hooks: pages, choosers, reports, history, revisions, usage,
workflows, documents, images, snippets, wagtail-localize) as an editor of another
SWG, with the ids of the owner's members-only, restricted, draft and password-
protected pages, its private documents, their revisions, workflow states and
translations filled into the address and into `?id=` and `?q=`: no private title
may appear. The owners (and the Round Table secretariat) still see their own.
"""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Locale, Page, PageViewRestriction, Revision, TaskState, WorkflowState
from wagtail_localize.models import Translation, TranslationSource

from swg import policy
from swg.admin_visibility import ReadableObjectsOnly, scope_summary_items
from swg.models import MeetingDocument, MeetingPage, MeetingType, SectorWorkingGroup
from swg.roles import services
from swg.roles.models import Membership
from tests.swg.factories import add_document, space

pytestmark = pytest.mark.django_db

User = get_user_model()
PRIVATE_LEVELS = ("members", "restricted")
# Addresses that are not about content, or that sign the user out.
SKIPPED = re.compile(r"logout|failwhale|password_reset|jsi18n|sprite|test404|login/")


def marker(slug):
    """A word that occurs only in the titles of `slug`'s private test items."""
    return f"Zq{slug[:3]}secret"


def make_private_items(slug, editor):
    """Members-only, restricted, draft and password-protected meetings of `slug` (with
    revisions, a workflow in progress, a lock and a Lao translation), its members-only
    and restricted documents, and one public document of its own that the private
    meetings use: {"titles": [...], "ids": {kind: [...]}, ...}."""
    mark = marker(slug)
    swg = SectorWorkingGroup.objects.get(slug=slug)
    space_page = space(slug, "en")
    used = add_document(f"Public leaflet of {slug}", "public", swg)
    pages = {}
    for kind in ("members", "restricted", "draft", "password"):
        level = kind if kind in PRIVATE_LEVELS else "public"
        meeting = MeetingPage(
            title=f"{mark} {kind} meeting",
            slug=f"{slug}-{kind}-secret-meeting",
            start=timezone.now(),
            meeting_type=MeetingType.TECHNICAL,
            access_level=level,
            live=kind != "draft",
            minutes=f'<p><a linktype="page" id="{space_page.pk}">{slug}</a></p>',
        )
        meeting.documents.add(MeetingDocument(document=used))
        space_page.add_child(instance=meeting)
        revision = meeting.save_revision(user=editor)
        if kind != "draft":
            revision.publish()
        pages[kind] = meeting
    PageViewRestriction.objects.create(
        page=pages["password"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    in_workflow = pages["members"]
    in_workflow.title = f"{mark} members draft in moderation"
    in_workflow.save_revision(user=editor)
    in_workflow.get_workflow().start(in_workflow, editor)
    locked = pages["restricted"]
    locked.locked, locked.locked_by, locked.locked_at = True, editor, timezone.now()
    locked.save()
    source, _created = TranslationSource.get_or_create_from_instance(locked)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="lo")
    )
    translation.save_target(user=editor)
    documents = [add_document(f"{mark} {level} document", level, swg) for level in PRIVATE_LEVELS]

    page_ids = list(Page.objects.filter(title__startswith=mark).values_list("pk", flat=True))
    page_ids += [pages["draft"].pk]
    # The admin shows a page's latest draft title; the site its live one.
    shown_titles = [p.draft_title for p in Page.objects.filter(pk__in=page_ids)]
    titles = shown_titles + [p.title for p in Page.objects.filter(pk__in=page_ids)]
    titles += [d.title for d in documents]
    return {
        "mark": mark,
        "titles": sorted(set(titles)),
        "page_titles": sorted(set(shown_titles)),
        "document_titles": [d.title for d in documents],
        "pages": sorted(set(page_ids)),
        "documents": [d.pk for d in documents],
        "revisions": list(
            Revision.page_revisions.filter(object_id__in=[str(pk) for pk in page_ids]).values_list(
                "pk", flat=True
            )
        ),
        "translations": [translation.pk],
        "sources": [source.pk],
        "workflow_states": list(
            WorkflowState.objects.filter(base_content_type__isnull=False)
            .filter(object_id__in=[str(pk) for pk in page_ids])
            .values_list("pk", flat=True)
        ),
        "task_states": list(
            TaskState.objects.filter(
                workflow_state__object_id__in=[str(pk) for pk in page_ids]
            ).values_list("pk", flat=True)
        ),
    }


def text_of(response):
    """The response body as text; JSON (modal choosers, the admin API) with its escapes
    undone, so a Lao title reads as itself."""
    if response.streaming:
        return ""
    body = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            return json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            return body
    return body


@pytest.fixture
def editors():
    """The secretariat of education (created here), and the demo's Health editors."""
    education = User.objects.create_user(
        email="education.secretariat@example.org", password="made-up-password"
    )
    services.appoint(education, SectorWorkingGroup.objects.get(slug="education"), "secretariat")
    named = {
        "education_secretariat": education,
        "health_secretariat": User.objects.get(email="health.secretariat@example.org"),
        "health_chair": User.objects.get(email="health.chair@example.org"),
        "rt_secretariat": User.objects.get(email="admin@example.org"),
    }
    return named


@pytest.fixture
def private(editors):
    return {
        "education": make_private_items("education", editors["education_secretariat"]),
        "health": make_private_items("health", editors["health_secretariat"]),
    }


@pytest.fixture
def as_user(client, settings):
    # Two-factor sign-in has its own tests (tests/roles/test_two_factor.py).
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# --- The walk ----------------------------------------------------------------------


def admin_routes(patterns=None, prefix="", *, included_only=False):
    """Every route under /admin/, as a string with `<name>` holes; `included_only`: only
    those of the admin's URL configuration (not the portal's own /admin/ addresses)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not included_only or prefix or route == "admin/":
                yield from admin_routes(pattern.url_patterns, route, included_only=included_only)
        elif route.startswith("admin/") and (prefix or not included_only):
            yield pattern, _holes(route)


def _holes(route):
    # Regular-expression routes (the revision comparison, the admin API) as `<name>`.
    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    route = re.sub(r"\(\?P<revision_id_a>[^)]*\)", "earliest", route)
    route = re.sub(r"\(\?P<revision_id_b>[^)]*\)", "latest", route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
    return re.sub(r"<\w+:(\w+)>", r"<\1>", route)


def values_for(name, items):
    """The ids a URL keyword is walked with: the owner's items of the matching kind."""
    pages, documents = items["pages"], items["documents"]
    by_name = {
        "document_id": documents,
        "doc_id": documents,
        "image_id": documents,
        "revision_id": items["revisions"],
        "translation_id": items["translations"],
        "translation_source_id": items["sources"],
        "workflow_state_id": items["workflow_states"],
        "task_state_id": items["task_states"],
        "task_id": items["task_states"],
        "pk": pages + documents + items["revisions"],
        "object_id": pages + documents,
    }
    if "page" in name or name == "destination_id":
        return pages
    return by_name.get(name, [pages[0]])


def fill(route, items):
    """Addresses for `route`, one per id of the owner's items of the matching kind."""
    names = re.findall(r"<(\w+)>", route)
    if not names:
        return [route]
    fixed = {"app_label": "swg", "app_name": "swg", "model_name": "meetingpage"}
    fixed |= {"action_name": "approve", "action": "delete", "mode": "", "filter_spec": "original"}
    varying = [n for n in names if n not in fixed]
    addresses = []
    for index in range(max((len(values_for(n, items)) for n in varying), default=1)):
        address = route
        for name in names:
            if name in fixed:
                value = fixed[name]
            else:
                values = values_for(name, items)
                value = values[index % len(values)]
            address = address.replace(f"<{name}>", str(value))
        addresses.append(address.replace("//", "/"))
    return addresses


def walk(client, items):
    """GET every admin address filled with `items`; {address: leaked titles}."""
    ids = items["pages"] + items["documents"]
    query = {"id": [str(i) for i in ids], "q": items["mark"]}
    # The admin API searches with `search` and refuses parameters it does not know.
    api_query = {"search": items["mark"]}
    leaks = {}
    for _pattern, route in admin_routes():
        if SKIPPED.search(route):
            continue
        for address in fill(route, items):
            # An API detail takes no parameters at all.
            api_params = {} if "<" in route else api_query
            params = api_params if "/api/" in route else query
            response = client.get("/" + address, params)
            shown = [title for title in items["titles"] if title in text_of(response)]
            if shown:
                leaks[address] = (response.status_code, shown)
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            for action in actions:
                address = f"/admin/bulk/{app_label}/{model_name}/{action}/"
                for params in ({"id": query["id"]}, {"id": "all", "q": items["mark"]}):
                    body = text_of(client.get(address, {**params, "childOf": items["pages"][0]}))
                    shown = [title for title in items["titles"] if title in body]
                    if shown:
                        leaks[f"{address}?{params}"] = (response.status_code, shown)
    return leaks


@pytest.mark.parametrize(
    ("viewer", "owner"),
    [("health_secretariat", "education"), ("education_secretariat", "health")],
)
def test_another_swgs_editor_sees_no_private_title_anywhere_in_the_admin(
    viewer, owner, editors, private, as_user
):
    bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")  # fill it
    leaks = walk(as_user(editors[viewer]), private[owner])
    assert leaks == {}


def test_a_chair_sees_no_other_swgs_private_title_in_reports_and_bulk_pages(
    editors, private, as_user
):
    # Chairs publish: they see the aging pages, workflow and locked pages reports.
    client = as_user(editors["health_chair"])
    items = private["education"]
    for _pattern, route in admin_routes():
        if "<" in route or SKIPPED.search(route):
            continue
        body = text_of(client.get("/" + route, {"q": items["mark"]}))
        assert not [title for title in items["titles"] if title in body], route


# --- The places the issue named, and the owners ---------------------------------------


def _chooser_search(client, items):
    return text_of(client.get("/admin/choose-page/search/", {"q": items["mark"]}))


def test_the_page_chooser_and_its_search_show_only_readable_pages(editors, private, as_user):
    education = private["education"]
    client = as_user(editors["health_secretariat"])
    assert education["mark"] not in _chooser_search(client, education)
    for page_id in education["pages"]:
        assert client.get(f"/admin/choose-page/{page_id}/").status_code == 302  # refused
    education_space = space("education")
    listing = text_of(client.get(f"/admin/choose-page/{education_space.pk}/"))
    assert education["mark"] not in listing
    public_meeting = (
        MeetingPage.objects.child_of(education_space)
        .filter(live=True, access_level="public")
        .exclude(title__startswith=education["mark"])
        .first()
    )
    assert public_meeting.title in listing  # public meetings stay choosable

    own = as_user(editors["education_secretariat"])
    found = _chooser_search(own, education)
    assert all(title in found for title in education["page_titles"])


def test_bulk_action_pages_name_no_other_swgs_items(editors, private, as_user):
    education = private["education"]
    client = as_user(editors["health_secretariat"])
    ids = [str(i) for i in education["pages"]]
    for action in ("delete", "unpublish", "move"):
        response = client.get(f"/admin/bulk/wagtailcore/page/{action}/", {"id": ids})
        assert not [t for t in education["titles"] if t in response.content.decode()], action
    doc_ids = [str(i) for i in education["documents"]]
    for action in ("delete", "add_to_collection"):
        response = client.get(f"/admin/bulk/documents/portaldocument/{action}/", {"id": doc_ids})
        assert not [t for t in education["titles"] if t in response.content.decode()], action

    own = as_user(editors["education_secretariat"])
    body = text_of(own.get("/admin/bulk/documents/portaldocument/delete/", {"id": doc_ids}))
    assert all(title in body for title in education["document_titles"])
    body = text_of(own.get("/admin/bulk/wagtailcore/page/move/", {"id": ids}))
    assert all(title in body for title in education["page_titles"])


def test_document_listing_and_chooser_show_only_readable_documents(editors, private, as_user):
    education = private["education"]
    rt = as_user(editors["rt_secretariat"])
    for address in ("/admin/documents/", "/admin/documents/chooser/"):
        body = text_of(rt.get(address, {"q": education["mark"]}))
        assert f"{education['mark']} restricted document" in body, address
    own = as_user(editors["education_secretariat"])
    body = text_of(own.get("/admin/documents/chooser/", {"q": education["mark"]}))
    assert f"{education['mark']} restricted document" in body
    other = as_user(editors["health_secretariat"])
    for address in ("/admin/documents/", "/admin/documents/chooser/"):
        body = text_of(other.get(address, {"q": education["mark"]}))
        assert not [title for title in education["document_titles"] if title in body], address


def test_a_document_filed_in_ones_collection_but_of_another_swg_stays_hidden(editors, as_user):
    # Wagtail's collection permissions alone would show it: Health works in this collection.
    health = SectorWorkingGroup.objects.get(slug="health")
    document = add_document("Zqmixsecret restricted paper", "restricted", health)
    document.working_groups.set([SectorWorkingGroup.objects.get(slug="education")])
    client = as_user(editors["health_secretariat"])
    assert "Zqmixsecret" not in client.get("/admin/documents/").content.decode()
    assert client.get(f"/admin/documents/edit/{document.pk}/").status_code == 302
    assert client.get(f"/admin/documents/chooser/chosen/{document.pk}/").status_code == 302


def test_the_round_table_secretariat_sees_everything(editors, private, as_user):
    client = as_user(editors["rt_secretariat"])
    for owner in ("education", "health"):
        items = private[owner]
        found = _chooser_search(client, items)
        assert all(title in found for title in items["page_titles"])
        ids = {"id": [str(i) for i in items["pages"]]}
        body = text_of(client.get("/admin/bulk/wagtailcore/page/delete/", ids))
        assert all(title in body for title in items["page_titles"])
    assert client.get("/admin/reports/page-types-usage/").status_code == 200


def test_site_wide_statistics_are_the_round_table_secretariats(editors, as_user):
    client = as_user(editors["health_chair"])
    assert client.get("/admin/reports/page-types-usage/").status_code == 302
    assert "/admin/reports/page-types-usage/" not in client.get("/admin/").content.decode()


def test_memberships_and_their_audit_are_chosen_only_by_those_who_manage_them(editors, as_user):
    health_member = Membership.objects.get(user__email="health.member@example.org")
    education_member = Membership.objects.get(user__email="education.member@example.org")
    address = "/admin/snippets/choose/roles/membership/"
    body = text_of(as_user(editors["health_secretariat"]).get(address))
    assert str(health_member) not in body and str(education_member) not in body
    body = text_of(as_user(editors["health_chair"]).get(address))
    assert str(health_member) in body and str(education_member) not in body
    body = text_of(as_user(editors["health_chair"]).get(f"{address}chosen/{education_member.pk}/"))
    assert str(education_member) not in body


def test_dashboard_page_count_leaves_out_what_the_user_may_not_see(editors, private, rf):
    request = rf.get("/admin/")
    request.user = editors["health_secretariat"]
    items = [PagesSummaryItem(request)]
    scope_summary_items(request, items)
    ours = items[0].get_context_data({})["total_pages"]
    wagtails = PagesSummaryItem(request).get_context_data({})["total_pages"]
    assert wagtails - ours >= len(private["education"]["pages"])
    assert ours == policy.readable(request.user, Page.objects.exclude(depth=1)).count()


# --- One mechanism everywhere ----------------------------------------------------------


def test_every_admin_view_is_guarded():
    routes = list(admin_routes(included_only=True))
    assert len(routes) > 250  # the whole admin, not an empty walk
    unguarded = [route for pattern, route in routes if not _guarded(pattern.callback)]
    assert unguarded == []


def _guarded(callback):
    while callback is not None:
        if getattr(callback, "refuses_unreadable_addresses", False):
            return True
        callback = getattr(callback, "__wrapped__", None)
    return False


def test_every_registered_bulk_action_leaves_out_what_the_user_may_not_read():
    bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")
    actions = [
        action
        for models in bulk_action_registry.actions.values()
        for model_actions in models.values()
        for action in model_actions.values()
    ]
    assert actions and all(issubclass(action, ReadableObjectsOnly) for action in actions)


def test_listing_queries_do_not_grow_with_private_pages(
    editors, as_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(editors["health_secretariat"])
    education = space("education")
    address = f"/admin/choose-page/{education.pk}/"
    client.get(address)  # warm Wagtail's per-process caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return len(queries)

    before = count()
    for number in range(10):
        education.add_child(
            instance=MeetingPage(
                title=f"Zqqcount restricted {number}",
                slug=f"count-restricted-{number}",
                start=timezone.now(),
                access_level="restricted",
            )
        )
    assert count() == before
