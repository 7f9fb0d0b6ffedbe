"""Round Table events (High-Level RTM, RTIM, provincial consultations): site-wide
pages whose recommendations are addressed to SWGs and shown in their spaces."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from swg.models.richtext import clean_rich_text
from swg.page_slugs import EditedInThePortal


class EventType(models.TextChoices):
    HIGH_LEVEL_RTM = "hl_rtm", _("High-Level Round Table Meeting")
    RTIM = "rtim", _("Round Table Implementation Meeting")
    PROVINCIAL = "provincial", _("Provincial consultation")


class EventIndexPage(EditedInThePortal, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["swg.EventPage"]
    max_count_per_parent = 1
    template = "swg/event_index_page.html"

    class Meta:
        verbose_name = _("Round Table events index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["events"] = (
            EventPage.objects.child_of(self).live().public().order_by("-start_date", "-pk")
        )
        return context


class EventPage(EditedInThePortal, Page):
    event_type = models.CharField(
        _("type of event"), max_length=20, choices=EventType.choices, default=EventType.RTIM
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    programme = RichTextField(_("programme"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("event_type"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("venue"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("summary"),
        FieldPanel("programme"),
        InlinePanel("documents", heading=_("Documents"), label=_("document")),
        InlinePanel(
            "recommendations",
            heading=_("Recommendations"),
            label=_("recommendation"),
            help_text=_(
                "Each recommendation appears in the spaces of the groups it is addressed to."
            ),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("programme"),
    ]

    parent_page_types = ["swg.EventIndexPage"]
    subpage_types = []
    template = "swg/event_page.html"

    class Meta:
        verbose_name = _("Round Table event")
        verbose_name_plural = _("Round Table events")

    def save(self, *args, **kwargs):
        self.programme = clean_rich_text(self.programme)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from swg.policy import readable_q

        context = super().get_context(request, *args, **kwargs)
        context["recommendations"] = self.recommendations.prefetch_related("working_groups")
        context["event_documents"] = [
            link.document
            for link in self.documents.select_related("document")
            .filter(
                # Event documents with no SWG are the Round Table secretariat's: they
                # are readable when public.
                readable_q(
                    request.user,
                    swg_field="document__working_groups",
                    access_field="document__access_level",
                )
            )
            .distinct()
        ]
        return context


class EventDocument(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "documents.PortalDocument", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]


class Recommendation(Orderable, ClusterableModel):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    working_groups = ParentalManyToManyField(
        "swg.SectorWorkingGroup",
        blank=True,
        related_name="recommendations",
        verbose_name=_("addressed to"),
    )

    panels = [FieldPanel("text"), FieldPanel("working_groups")]

    class Meta(Orderable.Meta):
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.text[:80]
