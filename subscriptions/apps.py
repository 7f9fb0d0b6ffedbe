from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    label = "subscriptions"
    verbose_name = _("Subscriptions, feeds and calendars")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from subscriptions import signal_handlers

        signal_handlers.connect()
