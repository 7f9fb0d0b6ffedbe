"""Contacts are kept by their SWG: the secretariat, co-chair and chair of an SWG edit the
people on its list and its sub-groups' lists in the admin, and nobody else's
(DESIGN.md §3.2). Each role x own SWG / sub-group / other SWG, through the admin's
own listing, chooser, forms, delete and bulk-delete views."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from swg.models import ContactRole, Person, SectorWorkingGroup
from swg.roles.services import appoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_reader(client):
    """Checked in English: a reader who chose English (the admin otherwise follows the
    user's saved language, Lao for the demo accounts)."""
    client.cookies["portal_language"] = "en"


KEEPERS = {
    "secretariat": "health.secretariat@example.org",
    "co_chair": "health.cochair@example.org",
    "chair": "health.chair@example.org",
}
PEOPLE_URL = "/admin/snippets/swg/person/"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    # The two-factor gate before the admin is tested with the roles (tests/roles).
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False


@pytest.fixture
def groups():
    return {slug: SectorWorkingGroup.objects.get(slug=slug) for slug in ("health", "education")} | {
        "sub": SectorWorkingGroup.objects.get(slug="health-financing")
    }


def _person(name, *swgs):
    person = Person.objects.create(name=name, email=f"{name.split()[0].lower()}@example.org")
    for swg in swgs:
        ContactRole.objects.create(person=person, working_group=swg, role="member")
    return person


@pytest.fixture
def people(groups):
    """One fictional person on each list, and one on both Health's and Education's."""
    return {
        "own": _person("Own Listperson", groups["health"]),
        "sub": _person("Sub Listperson", groups["sub"]),
        "other": _person("Other Listperson", groups["education"]),
        "both": _person("Both Listperson", groups["health"], groups["education"]),
    }


def _signed_in(client, email):
    client.force_login(get_user_model().objects.get(email=email))
    return client


def _form_data(person, *, name=None, roles=None, **changes):
    """The edit form's POST for `person`: its fields and its roles (each a dict with the
    role's id for an existing one), as the admin page would send them."""
    if roles is None:
        roles = [
            {"id": role.pk, "working_group": role.working_group_id, "role": role.role}
            for role in person.roles.all()
        ]
    rows = [
        {"id": "", "role": "member", "details_public": "", "ORDER": str(i), **row}
        for i, row in enumerate(roles)
    ]
    data = nested_form_data(
        {
            "name": name if name is not None else person.name,
            "title": person.title,
            "organisation": person.organisation_id or "",
            "email": person.email,
            "phone": person.phone,
            "languages": person.languages,
            "roles": inline_formset(rows, initial=len([r for r in rows if r["id"]])),
            **changes,
        }
    )
    # Unticked checkboxes are not sent at all.
    return {key: value for key, value in data.items() if value != ""}


def _edit_url(person):
    return f"{PEOPLE_URL}edit/{person.pk}/"


def _refused(response):
    """Wagtail's answer to a view the user may not use: back to the dashboard with a
    message (403 for scripts)."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


# --- The matrix: each keeper x own SWG, sub-group, other SWG ---------------------------


@pytest.mark.parametrize("role", KEEPERS)
@pytest.mark.parametrize("which, allowed", [("own", True), ("sub", True), ("other", False)])
def test_keepers_edit_their_swgs_contacts_and_no_others(client, people, role, which, allowed):
    _signed_in(client, KEEPERS[role])
    person = people[which]
    response = client.get(_edit_url(person))
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert _refused(response)
    response = client.post(_edit_url(person), _form_data(person, name=f"{person.name} (checked)"))
    person.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and response["Location"] == PEOPLE_URL
        assert person.name.endswith("(checked)")
    else:
        assert _refused(response)
        assert not person.name.endswith("(checked)")


@pytest.mark.parametrize("role", KEEPERS)
def test_the_listing_shows_their_lists_only(client, people, role):
    _signed_in(client, KEEPERS[role])
    response = client.get(PEOPLE_URL, {"q": "Listperson"})
    assert response.status_code == 200
    page = response.content.decode()
    for key, shown in [("own", True), ("sub", True), ("both", True), ("other", False)]:
        assert (people[key].name in page) is shown, key


@pytest.mark.parametrize("role", KEEPERS)
def test_the_person_chooser_offers_their_lists_only(client, people, role):
    _signed_in(client, KEEPERS[role])
    namespace = Person.snippet_viewset.get_chooser_admin_url_namespace()
    response = client.get(reverse(f"{namespace}:choose_results"), {"q": "Listperson"})
    assert response.status_code == 200
    page = response.content.decode()
    for key, shown in [("own", True), ("sub", True), ("both", True), ("other", False)]:
        assert (people[key].name in page) is shown, key


@pytest.mark.parametrize("role", KEEPERS)
@pytest.mark.parametrize("slug, allowed", [("health", True), ("sub", True), ("education", False)])
def test_keepers_add_people_to_their_lists_only(client, groups, role, slug, allowed):
    _signed_in(client, KEEPERS[role])
    assert client.get(f"{PEOPLE_URL}add/").status_code == 200
    newcomer = Person(name=f"Newcomer of {slug}", email="newcomer@example.org")
    data = _form_data(newcomer, roles=[{"working_group": groups[slug].pk}])
    response = client.post(f"{PEOPLE_URL}add/", data, headers={"accept-language": "en"})
    created = Person.objects.filter(name=newcomer.name).exists()
    assert created is allowed
    if not allowed:
        assert response.status_code == 200  # the form again, with the reason
        assert "Contacts can only be put on the lists of the working groups" in (
            response.content.decode()
        )


@pytest.mark.parametrize("role", KEEPERS)
def test_a_forged_role_in_another_swg_is_refused_with_a_form_error(client, people, groups, role):
    _signed_in(client, KEEPERS[role])
    person = people["own"]
    [existing] = person.roles.all()
    roles = [
        {"id": existing.pk, "working_group": existing.working_group_id},
        {"working_group": groups["education"].pk, "role": "chair"},
    ]
    response = client.post(_edit_url(person), _form_data(person, roles=roles))
    assert response.status_code == 200
    assert response.context["form"].formsets["roles"].forms[1].has_error("working_group")
    assert not person.roles.filter(working_group=groups["education"]).exists()


def test_moving_a_role_to_another_swg_is_refused(client, people, groups):
    _signed_in(client, KEEPERS["secretariat"])
    person = people["own"]
    [existing] = person.roles.all()
    roles = [{"id": existing.pk, "working_group": groups["education"].pk}]
    response = client.post(_edit_url(person), _form_data(person, roles=roles))
    assert response.status_code == 200
    existing.refresh_from_db()
    assert existing.working_group == groups["health"]


def test_another_lists_role_of_a_shared_person_stays_as_it_is(client, people, groups):
    _signed_in(client, KEEPERS["secretariat"])
    person = people["both"]
    health_role = person.roles.get(working_group=groups["health"])
    education_role = person.roles.get(working_group=groups["education"])
    page = client.get(_edit_url(person)).content.decode()
    assert "disabled" in page  # Education's row is shown read-only
    # A forged POST changing Education's role and moving it to Health is ignored...
    roles = [
        {"id": health_role.pk, "working_group": groups["health"].pk, "role": "secretariat"},
        {"id": education_role.pk, "working_group": groups["health"].pk, "role": "chair"},
    ]
    response = client.post(_edit_url(person), _form_data(person, roles=roles, phone="+856 21 0"))
    assert response.status_code == 302
    education_role.refresh_from_db()
    health_role.refresh_from_db()
    assert (education_role.working_group, education_role.role) == (groups["education"], "member")
    assert health_role.role == "secretariat"
    person.refresh_from_db()
    assert person.phone == "+856 21 0"  # the person's own details are theirs to correct
    # ...and removing it is refused with a message.
    roles = [
        {"id": health_role.pk, "working_group": groups["health"].pk},
        {"id": education_role.pk, "working_group": groups["education"].pk, "DELETE": "1"},
    ]
    response = client.post(
        _edit_url(person), _form_data(person, roles=roles), headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    assert "can only be removed by that group" in response.content.decode()
    assert person.roles.filter(pk=education_role.pk).exists()


def test_removing_ones_own_role_from_a_shared_person_leaves_the_other_list(client, people):
    _signed_in(client, KEEPERS["secretariat"])
    person = people["both"]
    roles = [
        {"id": r.pk, "working_group": r.working_group_id, "DELETE": "1"}
        if r.working_group.slug == "health"
        else {"id": r.pk, "working_group": r.working_group_id}
        for r in person.roles.select_related("working_group")
    ]
    response = client.post(_edit_url(person), _form_data(person, roles=roles))
    assert response.status_code == 302
    assert [r.working_group.slug for r in person.roles.all()] == ["education"]
    assert client.get(_edit_url(person)).status_code == 302  # no longer on their lists


def test_a_person_keeps_at_least_one_role(client, people):
    _signed_in(client, KEEPERS["secretariat"])
    person = people["own"]
    roles = [
        {"id": r.pk, "working_group": r.working_group_id, "DELETE": "1"} for r in person.roles.all()
    ]
    response = client.post(
        _edit_url(person), _form_data(person, roles=roles), headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    assert "at least one working group" in response.content.decode()
    assert person.roles.exists()


@pytest.mark.parametrize("role", KEEPERS)
@pytest.mark.parametrize(
    "which, allowed", [("own", True), ("sub", True), ("other", False), ("both", False)]
)
def test_delete_only_people_on_no_other_list(client, people, role, which, allowed):
    _signed_in(client, KEEPERS[role])
    person = people[which]
    response = client.post(f"{PEOPLE_URL}delete/{person.pk}/")
    assert Person.objects.filter(pk=person.pk).exists() is not allowed
    if not allowed:
        assert _refused(response)


def test_bulk_delete_spares_other_lists(client, people):
    _signed_in(client, KEEPERS["secretariat"])
    ids = [people[key].pk for key in ("own", "other", "both")]
    url = reverse("wagtail_bulk_action", args=("swg", "person", "delete"))
    client.post(f"{url}?" + "&".join(f"id={pk}" for pk in ids), {})
    assert not Person.objects.filter(pk=people["own"].pk).exists()
    assert Person.objects.filter(pk__in=[people["other"].pk, people["both"].pk]).count() == 2


def test_a_sub_group_secretariat_keeps_the_sub_groups_list_not_the_parents(client, people, groups):
    user = get_user_model().objects.create_user(
        email="financing.secretariat@example.org", password="unused-password-1"
    )
    appoint(user, groups["sub"], "secretariat")
    client.force_login(user)
    assert client.get(_edit_url(people["sub"])).status_code == 200
    assert _refused(client.get(_edit_url(people["own"])))
    page = client.get(PEOPLE_URL, {"q": "Listperson"}).content.decode()
    assert people["sub"].name in page and people["own"].name not in page


@pytest.mark.parametrize("email", ["health.member@example.org", "registered@example.org"])
def test_members_and_registered_users_edit_no_contacts(client, people, email):
    _signed_in(client, email)
    person = people["own"]
    response = client.post(_edit_url(person), _form_data(person, name="Forged"))
    assert response.status_code == 302 and "/admin-access/" in response["Location"]
    person.refresh_from_db()
    assert person.name == "Own Listperson"


def test_the_rt_secretariat_keeps_every_list(client, people, groups):
    _signed_in(client, "admin@example.org")
    for person in people.values():
        assert client.get(_edit_url(person)).status_code == 200
    person = people["other"]
    roles = [{"id": r.pk, "working_group": groups["health"].pk} for r in person.roles.all()]
    assert client.post(_edit_url(person), _form_data(person, roles=roles)).status_code == 302
    assert [r.working_group.slug for r in person.roles.all()] == ["health"]


def test_organisations_are_added_by_keepers_and_changed_by_the_rt_secretariat(client):
    from swg.models import Organisation

    organisation = Organisation.objects.first()
    _signed_in(client, KEEPERS["secretariat"])
    response = client.post(
        "/admin/snippets/swg/organisation/add/",
        {"name_en": "Example Health Foundation", "kind": "ingo"},
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name_en="Example Health Foundation").exists()
    response = client.post(
        f"/admin/snippets/swg/organisation/edit/{organisation.pk}/",
        {"name_en": "Renamed", "kind": "other"},
    )
    organisation.refresh_from_db()
    assert organisation.name_en != "Renamed"


@pytest.mark.parametrize("view", ["usage", "history"])
@pytest.mark.parametrize("which, allowed", [("own", True), ("sub", True), ("other", False)])
def test_usage_and_history_follow_the_lists(client, people, view, which, allowed):
    _signed_in(client, KEEPERS["secretariat"])
    response = client.get(f"{PEOPLE_URL}{view}/{people[which].pk}/")
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert _refused(response)


@pytest.mark.parametrize("model", ["person", "organisation"])
def test_the_choosers_offer_no_way_to_create_records(client, model):
    # Wagtail routes create/ on every snippet chooser, with or without a creation form.
    _signed_in(client, KEEPERS["secretariat"])
    before = Person.objects.count()
    response = client.post(f"/admin/snippets/choose/swg/{model}/create/", {"name": "Side door"})
    assert response.status_code == 405
    assert Person.objects.count() == before
