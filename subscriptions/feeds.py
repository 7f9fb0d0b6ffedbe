"""RSS 2.0 and Atom feeds: the news of one language, and each SWG's public updates
(published meetings, public minutes, public documents).

Feeds are read by anybody, so every item is chosen as the anonymous user would see
it, through the permission policy (swg.policy), never by a filter of our own.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale

from sitetree import site_address

FEED_LENGTH = 30


@dataclass
class FeedItem:
    key: str
    title: str
    description: str
    link: str
    date: datetime.datetime
    category: str


def _aware(value):
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time(8, 0)))
    return timezone.now()


def _active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def news_items(locale, request=None):
    """The latest public news pages of `locale`."""
    from portal.models import NewsPage

    pages = (
        NewsPage.objects.live()
        .public()
        .filter(locale=locale)
        .order_by("-date", "-pk")[:FEED_LENGTH]
    )
    return [
        FeedItem(
            key=f"news-{page.translation_key}",
            title=page.title,
            description=page.intro or page.search_description or "",
            link=page.get_full_url(request),
            date=_aware(page.first_published_at or page.date),
            category=_("News"),
        )
        for page in pages
    ]


def swg_items(swg, locale, request=None):
    """What the public may see of `swg` in `locale`: published meetings, public minutes
    and public documents, newest first."""
    from documents.models import PortalDocument
    from swg.models import MeetingPage
    from swg.policy import can_read

    public = AnonymousUser()
    items = []
    meetings = (
        MeetingPage.objects.visible_to(public)
        .filter(working_group=swg, locale=locale)
        .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
    )
    for meeting in meetings:
        url = meeting.get_full_url(request)
        when = timezone.localtime(meeting.start)
        items.append(
            FeedItem(
                key=f"meeting-{meeting.translation_key}",
                title=_("Meeting: %(title)s") % {"title": meeting.title},
                description=_("%(date)s, %(venue)s. %(summary)s")
                % {
                    "date": when.strftime("%Y-%m-%d %H:%M"),
                    "venue": meeting.venue or "-",
                    "summary": meeting.summary,
                },
                link=url,
                date=_aware(meeting.first_published_at),
                category=_("Meeting"),
            )
        )
        has_minutes = bool(meeting.minutes or meeting.minutes_document_id)
        if has_minutes and can_read(public, meeting.minutes_access, [swg.pk]):
            items.append(
                FeedItem(
                    key=f"minutes-{meeting.translation_key}",
                    title=_("Minutes: %(title)s") % {"title": meeting.title},
                    description=_("The minutes of the meeting are published."),
                    link=url + "#minutes",
                    date=_aware(meeting.last_published_at or meeting.first_published_at),
                    category=_("Minutes"),
                )
            )
    documents = (
        PortalDocument.objects.readable_by(public)
        .filter(working_groups=swg)
        .order_by("-created_at", "-pk")[:FEED_LENGTH]
    )
    for document in documents:
        link = site_address.absolute(document.url)
        items.append(
            FeedItem(
                key=f"document-{document.pk}",
                title=_("Document: %(title)s") % {"title": document.title},
                description=document.translated_title or document.get_document_type_display(),
                link=link,
                date=_aware(document.created_at),
                category=_("Document"),
            )
        )
    items.sort(key=lambda item: item.date, reverse=True)
    return items[:FEED_LENGTH]


class _ItemFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def items(self, obj):
        return obj["items"]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.link + ("" if "#" in item.link else "#") + item.key

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.date

    def item_categories(self, item):
        return [item.category]

    def link(self, obj):
        return obj["link"]

    def title(self, obj):
        return obj["title"]

    def description(self, obj):
        return obj["description"]

    def feed_url(self, obj):
        return site_address.absolute(self.request.get_full_path())


class NewsFeed(_ItemFeed):
    def get_object(self, request):
        locale = _active_locale()
        from portal.models import NewsIndexPage

        index = NewsIndexPage.objects.live().public().filter(locale=locale).first()
        return {
            "title": _("Round Table Process — news"),
            "description": _("News of the Round Table Process and its sector working groups."),
            "link": index.get_full_url(request) if index else site_address.absolute("/"),
            "language": locale.language_code,
            "items": news_items(locale, request),
        }


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


class SWGFeed(_ItemFeed):
    def get_object(self, request, slug):
        from swg.models import SectorWorkingGroup, SpacePage

        swg = get_object_or_404(SectorWorkingGroup, slug=slug)
        locale = _active_locale()
        space = SpacePage.objects.live().public().filter(working_group=swg, locale=locale).first()
        if space is None:
            raise Http404
        return {
            "title": _("%(name)s — public updates") % {"name": swg.name},
            "description": _(
                "Meetings, public minutes and public documents of the %(name)s working group."
            )
            % {"name": swg.name},
            "link": space.get_full_url(request),
            "language": locale.language_code,
            "items": swg_items(swg, locale, request),
        }


class SWGAtomFeed(SWGFeed):
    feed_type = Atom1Feed
    subtitle = SWGFeed.description


def feed_urls(swg=None):
    """The RSS and Atom addresses (news, or an SWG's) in the active language."""
    if swg is None:
        return reverse("subscriptions_news_feed"), reverse("subscriptions_news_atom")
    return (
        reverse("subscriptions_swg_feed", args=[swg.slug]),
        reverse("subscriptions_swg_atom", args=[swg.slug]),
    )
