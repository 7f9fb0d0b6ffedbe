"""Wagtail page routing in two queries instead of two per level of the page tree.

Wagtail's serve view finds a page by looking up the site, the active locale and the
home page's translation, then walking down the tree with one child query and one
`specific` query per path component: eight queries for /en/swg/health/ and ten for a
meeting before the page does any work, and two more for its view restrictions. Here
the site, the home pages and the restrictions come from the cached site structure
(sitetree.site_structure) and the pages on the path from one query over `url_path`
(which Wagtail keeps equal to a page's place in the tree), together with their
translations for the language switcher; one more query loads the page itself. The
page's own `route()` then handles what is left of the path (a routable page's
sub-route), and the answer is stored where Wagtail keeps its own
(`request._wagtail_route_for_request`), so Wagtail's serve view, its hooks, the view
restriction check and the page's `serve()` run unchanged.

It steps aside, and Wagtail routes as usual, whenever the shortcut might answer
differently: an alias on the way (aliases take their original's restrictions), a page
on the way with routing of its own that could claim the rest of the path, a language
without a locale.

Upstream gap: Wagtail routes a page with one child query per path component and offers
no public hook to hand its serve view a page found another way; this module writes the
private `request._wagtail_route_for_request` (Wagtail 8's name for the route cache of
`Page.route_for_request`). Delete it when Wagtail finds a page by `url_path` in a
bounded number of queries or gives routing a public hook; until then check on every
Wagtail upgrade that `Page.route_for_request` still reads that attribute (the language
fallback, which writes it too, fails tests/portal/test_language_fallback.py if not).
"""

from __future__ import annotations

import functools

from django.db.models import Q
from django.http import Http404
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from sitetree import site_structure

STEP_ASIDE = object()


class PageRoutingMiddleware:
    """Sets the request's site from the cached structure, and routes Wagtail pages.
    Place it above any middleware whose `process_view` asks Wagtail for the route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site_structure.site_for_request(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        if hasattr(request, "_wagtail_route_for_request"):
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        route = find_route(request, path)
        if route is not STEP_ASIDE:
            request._wagtail_route_for_request = route
        return None


def find_route(request, path):
    """What `Page.route_for_request(request, path)` would answer, or STEP_ASIDE."""
    site = site_structure.site_for_request(request)
    if site is None:
        return None
    code = site_structure.active_language_code(get_language())
    if code is None:
        return STEP_ASIDE
    homes = site_structure.homes(site)
    root = homes.get(code, site.root_page)
    # Only the tree root may sit above the home page (it has no restrictions of its own
    # that the cached list would not show, and is never an alias).
    if root.depth != 2 or root.alias_of_id:
        return STEP_ASIDE
    components = [component for component in path.split("/") if component]
    prefixes = [
        root.url_path + "".join(f"{component}/" for component in components[:count])
        for count in range(1, len(components) + 1)
    ]
    chain, translations = [root], list(homes.values())
    if prefixes:
        on_path = Page.objects.filter(url_path__in=prefixes)
        rows = list(
            Page.objects.filter(
                Q(url_path__in=prefixes) | Q(translation_key__in=on_path.values("translation_key"))
            )
        )
        by_url_path = {page.url_path: page for page in rows}
        for prefix in prefixes:
            page = by_url_path.get(prefix)
            if page is None:
                break
            chain.append(page)
        translations = [page for page in rows if page.translation_key == chain[-1].translation_key]
        if len(chain) == 1:
            translations = list(homes.values())
    for index, passed in enumerate(chain[:-1]):
        if passed.alias_of_id or not _routes_like_a_plain_page(passed, components[index:]):
            return STEP_ASIDE
    found = chain[-1]
    model = found.specific_class
    if found.alias_of_id or model is None:
        return STEP_ASIDE
    page = (
        model._default_manager.select_related(*getattr(model, "route_select_related", ()))
        .filter(pk=found.pk)
        .first()
    )
    if page is None:
        return STEP_ASIDE
    if len(chain) > 1:
        page._cached_parent_obj = chain[-2]
    # Wagtail's view restriction check asks the page; the answer is already known.
    page.get_view_restrictions = functools.partial(site_structure.restrictions_on, page.path)
    request._portal_translations = (page.pk, [t for t in translations if t.live])
    try:
        return page.route(request, components[len(chain) - 1 :])
    except Http404:
        return None


def _routes_like_a_plain_page(page, rest):
    """Would `page`, asked for the path `rest` below it, just look for its child?"""
    model = page.specific_class
    if model is None:
        return False
    if model.route is Page.route:
        return True
    if model.route is RoutablePageMixin.route:
        if not page.live:
            return True
        try:
            model.get_resolver().resolve("/" + "".join(f"{part}/" for part in rest))
        except Http404:
            return True
    return False


def translations_of(request, page):
    """The live translations of `page` (itself included) if routing already found them."""
    known = getattr(request, "_portal_translations", None)
    if known is not None and isinstance(page, Page) and known[0] == page.pk:
        return known[1]
    return None
