from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Document archive")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from documents import collection_privacy, searchable, signal_handlers
        from documents.models import PortalDocument
        from swg.admin_visibility import document_permission_policy

        signal_handlers.connect()
        searchable.register()
        collection_privacy.connect()
        # For this exact model, so it holds whichever app registers a policy later
        # (wagtail.documents registers Wagtail's own in its ready()).
        register_permission_policy(PortalDocument, document_permission_policy(), exact_class=True)
