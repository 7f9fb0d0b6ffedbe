from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.core import checks

        from portal import cache_purge, media, panel_ids, searchable
        from sitetree import site_address, site_structure

        checks.register(media.check_media_not_public, checks.Tags.security)
        panel_ids.install()
        searchable.register()
        site_structure.connect_signals()
        cache_purge.connect_signals()
        site_address.connect_signals(self)
