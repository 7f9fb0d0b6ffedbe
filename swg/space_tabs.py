"""Tabs that apps above `swg` add to every SWG space, such as the Aid tab.

An app returns `SpaceTab`s from a function registered with the Wagtail hook
`register_swg_space_tab` (in its `wagtail_hooks.py`). The space page then answers the
tab's routes below /<lang>/swg/<slug>/ as if they were its own (`SpacePage.
get_subpage_urls`), the space header lists the tab after swg's own, and meetings may
not take the tab's slugs. `swg` never imports the apps that register, so the layers
stay one-way.

A route's view is called as `view(request, space, *args, **kwargs)` with the space
page (the page's own privacy and Wagtail's serve hooks have run already).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import path as url_path
from wagtail import hooks

HOOK = "register_swg_space_tab"


@dataclass(frozen=True)
class SpaceRoute:
    pattern: str  # as for django.urls.path, below the space: "aid/", "aid/<int:pk>/"
    name: str  # for SpacePage.reverse_subpage
    view: Callable


@dataclass(frozen=True)
class SpaceTab:
    key: str
    label: str  # a lazy translation
    routes: tuple[SpaceRoute, ...]  # the first is the tab's own page
    order: int = 100

    @property
    def slug(self):
        """The first path segment the tab takes below the space."""
        return self.routes[0].pattern.split("/", 1)[0]


@functools.cache
def registered_tabs() -> tuple[SpaceTab, ...]:
    """Every registered tab, in order (read once per process, like Wagtail's hooks)."""
    tabs = [tab for hook in hooks.get_hooks(HOOK) for tab in hook()]
    return tuple(sorted(tabs, key=lambda tab: (tab.order, tab.key)))


def _bound(view):
    # RoutablePageMixin binds a route's callback to the page like a method: the page
    # arrives first, the request second.
    def route(page, request, *args, **kwargs):
        return view(request, page, *args, **kwargs)

    route.__name__ = getattr(view, "__name__", "space_tab_view")
    return route


def url_patterns():
    """The registered tabs' routes, as RoutablePageMixin expects them."""
    return [
        url_path(route.pattern, _bound(route.view), name=route.name)
        for tab in registered_tabs()
        for route in tab.routes
    ]


def reserved_slugs() -> tuple[str, ...]:
    return tuple(tab.slug for tab in registered_tabs())
