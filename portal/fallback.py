"""Pages that exist in one language only, shown in the other language's tree.

A page published only in Lao (it has no live English translation) also answers at its
place in the English tree: /en/news/<slug>/ serves the Lao page inside the English
chrome, with a notice in English that it is available in Lao only and a link to the
original, instead of a 404. The same holds the other way round. "Its place" is the
address of its nearest ancestor that is translated, followed by the slugs below it, so
the language switcher (`address_in`) and the router (`resolve`) agree on one address.

The page is served by Wagtail's own serve view, so view restrictions, the page's own
`serve()` access checks (a members-only meeting stays closed) and the `before_serve_page`
hooks all apply as they do at the original address: `resolve` only chooses the page.
"""

from dataclasses import dataclass

from django.http import Http404
from wagtail.models import Locale, Page, Site


@dataclass(frozen=True)
class Fallback:
    """A page served at its place in another language's tree."""

    page: Page
    # The page's address in the reader's language tree (what the reader asked for,
    # without any sub-route of a routable page).
    url: str
    # The page's own language and its original address.
    language: str
    original_url: str


def address_in(page, locale_id, request):
    """Where `page` lives in the tree of locale `locale_id`: its live translation's URL,
    or, for a page with none, the URL of its nearest translated ancestor followed by the
    slugs below that ancestor. None when not even the home page is translated."""
    chain = list(page.get_ancestors(inclusive=True).filter(depth__gte=2).order_by("depth"))
    translations = {
        translation.translation_key: translation
        for translation in Page.objects.live().filter(
            locale_id=locale_id, translation_key__in=[item.translation_key for item in chain]
        )
    }
    for index in range(len(chain) - 1, -1, -1):
        translation = translations.get(chain[index].translation_key)
        if translation is not None:
            base = translation.get_url(request)
            if base is None:
                return None
            return base + "".join(f"{item.slug}/" for item in chain[index + 1 :])
    return None


def resolve(request, path):
    """The page (and Wagtail route) that answers `path` in the active language's tree as
    a one-language page from another tree, or None.

    The active tree is walked along live pages as far as `path` goes; the rest of the
    path is routed from that page's translation in another language. A page found there
    that has a live translation in the active language is not a fallback (None)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    current = Locale.get_active()
    anchor = site.root_page.localized
    if anchor.locale_id != current.pk:
        return None
    components = [component for component in path.split("/") if component]
    consumed = 0
    for component in components:
        child = anchor.get_children().live().filter(slug=component).first()
        if child is None:
            break
        anchor, consumed = child, consumed + 1
    remaining = components[consumed:]
    if not remaining:
        return None
    sources = anchor.get_translations().live().exclude(locale_id=current.pk)
    for source in sources.select_related("locale").specific():
        try:
            route = source.route(request, remaining)
        except Http404:
            continue
        page = route[0]
        if page.get_translations().live().filter(locale_id=current.pk).exists():
            return None
        original_url = page.get_url(request)
        if original_url is None:
            return None
        # The slugs down to the page; the rest is a routable page's sub-route.
        slugs = remaining[: page.depth - source.depth]
        url = anchor.get_url(request) + "".join(f"{slug}/" for slug in slugs)
        return route, Fallback(
            page=page, url=url, language=page.locale.language_code, original_url=original_url
        )
    return None
