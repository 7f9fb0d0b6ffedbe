"""appoint / remove: groups, guardian, Wagtail page and collection permissions and the
audit log change together; appointing twice changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from guardian.shortcuts import get_perms
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from swg import policy
from swg.roles import services
from swg.roles.models import AuditEntry, Membership
from swg.roles.permissions import space_pages

User = get_user_model()


@pytest.fixture
def newcomer(db):
    return User.objects.create_user("newcomer@example.org", "pw")


@pytest.mark.django_db
def test_appoint_change_remove(newcomer, swgs, account):
    health = swgs["health"]
    chair = account("health_chair")
    assert not policy.can(newcomer, policy.Capability.DRAFT, health)

    membership = services.appoint(newcomer, health, "secretariat", by=chair)
    assert newcomer.groups.filter(name="swg:health:secretariat").exists()
    assert policy.can(newcomer, policy.Capability.DRAFT, health)
    assert policy.can(newcomer, policy.Capability.DRAFT, swgs["health_sub"])
    assert not policy.can(newcomer, policy.Capability.DRAFT, swgs["education"])
    assert "draft" in get_perms(User.objects.get(pk=newcomer.pk), health)
    entry = AuditEntry.objects.first()
    assert (entry.actor, entry.action, entry.subject_email, entry.role) == (
        chair,
        "appointed",
        newcomer.email,
        "secretariat",
    )

    count = AuditEntry.objects.count()
    assert services.appoint(newcomer, health, "secretariat", by=chair) == membership
    assert AuditEntry.objects.count() == count  # idempotent

    services.appoint(newcomer, health, "member", by=chair)
    assert list(newcomer.groups.values_list("name", flat=True)) == ["swg:health:member"]
    assert not policy.can(newcomer, policy.Capability.DRAFT, health)
    assert AuditEntry.objects.first().previous_role == "secretariat"

    services.remove(Membership.objects.get(user=newcomer), by=chair)
    assert not newcomer.groups.exists()
    newcomer = User.objects.get(pk=newcomer.pk)  # the policy caches per user object
    assert not policy.can(newcomer, policy.Capability.READ_MEMBERS, health)
    assert AuditEntry.objects.first().action == "removed"


@pytest.mark.django_db
def test_role_groups_carry_wagtail_permissions(swgs):
    health = swgs["health"]
    secretariat = Group.objects.get(name="swg:health:secretariat")
    chair = Group.objects.get(name="swg:health:chair")
    member = Group.objects.get(name="swg:health:member")
    assert secretariat.permissions.filter(codename="access_admin").exists()
    assert not member.permissions.exists()
    collection_perms = set(
        GroupCollectionPermission.objects.filter(
            group=secretariat, collection=health.collection
        ).values_list("permission__codename", flat=True)
    )
    assert {"add_document", "change_document", "choose_document"} <= collection_perms
    pages = space_pages([health.pk])
    if not pages:
        pytest.skip("space pages arrive with the SWG spaces")
    assert len({page.locale_id for page in pages}) == 2  # both languages
    for page in pages:
        codenames = set(
            GroupPagePermission.objects.filter(group=secretariat, page=page).values_list(
                "permission__codename", flat=True
            )
        )
        assert codenames == {"add_page", "change_page"}
        codenames = set(
            GroupPagePermission.objects.filter(group=chair, page=page).values_list(
                "permission__codename", flat=True
            )
        )
        assert codenames == {"add_page", "change_page", "publish_page"}


@pytest.mark.django_db
def test_wagtail_page_permissions_follow_roles(account, swgs):
    pages = {key: space_pages([swgs[key].pk]) for key in ("health", "education")}
    if not pages["health"]:
        pytest.skip("space pages arrive with the SWG spaces")
    expectations = {
        "health_member": (False, False),
        "health_secretariat": (True, False),
        "health_cochair": (True, True),
        "health_chair": (True, True),
        "education_member": (False, False),
    }
    for key, (edit, publish) in expectations.items():
        user = account(key)
        for page in pages["health"]:
            perms = page.permissions_for_user(user)
            assert perms.can_edit() is edit, key
            assert perms.can_publish() is publish, key
        for page in pages["education"]:
            assert not page.permissions_for_user(user).can_edit(), key


@pytest.mark.django_db
def test_parent_roles_reach_sub_group_objects(swgs, account):
    """The health chair's groups hold object permissions on the health sub-group."""
    sub = swgs["health_sub"]
    chair = account("health_chair")
    assert chair.has_perm("swg.approve", sub)
    assert Group.objects.filter(name="swg:health-financing:chair").exists()


@pytest.mark.django_db
def test_slug_change_keeps_members(swgs, account):
    health = swgs["health"]
    health.slug = "health-sector"
    health.save()
    member = account("health_member")
    assert member.groups.filter(name="swg:health-sector:member").exists()


@pytest.mark.django_db
def test_rt_secretariat_appoints_through_the_admin(client, swgs, newcomer, settings):
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    admin = User.objects.get(email="admin@example.org")
    client.force_login(admin)
    health = swgs["health"]
    response = client.post(
        "/admin/snippets/roles/membership/add/",
        {"user": newcomer.pk, "swg": health.pk, "role": "chair"},
    )
    assert response.status_code == 302, response.content[:2000]
    membership = Membership.objects.get(user=newcomer, swg=health)
    assert newcomer.groups.filter(name="swg:health:chair").exists()
    assert AuditEntry.objects.first().actor == admin

    response = client.post(
        f"/admin/snippets/roles/membership/edit/{membership.pk}/",
        {"user": newcomer.pk, "swg": health.pk, "role": "member"},
    )
    assert response.status_code == 302
    assert list(newcomer.groups.values_list("name", flat=True)) == ["swg:health:member"]

    response = client.post(f"/admin/snippets/roles/membership/delete/{membership.pk}/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.first().action == "removed"

    # The audit log can be read, never written, even by a superuser.
    assert client.get("/admin/snippets/roles/auditentry/").status_code == 200
    assert client.get("/admin/snippets/roles/auditentry/add/").status_code in (302, 403)


@pytest.mark.django_db
def test_sync_command_restores_lost_permissions(swgs, account):
    from django.core.management import call_command
    from guardian.models import GroupObjectPermission

    GroupObjectPermission.objects.all().delete()
    member = account("health_member")
    member.groups.clear()
    call_command("sync_role_permissions", stdout=io.StringIO())
    member = account("health_member")
    assert member.has_perm("swg.read_members", swgs["health"])
    assert member.groups.filter(name="swg:health:member").exists()
