"""Search health on the Wagtail dashboard: backend, record count, staleness."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from search import service


class SearchStatusPanel(Component):
    name = "search_status"
    order = 400
    template_name = "search/admin/status_panel.html"

    def get_context_data(self, parent_context=None):
        status = service.status()
        indexed = status.get("indexed")
        status["in_step"] = indexed is None or indexed == status["records"]
        return {"status": status, "title": _("Search index")}


@hooks.register("construct_homepage_panels")
def add_search_status_panel(request, panels):
    if request.user.is_superuser:
        panels.append(SearchStatusPanel())
