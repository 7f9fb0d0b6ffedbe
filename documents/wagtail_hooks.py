"""Admin additions of the archive: filters on the document listing, a 400 for a form
naming an SWG the user may not file under, the multiple uploader (documents.admin_upload)
and the read-only audit of restricted downloads.

Documents themselves are edited with Wagtail's own document views; their form
(documents.forms) runs the upload checks and keeps replaced files as versions.
"""

import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.documents.views import documents as wagtail_documents

from documents.admin_upload import ArchiveMultipleAddView, StaleUploadView
from documents.models import (
    DocumentLanguage,
    DocumentType,
    DownloadLog,
    ExtractionStatus,
    PortalDocument,
)
from swg.models import AccessLevel, SectorWorkingGroup


class ArchiveFilterSet(wagtail_documents.DocumentsFilterSet):
    working_groups = django_filters.ModelChoiceFilter(
        queryset=SectorWorkingGroup.objects.all(), label=_("Sector working group")
    )
    document_type = django_filters.ChoiceFilter(
        choices=DocumentType.choices, label=_("Document type")
    )
    language = django_filters.ChoiceFilter(choices=DocumentLanguage.choices, label=_("Language"))
    access_level = django_filters.ChoiceFilter(choices=AccessLevel.choices, label=_("Access level"))
    extraction_status = django_filters.ChoiceFilter(
        choices=ExtractionStatus.choices, label=_("Text extraction")
    )

    class Meta(wagtail_documents.DocumentsFilterSet.Meta):
        model = PortalDocument


class ArchiveIndexView(wagtail_documents.IndexView):
    """Wagtail's document listing with the archive's filters and columns."""

    filterset_class = ArchiveFilterSet

    @property
    def columns(self):
        columns = list(super().columns)
        columns[3:3] = [
            Column("access_level", label=_("Access level"), accessor="get_access_level_display"),
            Column(
                "extraction_status",
                label=_("Text extraction"),
                accessor="get_extraction_status_display",
            ),
        ]
        return columns


class RefusesOtherSWGs:
    """Answer 400, with the form and its error, to a POST naming an SWG the form did not
    offer (the user does not draft there): the form never shows such a choice."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.names_another_swg:
            response.status_code = 400
        return response


class ArchiveCreateView(RefusesOtherSWGs, wagtail_documents.CreateView):
    pass


class ArchiveEditView(RefusesOtherSWGs, wagtail_documents.EditView):
    pass


@hooks.register("register_admin_urls")
def register_archive_views():
    # Registered before wagtail.documents' own URLs (INSTALLED_APPS order), so these
    # paths under /admin/documents/ are served here; Wagtail's URL names still reverse
    # to them.
    return [
        path("documents/", ArchiveIndexView.as_view(), name="documents_archive_index"),
        path(
            "documents/results/",
            ArchiveIndexView.as_view(results_only=True),
            name="documents_archive_index_results",
        ),
        path("documents/add/", ArchiveCreateView.as_view(), name="documents_archive_add"),
        path(
            "documents/edit/<int:document_id>/",
            ArchiveEditView.as_view(),
            name="documents_archive_edit",
        ),
        path(
            "documents/multiple/add/",
            ArchiveMultipleAddView.as_view(),
            name="documents_archive_add_multiple",
        ),
        path(
            "documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/",
            StaleUploadView.as_view(),
            name="documents_archive_stale_upload",
        ),
    ]


class DownloadLogURLFinder(ModelAdminURLFinder):
    """A download record's admin page is its read-only inspect view (it has no edit
    view, and Wagtail's finder for a viewset reverses the edit view's name)."""

    edit_url_name = "download_log:inspect"


class DownloadLogViewSet(ModelViewSet):
    """Who downloaded which restricted document when; nothing here can be changed.

    The records are not "usage" of a document: they stay out of Wagtail's reference
    index, so a document's Usage page lists the pages that show it, not its readers."""

    model = DownloadLog
    add_to_reference_index = False
    url_finder_class = DownloadLogURLFinder
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
