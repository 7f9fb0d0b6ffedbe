"""The public structure of the site, cached across requests: sites, locales, the home
page of each language, the main menu, the page view restrictions and the SWG tree.

Every page needs these, and asking the database for them on each request cost a third
of a page's queries (DESIGN.md §5: at most 15 per page). They change only when an
editor saves, publishes, moves or deletes a page, changes a page's privacy, a site, a
locale or an SWG; each of those bumps a generation number that is part of every key,
so the next request reads fresh values. They hold nothing that depends on the reader:
menu items are live public pages, restrictions are rules that are checked per request.

Inside a transaction that has changed the structure and not yet committed, values are
kept under a key of that transaction only (a rollback would otherwise leave values
behind that never existed); the generation is bumped again when the change commits.
"""

from __future__ import annotations

import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "portal:structure:generation"
# A safety net only: every change that matters bumps the generation.
TIMEOUT = 60 * 60
# Pages below this depth (tree root 1, home pages 2, menu pages 3) are in nothing cached
# here but the view restrictions, whose paths change only when a page moves.
SHALLOW_DEPTH = 3


def _bump():
    cache.set(GENERATION_KEY, time.time_ns(), None)


class _BumpOnCommit:
    """An on_commit callback; while it waits, its token keys what this transaction
    reads, so values built from uncommitted (perhaps rolled back) rows stay private."""

    def __init__(self):
        self.token = uuid.uuid4().hex

    def __call__(self):
        _bump()


def changed():
    """Forget the cached structure (now, and again when the current transaction commits)."""
    _bump()
    transaction.on_commit(_BumpOnCommit())


def _pending_token():
    token = ""
    for _savepoints, callback, _robust in transaction.get_connection().run_on_commit:
        if isinstance(callback, _BumpOnCommit):
            token = callback.token
    return token


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def cached(name, build):
    """`build()`, kept in the cache under `name` until the structure changes."""
    key = f"portal:structure:{_generation()}:{_pending_token()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


# --- What is cached ------------------------------------------------------------------


def sites():
    return cached("sites", lambda: list(Site.objects.select_related("root_page")))


def site_for_request(request):
    """Wagtail's `Site.find_for_request` without a query: the same matching rules
    (hostname and port, then hostname with the default site, then the default site,
    then a unique hostname), over the cached sites. Stored where Wagtail looks first."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        from django.http.request import split_domain_port

        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        request._wagtail_site = _match_site(sites(), hostname, port)
    return request._wagtail_site


def _match_site(candidates, hostname, port):
    try:
        port = int(port)
    except (TypeError, ValueError):
        port = None
    named = [site for site in candidates if site.hostname == hostname]
    default = next((site for site in candidates if site.is_default_site), None)
    exact = next((site for site in named if site.port == port), None)
    if exact is not None:
        return exact
    if default is not None and default.hostname == hostname:
        return default
    if len(named) == 1:
        return named[0]
    return default


def locale_codes():
    """{locale id: language code}."""
    return cached("locales", lambda: dict(Locale.objects.values_list("pk", "language_code")))


def active_language_code(language):
    try:
        return get_supported_content_language_variant(language)
    except LookupError:
        return None


def homes(site):
    """{language code: live home page} of `site` (its root page and translations)."""
    if site is None:
        return {}

    def build():
        codes = locale_codes()
        return {
            codes.get(home.locale_id): home
            for home in site.root_page.get_translations(inclusive=True).live()
        }

    return cached(f"homes:{site.pk}", build)


def main_menu(home):
    """Live public children of `home` that are shown in menus, in tree order."""
    if home is None:
        return []
    return cached(
        f"menu:{home.pk}",
        lambda: list(home.get_children().live().in_menu().exclude(private_pages_q())),
    )


def view_restrictions():
    """Every page view restriction, with the path of its page."""
    return cached(
        "restrictions",
        lambda: list(
            PageViewRestriction.objects.select_related("page").only(
                "id", "restriction_type", "password", "page__id", "page__path", "page__depth"
            )
        ),
    )


def private_pages_q(prefix=""):
    """Pages in a private section (what Wagtail's `PageQuerySet.public()` leaves out),
    as a filter built from the cached restrictions. `prefix` is the lookup path to the
    page, e.g. "page_ptr__" (empty for a page queryset)."""
    q = Q()
    for restriction in view_restrictions():
        q |= Q(**{f"{prefix}path__startswith": restriction.page.path})
    return q if q else Q(pk__in=[])


def restrictions_on(path):
    """The view restrictions on the page at tree path `path` and its ancestors (Wagtail's
    `Page.get_view_restrictions`, for a page with no alias among its ancestors)."""
    return [r for r in view_restrictions() if path.startswith(r.page.path)]


# --- What changes it -----------------------------------------------------------------


def connect_signals():
    """Bump the generation whenever something cached here may have changed (called from
    PortalConfig.ready, once the page models are known)."""
    for model in (Locale, Site, PageViewRestriction, *get_page_models()):
        watch(model)
    for signal in (page_published, page_unpublished):
        signal.connect(_on_change, dispatch_uid="sitetree.site_structure")
    post_page_move.connect(_on_move, dispatch_uid="sitetree.site_structure")
    m2m_changed.connect(
        _on_move, sender=PageViewRestriction.groups.through, dispatch_uid="sitetree.site_structure"
    )


def watch(model):
    """Bump the generation when a `model` row is saved or deleted: for an app that keeps
    structure of its own in `cached` (swg's tree of working groups)."""
    uid = f"sitetree.site_structure:{model._meta.label}"
    post_save.connect(_on_change, sender=model, dispatch_uid=uid)
    post_delete.connect(_on_change, sender=model, dispatch_uid=uid)


def _on_change(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.depth and instance.depth > SHALLOW_DEPTH:
        return
    changed()


def _on_move(sender, **kwargs):
    changed()
