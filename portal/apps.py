from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal import cache_purge, panel_ids, searchable, site_structure

        panel_ids.install()
        searchable.register()
        site_structure.connect_signals()
        cache_purge.connect_signals()
