"""`urlpatterns` are not localised (the invitation link lives in e-mails);
`page_urlpatterns` go inside `i18n_patterns`, before Wagtail's page catch-all."""

from django.urls import path

from swg.roles import views

urlpatterns = [
    path("accounts/invitations/<str:token>/", views.invitation, name="roles_invitation"),
]

page_urlpatterns = [
    path("swg/<slug:slug>/members/", views.members, name="roles_members"),
]
