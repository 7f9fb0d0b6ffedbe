from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "swg.roles"
    label = "roles"
    verbose_name = _("Roles and memberships")

    def ready(self):
        from swg.roles import notifications, signals, workflow_names  # noqa: F401

        notifications.connect()
        workflow_names.connect()
