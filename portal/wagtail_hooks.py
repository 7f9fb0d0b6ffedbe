"""Upstream gap in wagtail-localize 1.14: its "Translate this page" view
(/admin/localize/submit/page/<id>/) checks only the site-wide `submit_translation`
permission, so whoever holds it could open any page there (its title shows) and create
translations of pages they may not edit. SWG editors hold that permission so that they
can send their own pages for translation (swg.roles.permissions); this view, registered
ahead of wagtail-localize's at the same address, first asks Wagtail's page permissions
and then hands over to wagtail-localize's own view. Delete this module when
wagtail-localize checks page permissions in that view."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from wagtail import hooks
from wagtail.models import Page
from wagtail_localize.views.submit_translations import SubmitPageTranslationView


def submit_page_translation(request, page_id):
    """wagtail-localize's submit view, for pages the user may edit only."""
    page = get_object_or_404(Page, id=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return SubmitPageTranslationView.as_view()(request, page_id=page_id)


@hooks.register("register_admin_urls")
def register_translation_submission_guard():
    # The portal's hooks load before wagtail-localize's (INSTALLED_APPS order), so this
    # pattern is matched first; wagtail-localize's URL name still reverses to it.
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            submit_page_translation,
            name="portal_submit_page_translation",
        )
    ]
