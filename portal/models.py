"""The site's own pages: home, standard pages, news."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from swg.page_slugs import EditedInThePortal


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", label=_("Heading"))
    paragraph = blocks.RichTextBlock(label=_("Paragraph"))
    image = ImageBlock(label=_("Image"))

    class Meta:
        label = _("Body")


class HomePage(EditedInThePortal, Page):
    """The portal's front page in each language: what the Round Table Process is,
    the SWGs, latest news and upcoming meetings."""

    intro = models.CharField(_("introduction"), max_length=400, blank=True)
    body = RichTextField(_("about the Round Table Process"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = None
    template = "portal/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from sitetree import fallback
        from sitetree.site_structure import private_pages_q
        from swg.models import MeetingPage, SectorWorkingGroup

        context = super().get_context(request, *args, **kwargs)
        context["working_groups"] = SectorWorkingGroup.objects.top_level()
        # News that exists in the other language only is listed too, labelled.
        news = (
            NewsPage.objects.live()
            .exclude(private_pages_q())
            .filter(fallback.only_elsewhere_q(self.locale_id))
            .select_related("image")
            .order_by("-date", "-pk")
        )
        context["latest_news"] = fallback.label_foreign(
            fallback.with_parent_in(news, self.locale_id)[:3],
            self.locale_id,
            request,
        )
        # Meetings held in the other language only are listed too, labelled.
        meetings = (
            MeetingPage.objects.visible_to(request.user)
            .filter(fallback.only_elsewhere_q(self.locale_id))
            .upcoming()
            .select_related("working_group")
        )
        context["upcoming_meetings"] = fallback.label_foreign(
            fallback.with_parent_in(meetings, self.locale_id)[:5], self.locale_id, request
        )
        return context


class StandardPage(EditedInThePortal, Page):
    intro = models.CharField(_("introduction"), max_length=400, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    template = "portal/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(EditedInThePortal, Page):
    intro = models.CharField(_("introduction"), max_length=400, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsPage"]
    max_count_per_parent = 1
    template = "portal/news_index_page.html"
    per_page = 10

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from sitetree import fallback

        context = super().get_context(request, *args, **kwargs)
        # The news of this language, and news that exists in the other language only
        # (labelled, at its place under this index: sitetree.fallback).
        locale_id = fallback.reader_locale_id(self)
        items = (
            NewsPage.objects.filter(fallback.listing_q(self, locale_id))
            .live()
            .public()
            .select_related("image")
            .order_by("-date", "-pk")
        )
        news = Paginator(items, self.per_page).get_page(request.GET.get("page"))
        news.object_list = fallback.label_foreign_children(
            news.object_list, locale_id, fallback.url_in_reader_tree(request, self)
        )
        context["news"] = news
        return context


class NewsPage(EditedInThePortal, Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.CharField(_("summary"), max_length=400, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []
    template = "portal/news_page.html"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
