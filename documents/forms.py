"""The Wagtail admin's document form (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE).

Every file uploaded through the admin, one at a time or several at once, passes
`documents.upload_checks` here; a refused file makes the form invalid, so Wagtail
stores neither a row nor a file. Replacing a file keeps the old one as a version
instead of deleting it as Wagtail would. The SWG choices are those the user may
draft in (swg.policy); a POST naming another SWG is refused.

A new document whose uploader left the title as the browser filled it in (the file
name) gets a readable title, or the one saved in the file (documents.describe); one
uploaded without the metadata fields (the multiple uploader) also gets its language
from its text, the access level `members` and the SWG whose collection it went to.
"""

import os
import unicodedata

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from documents import services
from documents.upload_checks import TOO_LARGE, UploadRejected, human_size
from swg.models import AccessLevel, SectorWorkingGroup
from swg.policy import Capability, swg_ids_with

NOT_YOUR_SWG = _(
    "Documents can only be filed under the sector working groups you prepare content for."
)
DUPLICATE_READABLE = _(
    "This file is already in the archive as “{title}”. Edit that document instead."
)


MAXIMUM_SIZE = _("Maximum file size: %(limit)s.")


class PortalDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        self.checked = None
        self.uploaded_name = ""
        self.default_working_groups = []
        if "file" in self.fields:
            self._state_the_size_limit(self.fields["file"])
        if "collection" in self.fields:
            self.fields["collection"].error_messages["invalid_choice"] = NOT_YOUR_SWG
        if "working_groups" in self.fields:
            self._limit_working_groups(self.fields["working_groups"])
        if "access_level" in self.fields and not self.instance.pk:
            # The model's default (public) suits imports that say so; an upload in the
            # admin starts at the safer level.
            self.initial["access_level"] = AccessLevel.MEMBERS

    @staticmethod
    def _state_the_size_limit(field):
        """Say the size limit in the upload checks' words, translated, instead of
        Wagtail's (which has no Lao). Wagtail's field refuses an oversized file before
        the checks see it, and the uploader's script checks the size in the browser
        with `file_too_large_unknown_size`: all three give the same message."""
        # The stored name is short and ASCII (services.storage_name); the length of
        # the uploaded name is judged by the upload checks instead.
        field.max_length = None
        limit = human_size(services.max_upload_size())
        field.max_upload_size = services.max_upload_size()
        field.max_upload_size_text = limit
        field.help_text = MAXIMUM_SIZE % {"limit": limit}
        # Wagtail fills in the file's size with `%`; this message has no placeholder left.
        too_large = TOO_LARGE % {"limit": limit}
        field.error_messages["file_too_large"] = too_large
        field.error_messages["file_too_large_unknown_size"] = too_large

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
        self.uploaded_name = upload.name
        upload.name = services.storage_name(checked)
        self.checked = checked
        # Set here rather than in save(): the multiple uploader saves the instance itself.
        self.instance.original_filename = checked.name
        self.instance.file_kind = checked.kind.value
        self.instance.sha256 = checked.sha256
        self.instance.file_size = checked.size
        self.instance.active_content = services.active_content_of(checked)
        return upload

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None and self.checked is not None:
            self._fill_new_document_defaults(cleaned_data)
        return cleaned_data

    def _fill_new_document_defaults(self, cleaned_data):
        """Defaults for what the uploader did not say (module docstring)."""
        title_left = "title" in self.fields and self._is_the_file_name(cleaned_data.get("title"))
        language_unasked = "language" not in self.fields
        if title_left or language_unasked:
            defaults = services.defaults_for_upload(cleaned_data["file"], self.checked)
            if title_left:
                cleaned_data["title"] = defaults.title
            if language_unasked:
                self.instance.language = defaults.language
        if "access_level" not in self.fields:
            self.instance.access_level = AccessLevel.MEMBERS
        if "working_groups" not in self.fields:
            self.default_working_groups = self._working_groups_of_collection(cleaned_data)

    def _is_the_file_name(self, title):
        """Is `title` empty or the file name the browser filled in (with or without
        its extension)?"""
        if not title:
            return True
        names = {self.uploaded_name, self.checked.name}
        names |= {os.path.splitext(name)[0] for name in names}
        return unicodedata.normalize("NFC", title.strip()) in {
            unicodedata.normalize("NFC", name) for name in names
        }

    def _working_groups_of_collection(self, cleaned_data):
        """The SWG whose collection the document goes to, if the user drafts there."""
        collection = cleaned_data.get("collection")
        if collection is None and len(self.collections) == 1:
            collection = self.collections[0]
        if collection is None:
            return []
        groups = SectorWorkingGroup.objects.filter(collection=collection)
        allowed = swg_ids_with(self.user, Capability.DRAFT)
        if allowed is not None:
            groups = groups.filter(pk__in=allowed)
        return list(groups)

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
