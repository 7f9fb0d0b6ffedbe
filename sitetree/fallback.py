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

Listings (the news, a space's meetings) show such pages in the other language too, at
that same place and labelled with their language: `listing_q` chooses them and
`label_foreign` / `label_foreign_children` give them their address in the reader's tree.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat, Length, Substr
from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from sitetree import site_structure


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
    # The address of the page's parent in the reader's tree (for breadcrumbs).
    parent_url: str = ""


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
        parent_url = anchor.get_url(request) + "".join(f"{slug}/" for slug in slugs[:-1])
        return route, Fallback(
            page=page,
            url=f"{parent_url}{slugs[-1]}/",
            language=page.locale.language_code,
            original_url=original_url,
            parent_url=parent_url,
        )
    return None


def reader_locale_id(page):
    """The id of the active language's locale, from the cached site structure; `page`'s
    own locale if the active language has none."""
    current = get_language()
    codes = site_structure.locale_codes().items()
    return next((pk for pk, code in codes if code == current), page.locale_id)


def only_elsewhere_q(locale_id):
    """Pages of the locale `locale_id`, and pages that have no live translation in it
    (shown there at their place, see `resolve`). Never both languages of one page."""
    translated = Page.objects.filter(live=True, locale_id=locale_id).values("translation_key")
    return Q(locale_id=locale_id) | ~Q(translation_key__in=translated)


def listing_q(parent, locale_id):
    """Children of `parent` (a page of the locale `locale_id`, or one shown in its tree),
    and children of `parent`'s live translations that have no live translation in that
    locale: what a listing of `parent`'s children shows to a reader of `locale_id`.
    One subquery each, no extra query."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    under_a_translation = Exists(
        Page.objects.filter(live=True, translation_key=parent.translation_key, path=parent_path)
    )
    own = Q(path__startswith=parent.path)
    # For a `parent` shown in the other tree, its own children too only if untranslated.
    listed = Q(depth=parent.depth + 1) & (own | under_a_translation) & only_elsewhere_q(locale_id)
    if parent.locale_id == locale_id:
        # A page whose slug a live child of `parent` already has cannot be shown at its
        # place (that child answers there): it is left out.
        slug_taken = Exists(
            Page.objects.filter(
                live=True,
                path__startswith=parent.path,
                depth=parent.depth + 1,
                slug=OuterRef("slug"),
            )
        )
        listed &= own | ~slug_taken
    return listed


def _mark(item, locale_codes, url):
    item.fallback_language = locale_codes.get(item.locale_id)
    item.fallback_url = url


def label_foreign_children(items, locale_id, parent_url):
    """Give each item of `items` (children of one page or of its translations) that is
    not in the locale `locale_id` its language (`fallback_language`) and its address in
    that locale's tree (`fallback_url`): `parent_url`, the parent's address there,
    followed by its slug. Returns `items` as a list."""
    items, codes = list(items), site_structure.locale_codes()
    for item in items:
        if item.locale_id != locale_id:
            _mark(item, codes, f"{parent_url}{item.slug}/")
    return items


def with_parent_in(queryset, locale_id):
    """`queryset` with each page's parent's live translation in the locale `locale_id`
    (its `url_path`, as `parent_url_path_in_locale`), for `label_foreign`, without the
    pages of other locales whose place there a live page already takes (see
    `listing_q`). Subqueries, no extra query."""
    # Two levels down: the parent is looked up inside the translation's subquery.
    path = OuterRef(OuterRef("path"))
    parent_path = Substr(path, 1, Length(path) - Page.steplen)
    parent_key = Page.objects.filter(path=parent_path).values("translation_key")[:1]
    translation = Page.objects.filter(
        live=True, locale_id=locale_id, translation_key=Subquery(parent_key)
    ).values("url_path")[:1]
    # By `url_path` alone (indexed, portal migration 0002; it is in the locale's tree by
    # construction): with a locale condition beside it SQLite may pick the locale index
    # and scan half the page table per row.
    place_taken = Exists(
        Page.objects.filter(
            live=True,
            url_path=Concat(OuterRef("parent_url_path_in_locale"), OuterRef("slug"), Value("/")),
        )
    )
    return queryset.annotate(parent_url_path_in_locale=Subquery(translation)).exclude(
        ~Q(locale_id=locale_id) & place_taken
    )


def label_foreign(items, locale_id, request):
    """`label_foreign_children` for items with different parents, from a queryset made
    by `with_parent_in`: each foreign item's address is its parent's live translation in
    `locale_id` followed by its slug (or, for a page whose parent is not translated,
    `address_in`, which costs queries)."""
    items, codes = list(items), site_structure.locale_codes()
    homes = site_structure.homes(Site.find_for_request(request)).values()
    for item in items:
        if item.locale_id == locale_id:
            continue
        url, parent_path = None, item.parent_url_path_in_locale
        home = next((h for h in homes if parent_path and parent_path.startswith(h.url_path)), None)
        base = home.get_url(request) if home is not None else None
        if base:
            url = f"{base}{parent_path[len(home.url_path) :]}{item.slug}/"
        else:
            url = address_in(item, locale_id, request)
        _mark(item, codes, url or item.get_url(request))
    return items


def url_in_reader_tree(request, page):
    """`page`'s address in the reader's tree: where it is being served as a one-language
    page from the other tree, or its own URL."""
    found = getattr(request, "portal_fallback", None)
    if found is not None and found.page.pk == page.pk:
        return found.url
    return page.get_url(request)
