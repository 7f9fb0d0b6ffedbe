"""Who follows what (subscriptions), what they were told (notifications and the
e-mails that carried them) and the secret addresses of private calendars."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    SWG = "swg", _("Sector working group")
    NEWS = "news", _("News")


class Mode(models.TextChoices):
    INSTANT = "instant", _("At once, one e-mail per update")
    WEEKLY = "weekly", _("Weekly digest")


class Language(models.TextChoices):
    LAO = "lo", "ລາວ"
    ENGLISH = "en", "English"


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)

    def for_swg(self, swg_id):
        return self.filter(topic=Topic.SWG, swg_id=swg_id)

    def for_news(self):
        return self.filter(topic=Topic.NEWS)


class Subscription(models.Model):
    """A signed-in user follows one SWG, or the news, by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("user"),
    )
    topic = models.CharField(_("follows"), max_length=8, choices=Topic.choices)
    swg = models.ForeignKey(
        "swg.SectorWorkingGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("sector working group"),
    )
    mode = models.CharField(
        _("how often"), max_length=8, choices=Mode.choices, default=Mode.INSTANT
    )
    language = models.CharField(
        _("language of the e-mails"), max_length=4, choices=Language.choices, default="lo"
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "swg"],
                condition=Q(topic="swg"),
                name="subscriptions_one_per_swg",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(topic="news"), name="subscriptions_one_for_news"
            ),
            models.CheckConstraint(
                condition=(Q(topic="swg") & Q(swg__isnull=False))
                | (Q(topic="news") & Q(swg__isnull=True)),
                name="subscriptions_topic_matches_swg",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.swg or self.get_topic_display()}"


class EventKind(models.TextChoices):
    MEETING_CALLED = "meeting_called", _("Meeting called")
    MEETING_CHANGED = "meeting_changed", _("Meeting changed")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    MINUTES_PUBLISHED = "minutes_published", _("Minutes published")
    DOCUMENT_PUBLISHED = "document_published", _("Document published")
    ACTION_ASSIGNED = "action_assigned", _("Action item assigned")
    ACTION_OVERDUE = "action_overdue", _("Action item overdue")
    NEWS_PUBLISHED = "news_published", _("News published")


class Delivery(models.Model):
    """One e-mail to one recipient: a user, or an address without an account (an
    invitation). Unique on (recipient, key), or (address, key) when there is no user:
    a retried task finds the row and sends nothing. For an instant notice the key is
    the event's key; for a digest it names the set of notifications it carries."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscription_deliveries",
        verbose_name=_("recipient"),
    )
    address = models.EmailField(_("e-mail address"), blank=True)
    key = models.CharField(_("event key"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=4, choices=Language.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="subscriptions_delivery_once"
            ),
            models.UniqueConstraint(
                fields=["address", "key"],
                condition=Q(recipient__isnull=True),
                name="subscriptions_delivery_once_to_address",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(address=""),
                name="subscriptions_delivery_has_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.key} → {self.recipient or self.address}"


class Notification(models.Model):
    """Something a subscriber is to be told about, at most once (unique on recipient and
    event key). Instant ones are sent at once; weekly ones wait for the digest. What
    it names is read again, and the policy asked again, when the e-mail is written."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="subscription_notifications",
        verbose_name=_("recipient"),
    )
    event_key = models.CharField(_("event key"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    mode = models.CharField(_("how often"), max_length=8, choices=Mode.choices)
    language = models.CharField(_("language"), max_length=4, choices=Language.choices)
    swg = models.ForeignKey(
        "swg.SectorWorkingGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    action_item = models.ForeignKey(
        "swg.ActionItem", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivery = models.ForeignKey(
        Delivery,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    # Set when the notification was dropped: the recipient may no longer read it,
    # or unsubscribed before it went out.
    skipped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="subscriptions_notify_once"
            )
        ]
        indexes = [models.Index(fields=["mode", "delivery", "skipped_at"])]

    def __str__(self):
        return f"{self.event_key} → {self.recipient}"


class MeetingState(models.Model):
    """What subscribers and calendars last saw of a meeting page: the fingerprint of
    its time and place, whether minutes were out, and the iCalendar SEQUENCE."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    fingerprint = models.CharField(max_length=64, blank=True)
    minutes_out = models.BooleanField(default=False)
    minutes_access = models.CharField(max_length=12, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    cancelled = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting calendar state")

    def __str__(self):
        return f"page {self.page_id}, sequence {self.sequence}"


def new_calendar_secret():
    return secrets.token_urlsafe(32)


class CalendarTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class CalendarToken(models.Model):
    """The secret in a member's private calendar address. Revoking it ends the address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        verbose_name=_("user"),
    )
    secret = models.CharField(max_length=64, unique=True, default=new_calendar_secret)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("private calendar address")
        verbose_name_plural = _("private calendar addresses")

    def __str__(self):
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"
