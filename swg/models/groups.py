"""The SWG domain. `SectorWorkingGroup` is the locale-independent anchor: documents,
meetings, permissions and search filters hang off it, never off a locale's page."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from sitetree import site_structure
from swg.page_slugs import EditedInThePortal


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    RESTRICTED = "restricted", _("Restricted")


class SectorWorkingGroupQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True).order_by("sort_order", "name_en")


class SectorWorkingGroupManager(models.Manager.from_queryset(SectorWorkingGroupQuerySet)):
    def children_by_parent(self):
        """{parent SWG id (None at the top): [child SWG ids]}: the tree is public
        structure, cached across requests until a working group changes (SwgConfig.ready
        watches the model)."""

        def build():
            children = {}
            for swg_id, parent_id in self.values_list("id", "parent_id"):
                children.setdefault(parent_id, []).append(swg_id)
            return children

        return site_structure.cached("swg-tree", build)


class SectorWorkingGroup(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subgroups",
        verbose_name=_("parent working group"),
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_lo = models.CharField(_("name (Lao)"), max_length=200)
    mandate_en = models.TextField(_("mandate (English)"), blank=True)
    mandate_lo = models.TextField(_("mandate (Lao)"), blank=True)
    dac_codes = models.CharField(
        _("DAC sector codes"),
        max_length=200,
        blank=True,
        help_text=_("OECD DAC purpose codes, separated by commas."),
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="working_group",
        verbose_name=_("document collection"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SectorWorkingGroupManager()

    panels = [
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("name_en"),
        FieldPanel("name_lo"),
        FieldPanel("mandate_en"),
        FieldPanel("mandate_lo"),
        FieldPanel("dac_codes"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("sector working group")
        verbose_name_plural = _("sector working groups")

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name in the active language."""
        return self.name_lo if (get_language() or "").startswith("lo") else self.name_en

    @property
    def mandate(self):
        return self.mandate_lo if (get_language() or "").startswith("lo") else self.mandate_en

    @property
    def dac_code_list(self):
        return [code.strip() for code in self.dac_codes.split(",") if code.strip()]


class SWGIndexPage(EditedInThePortal, Page):
    """The "Sector Working Groups" overview: lists every SWG and its sub-groups."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["swg.SpacePage"]
    max_count_per_parent = 1
    template = "swg/swg_index_page.html"

    class Meta:
        verbose_name = _("sector working groups overview")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["working_groups"] = SectorWorkingGroup.objects.top_level().prefetch_related(
            "subgroups"
        )
        return context


def upcoming_meetings(user, locale_id, limit=5):
    """Meetings still to come that `user` may see, in the locale `locale_id`, soonest first."""
    from swg.models.meetings import MeetingPage

    return list(
        MeetingPage.objects.visible_to(user)
        .filter(locale_id=locale_id)
        .upcoming()
        .select_related("working_group")[:limit]
    )
