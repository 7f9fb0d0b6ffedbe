"""`page_urlpatterns` go inside `i18n_patterns`, before Wagtail's page catch-all:
file names with a dot are not page routes."""

from django.urls import path

from aid import views

page_urlpatterns = [
    path("swg/<slug:slug>/aid.csv", views.download, {"fmt": "csv"}, name="aid_download_csv"),
    path("swg/<slug:slug>/aid.xlsx", views.download, {"fmt": "xlsx"}, name="aid_download_xlsx"),
]
