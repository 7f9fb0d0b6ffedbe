"""Admin for the SWG domain's non-page records: organisations and people (with their
roles in working groups), as snippets with listing filters."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from swg.models import Organisation, Person


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
