"""SWG addresses that are not Wagtail pages. Include `page_urlpatterns` inside
`i18n_patterns` before Wagtail's catch-all (Wagtail page URLs end in a slash, so
`meetings.ics` cannot be a page route)."""

from django.urls import path

from swg import views

page_urlpatterns = [
    path(
        "swg/<slug:slug>/meetings.ics",
        views.meetings_calendar_by_slug,
        name="swg_meetings_calendar",
    ),
]
