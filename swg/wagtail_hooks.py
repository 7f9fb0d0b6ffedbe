"""Admin for the SWG domain: organisations and people (with their roles in working
groups) as snippets with listing filters; on the dashboard, a panel for each SWG the
user works in (swg.admin_home); the page explorer opening at the user's own space
(swg.explorer_start)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from swg.admin_home import add_workspaces_panel
from swg.explorer_start import open_explorer_at_own_space
from swg.models import Organisation, Person

hooks.register("construct_homepage_panels", add_workspaces_panel)
hooks.register("construct_main_menu", open_explorer_at_own_space)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name_en", "name_lo", "acronym", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_lo", "acronym"]
    ordering = ["name_en"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["name", "title", "organisation", "email"]
    list_filter = {
        "organisation__kind": ["exact"],
        "roles__working_group": ["exact"],
        "roles__role": ["exact"],
    }
    search_fields = ["name", "email", "title"]
    ordering = ["name"]


class ContactsGroup(SnippetViewSetGroup):
    items = (PersonViewSet, OrganisationViewSet)
    menu_icon = "group"
    menu_label = _("Contacts")
    menu_name = "contacts"
    menu_order = 250


register_snippet(ContactsGroup)
