"""Admin additions of the archive: the read-only audit of restricted downloads.

Documents themselves are edited with Wagtail's own document views; their form
(documents.forms) runs the upload checks and keeps replaced files as versions.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from documents.models import DownloadLog


class DownloadLogViewSet(ModelViewSet):
    """Who downloaded which restricted document when; nothing here can be changed."""

    model = DownloadLog
    icon = "history"
    menu_label = _("Restricted downloads")
    add_to_settings_menu = True
    list_display = ["document", "user", "via", "downloaded_at"]
    list_filter = ["via", "downloaded_at"]
    search_fields = None
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = []

    def get_common_view_kwargs(self, **kwargs):
        read_only = {
            f"{name}_url_name": None for name in ("add", "edit", "delete", "history", "usage")
        }
        return super().get_common_view_kwargs(**{**read_only, **kwargs})

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
        ]


@hooks.register("register_admin_viewset")
def register_download_log_viewset():
    return DownloadLogViewSet("download_log")
