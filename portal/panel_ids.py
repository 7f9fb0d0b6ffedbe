"""Workaround: the admin's panel ids do not depend on the language of the first request.

Upstream gap (Wagtail 8.0.1): `Panel.clean_name` is `safe_snake_case(self.heading)`, and
each model's edit handler, with its cached `child_identifiers`, is built once per process,
in the language of whoever opens an editor first. After a Lao first request every tab and
section of every editor is "panel", "panel1" … (Lao letters are not ASCII); after an
English one "meeting", "when_and_where" …: links to a tab (#tab-meeting), the editor's
remembered open sections and scripts change with the visitor who came first.

Here the name is taken from the heading in English, so ids are the same in both languages
and whatever the order of requests. Subclasses that name themselves (FieldPanel by its
field, InlinePanel by its relation) are untouched. Delete this module, and its `install()`
call in portal/apps.py, when Wagtail names panels independently of the active language.
"""

from django.utils import translation
from wagtail.admin.panels import Panel
from wagtail.coreutils import safe_snake_case


def _clean_name_in_english(panel):
    with translation.override("en"):
        return safe_snake_case(str(panel.heading or ""))


def install():
    """Make `Panel.clean_name` language-independent (idempotent)."""
    Panel.clean_name = property(
        _clean_name_in_english, doc="The panel's name from its English heading."
    )
