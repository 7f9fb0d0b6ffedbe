"""Template tags for the site chrome: navigation and the language switcher.

They run on every page, so they share a few per-request look-ups (locales, the home
page in each language) instead of querying once per link."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

register = template.Library()


def _chrome(request):
    """Locales by id and the site's home page by language code, once per request."""
    cached = getattr(request, "_portal_chrome", None)
    if cached is None:
        locales = {locale.pk: locale.language_code for locale in Locale.objects.all()}
        homes = {}
        site = Site.find_for_request(request)
        if site is not None:
            for home in site.root_page.get_translations(inclusive=True).live():
                homes[locales.get(home.locale_id)] = home
        cached = request._portal_chrome = {"locales": locales, "homes": homes}
    return cached


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level pages of the current language's home page that are shown in menus."""
    home = _chrome(context["request"])["homes"].get(get_language())
    if home is None:
        return []
    return list(home.get_children().live().in_menu().public())


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, to the same page (and sub-page route) in that language.

    For a Wagtail page with no live translation, the link goes to that language's home
    page; for other views the URL's language prefix is swapped."""
    request = context["request"]
    page = context.get("page")
    chrome = _chrome(request)
    current = get_language()
    translations, route = {}, ""
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live():
            translations[chrome["locales"].get(translation.locale_id)] = translation
        # A routable page's sub-route (e.g. "actions/") and query follow the reader.
        page_url = page.get_url(request) or ""
        if page_url and request.path.startswith(page_url):
            route = request.path[len(page_url) :]
            if request.META.get("QUERY_STRING"):
                route += "?" + request.META["QUERY_STRING"]
    links = []
    for code, name in settings.LANGUAGES:
        equivalent = True
        if isinstance(page, Page):
            target = translations.get(code)
            if target is not None:
                url = target.get_url(request) + route
            else:
                equivalent = False
                home = chrome["homes"].get(code)
                url = home.get_url(request) if home else f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "is_current": code == current,
                # Only a real equivalent is announced as an hreflang alternate.
                "is_equivalent": equivalent,
            }
        )
    return links
