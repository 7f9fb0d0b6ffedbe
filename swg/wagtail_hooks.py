"""Admin for the SWG domain's non-page records: organisations and people (with their
roles in working groups), as snippets with listing filters; and the hooks that hold
the whole admin to the permission policy (swg.admin_visibility)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from swg import admin_visibility, policy
from swg.admin_visibility import ReadableSnippetViewSet
from swg.models import Organisation, Person

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
