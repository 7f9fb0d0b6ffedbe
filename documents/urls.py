"""Download URLs (DESIGN.md §4: `/documents/<id>/<file name>`) and the archive pages.

`urlpatterns` replace Wagtail's document URLs under `documents/`; the serve view keeps
Wagtail's URL name so Wagtail's links (admin, rich text, `document.url`) lead here.
`page_urlpatterns` go inside `i18n_patterns`, before Wagtail's page catch-all.
"""

from django.urls import path
from wagtail.documents.views.serve import authenticate_with_password

from documents import views

urlpatterns = [
    path(
        "<int:document_id>/versions/<int:version_id>/<path:filename>",
        views.serve_version,
        name="document_version",
    ),
    path("<int:document_id>/thumbnail.webp", views.serve_thumbnail, name="document_thumbnail"),
    path("<int:document_id>/<path:document_filename>", views.serve, name="wagtaildocs_serve"),
    # Wagtail's collection privacy (a password on a collection) is honoured as well.
    path(
        "authenticate_with_password/<int:restriction_id>/",
        authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]

page_urlpatterns = [
    path("documents/", views.archive, name="document_archive"),
    path("documents/zip/", views.download_zip, name="document_zip"),
]
