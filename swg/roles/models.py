"""Roles are data: who holds which role in which SWG, who was invited, and what changed."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from swg import policy


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER = "member", _("Member")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)

    def readable_by(self, user):
        """Who holds which role is for those who manage the SWG's members (its members
        page) and the Round Table secretariat."""
        return self.filter(policy.swg_q(user, policy.Capability.MANAGE_MEMBERS, swg_field="swg"))


class Membership(models.Model):
    """`user` holds `role` in `swg` (and, through it, in the SWG's sub-groups)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    swg = models.ForeignKey(
        "swg.SectorWorkingGroup",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("sector working group"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["swg__sort_order", "role", "user__last_name", "user__email"]
        constraints = [
            # One role per person and SWG: the highest one they hold.
            models.UniqueConstraint(fields=["user", "swg"], name="roles_one_role_per_swg")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.swg}"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mail address invited into an SWG with a role. The link carries a signed
    token; only the SHA-256 of its secret part is stored."""

    email = models.EmailField(_("e-mail address"))
    swg = models.ForeignKey(
        "swg.SectorWorkingGroup",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("sector working group"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="lo"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.swg} ({self.get_role_display()})"

    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_pending(self):
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AuditEntryQuerySet(models.QuerySet):
    def readable_by(self, user):
        """The role changes of the SWGs whose members `user` manages (all of them for
        the Round Table secretariat)."""
        return self.filter(policy.swg_q(user, policy.Capability.MANAGE_MEMBERS, swg_field="swg"))


class AuditEntry(models.Model):
    """Who changed whose role, where, and when. Rows are only ever added."""

    class Action(models.TextChoices):
        APPOINTED = "appointed", _("appointed")
        ROLE_CHANGED = "role_changed", _("role changed")
        REMOVED = "removed", _("removed")
        INVITED = "invited", _("invited")
        INVITATION_ACCEPTED = "invitation_accepted", _("invitation accepted")
        INVITATION_REVOKED = "invitation_revoked", _("invitation revoked")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=24, choices=Action.choices)
    swg = models.ForeignKey(
        "swg.SectorWorkingGroup",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sector working group"),
    )
    subject_email = models.EmailField(_("whose"), blank=True)
    role = models.CharField(_("role"), max_length=16, blank=True)
    previous_role = models.CharField(_("previous role"), max_length=16, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.subject_email}"


class ApprovalWorkflow(models.Model):
    """The Wagtail workflow, and its one task, through which the chairs and co-chairs
    of `swg` (and of its parents) approve and publish what its secretariat prepared
    (swg.roles.workflows)."""

    swg = models.OneToOneField(
        "swg.SectorWorkingGroup",
        on_delete=models.CASCADE,
        related_name="approval_workflow",
        verbose_name=_("sector working group"),
    )
    workflow = models.OneToOneField(
        "wagtailcore.Workflow",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("workflow"),
    )
    task = models.OneToOneField(
        "wagtailcore.GroupApprovalTask",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("approval task"),
    )

    class Meta:
        verbose_name = _("approval workflow")
        verbose_name_plural = _("approval workflows")

    def __str__(self):
        return str(self.workflow)
