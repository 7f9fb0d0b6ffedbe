from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from aid import urls as aid_urls
from documents import urls as documents_urls
from portal import views
from portal.sitemaps import BilingualSitemap
from portal.subscriptions import urls as subscriptions_urls
from search import urls as search_urls
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
    path("admin/", include(wagtailadmin_urls)),
    *roles_urls.urlpatterns,
    path("accounts/", include("allauth.urls")),
    path("documents/", include(documents_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}, name="sitemap"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers that ask for /favicon.ico whatever the page says get the emblem.
    path("favicon.ico", views.favicon, name="favicon"),
]

urlpatterns += search_urls.api_urlpatterns

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    *search_urls.page_urlpatterns,
    *subscriptions_urls.page_urlpatterns,
    *roles_urls.page_urlpatterns,
    *documents_urls.page_urlpatterns,
    *aid_urls.page_urlpatterns,
    path("_util/login/", views.login_redirect, name="frontend_login_redirect"),
    path("", include(wagtail_urls)),
)

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
