"""The Wagtail admin's document form (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE).

Every file uploaded through the admin, one at a time or several at once, passes
`documents.upload_checks` here; a refused file makes the form invalid, so Wagtail
stores neither a row nor a file. Replacing a file keeps the old one as a version
instead of deleting it as Wagtail would. The SWG choices are those the user may
draft in (swg.policy); a POST naming another SWG is refused.
"""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from documents import services
from documents.upload_checks import UploadRejected
from swg.models import SectorWorkingGroup
from swg.policy import Capability, swg_ids_with

NOT_YOUR_SWG = _(
    "Documents can only be filed under the sector working groups you prepare content for."
)
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
            self._limit_working_groups(self.fields["working_groups"])

    def _limit_working_groups(self, field):
        """Offer only the SWGs the user may draft in (roles hold in sub-groups too).

        SWGs outside that set which the document already belongs to are neither
        offered nor dropped: they are another group's to change.
        """
        allowed = swg_ids_with(self.user, Capability.DRAFT)
        self.kept_working_groups = []
        if allowed is not None:
            field.queryset = field.queryset.filter(pk__in=allowed)
            if self.instance.pk:
                self.kept_working_groups = [
                    group.pk
                    for group in self.instance.working_groups.all()
                    if group.pk not in allowed
                ]
        field.error_messages = {
            **field.error_messages,
            "invalid_choice": NOT_YOUR_SWG,
            "invalid_pk_value": NOT_YOUR_SWG,
        }
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)

    @property
    def names_another_swg(self):
        """Did the submitted data name an SWG the user was not offered?"""
        return any(
            self.has_error("working_groups", code)
            for code in ("invalid_choice", "invalid_pk_value")
        )

    def clean_working_groups(self):
        chosen = self.cleaned_data.get("working_groups")
        if not self.kept_working_groups:
            return chosen
        kept = SectorWorkingGroup.objects.filter(pk__in=self.kept_working_groups)
        return kept if chosen is None else (chosen | kept).distinct()

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
        self.instance.active_content = services.active_content_of(checked)
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
