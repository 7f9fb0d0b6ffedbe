"""Purge a shared cache in front of the portal (Varnish, nginx, Cloudflare...) when a
page is published or unpublished, or Wagtail privacy is set on it or removed (then
for every live page below it too: a cached public copy must not outlive its privacy).

Public pages carry `Cache-Control: public, max-age=...` (web.caching), so a cache in
front may serve them for that long. On publish or unpublish this purges the page and
every address that lists it: its ancestors up to the home page (the news index, the SWG
index, the space), a space's listings (meetings/, documents/, contacts/, actions/), its
feeds and calendar, the news feeds and the site calendar. It uses the backends and the
background task of `wagtail.contrib.frontend_cache`, and is off unless
`WAGTAILFRONTENDCACHE` names a backend (README "Configuration":
`FRONTEND_CACHE_PURGE_URL`, `CLOUDFLARE_API_TOKEN`). Wagtail's own handlers are not
installed (the app is not in INSTALLED_APPS): they would purge the page only, and queue
an empty task on every publish where no cache is configured.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished


def connect_signals():
    for signal in (page_published, page_unpublished):
        signal.connect(_purge, dispatch_uid="portal.cache_purge")
    for signal in (post_save, post_delete):
        signal.connect(
            _purge_privacy, sender=PageViewRestriction, dispatch_uid="portal.cache_purge"
        )


def _purge(sender, instance, **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = urls_to_purge(instance)
    if urls:
        purge_urls_from_cache(urls)


def _purge_privacy(sender, instance, **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:  # deleted with its page: the page's own signals purge
        return
    urls = set()
    for item in page.get_descendants(inclusive=True).live():
        urls.update(urls_to_purge(item))
    if urls:
        purge_urls_from_cache(sorted(urls))


def urls_to_purge(page):
    """Absolute addresses whose content shows `page`, in a stable order."""
    from portal.models import HomePage, NewsIndexPage
    from swg.models import SpacePage

    page = page.specific
    parts = page.get_url_parts()
    if parts is None:
        return []
    root = parts[1]
    urls = {root + page_path for page_path in _cached_paths(page, parts[2])}
    with translation.override(page.locale.language_code):
        for item in page.get_ancestors(inclusive=True).filter(depth__gte=2).specific():
            url = item.get_full_url()
            if url is None:
                continue
            urls.add(url)
            if isinstance(item, SpacePage):
                for name in ("meetings", "documents", "contacts", "actions"):
                    urls.add(url + item.reverse_subpage(f"{name}_listing"))
                slug = item.working_group.slug
                for name in ("feed", "atom", "calendar"):
                    urls.add(root + reverse(f"subscriptions_swg_{name}", args=[slug]))
            elif isinstance(item, NewsIndexPage):
                urls.add(root + reverse("subscriptions_news_feed"))
                urls.add(root + reverse("subscriptions_news_atom"))
            elif isinstance(item, HomePage):
                urls.add(root + reverse("subscriptions_site_calendar"))
    return sorted(urls)


def _cached_paths(page, page_path):
    """The page's own addresses (Wagtail's `get_cached_paths`, relative to its URL)."""
    return [page_path.rstrip("/") + "/" + path.lstrip("/") for path in page.get_cached_paths()]
