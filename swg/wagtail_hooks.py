"""Admin for the SWG domain's non-page records: organisations and people (with their
roles in working groups), as snippets with listing filters. People are kept by their
SWG's secretariat, co-chairs and chair (swg/contacts_admin.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from swg import chooser_gap, contacts_admin, policy
from swg.models import Organisation, Person

register_permission_policy(Person, contacts_admin.PersonPermissionPolicy(Person))
register_permission_policy(Organisation, contacts_admin.OrganisationPermissionPolicy(Organisation))


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name_en", "name_lo", "acronym", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_lo", "acronym"]
    ordering = ["name_en"]
    chooser_viewset_class = chooser_gap.ChooserViewSet


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["name", "title", "organisation", "email"]
    filterset_class = contacts_admin.PersonFilterSet
    search_fields = ["name", "email", "title"]
    ordering = ["name"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("title"), FieldPanel("organisation")],
            heading=_("Who"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]), FieldPanel("languages")],
            heading=_("Contact details"),
            help_text=_(
                "Shown to members of the working group only, unless the role below makes "
                "them public."
            ),
        ),
        contacts_admin.ContactRolesPanel(
            "roles", heading=_("Roles in working groups"), label=_("role")
        ),
    ]
    chooser_viewset_class = contacts_admin.PersonChooserViewSet
    edit_view_class = contacts_admin.PersonEditView
    delete_view_class = contacts_admin.PersonDeleteView
    usage_view_class = contacts_admin.PersonUsageView
    history_view_class = contacts_admin.PersonHistoryView

    def get_queryset(self, request):
        """The people on the contact lists the user keeps (everybody, for the RT secretariat)."""
        return Person.objects.filter(policy.kept_contacts_q(request.user))


class ContactsGroup(SnippetViewSetGroup):
    items = (PersonViewSet, OrganisationViewSet)
    menu_icon = "group"
    menu_label = _("Contacts")
    menu_name = "contacts"
    menu_order = 250


register_snippet(ContactsGroup)
