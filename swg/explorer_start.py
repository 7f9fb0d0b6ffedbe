"""Upstream gap (Wagtail 8.0): the admin's page explorer starts where the user's page
permissions meet, not where the user works.

Wagtail opens the sidebar's "Pages" explorer at the *explorable root*: the closest
common ancestor of every page the user holds a page permission on
(`PagePermissionPolicy.explorable_root_instance`, used by `ExplorerMenuItem`). An
SWG's roles hold page permissions on its space in each language tree, and on its
sub-groups' spaces, which are siblings of it (swg.roles.permissions). The only common
ancestor of the Lao and the English tree is the Root, so every secretariat, co-chair and
chair opened the explorer at the Root, whose listing says "Pages created here will not
be accessible at any URL", two clicks away from anything they may touch.

The explorable root is right as it is: it bounds what the explorer may show (Wagtail
redirects a listing outside it back to it), and both language trees must stay
reachable. What is wrong is starting there. So the "Pages" item here starts at the
space of the SWG the user works in, in the language they use the admin in (when they
work in several unrelated SWGs, at the pages where those spaces meet in that language:
the SWG index); its link opens that space's listing. The Round Table secretariat and
anyone without an SWG role keep Wagtail's item unchanged.

Delete this module (and its `construct_main_menu` hook in swg/wagtail_hooks.py) when
Wagtail lets the explorer start somewhere other than the explorable root, e.g. per
locale.
"""

from django.urls import reverse
from django.utils.translation import get_language
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import PageExplorerMenuItem
from wagtail.models import Page

from swg import workspace
from swg.models import SectorWorkingGroup

EXPLORER_MENU_ITEM = "explorer"  # the name of Wagtail's "Pages" item


def start_page(user):
    """The page the explorer opens at for `user`, or None for Wagtail's own choice."""
    ids = workspace.working_group_ids(user)
    if not ids:
        return None
    groups = SectorWorkingGroup.objects.filter(pk__in=ids).only("pk", "parent_id")
    spaces = [
        space
        for found in workspace.spaces_of(workspace.top_working_group_ids(groups)).values()
        for space in found
    ]
    if not spaces:
        return None
    language = (get_language() or "")[:2]
    chosen = [space for space in spaces if space.locale.language_code == language] or [
        space for space in spaces if space.locale_id == spaces[0].locale_id
    ]
    if len(chosen) == 1:
        return chosen[0]
    return Page.objects.first_common_ancestor_of(chosen)


class OwnSpaceExplorerMenuItem(MenuItem):
    """Wagtail's "Pages" item (`original`), opening at `start_page(user)`."""

    def __init__(self, original):
        super().__init__(
            original.label,
            original.url,
            name=original.name,
            classname=original.classname,
            icon_name=original.icon_name,
            attrs=original.attrs,
            order=original.order,
        )
        self.original = original

    def is_shown(self, request):
        return self.original.is_shown(request)

    def render_component(self, request):
        start = start_page(request.user)
        if start is None:
            return self.original.render_component(request)
        return PageExplorerMenuItem(
            self.name,
            self.label,
            reverse("wagtailadmin_explore", args=[start.pk]),
            start.pk,
            icon_name=self.icon_name,
            classname=self.classname,
        )


def open_explorer_at_own_space(request, menu_items):
    """`construct_main_menu` hook: swap Wagtail's "Pages" item for the one above."""
    for index, item in enumerate(menu_items):
        if item.name == EXPLORER_MENU_ITEM and not isinstance(item, OwnSpaceExplorerMenuItem):
            menu_items[index] = OwnSpaceExplorerMenuItem(item)
