"""The address (slug) a page gets from its title, and the admin form that gives it.

A slug made from a title keeps every letter, vowel and tone mark (swg.slug_marks),
drops punctuation, joins words with hyphens and is short: the first words of the
title, at most `MAX_WORDS` of them and `MAX_LENGTH` characters. A first word longer
than that (Lao is written without spaces inside a phrase) is cut after the last Lao
word that fits, found by the site's segmenter (search.text). The admin script
swg/static/swg/js/page-slug.js makes the same slug in the browser as the title is
typed (for such a long word the browser's segmenter may cut a little differently);
the server makes it when the field is left empty.

`PortalPageForm` is the admin form of every page type (`EditedInThePortal` gives it
to them, with `PortalCopyForm`). When the slug is taken by another page in the same
place, a slug that comes from the title (as the script made it, or a shorter start
of it) gets the next free number ("-2", "-3"): an autosaved draft that was
abandoned, or last year's meeting of the same name, never makes the next attempt
fail. A slug a person chose that is taken is refused in the editor's language,
naming the page that has it.
"""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.widgets import SlugInput

from search.text import normalize, split_words
from swg.slug_marks import INVALID_SLUG, is_slug_character, validate_page_slug

MAX_WORDS = 6
MAX_LENGTH = 50
# Most pages sharing a place share no title; a long run of namesakes ends the search.
_MAX_NUMBER = 1000
_SLUG_FIELD_LENGTH = 255  # Page.slug

_SEPARATORS = re.compile(r"[-\s]+")
_LAO_RUN = re.compile(r"([\u0e80-\u0eff]+)")
_NUMBERED = re.compile(r"-\d+$")

SLUG_TAKEN = _(
    "The address “%(slug)s” is already used by “%(title)s” in the same place. "
    "Choose another address."
)


def _clean(title):
    """Lower case, Lao spelling folded, punctuation gone, words joined by hyphens."""
    text = normalize(title).lower()
    text = "".join(ch for ch in text if is_slug_character(ch) or ch.isspace())
    return "-".join(part for part in _SEPARATORS.split(text) if part)


def _words(word):
    """The pieces of one word of a slug, its Lao runs split into Lao words."""
    pieces = []
    for run in _LAO_RUN.split(word):
        if run:
            pieces += (split_words(run) or [run]) if _LAO_RUN.fullmatch(run) else [run]
    return pieces


def _cut(text, length):
    """At most `length` characters of `text`, never parting a letter from its marks."""
    end = min(length, len(text))
    while 0 < end < len(text) and unicodedata.category(text[end])[0] == "M":
        end -= 1
    return text[:end]


def slug_for_title(title, *, shorten=True):
    """The slug a page with `title` gets (module docstring); "" if nothing is left."""
    slug = _clean(title or "")
    if not shorten:
        return slug
    short = ""
    for count, word in enumerate(slug.split("-")):
        if count == MAX_WORDS or len(short) + len(word) + bool(short) > MAX_LENGTH:
            break
        short += f"-{word}" if short else word
    return short or _shorten_word(slug.split("-")[0])


def _shorten_word(word):
    """A first word longer than the slug may be (Lao written without spaces): cut after
    the last Lao word that fits, or after the last letter with its marks that fits."""
    short = ""
    for piece in _words(word):
        if len(short) + len(piece) > MAX_LENGTH:
            break
        short += piece
    return short or _cut(word, MAX_LENGTH)


def comes_from_title(slug, title):
    """Is `slug` the title's slug, or a start of it, perhaps with a number added?"""
    base = _NUMBERED.sub("", slug or "")
    return bool(base) and slug_for_title(title, shorten=False).startswith(base)


def _taken(slug, parent_page, page):
    siblings = parent_page.get_children().filter(slug=slug)
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    return siblings.first()


def _reserved(slug, parent_page):
    reserved = getattr(parent_page.specific_class, "reserved_slugs", None)
    return reserved is not None and slug in reserved()


def free_slug(slug, parent_page, page=None):
    """`slug`, or `slug` with the first number ("-2", "-3" ...) that no other page
    under `parent_page` uses and the parent does not reserve."""
    candidate, number = slug, 1
    while (_taken(candidate, parent_page, page) or _reserved(candidate, parent_page)) and (
        number < _MAX_NUMBER
    ):
        number += 1
        suffix = f"-{number}"
        candidate = _cut(slug, _SLUG_FIELD_LENGTH - len(suffix)).rstrip("-") + suffix
    return candidate


class PageSlugInput(SlugInput):
    """Wagtail's slug input with the portal's script (swg/static/swg/js/page-slug.js)
    in place of Wagtail's, which drops Lao marks."""

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs)
        controller = "page-slug"
        self.attrs.update(
            {
                "data-controller": controller,
                "data-action": (
                    f"blur->{controller}#slugify "
                    f"w-sync:check->{controller}#compare "
                    f"w-sync:apply->{controller}#urlify:prevent"
                ),
                f"data-{controller}-max-words-value": str(MAX_WORDS),
                f"data-{controller}-max-length-value": str(MAX_LENGTH),
            }
        )
        for name in list(self.attrs):
            if name.startswith("data-w-slug-"):
                del self.attrs[name]

    class Media:
        js = ["swg/js/page-slug.js"]


class PortalPageForm(WagtailAdminPageForm):
    """The admin form of every page type (module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.slug_given = None
        field = self.fields.get("slug")
        if field is not None:
            field.validators = [validate_page_slug]
            field.error_messages["invalid"] = INVALID_SLUG
            # Left empty (no script in the browser), it is made from the title.
            field.required = False
            # Wagtail's own script is configured by data- attributes: leave those out.
            kept = {k: v for k, v in field.widget.attrs.items() if not k.startswith("data-")}
            field.widget = PageSlugInput(attrs=kept)

    def clean(self):
        if "slug" in self.fields and "slug" in self.cleaned_data and self.parent_page:
            self._settle_slug()
        return super().clean()

    def _settle_slug(self):
        title = self.cleaned_data.get("title") or ""
        posted = self.cleaned_data["slug"]
        slug = posted or slug_for_title(title)
        if not slug:
            return
        holder = _taken(slug, self.parent_page, self.instance)
        if holder is not None:
            if not comes_from_title(slug, title):
                self.add_error(
                    "slug", SLUG_TAKEN % {"slug": slug, "title": holder.get_admin_display_title()}
                )
                return
            slug = free_slug(slug, self.parent_page, self.instance)
        self.cleaned_data["slug"] = slug
        if slug != posted:
            self.slug_given = slug

    def get_field_updates_for_resave(self):
        """After an autosave, show the browser the slug the page was given."""
        updates = list(super().get_field_updates_for_resave())
        if self.slug_given:
            updates.append(("slug", self.slug_given))
        return updates


class PortalCopyForm(CopyForm):
    """Wagtail's "Copy page" form with the same slug field; the copy's slug starts as
    the next free number of the original's, and a taken one is refused in the
    editor's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["new_slug"]
        field.validators = [validate_page_slug]
        field.error_messages["invalid"] = INVALID_SLUG
        field.widget = PageSlugInput()
        parent_page = self.page.get_parent()
        if parent_page is not None:
            field.initial = free_slug(self.page.slug, parent_page)

    def clean(self):
        cleaned_data = super().clean()
        slug = self.data.get(self.add_prefix("new_slug"))
        parent_page = cleaned_data.get("new_parent_page") or self.page.get_parent()
        holder = _taken(slug, parent_page, None) if slug and "new_slug" in self.errors else None
        if holder is not None:
            self.errors["new_slug"] = self.error_class(
                [SLUG_TAKEN % {"slug": slug, "title": holder.get_admin_display_title()}]
            )
        return cleaned_data


class EditedInThePortal:
    """Mixed into every page type, before `Page`: the portal's admin forms."""

    base_form_class = PortalPageForm
    copy_form_class = PortalCopyForm
