"""Published pages as a search source (see search.registry): one record per page.

A page type can shape its own record by defining `search_record()` (the `Searchable`
protocol); every other page gets `default_page_record`: its title and the text of its
`search_fields`, public, in its locale's language, linked to its SWG if it has one.
Records follow Wagtail's publish, unpublish, move and delete signals, and Wagtail
privacy (a page view restriction) set on or removed from a page, which hides it and
everything below it at once, published or not, through the `search.tasks` re-index
tasks.
"""

from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import tasks
from search.registry import register_source

PREFIX = "page"
KINDS = {
    "newspage": "news",
    "newsindexpage": "news",
    "meetingpage": "meeting",
    "spacepage": "space",
}


def search_key(page):
    return f"{PREFIX}:{page.pk}"


def page_text(page):
    """Plain text of the page's searchable fields other than its title."""
    parts = []
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        value = getattr(page, field.field_name, None)
        if value in (None, ""):
            continue
        try:
            model_field = page._meta.get_field(field.field_name)
        except Exception:  # noqa: BLE001 — a property or method rather than a field
            model_field = None
        content = (
            model_field.get_searchable_content(value)
            if hasattr(model_field, "get_searchable_content")
            else [value() if callable(value) else value]
        )
        parts.extend(strip_tags(str(item)) for item in content if item)
    return "\n".join(parts)


def default_page_record(page):
    group = getattr(page, "working_group", None)
    date = getattr(page, "date", None) or (
        page.last_published_at.date() if page.last_published_at else None
    )
    language = page.locale.language_code
    return {
        "key": search_key(page),
        "kind": KINDS.get(page._meta.model_name, "page"),
        "title": page.title,
        "text": page_text(page),
        "date": date,
        "language": language,
        "locale": language,
        "access": "public",
        "url": page.get_url(None) or page.url_path,
        "swg_ids": [group.pk] if group else [],
        "swg_slugs": [group.slug] if group else [],
    }


def page_record(page):
    """The record for `page` now, or None if it must not be found."""
    if not page.live or page.depth < 2 or page.get_view_restrictions().exists():
        return None
    page = page.specific
    custom = getattr(page, "search_record", None)
    return custom() if callable(custom) else default_page_record(page)


def iter_page_records():
    pages = Page.objects.live().public().filter(depth__gte=2).specific().order_by("path")
    for page in pages.iterator(chunk_size=200):
        record = page_record(page)
        if record is not None:
            yield record


def load_page_record(pk):
    page = Page.objects.filter(pk=pk).first()
    return page_record(page) if page else None


def reindex_later(*pages):
    tasks.reindex_later(search_key(page) for page in pages)


def _published(sender, instance, **kwargs):
    reindex_later(instance)


def _moved(sender, instance, **kwargs):
    # A move changes the URL of the page and of everything below it.
    reindex_later(instance, *instance.get_descendants())


def _deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        reindex_later(instance)


def _privacy_changed(sender, instance, **kwargs):
    # The restriction covers its page and every page below it. On a page being
    # deleted (the restriction goes with it) the page's own delete signal reindexes.
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is not None:
        reindex_later(*Page.objects.filter(path__startswith=path).only("pk"))


def register():
    register_source(PREFIX, iter_records=iter_page_records, load=load_page_record)
    page_published.connect(_published, dispatch_uid="portal.search.published")
    page_unpublished.connect(_published, dispatch_uid="portal.search.unpublished")
    post_page_move.connect(_moved, dispatch_uid="portal.search.moved")
    post_delete.connect(_deleted, dispatch_uid="portal.search.deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _privacy_changed, sender=PageViewRestriction, dispatch_uid="portal.search.privacy"
        )
