"""Template tags for the site chrome: navigation and the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

register = template.Library()


def _home_for(request, language_code):
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    try:
        locale = Locale.objects.get(language_code=language_code)
    except Locale.DoesNotExist:
        return root
    return root.get_translation_or_none(locale) or root


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level pages of the current language's home page that are shown in menus."""
    request = context["request"]
    home = _home_for(request, get_language())
    if home is None:
        return []
    return list(home.get_children().live().in_menu().public().specific())


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, to the same page in that language.

    For a Wagtail page that has no translation yet, the link goes to that language's
    home page; for other views the URL's language prefix is swapped."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = None
        if isinstance(page, Page):
            locale = Locale.objects.filter(language_code=code).first()
            translation = page.get_translation_or_none(locale) if locale else None
            if translation is not None and translation.live:
                url = translation.get_url(request)
            else:
                home = _home_for(request, code)
                url = home.get_url(request) if home else None
        if url is None:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "is_current": code == current})
    return links
