"""Page addresses may hold Lao vowel and tone marks (Unicode category M).

Upstream gap: Django's unicode slugs are ``[-\\w]``, and Python's ``\\w`` has no
combining marks, so ``validate_unicode_slug`` refuses ``ກອງປະຊຸມ`` and ``slugify``
turns it into ``ກອງປະຊມ``. Wagtail follows Django everywhere: its admin script drops
``\\p{M}`` when it makes a slug from a title (wagtail/wagtail#12300 chose to match
Django's validator), and its page URL pattern (``wagtail.urls.serve_pattern``) is
``[\\w\\-]``, so a page whose slug keeps its marks could not even be reached. Lao
written without its marks is not Lao.

Here the page slug field's validator (``Page.slug``, shared by every page type)
accepts marks after a letter or number, and ``SERVE_PATTERN`` is Wagtail's URL
pattern with marks added (portal/urls.py puts it in front of Wagtail's, under the same
name). The admin's slug field and script are swg.page_slugs. Delete this module when
Django's unicode slugs include combining marks (still not so in Django 5.2) and
Wagtail's serve pattern follows.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

# Combining marks of the Basic Multilingual Plane, where Lao and every other script
# written with vowel signs lives.
MARKS = "".join(chr(code) for code in range(0x10000) if unicodedata.category(chr(code))[0] == "M")
_SEGMENT = f"[\\w\\-{MARKS}]+"
# Wagtail's pattern with WAGTAIL_APPEND_SLASH (the default): path segments ending in "/".
SERVE_PATTERN = f"^((?:{_SEGMENT}/)*)$"

INVALID_SLUG = _(
    "Use only letters (with their vowel and tone marks), numbers, hyphens and underscores."
)


def is_slug_character(character):
    """A letter, number, combining mark, hyphen or underscore."""
    return character in "-_" or unicodedata.category(character)[0] in "LMN"


def validate_page_slug(value):
    """A page slug: letters, numbers, marks, hyphens, underscores; no mark first."""
    if (
        not value
        or not all(is_slug_character(character) for character in value)
        or unicodedata.category(value[0])[0] == "M"
    ):
        raise ValidationError(INVALID_SLUG, code="invalid")


def keep_marks_in_page_slugs():
    """Give `Page.slug` the validator above (called once, from SwgConfig.ready)."""
    field = Page._meta.get_field("slug")
    field.default_validators = [validate_page_slug]
    # `Field.validators` is cached the first time it is read.
    field.__dict__.pop("validators", None)
