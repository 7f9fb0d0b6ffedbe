from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from aid import urls as aid_urls
from documents import urls as documents_urls
from documents.collection_privacy import privacy_not_offered
from portal import media, views
from portal.accounts import urls as accounts_urls
from portal.accounts import views as accounts_views
from portal.sitemaps import BilingualSitemap
from search import urls as search_urls
from subscriptions import urls as subscriptions_urls
from swg import slug_marks
from swg.admin_visibility import guard_admin_urls
from swg.roles import urls as roles_urls

urlpatterns = [
    # The only login form is allauth's: Wagtail's own password forms at /admin/login/
    # and /<lang>/_util/login/ would be side doors around two-factor authentication.
    path(
        "admin/login/",
        views.login_redirect,
        {"default_next": "wagtailadmin_home"},
        name="admin_login_redirect",
    ),
    # A document's access level is its only access model: no collection privacy.
    path("admin/collections/<int:collection_id>/privacy/", privacy_not_offered),
    # Every admin view refuses an address naming what its user may not read.
    path("admin/", include(guard_admin_urls(wagtailadmin_urls))),
    *roles_urls.urlpatterns,
    # allauth's own sign-in forms, answering a locked sign-in with 429.
    path("accounts/login/", accounts_views.login, name="account_login"),
    path("accounts/2fa/authenticate/", accounts_views.mfa_authenticate, name="mfa_authenticate"),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(documents_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}, name="sitemap"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers that ask for /favicon.ico whatever the page says get the emblem.
    path("favicon.ico", views.favicon, name="favicon"),
]

urlpatterns += search_urls.api_urlpatterns

# Of MEDIA_ROOT only the image renditions, in every mode: documents leave through the
# access-checked views above, never by their stored name (portal/media.py).
urlpatterns.append(
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.public_media, name="public_media")
)

urlpatterns += i18n_patterns(
    *search_urls.page_urlpatterns,
    *subscriptions_urls.page_urlpatterns,
    *roles_urls.page_urlpatterns,
    *accounts_urls.page_urlpatterns,
    *documents_urls.page_urlpatterns,
    *aid_urls.page_urlpatterns,
    path("_util/login/", views.login_redirect, name="frontend_login_redirect"),
    # Wagtail's page pattern, with the Lao vowel and tone marks it lacks (swg.slug_marks).
    re_path(slug_marks.SERVE_PATTERN, wagtail_views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
)

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
# allauth answers its own rate limits (sign-in, sign-up, password reset) with this.
handler429 = "portal.views.too_many_requests"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
