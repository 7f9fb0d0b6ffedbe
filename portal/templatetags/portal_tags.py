"""Template tags for the site chrome: navigation and the language switcher.

They run on every page, so they read the locales, the home page in each language and
the main menu from the cached site structure (sitetree.site_structure), and the page's
translations from what routing already found (sitetree.routing)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Page, Site

from sitetree import fallback, routing, site_structure
from swg import policy

register = template.Library()


def _chrome(request):
    """Locales by id and the site's home page by language code."""
    return {
        "locales": site_structure.locale_codes(),
        "homes": site_structure.homes(Site.find_for_request(request)),
    }


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level pages of the current language's home page that are shown in menus."""
    home = _chrome(context["request"])["homes"].get(get_language())
    return site_structure.main_menu(home)


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, to the same page (and sub-page route) in that language.

    For a Wagtail page with no live translation, the link goes to the page's place in
    that language's tree, where it is shown with an "available in ... only" notice
    (sitetree.fallback); for other views the URL's language prefix is swapped. Only real
    translations are marked `is_equivalent` (hreflang alternates)."""
    request = context["request"]
    page = context.get("page")
    chrome = _chrome(request)
    current = get_language()
    translations, route = {}, ""
    shown_as_fallback = _fallback_of(request, page) is not None
    if isinstance(page, Page):
        found = routing.translations_of(request, page)
        if found is None:
            found = page.get_translations(inclusive=True).live()
        for translation in found:
            translations[chrome["locales"].get(translation.locale_id)] = translation
        # A routable page's sub-route (e.g. "actions/") and query follow the reader.
        page_url = request.portal_fallback.url if shown_as_fallback else page.get_url(request)
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
            elif shown_as_fallback and code == current:
                equivalent, url = False, request.portal_fallback.url + route
            else:
                equivalent = False
                locale_id = next((pk for pk, c in chrome["locales"].items() if c == code), None)
                place = fallback.address_in(page, locale_id, request) if locale_id else None
                url = place + route if place else f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "is_current": code == current,
                # Only a real equivalent is announced as an hreflang alternate; a page
                # shown in another language's tree announces none (its canonical is
                # the original).
                "is_equivalent": equivalent and not shown_as_fallback,
            }
        )
    return links


def _fallback_of(request, page):
    """The sitetree.fallback.Fallback under which `page` is being served, if it is."""
    found = getattr(request, "portal_fallback", None)
    if found is not None and isinstance(page, Page) and found.page.pk == page.pk:
        return found
    return None


@register.simple_tag(takes_context=True)
def content_fallback(context):
    """The Fallback (page, url, language, original_url) when this page is a one-language
    page shown in the other language's tree, else None (see sitetree.fallback)."""
    return _fallback_of(context["request"], context.get("page"))


@register.simple_tag(takes_context=True)
def userbar(context):
    """Wagtail's user bar, for the people who edit content: superusers and SWG
    secretariats, co-chairs and chairs, whom the policy knows without a query. Wagtail's
    own tag asks Django for every reader's permissions, two queries on every page for
    readers who can never use it."""
    request = context.get("request")
    if not policy.requires_admin_2fa(getattr(request, "user", None)):
        return ""
    return wagtailuserbar(context)
