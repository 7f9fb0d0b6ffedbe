"""The space of one SWG in one language, at /<lang>/swg/<slug>/ with its listings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from swg import space_tabs
from swg.models.richtext import clean_rich_text
from swg.page_slugs import EditedInThePortal


class SpacePage(EditedInThePortal, RoutablePageMixin, Page):
    """Home of an SWG or sub-sector group in one language. Sub-group spaces are
    siblings of their parent's space (children of the SWG index) so that every
    group lives at /<lang>/swg/<slug>/; the parent is shown on the page."""

    working_group = models.ForeignKey(
        "swg.SectorWorkingGroup",
        on_delete=models.PROTECT,
        related_name="space_pages",
        verbose_name=_("working group"),
        help_text=_("The working group this space belongs to: one space per language."),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few lines shown under the title; the mandate comes from the group."),
    )
    body = RichTextField(_("more about the group"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("working_group"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("working_group"),
    ]

    parent_page_types = ["swg.SWGIndexPage"]
    subpage_types = ["swg.MeetingPage"]
    template = "swg/space_page.html"
    # Listing slugs answered by routes; a meeting may not take them (nor the slugs of
    # tabs other apps add, swg.space_tabs).
    own_reserved_slugs = ("meetings", "documents", "contacts", "actions")
    # Loaded with the page when sitetree.routing finds it: every view of a space needs it.
    route_select_related = ("working_group",)

    class Meta:
        verbose_name = _("working group space")
        verbose_name_plural = _("working group spaces")

    @classmethod
    def reserved_slugs(cls):
        return cls.own_reserved_slugs + space_tabs.reserved_slugs()

    @classmethod
    def get_subpage_urls(cls):
        return super().get_subpage_urls() + tuple(space_tabs.url_patterns())

    def clean(self):
        super().clean()
        if self.working_group_id and self.locale_id:
            others = SpacePage.objects.filter(
                working_group_id=self.working_group_id, locale_id=self.locale_id
            ).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"working_group": _("This group already has a space in this language.")}
                )

    def save(self, *args, **kwargs):
        self.body = clean_rich_text(self.body)
        return super().save(*args, **kwargs)

    def listing_url(self, name):
        return self.url + self.reverse_subpage(name)

    @path("")
    def overview(self, request):
        from swg import views

        return views.space_overview(request, self)

    @path("meetings/")
    def meetings_listing(self, request):
        from swg import views

        return views.meetings(request, self)

    @path("documents/")
    def documents_listing(self, request):
        from swg import views

        return views.documents(request, self)

    @path("contacts/")
    def contacts_listing(self, request):
        from swg import views

        return views.contacts(request, self)

    @path("contacts/csv/", name="contacts_csv")
    def contacts_csv(self, request):
        from swg import views

        return views.contacts_export(request, self, "csv")

    @path("contacts/vcard/", name="contacts_vcard")
    def contacts_vcard(self, request):
        from swg import views

        return views.contacts_export(request, self, "vcard")

    @path("actions/")
    def actions_listing(self, request):
        from swg import views

        return views.actions(request, self)
