"""The one permission policy of the portal (DESIGN.md §3.2).

Every view, listing, download, feed, sitemap, search and API path asks here; nothing
else decides who may read or do what. Two kinds of answer:

- "may this user do X to this object": `can(user, capability, swg)`,
  `can_read(user, access_level, swg_ids)`, `can_read_item(user, item)`
- "which objects may this user read": `readable_q(user, ...)`, a Q object applied inside
  the query, `readable(user, queryset)` for any model (pages, documents, memberships:
  what the Wagtail admin's listings, choosers, searches and bulk actions show), and
  `search_visibility(user)` for the search service.

Roles are rows (`swg.roles.models.Membership`). A role in an SWG holds in its
sub-groups too. The Round Table secretariat is recognised by `is_superuser`: it runs
the whole site, so it holds every capability everywhere. Answers are computed once
per user object (that is, once per request) from one small query and the cached SWG
tree, and kept on the user object;
`forget(user)` drops the cache after a change.

Someone who must use two-factor authentication and has not passed it in this session
(`hold_until_second_factor`, set by swg.roles.second_factor) holds only a member's
capabilities, in the SWGs they belong to, until they do.
"""

import enum

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.permissions import policy_registry

from swg.models import AccessLevel, ContactRole, SectorWorkingGroup


class Capability(enum.StrEnum):
    READ_MEMBERS = "read_members"
    READ_RESTRICTED = "read_restricted"
    SEE_CONTACT_DETAILS = "see_contact_details"
    DRAFT = "draft"
    APPROVE = "approve"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_SWGS = "manage_swgs"


_MEMBER = frozenset({Capability.READ_MEMBERS, Capability.SEE_CONTACT_DETAILS})
_SECRETARIAT = _MEMBER | {Capability.READ_RESTRICTED, Capability.DRAFT}
_CHAIR = _SECRETARIAT | {Capability.APPROVE, Capability.MANAGE_MEMBERS}

# Role value -> capabilities in that SWG and its sub-groups (DESIGN.md §3.2).
# MANAGE_SWGS (appoint chairs and co-chairs, create SWGs) belongs to no SWG role.
ROLE_CAPABILITIES = {
    "member": _MEMBER,
    "secretariat": _SECRETARIAT,
    "co_chair": _CHAIR,
    "chair": _CHAIR,
}
# Roles that edit content in the admin, and so must use two-factor authentication.
EDITOR_ROLES = frozenset({"secretariat", "co_chair", "chair"})
# Roles a chair or co-chair may give or take away; the rest is for the RT secretariat.
ROLES_MANAGED_BY_CHAIRS = ("secretariat", "member")

# What someone awaiting their second factor does not hold: everything beyond a member.
NEEDS_SECOND_FACTOR = frozenset(Capability) - _MEMBER

_CACHE_ATTR = "_swg_policy_grants"
_PAGES_CACHE_ATTR = "_swg_policy_readable_pages"
_SECOND_FACTOR_ATTR = "_swg_policy_awaits_second_factor"


def is_rt_secretariat(user):
    """The Round Table secretariat: active superusers."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def _grants(user):
    """{capability: frozenset of SWG ids} for an ordinary signed-in user, cached on it."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from swg.roles.models import Membership

    grants = {capability: set() for capability in Capability}
    rows = list(Membership.objects.filter(user=user).values_list("swg_id", "role"))
    if rows:
        children = SectorWorkingGroup.objects.children_by_parent()
        for swg_id, role in rows:
            ids = _with_descendants(swg_id, children)
            for capability in ROLE_CAPABILITIES.get(role, ()):
                grants[capability] |= ids
    cached = {capability: frozenset(ids) for capability, ids in grants.items()}
    cached["roles"] = frozenset(role for _swg_id, role in rows)
    setattr(user, _CACHE_ATTR, cached)
    return cached


def _with_descendants(swg_id, children):
    ids, stack = set(), [swg_id]
    while stack:
        current = stack.pop()
        if current not in ids:
            ids.add(current)
            stack.extend(children.get(current, ()))
    return ids


def forget(user):
    """Drop what the policy cached about `user` (after its memberships changed)."""
    for attr in (_CACHE_ATTR, _PAGES_CACHE_ATTR):
        if user is not None and hasattr(user, attr):
            delattr(user, attr)


def hold_until_second_factor(user):
    """Mark `user` (the request's user object) as not having passed the second factor in
    this session: what needs it is held back until then, if they are required to use one."""
    setattr(user, _SECOND_FACTOR_ATTR, True)


def awaits_second_factor(user):
    """Is `user` held to a member's capabilities until they pass their second factor?"""
    return bool(getattr(user, _SECOND_FACTOR_ATTR, False)) and requires_admin_2fa(user)


def _runs_everything(user):
    return is_rt_secretariat(user) and not awaits_second_factor(user)


def swg_ids_with(user, capability):
    """Ids of the SWGs in which `user` holds `capability`, or None meaning "all"."""
    capability = Capability(capability)
    if _runs_everything(user):
        return None
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    if capability in NEEDS_SECOND_FACTOR and awaits_second_factor(user):
        return frozenset()
    return _grants(user)[capability]


def can(user, capability, swg):
    """May `user` exercise `capability` in `swg` (an SWG, or None for site-wide)?"""
    ids = swg_ids_with(user, capability)
    return ids is None or (swg is not None and swg.pk in ids)


def readable_levels(user, swg):
    """Access levels of `swg`'s material that `user` may read."""
    levels = {AccessLevel.PUBLIC}
    if can(user, Capability.READ_MEMBERS, swg):
        levels.add(AccessLevel.MEMBERS)
    if can(user, Capability.READ_RESTRICTED, swg):
        levels.add(AccessLevel.RESTRICTED)
    return levels


def can_read(user, access_level, swg_ids):
    """May `user` read an item with `access_level` that belongs to the SWGs `swg_ids`?

    A non-public item that belongs to no SWG is for the Round Table secretariat only;
    an unknown access level is treated as restricted."""
    if access_level == AccessLevel.PUBLIC:
        return True
    capability = (
        Capability.READ_MEMBERS
        if access_level == AccessLevel.MEMBERS
        else Capability.READ_RESTRICTED
    )
    allowed = swg_ids_with(user, capability)
    return allowed is None or bool(allowed & set(swg_ids))


def can_read_item(user, item):
    """`can_read` for anything that follows the access protocol: an `access_level`
    attribute (or a `required_access_level()` method) and its SWGs, from
    `access_swg_ids()`, a `working_group_id`, or a `working_groups` relation."""
    level = access_level_of(item)
    if level is None or level == AccessLevel.PUBLIC:
        return True
    return can_read(user, level, swg_ids_of(item))


def access_level_of(item):
    """The access level `item` declares, or None when it declares none."""
    method = getattr(item, "required_access_level", None)
    if callable(method):
        return method()
    return getattr(item, "access_level", None)


def swg_ids_of(item):
    """The SWG ids an item belongs to (see `can_read_item`)."""
    method = getattr(item, "access_swg_ids", None)
    if callable(method):
        return set(method())
    working_group_id = getattr(item, "working_group_id", None)
    if working_group_id is not None:
        return {working_group_id}
    related = getattr(item, "working_groups", None)
    if related is not None and hasattr(related, "all"):
        return {group.pk for group in related.all()}
    return set()


def readable_q(user, *, swg_field, access_field="access_level"):
    """A filter for the items `user` may read; `swg_field` is the lookup of the item's
    SWG id (e.g. "working_group" or "working_groups"). With a many-to-many `swg_field`
    the filtered queryset may repeat rows: add `.distinct()`, or use
    `readable_q_through`."""
    return _readable(user, access_field, lambda ids: Q(**{f"{swg_field}__in": ids}))


def readable_q_through(user, *, through, item_field, swg_field, access_field="access_level"):
    """`readable_q` for items whose SWGs are rows of the many-to-many table `through`
    (`item_field` and `swg_field` name its two columns): each SWG test is an `IN` over
    that table instead of a join, so no item repeats and a listing needs no DISTINCT."""

    def belongs(ids):
        rows = through.objects.filter(**{f"{swg_field}__in": ids}).values(item_field)
        return Q(pk__in=rows)

    return _readable(user, access_field, belongs)


def _readable(user, access_field, belongs):
    members = swg_ids_with(user, Capability.READ_MEMBERS)
    restricted = swg_ids_with(user, Capability.READ_RESTRICTED)
    if members is None and restricted is None:
        return Q()
    q = Q(**{access_field: AccessLevel.PUBLIC})
    if members:
        q |= Q(**{access_field: AccessLevel.MEMBERS}) & belongs(members)
    if restricted:
        q |= Q(**{access_field: AccessLevel.RESTRICTED}) & belongs(restricted)
    return q


def swg_q(user, capability, *, swg_field):
    """A filter for rows of SWGs in which `user` holds `capability` (`swg_field` is the
    lookup of the row's SWG id); everything for the Round Table secretariat."""
    ids = swg_ids_with(user, capability)
    return Q() if ids is None else Q(**{f"{swg_field}__in": ids})


# --- Pages, and any model, in the admin ----------------------------------------------


def readable_pages_q(user):
    """A filter for the pages `user` may see (the Wagtail admin's explorer, choosers,
    searches, reports and bulk actions): those under a page where Wagtail's page
    permissions let them work (their SWG's spaces: drafts included), and live pages
    they may read on the site, that is whose access level the policy allows and that
    are in no private section (Wagtail privacy) they do not pass. In the admin nobody
    enters a section's password: a password-protected section shows only to those who
    may edit it. Everything for the Round Table secretariat. Computed once per user
    object (a query or two for the privacy rules; Wagtail caches page permissions)."""
    if is_rt_secretariat(user):
        return Q()
    cached = getattr(user, _PAGES_CACHE_ATTR, None)
    if cached is not None:
        return cached
    q = Q(live=True) & ~_unreadable_levels_q(user) & ~_private_sections_q(user)
    if user and user.is_authenticated and user.is_active:
        permissions = policy_registry.get_by_type(Page)
        for page in permissions.instances_with_direct_explore_permission(user):
            q |= Q(path__startswith=page.path)
        setattr(user, _PAGES_CACHE_ATTR, q)
    return q


def _access_level_page_models():
    """Page models with an access level of their own: [(model, SWG lookup or None)]."""
    found = []
    for model in get_page_models():
        fields = {field.name: field for field in model._meta.concrete_fields}
        level = fields.get("access_level")
        if level is not None and level.model is model:
            group = fields.get("working_group")
            found.append((model, "working_group" if group is not None else None))
    return found


def _unreadable_levels_q(user):
    """Pages whose access level `user` may not read. A page type with an access level
    but no SWG is for the Round Table secretariat only when it is not public (as
    `can_read` answers for items of no SWG)."""
    q = Q(pk__in=[])
    for model, swg_field in _access_level_page_models():
        readable = (
            readable_q(user, swg_field=swg_field)
            if swg_field
            else Q(access_level=AccessLevel.PUBLIC)
        )
        q |= Q(pk__in=model.objects.exclude(readable).values("pk"))
    return q


def _private_sections_q(user):
    """Pages in a private section (Wagtail privacy) that `user` does not pass: every
    signed-in user passes "login" sections, members of a listed group "groups" ones."""
    signed_in = bool(user and user.is_authenticated)
    restrictions = list(
        PageViewRestriction.objects.values_list("pk", "restriction_type", "page__path")
    )
    passed = set()
    groups_kind = [pk for pk, kind, _path in restrictions if kind == PageViewRestriction.GROUPS]
    if signed_in and groups_kind:
        passed = set(
            PageViewRestriction.groups.through.objects.filter(
                pageviewrestriction_id__in=groups_kind, group__user=user
            ).values_list("pageviewrestriction_id", flat=True)
        )
    q = Q(pk__in=[])
    for pk, kind, path in restrictions:
        if (kind == PageViewRestriction.LOGIN and signed_in) or pk in passed:
            continue
        q |= Q(path__startswith=path)
    return q


def readable(user, queryset):
    """The rows of `queryset` that `user` may read, whatever its model: pages by
    `readable_pages_q`, models whose queryset has `readable_by(user)` (documents,
    memberships) by that. Rows of other models carry no access rule of their own:
    `queryset` itself comes back, unchanged."""
    if issubclass(queryset.model, Page):
        return queryset.filter(readable_pages_q(user))
    readable_by = getattr(queryset, "readable_by", None)
    return readable_by(user) if callable(readable_by) else queryset


def search_visibility(user):
    """What `user` may find through search (see search.visibility)."""
    from search.visibility import Visibility

    members = swg_ids_with(user, Capability.READ_MEMBERS)
    restricted = swg_ids_with(user, Capability.READ_RESTRICTED)
    if members is None and restricted is None:
        return Visibility(everything=True)
    return Visibility(member_swg_ids=frozenset(members), restricted_swg_ids=frozenset(restricted))


# --- Contact lists ------------------------------------------------------------------
# An SWG's contact list is kept by those who draft for it (DESIGN.md §3.2: secretariat,
# co-chair and chair, in their SWG and its sub-groups). A person on several lists is
# one record: whoever keeps one of those lists may correct it, but only the roles in
# their own lists are theirs to add, change or remove, and the whole record theirs to
# delete only when every role in it is.


def contact_swg_ids(user):
    """Ids of the SWGs whose contact lists `user` keeps, or None meaning "all"."""
    return swg_ids_with(user, Capability.DRAFT)


def kept_contacts_q(user, *, entirely=False):
    """A filter on Person: the people on a list `user` keeps (with `entirely`, the
    people on no other list, whom `user` may delete)."""
    ids = contact_swg_ids(user)
    if ids is None:
        return Q()
    on_ours = ContactRole.objects.filter(working_group__in=ids).values("person")
    q = Q(pk__in=on_ours)
    if entirely:
        q &= ~Q(pk__in=ContactRole.objects.exclude(working_group__in=ids).values("person"))
    return q


def keeps_contact(user, person, *, entirely=False):
    """May `user` edit `person` (with `entirely`, delete the record)? One query."""
    ids = contact_swg_ids(user)
    if ids is None:
        return True
    if person.pk is None or not ids:
        return False
    groups = set(ContactRole.objects.filter(person=person).values_list("working_group", flat=True))
    return bool(groups & ids) and (not entirely or groups <= ids)


# --- Working on pages -----------------------------------------------------------------


def can_edit_page(user, page):
    """May `user` edit `page` in the admin? A page of an SWG's space (it names its
    `working_group_id`) is for those who draft in that SWG; any other page is for the
    Round Table secretariat. The page permissions swg.roles.permissions grants on the
    space subtrees say the same, so a link offered here opens."""
    swg_id = getattr(page, "working_group_id", None)
    if swg_id is None:
        return is_rt_secretariat(user)
    allowed = swg_ids_with(user, Capability.DRAFT)
    return allowed is None or swg_id in allowed


# --- Managing people ----------------------------------------------------------------


def assignable_roles(user, swg):
    """Roles `user` may give (by appointment or invitation) in `swg`."""
    if _runs_everything(user):
        return ["chair", "co_chair", "secretariat", "member"]
    if can(user, Capability.MANAGE_MEMBERS, swg):
        return list(ROLES_MANAGED_BY_CHAIRS)
    return []


def can_manage_membership(user, membership, new_role=None):
    """May `user` remove `membership` (or, with `new_role`, change it to that role)?"""
    allowed = assignable_roles(user, membership.swg)
    if membership.role not in allowed:
        return False
    return new_role is None or new_role in allowed


def requires_admin_2fa(user):
    """Must `user` use two-factor authentication to reach the admin? Superusers and
    anyone who edits content (secretariat, co-chairs, chairs)."""
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    return bool(_grants(user)["roles"] & EDITOR_ROLES)
