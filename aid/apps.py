from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "aid"
    verbose_name = _("Aid flows (IATI)")

    def ready(self):
        from aid import signal_handlers

        signal_handlers.connect()
