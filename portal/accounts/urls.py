"""`page_urlpatterns` go inside `i18n_patterns`, before Wagtail's page catch-all."""

from django.urls import path

from portal.accounts import admin_access

page_urlpatterns = [
    path("admin-access/", admin_access.no_admin_access, name="no_admin_access"),
]
