"""The one permission policy of the portal (DESIGN.md §3.2).

Every view, listing, download, feed, sitemap, search and API path asks here; nothing
else decides who may read or do what. Two kinds of answer:

- "may this user do X to this object": `can(user, capability, swg)`, `can_read(user, item)`
- "which objects may this user read": `readable_q(user, ...)`, a Q object applied inside
  the query, and `search_visibility(user)` for the search service.

Until memberships exist (the roles issue), only superusers (the Round Table
secretariat) hold roles; everybody else reads public material only.
"""

import enum

from django.db.models import Q

from swg.models import AccessLevel


class Capability(enum.StrEnum):
    READ_MEMBERS = "read_members"
    READ_RESTRICTED = "read_restricted"
    SEE_CONTACT_DETAILS = "see_contact_details"
    DRAFT = "draft"
    APPROVE = "approve"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_SWGS = "manage_swgs"


def _is_rt_secretariat(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def swg_ids_with(user, capability):
    """Ids of the SWGs in which `user` holds `capability`, or None meaning "all"."""
    if _is_rt_secretariat(user):
        return None
    return frozenset()


def can(user, capability, swg):
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
    """May `user` read an item with `access_level` that belongs to the SWGs `swg_ids`?"""
    if access_level == AccessLevel.PUBLIC:
        return True
    capability = (
        Capability.READ_RESTRICTED
        if access_level == AccessLevel.RESTRICTED
        else Capability.READ_MEMBERS
    )
    allowed = swg_ids_with(user, capability)
    return allowed is None or bool(allowed & set(swg_ids))


def readable_q(user, *, swg_field, access_field="access_level"):
    """A filter for the items `user` may read; `swg_field` is the lookup of the item's
    SWG id (e.g. "working_group" or "working_groups")."""
    members = swg_ids_with(user, Capability.READ_MEMBERS)
    restricted = swg_ids_with(user, Capability.READ_RESTRICTED)
    if members is None and restricted is None:
        return Q()
    q = Q(**{access_field: AccessLevel.PUBLIC})
    if members:
        q |= Q(**{access_field: AccessLevel.MEMBERS, f"{swg_field}__in": members})
    if restricted:
        q |= Q(**{access_field: AccessLevel.RESTRICTED, f"{swg_field}__in": restricted})
    return q


def search_visibility(user):
    """What `user` may find through search (see search.visibility)."""
    from search.visibility import Visibility

    members = swg_ids_with(user, Capability.READ_MEMBERS)
    restricted = swg_ids_with(user, Capability.READ_RESTRICTED)
    if members is None and restricted is None:
        return Visibility(everything=True)
    return Visibility(member_swg_ids=frozenset(members), restricted_swg_ids=frozenset(restricted))
