"""Meetings of an SWG (Wagtail pages under its space) with attendance, attached
documents and the action items they raise."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from swg.models.contacts import OrganisationKind
from swg.models.groups import AccessLevel
from swg.models.richtext import clean_rich_text
from swg.page_slugs import EditedInThePortal


class MeetingType(models.TextChoices):
    PLENARY = "plenary", _("Plenary meeting")
    SUB_GROUP = "sub_group", _("Sub-group meeting")
    TECHNICAL = "technical", _("Technical meeting")
    RETREAT = "retreat", _("Retreat")
    RT_PREPARATION = "rt_preparation", _("Round Table preparation")
    PROVINCIAL = "provincial", _("Provincial consultation")


class AgendaItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Item"))
    presenter = blocks.CharBlock(label=_("Presented by"), required=False)
    time = blocks.CharBlock(
        label=_("Time"), required=False, max_length=20, help_text=_("For example 09:30.")
    )
    notes = blocks.TextBlock(label=_("Notes"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Agenda item")


class MeetingPageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Published meetings that `user` may open (page privacy and access level)."""
        from sitetree.site_structure import private_pages_q
        from swg.policy import readable_q

        # Wagtail's public(), from the cached view restrictions instead of a query.
        return (
            self.live()
            .exclude(private_pages_q())
            .filter(readable_q(user, swg_field="working_group", access_field="access_level"))
        )

    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(start__lt=now or timezone.now()).order_by("-start", "-pk")


MeetingPageManager = PageManager.from_queryset(MeetingPageQuerySet)


class MeetingPage(EditedInThePortal, Page):
    """One meeting of an SWG, in one language. The agenda and summary follow the
    page's `access_level`; minutes, decisions, attendance and action items follow
    `minutes_access`."""

    working_group = models.ForeignKey(
        "swg.SectorWorkingGroup",
        on_delete=models.PROTECT,
        related_name="meetings",
        editable=False,
        verbose_name=_("working group"),
    )
    meeting_type = models.CharField(
        _("type of meeting"),
        max_length=20,
        choices=MeetingType.choices,
        default=MeetingType.PLENARY,
    )
    start = models.DateTimeField(_("starts"), help_text=_("Vientiane time."))
    end = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("Vientiane time."))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    chaired_by = models.CharField(
        _("chaired by"),
        max_length=255,
        blank=True,
        help_text=_("Who chaired and co-chaired, e.g. “Vice Minister of Health; WHO”."),
    )
    summary = models.TextField(_("summary"), blank=True)
    agenda = StreamField([("item", AgendaItemBlock())], blank=True, verbose_name=_("agenda"))
    minutes = RichTextField(_("minutes"), blank=True)
    minutes_language = models.CharField(
        _("language of the minutes"),
        max_length=2,
        choices=[("", _("The page's language")), ("lo", _("Lao")), ("en", _("English"))],
        blank=True,
        help_text=_(
            "When the minutes exist only in the other language, say which: readers are "
            "told, and the text is marked as such."
        ),
    )
    minutes_document = models.ForeignKey(
        "documents.PortalDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("minutes document"),
        help_text=_("The signed minutes as a file, if any."),
    )
    decisions = RichTextField(_("decisions"), blank=True)
    access_level = models.CharField(
        _("who may see this meeting"),
        max_length=12,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
    )
    minutes_access = models.CharField(
        _("who may read the minutes"),
        max_length=12,
        choices=AccessLevel.choices,
        default=AccessLevel.MEMBERS,
        help_text=_("Applies to minutes, decisions, attendance and action items."),
    )

    objects = MeetingPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("meeting_type"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("venue"),
                FieldPanel("chaired_by"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("summary"),
        FieldPanel("agenda"),
        InlinePanel("documents", heading=_("Meeting documents"), label=_("document")),
    ]
    minutes_panels = [
        MultiFieldPanel(
            [
                FieldPanel("minutes_access"),
                FieldPanel("minutes"),
                FieldPanel("minutes_language"),
                FieldPanel("minutes_document"),
            ],
            heading=_("Minutes"),
        ),
        FieldPanel("decisions"),
        InlinePanel("attendance", heading=_("Attendance"), label=_("participant")),
        InlinePanel("action_items", heading=_("Action items raised"), label=_("action item")),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("access_level")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Meeting")),
            ObjectList(minutes_panels, heading=_("Minutes and follow-up")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.FilterField("working_group"),
        index.FilterField("start"),
    ]

    parent_page_types = ["swg.SpacePage"]
    subpage_types = []
    template = "swg/meeting_page.html"

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["working_group", "start"])]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A meeting cannot end before it starts.")})
        from swg.models.spaces import SpacePage

        if self.slug in SpacePage.reserved_slugs():
            raise ValidationError(
                {"slug": _("This address is used by the space's listings; choose another.")}
            )

    def take_working_group_from_space(self):
        """The SWG comes from the space the meeting sits in, so that listings, search
        and permissions filter meetings without walking the page tree."""
        if self.working_group_id is None and self.path:
            parent = self.get_parent()
            if parent is not None and hasattr(parent.specific, "working_group_id"):
                self.working_group_id = parent.specific.working_group_id

    def save(self, *args, **kwargs):
        self.take_working_group_from_space()
        self.minutes = clean_rich_text(self.minutes)
        self.decisions = clean_rich_text(self.decisions)
        if getattr(self, "skip_full_clean", False):
            kwargs.setdefault("clean", False)
        return super().save(*args, **kwargs)

    def full_clean(self, *args, **kwargs):
        exclude = set(kwargs.pop("exclude", None) or ())
        if self.working_group_id is None:
            exclude.add("working_group")  # filled from the parent space in save()
        return super().full_clean(*args, exclude=exclude, **kwargs)

    def search_key(self):
        return f"page:{self.pk}"

    def search_record(self):
        """The public part of the meeting for search, at the page's access level (the
        minutes are a record of their own: see swg.searchable)."""
        from swg.searchable import meeting_record

        return meeting_record(self)

    @property
    def space(self):
        return self.get_parent().specific

    def is_upcoming(self, now=None):
        return self.start >= (now or timezone.now())

    def get_sitemap_urls(self, request=None):
        """Only meetings anonymous readers may see are listed in the public sitemap."""
        from django.contrib.auth.models import AnonymousUser

        from swg.policy import can_read

        if not can_read(AnonymousUser(), self.access_level, [self.working_group_id]):
            return []
        return super().get_sitemap_urls(request)

    def serve(self, request, *args, **kwargs):
        from swg.policy import can_read
        from swg.roles.access import deny, refused_read

        if not can_read(request.user, self.access_level, [self.working_group_id]):
            return deny(request, refused_read(self))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from swg.policy import can_read

        context = super().get_context(request, *args, **kwargs)
        # The preview of a meeting not saved yet has its place, but no SWG so far.
        self.take_working_group_from_space()
        can_read_minutes = can_read(request.user, self.minutes_access, [self.working_group_id])
        context["can_read_minutes"] = can_read_minutes
        context["today"] = timezone.localdate()
        context["space"] = self.get_parent().specific
        if can_read_minutes:
            context["attendance"] = self.attendance.select_related(
                "person__organisation", "organisation"
            ).order_by("sort_order")
            context["action_items"] = self.action_items.select_related(
                "responsible_organisation", "responsible_person", "closed_in"
            ).order_by("sort_order")
        context["meeting_documents"] = self.readable_documents(request.user)
        return context

    def readable_documents(self, user):
        """The meeting's documents that `user` may read and that belong to its SWG, in
        the meeting's order.

        In a preview or an earlier revision the links exist only in memory
        (modelcluster), where a lookup across the document's many-to-many SWGs cannot
        run; so the links give only the ids and the database judges the documents."""
        from swg.policy import readable_q

        linked = [link.document_id for link in self.documents.all()]
        if not linked:
            return []
        documents = MeetingDocument._meta.get_field("document").related_model.objects
        found = documents.filter(
            Q(pk__in=linked, working_groups=self.working_group_id)
            & readable_q(user, swg_field="working_groups")
        ).distinct()
        by_id = {document.pk: document for document in found}
        return [by_id[pk] for pk in dict.fromkeys(linked) if pk in by_id]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")


class MeetingAttendance(Orderable):
    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "swg.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
        verbose_name=_("person"),
        help_text=_("Choose from the contact list, or type a name below."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "swg.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(
        _("organisation (if not in the list)"), max_length=255, blank=True
    )
    organisation_kind = models.CharField(
        _("kind of organisation"),
        max_length=20,
        choices=OrganisationKind.choices,
        blank=True,
    )
    status = models.CharField(
        _("attendance"),
        max_length=12,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("name")]),
        FieldRowPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("organisation_name"),
                FieldPanel("organisation_kind"),
            ]
        ),
        FieldPanel("status"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("participant")
        verbose_name_plural = _("attendance")

    def clean(self):
        super().clean()
        if not self.person_id and not self.name:
            raise ValidationError({"name": _("Choose a person or type a name.")})

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.name

    @property
    def display_organisation(self):
        if self.organisation_id:
            return self.organisation.name
        if self.organisation_name:
            return self.organisation_name
        if self.person_id and self.person.organisation_id:
            return self.person.organisation.name
        return ""

    @property
    def kind_label(self):
        """The kind of organisation, as typed or as recorded for the organisation."""
        if self.organisation_kind:
            return self.get_organisation_kind_display()
        organisation = self.organisation or (self.person.organisation if self.person else None)
        return organisation.get_kind_display() if organisation else ""


class MeetingDocument(Orderable):
    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "documents.PortalDocument",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


UNRESOLVED = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        """Items still to be done: status open or in progress."""
        return self.filter(status__in=UNRESOLVED)

    def overdue(self, today=None):
        """Unresolved items whose due date has passed (`today` in Vientiane)."""
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def of_group(self, working_group, locale=None):
        items = self.filter(meeting__working_group=working_group)
        return items.filter(meeting__locale=locale) if locale is not None else items

    def visible_to(self, user):
        """Items of published meetings whose minutes `user` may read."""
        from swg.policy import readable_q

        return (
            self.filter(
                meeting__live=True,
                meeting__working_group__isnull=False,
            )
            .filter(
                readable_q(
                    user, swg_field="meeting__working_group", access_field="meeting__access_level"
                )
            )
            .filter(
                readable_q(
                    user, swg_field="meeting__working_group", access_field="meeting__minutes_access"
                )
            )
        )


class ActionItem(Orderable):
    """Something a meeting asked somebody to do, followed up until a meeting closes it."""

    meeting = ParentalKey(
        MeetingPage,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("raised in"),
    )
    description = models.TextField(_("what"))
    responsible_organisation = models.ForeignKey(
        "swg.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        verbose_name=_("responsible organisation"),
    )
    responsible_person = models.ForeignKey(
        "swg.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        verbose_name=_("responsible person"),
    )
    responsible_text = models.CharField(
        _("responsible (if not in the lists)"),
        max_length=255,
        blank=True,
        help_text=_(
            "When no organisation or person in the contact lists fits, say who in a few "
            "words, e.g. “All development partners of the group”."
        ),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_in = models.ForeignKey(
        MeetingPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="closed_action_items",
        verbose_name=_("closed in"),
        help_text=_("The meeting that confirmed the item done or dropped."),
    )
    status_note = models.CharField(_("progress note"), max_length=400, blank=True)

    objects = ActionItemQuerySet.as_manager()

    panels = [
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("responsible_organisation"), FieldPanel("responsible_person")]),
        FieldPanel("responsible_text"),
        FieldRowPanel([FieldPanel("due_date"), FieldPanel("status")]),
        FieldPanel("status_note"),
        FieldPanel("closed_in"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.description[:80]

    def clean(self):
        super().clean()
        self.responsible_text = self.responsible_text.strip()
        from_lists = self.responsible_organisation_id or self.responsible_person_id
        if not from_lists and not self.responsible_text:
            raise ValidationError(
                {
                    "responsible_organisation": _(
                        "Say who is responsible: an organisation or a person from the "
                        "lists, or type who in “responsible (if not in the lists)”."
                    )
                }
            )
        if from_lists and self.responsible_text:
            raise ValidationError(
                {
                    "responsible_text": _(
                        "Either choose from the lists or type who is responsible, not both."
                    )
                }
            )

    @property
    def is_open(self):
        return self.status in UNRESOLVED

    def is_overdue(self, today=None):
        """Still to be done and its due date has passed."""
        return bool(
            self.is_open and self.due_date and self.due_date < (today or timezone.localdate())
        )

    @property
    def overdue(self):
        return self.is_overdue()

    @property
    def responsible(self):
        if self.responsible_person_id:
            person, organisation = self.responsible_person, self.responsible_organisation
            if organisation is not None:
                # A comma, not brackets: Lao organisation names often end in brackets.
                return f"{person.name}, {organisation.acronym or organisation.name}"
            return person.name
        if self.responsible_organisation_id:
            return self.responsible_organisation.name
        return self.responsible_text
