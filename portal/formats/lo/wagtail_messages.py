"""Wagtail's user bar texts, repeated for the Lao catalog.

Editors who are signed in see Wagtail's user bar (edit this page, add a child page,
the accessibility checker) on every public page. Wagtail ships no Lao catalog, so
this module repeats those gettext calls, with Wagtail's exact msgids (from
`wagtail/admin/locale/en/LC_MESSAGES/django.po`, templates `wagtailadmin/userbar/`
and the dialog they open), so that `makemessages` extracts them into
`locale/lo/LC_MESSAGES/django.po`, where they are translated. Nothing imports this
module. The rest of Wagtail's admin is not translated into Lao here.
"""

from django.utils.translation import gettext_lazy as _

MESSAGES = [
    _("Go to Wagtail admin"),
    _("Edit this page"),
    _("Close dialog"),
    _("Show issue"),
    _("Issues found"),
    _("View Wagtail quick actions"),
    _("Checks"),
    _("Warnings"),
    _("Add a child page"),
    _("Show in Explorer"),
    _("Button text is empty"),
    _("Use meaningful text for screen reader users"),
    _("Empty heading found"),
    _("Table header text is empty"),
    _("Empty frame title found"),
    _("Use a meaningful title for screen reader users"),
    _("Incorrect heading hierarchy"),
    _("Avoid skipping levels"),
    _("Input button text is empty"),
    _("Link text is empty"),
    _("Misusing paragraphs as headings"),
    _("Use proper heading tags"),
    _("Image alt text has inappropriate pattern"),
    _("Use meaningful text"),
    _("Meta description is empty"),
    _("Add a concise description for search engines"),
]
