"""Organisations, people and their roles in an SWG: the contact list of a space."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable
from wagtail.search import index


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    BILATERAL = "bilateral", _("Bilateral partner")
    MULTILATERAL = "multilateral", _("Multilateral organisation")
    INGO = "ingo", _("International NGO")
    CSO = "cso", _("Civil society organisation")
    PRIVATE = "private", _("Private sector")
    OTHER = "other", _("Other")


class Organisation(index.Indexed, models.Model):
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_lo = models.CharField(_("name (Lao)"), max_length=255, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name_en"),
        FieldPanel("name_lo"),
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("kind")]),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name_en"),
        index.SearchField("name_lo"),
        index.AutocompleteField("name_en"),
        index.SearchField("acronym"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        # Choosers and listings in the admin show this: the Lao name in Lao.
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def name(self):
        """The name in the active language (English when no Lao name is recorded)."""
        if (get_language() or "").startswith("lo") and self.name_lo:
            return self.name_lo
        return self.name_en


class ContactRoleKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    SECRETARIAT = "secretariat", _("Secretariat focal point")
    MEMBER = "member", _("Member")


ROLE_ORDER = {kind: position for position, kind in enumerate(ContactRoleKind.values)}


class Person(index.Indexed, ClusterableModel):
    """Somebody on an SWG's contact list (not necessarily a portal user)."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title (English)"), max_length=200, blank=True)
    title_lo = models.CharField(
        _("job title (Lao)"),
        max_length=200,
        blank=True,
        help_text=_("Shown on Lao pages; the English job title is shown where this is empty."),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=100,
        blank=True,
        help_text=_("Languages this person works in, e.g. “Lao, English”."),
    )

    # The admin form (panels) is the snippet viewset's: swg/wagtail_hooks.py.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("email"),
        index.FilterField("organisation"),
        # The admin's listing and chooser search within the lists a user keeps
        # (swg.policy.kept_contacts_q filters on the id).
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    @property
    def job_title(self):
        """The job title in the active language (English when no Lao one is recorded)."""
        if (get_language() or "").startswith("lo") and self.title_lo:
            return self.title_lo
        return self.title


class ContactRole(Orderable):
    """A person's role in one SWG's contact list (not a portal permission: those are
    the roles app's memberships)."""

    person = ParentalKey(Person, on_delete=models.CASCADE, related_name="roles")
    working_group = models.ForeignKey(
        "swg.SectorWorkingGroup",
        on_delete=models.CASCADE,
        related_name="contact_roles",
        verbose_name=_("working group"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=ContactRoleKind.choices, default=ContactRoleKind.MEMBER
    )
    details_public = models.BooleanField(
        _("contact details are public"),
        default=False,
        help_text=_("Tick to show e-mail and phone to everybody, not only to members."),
    )

    panels = [
        FieldRowPanel([FieldPanel("working_group"), FieldPanel("role")]),
        FieldPanel("details_public"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("role in a working group")
        verbose_name_plural = _("roles in working groups")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "working_group", "role"], name="unique_contact_role"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()} · {self.working_group}"

    @property
    def role_order(self):
        return ROLE_ORDER.get(self.role, len(ROLE_ORDER))
