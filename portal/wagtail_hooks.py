"""Upstream gaps in wagtail-localize 1.14, closed by views registered ahead of its own
at the same addresses (the portal's hooks load first, in INSTALLED_APPS order), which
check and then hand over to wagtail-localize's view. Delete each when upstream does it.

- "Translate this page" (/admin/localize/submit/page/<id>/) checks only the site-wide
  `submit_translation` permission, so whoever holds it could open any page there (its
  title shows) and create translations of pages they may not edit. SWG editors hold
  that permission to send their own pages for translation (swg.roles.permissions):
  Wagtail's page permissions are asked first.
- "Sync translated pages" (/admin/localize/update/<source id>/) likewise checks only
  `submit_translation`: whoever holds it could rewrite (and publish) the translations
  of any page. The source page's edit permission is asked first.
- "Upload PO file" answers a request without a file, or a PO file without
  wagtail-localize's translation header (one not exported from the portal), with a
  500: it says what is wrong instead, as upstream does for an unreadable file.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import edit_translation
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

PO_TRANSLATION_HEADER = b"X-WagtailLocalize-TranslationID:"


def submit_page_translation(request, page_id):
    """wagtail-localize's submit view, for pages the user may edit only."""
    page = get_object_or_404(Page, id=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return SubmitPageTranslationView.as_view()(request, page_id=page_id)


def update_page_translations(request, translation_source_id):
    """wagtail-localize's "Sync translated pages", for pages the user may edit only."""
    source = get_object_or_404(TranslationSource, id=translation_source_id)
    try:
        instance = source.get_source_instance()
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
    if isinstance(instance, Page) and not instance.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return UpdateTranslationsView.as_view()(request, translation_source_id=translation_source_id)


@require_POST
def upload_translation_po(request, translation_id):
    """wagtail-localize's PO import, with a message for a missing or foreign file."""
    translation = get_object_or_404(Translation, id=translation_id)
    instance = translation.get_target_instance()
    if not edit_translation.user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        problem = _("Choose the PO file to upload.")
    elif PO_TRANSLATION_HEADER not in upload.read(64 * 1024):
        problem = _(
            "This is not a PO file exported for this translation: download the PO file "
            "of this translation and fill in that one."
        )
    else:
        upload.seek(0)
        return edit_translation.upload_pofile(request, translation_id=translation_id)
    messages.error(request, problem)
    if next_url := get_valid_next_url_from_request(request):
        return redirect(next_url)
    if isinstance(instance, Page):
        return redirect("wagtailadmin_pages:edit", instance.pk)
    return redirect("wagtailadmin_home")


@hooks.register("register_admin_urls")
def register_translation_guards():
    # Matched before wagtail-localize's patterns; its URL names still reverse to these.
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            submit_page_translation,
            name="portal_submit_page_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            update_page_translations,
            name="portal_update_page_translations",
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            upload_translation_po,
            name="portal_upload_translation_po",
        ),
    ]
