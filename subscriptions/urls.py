"""`page_urlpatterns` go inside `i18n_patterns`, before Wagtail's page catch-all."""

from django.urls import path

from subscriptions import views

page_urlpatterns = [
    path("news/feed/", views.news_feed, name="subscriptions_news_feed"),
    path("news/feed/atom/", views.news_atom, name="subscriptions_news_atom"),
    path("swg/<slug:slug>/feed/", views.swg_feed, name="subscriptions_swg_feed"),
    path("swg/<slug:slug>/feed/atom/", views.swg_atom, name="subscriptions_swg_atom"),
    path("swg/<slug:slug>/meetings.ics", views.swg_calendar, name="subscriptions_swg_calendar"),
    path("meetings.ics", views.site_calendar, name="subscriptions_site_calendar"),
    path(
        "calendar/meeting/<int:page_id>.ics",
        views.meeting_calendar,
        name="subscriptions_meeting_calendar",
    ),
    path(
        "calendar/<str:secret>/meetings.ics",
        views.private_calendar,
        name="subscriptions_private_calendar",
    ),
    path(
        "calendar/<str:secret>/swg/<slug:slug>/meetings.ics",
        views.private_calendar,
        name="subscriptions_private_swg_calendar",
    ),
    path("subscriptions/", views.manage, name="subscriptions_manage"),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="subscriptions_unsubscribe",
    ),
]
