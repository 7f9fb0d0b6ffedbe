"""The Wagtail admin's document form (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE).

Every file uploaded through the admin, one at a time or several at once, passes
`documents.upload_checks` here; a refused file makes the form invalid, so Wagtail
stores neither a row nor a file. Replacing a file keeps the old one as a version
instead of deleting it as Wagtail would.
"""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from documents import services
from documents.upload_checks import UploadRejected

DUPLICATE_READABLE = _(
    "This file is already in the archive as “{title}”. Edit that document instead."
)


class PortalDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        self.checked = None
        if "file" in self.fields:
            # The stored name is short and ASCII (services.storage_name); the length
            # of the uploaded name is judged by the upload checks instead.
            self.fields["file"].max_length = None
        if "working_groups" in self.fields:
            self.fields["working_groups"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["working_groups"].choices
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or "file" not in self.changed_data:
            return upload
        try:
            checked = services.check_file(upload.name, upload)
        except UploadRejected as rejection:
            raise forms.ValidationError(str(rejection.message), code=rejection.code) from None
        existing = services.find_duplicate(checked.sha256, exclude_pk=self.instance.pk)
        if existing is not None:
            raise forms.ValidationError(self._duplicate_message(existing), code="duplicate")
        upload.seek(0)
        upload.name = services.storage_name(checked)
        self.checked = checked
        # Set here rather than in save(): the multiple uploader saves the instance itself.
        self.instance.original_filename = checked.name
        self.instance.file_kind = checked.kind.value
        self.instance.sha256 = checked.sha256
        self.instance.file_size = checked.size
        return upload

    def _duplicate_message(self, existing):
        if self.user is not None and existing.is_readable_by(self.user):
            return format_html(str(DUPLICATE_READABLE), title=existing.title)
        return str(_("This file is already in the archive (document {number}).")).format(
            number=existing.pk
        )

    def save(self, commit=True):
        replacing = self.instance.pk and "file" in self.changed_data and self.original_file
        if replacing and commit:
            services.keep_version(self.instance, by=self.user)
            # Wagtail's form deletes the replaced file; the version still needs it.
            self.original_file = None
        return super().save(commit=commit)
