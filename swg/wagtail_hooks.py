"""Admin for the SWG domain: organisations and people (with their roles in working
groups) as snippets with listing filters (people are kept by their SWG's secretariat,
co-chairs and chair: swg/contacts_admin.py); the hooks that hold the whole admin to the
permission policy (swg.admin_visibility); on the dashboard, a panel for each SWG the
user works in (swg.admin_home); the page explorer opening at the user's own space
(swg.explorer_start)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from swg import admin_visibility, contacts_admin, policy
from swg.admin_home import add_workspaces_panel
from swg.admin_visibility import ReadableSnippetViewSet
from swg.explorer_start import open_explorer_at_own_space
from swg.models import Organisation, Person

hooks.register("construct_homepage_panels", add_workspaces_panel)
hooks.register("construct_main_menu", open_explorer_at_own_space)

# --- The admin shows what the policy lets each user read ---------------------------

hooks.register("construct_explorer_page_queryset", admin_visibility.scope_explorer)
hooks.register("construct_page_chooser_queryset", admin_visibility.scope_page_chooser)
# After wagtail.documents' own endpoint (order 0), which it replaces.
hooks.register("construct_admin_api", admin_visibility.scope_admin_api, order=1000)
# After Wagtail's own summary items (order 0), to replace its page count.
hooks.register("construct_homepage_summary_items", admin_visibility.scope_summary_items, order=1000)
# After Wagtail's own registrations (order 0): the registry keeps the last action of
# each model and action type.
for _action in admin_visibility.readable_bulk_actions():
    hooks.register("register_bulk_action", _action, order=1000)


@hooks.register("register_admin_urls")
def register_readable_translations_report():
    # Matched before wagtail-localize's own patterns (INSTALLED_APPS order); its URL
    # names still reverse to these addresses.
    report = admin_visibility.ReadableTranslationsReportView
    return [
        path(
            "localize/reports/translations/",
            report.as_view(),
            name="swg_translations_report",
        ),
        path(
            "localize/reports/translations/results/",
            report.as_view(results_only=True),
            name="swg_translations_report_results",
        ),
    ]


@hooks.register("construct_reports_menu")
def hide_site_wide_reports(request, menu_items):
    # The page types report counts every page on the site: the Round Table
    # secretariat's (swg.admin_visibility.SITE_WIDE_URL_NAMES refuses it to others).
    if not policy.is_rt_secretariat(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


# --- Contacts ------------------------------------------------------------------------

register_permission_policy(Person, contacts_admin.PersonPermissionPolicy(Person))
register_permission_policy(Organisation, contacts_admin.OrganisationPermissionPolicy(Organisation))


class OrganisationViewSet(ReadableSnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name_en", "name_lo", "acronym", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_lo", "acronym"]
    ordering = ["name_en"]


class PersonViewSet(ReadableSnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["name", "title", "organisation", "email"]
    filterset_class = contacts_admin.PersonFilterSet
    search_fields = ["name", "email", "title"]
    ordering = ["name"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("title"), FieldPanel("title_lo")]),
                FieldPanel("organisation"),
            ],
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
