"""The admin's multiple uploader (Documents -> "Add a document"), made to work with the
archive's document form.

Wagtail's uploader (wagtail.admin.views.generic.multiple_upload) validates each file
with the full document form, but posts only the file, a title and the collection. The
archive's required metadata (type, language, access level) then fail, and Wagtail
keeps the file as an `UploadedFile` whose edit form has no file field: "Update"
crashed with "'PortalDocumentForm' has no field named 'file'". Here each file is
validated by a form of the file, title and collection alone; what the uploader did not
say gets the archive's defaults (documents.forms); a refused file answers with every
reason, translated, and leaves no row and no file. The edit form shown after an
upload is Wagtail's, on the saved document.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views import View
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.documents.views import multiple as wagtail_multiple
from wagtail.models import UploadedFile

UPLOAD_FIELDS = ("title", "file", "collection")


class ArchiveMultipleAddView(wagtail_multiple.AddView):
    """Wagtail's multiple uploader with the archive's upload form (module docstring)."""

    def get_upload_form_class(self):
        return get_document_form(self.model, fields=UPLOAD_FIELDS)

    def post(self, request):
        upload = request.FILES.get("files[]")
        if upload is None:
            return HttpResponseBadRequest(_("Choose a file to upload."))
        form = self.get_upload_form_class()(
            {
                "title": request.POST.get("title", upload.name),
                "collection": request.POST.get("collection"),
            },
            {"file": upload},
            user=request.user,
        )
        if not form.is_valid():
            return JsonResponse(self.get_invalid_response_data(form))
        self.object = self.save_object(form)
        return JsonResponse(self.get_edit_object_response_data())

    def get_invalid_response_data(self, form):
        """Every reason the file was refused, the file's own first. Wagtail's script
        inserts the message as HTML, so each reason is escaped here."""
        reasons = []
        for name in [*UPLOAD_FIELDS, "__all__"]:
            field = form.fields.get(name)
            for message in form.errors.get(name, []):
                # A reason about another field than the file says which one.
                label = "" if field is None or name == "file" else f"{field.label}: "
                reasons.append((label, message))
        return {
            "success": False,
            "error_message": format_html_join("", "<p>{}{}</p>", reasons),
        }

    def save_object(self, form):
        """Store the document and file it under the SWG of its collection; all or nothing."""
        document = form.save(commit=False)
        document.uploaded_by_user = self.request.user
        try:
            with transaction.atomic():
                document._set_document_file_metadata()
                document.save()
                document.working_groups.set(form.default_working_groups)
        except BaseException:
            if document.file.name:
                document.file.storage.delete(document.file.name)
            raise
        return document


class StaleUploadView(View):
    """Files Wagtail's own uploader kept half-done (`UploadedFile`, before the archive's
    uploader replaced it) passed no duplicate check and hold no metadata: they are
    removed, and the person is asked to upload the file again."""

    http_method_names = ["post"]

    def post(self, request, uploaded_file_id):
        upload = get_object_or_404(
            UploadedFile,
            id=uploaded_file_id,
            for_content_type=ContentType.objects.get_for_model(get_document_model()),
            uploaded_by_user=request.user,
        )
        upload.file.delete(save=False)
        upload.delete()
        message = _("This upload was not finished and has been removed. Upload the file again.")
        return JsonResponse(
            {"success": False, "form": format_html('<p class="error-message">{}</p>', message)}
        )
