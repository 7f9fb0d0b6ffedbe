"""What each role's per-SWG Django group may do, in Django, guardian and Wagtail terms,
and the function that makes the database say so. Everything here is idempotent."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from swg.models import SectorWorkingGroup
from swg.policy import ROLE_CAPABILITIES
from swg.roles.models import Role

# Object permissions on SectorWorkingGroup, one per capability a role can hold there.
# They are created by this app's migration (swg's model Meta is not ours to change),
# so `user.has_perm("swg.approve", swg)` answers through guardian as the policy does.
SWG_PERMISSIONS = {
    "read_members": "Can read members-level content of the working group",
    "read_restricted": "Can read restricted content of the working group",
    "see_contact_details": "Can see member contact details of the working group",
    "draft": "Can draft meetings and upload documents for the working group",
    "approve": "Can approve and publish for the working group",
    "manage_members": "Can invite and remove members of the working group",
}

# Wagtail page permissions on the SWG's space pages (and everything under them).
PAGE_PERMISSIONS = {
    Role.SECRETARIAT: ("add_page", "change_page"),
    Role.CO_CHAIR: ("add_page", "change_page", "publish_page"),
    Role.CHAIR: ("add_page", "change_page", "publish_page"),
    Role.MEMBER: (),
}
# Collection permissions on the SWG's document collection (and its children).
COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)
APPROVER_ROLES = (Role.CHAIR, Role.CO_CHAIR)
# Editors send their pages for translation (wagtail-localize); which pages they may
# send is limited to those they may edit (portal/wagtail_hooks.py).
TRANSLATION_PERMISSION = ("wagtail_localize", "submit_translation")


def group_name(swg, role):
    """The per-SWG Django group of `role`, e.g. "swg:health:secretariat"."""
    return f"swg:{swg.slug}:{role}"


def role_groups(swg):
    """{role: Group} for `swg`, created when missing."""
    names = {group_name(swg, role): role for role in Role}
    found = {group.name: group for group in Group.objects.filter(name__in=names)}
    return {
        role: found.get(name) or Group.objects.get_or_create(name=name)[0]
        for name, role in names.items()
    }


def rename_role_groups(old_slug, new_slug):
    """Keep members in their groups when an SWG's slug changes."""
    for role in Role:
        Group.objects.filter(name=f"swg:{old_slug}:{role}").update(name=f"swg:{new_slug}:{role}")


def space_page_model():
    """The SWG space page model, or None before the spaces app has it."""
    try:
        return apps.get_model("swg", "SpacePage")
    except LookupError:
        return None


def space_pages(swg_ids):
    model = space_page_model()
    if model is None:
        return []
    return list(model.objects.filter(working_group_id__in=swg_ids))


def _permissions():
    """{(app_label, codename): Permission} for every permission the roles hand out,
    in one query; SWG object permissions missing from the database are created."""
    content_type = ContentType.objects.get_for_model(SectorWorkingGroup)
    wanted = [(a, c) for a, c in COLLECTION_PERMISSIONS] + [("wagtailadmin", "access_admin")]
    wanted += [TRANSLATION_PERMISSION]
    wanted += [("wagtailcore", c) for c in ("add_page", "change_page", "publish_page")]
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            Q(content_type=content_type, codename__in=SWG_PERMISSIONS)
            | Q(
                content_type__app_label__in={a for a, _c in wanted},
                codename__in={c for _a, c in wanted},
            )
        )
    }
    for codename, name in SWG_PERMISSIONS.items():
        if ("swg", codename) not in found:
            found["swg", codename] = Permission.objects.create(
                content_type=content_type, codename=codename, name=name
            )
    return found


def _ancestors_and_self(swg):
    chain, current, seen = [], swg, set()
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent
    return chain


def _holder_groups(swg):
    """[(role, Group)] of `swg` and of every ancestor: all of them act on `swg`."""
    return [
        (role, group)
        for holder in _ancestors_and_self(swg)
        for role, group in role_groups(holder).items()
    ]


@transaction.atomic
def sync_working_group(swg):
    """Make groups, guardian, page, collection and workflow permissions of `swg` match
    the roles: the groups of `swg` and of every ancestor act on `swg`'s objects."""
    from guardian.models import GroupObjectPermission
    from wagtail.models import GroupCollectionPermission

    from swg.roles.workflows import ensure_approval_workflow

    perms = _permissions()
    holders = _holder_groups(swg)
    content_type = ContentType.objects.get_for_model(SectorWorkingGroup)

    # guardian: exactly the capabilities of each role, on this SWG.
    wanted = {
        (group.pk, perms["swg", codename].pk)
        for role, group in holders
        for codename in ROLE_CAPABILITIES[role]
        if codename in SWG_PERMISSIONS
    }
    existing = GroupObjectPermission.objects.filter(
        content_type=content_type,
        object_pk=str(swg.pk),
        group__in=[group for _role, group in holders],
    )
    have = set(existing.values_list("group_id", "permission_id"))
    existing.exclude(
        pk__in=[
            pk
            for pk, g, p in existing.values_list("pk", "group_id", "permission_id")
            if (g, p) in wanted
        ]
    ).delete()
    GroupObjectPermission.objects.bulk_create(
        [
            GroupObjectPermission(
                group_id=g, permission_id=p, content_type=content_type, object_pk=str(swg.pk)
            )
            for g, p in wanted - have
        ]
    )

    editors = [group for role, group in holders if role != Role.MEMBER]
    access_admin = perms["wagtailadmin", "access_admin"]
    submit_translation = perms.get(TRANSLATION_PERMISSION)
    for group in editors:
        group.permissions.add(*filter(None, (access_admin, submit_translation)))

    if swg.collection_id:
        have = set(
            GroupCollectionPermission.objects.filter(
                collection_id=swg.collection_id, group__in=editors
            ).values_list("group_id", "permission_id")
        )
        GroupCollectionPermission.objects.bulk_create(
            [
                GroupCollectionPermission(
                    group=group, collection_id=swg.collection_id, permission=perms[key]
                )
                for group in editors
                for key in COLLECTION_PERMISSIONS
                if (group.pk, perms[key].pk) not in have
            ]
        )
    for page in space_pages([swg.pk]):
        _grant_page_permissions(page, holders, perms)
        ensure_approval_workflow(swg, page)


@transaction.atomic
def sync_space_page(page):
    """Permissions and approval workflow for one (new) space page of an SWG."""
    from swg.roles.workflows import ensure_approval_workflow

    swg = page.working_group
    _grant_page_permissions(page, _holder_groups(swg), _permissions())
    ensure_approval_workflow(swg, page)


def _grant_page_permissions(page, holders, perms):
    from wagtail.models import GroupPagePermission

    have = set(
        GroupPagePermission.objects.filter(
            page_id=page.pk, group__in=[group for _role, group in holders]
        ).values_list("group_id", "permission_id")
    )
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page_id=page.pk, permission=permission)
            for role, group in holders
            for codename in PAGE_PERMISSIONS[role]
            if (group.pk, (permission := perms["wagtailcore", codename]).pk) not in have
        ]
    )
