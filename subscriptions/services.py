"""Subscriptions and the e-mails they bring.

Events (a meeting called, changed or withdrawn, minutes out, a document or news item
published, an action item given to one's organisation or overdue) become one
`Notification` per subscriber who may read what it is about, asked per recipient of
the permission policy. Instant notifications go out at once, one e-mail each; weekly
ones wait for `send_digests`. Every e-mail is a `Delivery` row unique on (recipient,
key), claimed before sending: a retried task finds it and sends nothing.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sitetree import site_address
from subscriptions.calendars import meeting_fingerprint
from subscriptions.models import (
    CalendarToken,
    Delivery,
    EventKind,
    MeetingState,
    Mode,
    Notification,
    Subscription,
    Topic,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"


# --- Following and unfollowing ----------------------------------------------------


def subscribe(user, *, swg=None, mode=Mode.INSTANT, language=None):
    """`user` follows `swg` (or the news when `swg` is None); updates mode and language
    of an existing subscription."""
    language = language or getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
    topic = Topic.NEWS if swg is None else Topic.SWG
    subscription, _created = Subscription.objects.update_or_create(
        user=user, topic=topic, swg=swg, defaults={"mode": mode, "language": language[:2]}
    )
    return subscription


def unsubscribe(user, *, swg=None):
    topic = Topic.NEWS if swg is None else Topic.SWG
    Subscription.objects.filter(user=user, topic=topic, swg=swg).delete()


def unsubscribe_token(user, subscription=None):
    """A signed token that ends one subscription (or all of `user`'s, for digests)."""
    return signing.dumps(
        {"u": user.pk, "s": subscription.pk if subscription else None}, salt=UNSUBSCRIBE_SALT
    )


def unsubscribe_url(user, subscription=None, language=None):
    with translation.override(language or getattr(user, "preferred_language", "lo")):
        path = reverse("subscriptions_unsubscribe", args=[unsubscribe_token(user, subscription)])
    return site_address.absolute(path)


def subscriptions_from_token(token):
    """(user, queryset of the subscriptions the token ends), or None when it is not valid."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = get_user_model().objects.get(pk=data["u"])
    except (signing.BadSignature, KeyError, TypeError, get_user_model().DoesNotExist):
        return None
    subscriptions = Subscription.objects.filter(user=user)
    if data.get("s") is not None:
        subscriptions = subscriptions.filter(pk=data["s"])
    return user, subscriptions


def new_calendar_token(user):
    return CalendarToken.objects.create(user=user)


def revoke_calendar_token(user, token_id):
    return CalendarToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def private_calendar_user(secret):
    """The user whose private calendar `secret` opens, or None (unknown or revoked)."""
    token = CalendarToken.objects.usable().select_related("user").filter(secret=secret).first()
    return token.user if token else None


# --- Who may be told ----------------------------------------------------------------


def may_read(user, notification):
    """May `user` read what `notification` is about, now? (Asked of the policy.)"""
    from swg.policy import can_read, can_read_item

    if not user.is_active:
        return False
    if notification.document_id:
        document = notification.document
        return document is not None and can_read_item(user, document)
    if notification.action_item_id:
        item = notification.action_item
        meeting = item.meeting
        return (
            meeting.live
            and can_read(user, meeting.access_level, [meeting.working_group_id])
            and can_read(user, meeting.minutes_access, [meeting.working_group_id])
        )
    if notification.page_id:
        page = notification.page.specific
        if not _page_is_public(
            page, allow_unpublished=notification.kind == EventKind.MEETING_CANCELLED
        ):
            return False
        level = getattr(page, "access_level", None)
        swg_id = getattr(page, "working_group_id", None)
        if level is not None and not can_read(user, level, [swg_id] if swg_id else []):
            return False
        if notification.kind == EventKind.MINUTES_PUBLISHED:
            return can_read(user, page.minutes_access, [swg_id])
        return True
    return False


def _page_is_public(page, *, allow_unpublished=False):
    from wagtail.models import PageViewRestriction

    if not page.live and not allow_unpublished:
        return False
    # Wagtail's own view restrictions (passwords, groups) are not for e-mail.
    return not PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True)
    ).exists()


def _subscribers(swg_id=None, news=False):
    subscriptions = Subscription.objects.active().select_related("user")
    if news:
        return subscriptions.for_news()
    from swg.models import SectorWorkingGroup

    # A subscriber of a parent SWG hears about its sub-groups too.
    ids = [swg_id]
    parent_id = SectorWorkingGroup.objects.filter(pk=swg_id).values_list("parent_id", flat=True)
    ids += [pk for pk in parent_id if pk]
    return subscriptions.filter(topic=Topic.SWG, swg_id__in=ids).order_by("user_id", "-swg_id")


def _other_language_version(page, language):
    """Has `page` a live translation in `language` (other than itself)?"""
    if page.locale.language_code == language:
        return False
    return page.get_translations().filter(live=True, locale__language_code=language).exists()


def _record(subscriptions, *, event_key, kind, swg_id=None, since=None, **about):
    """One notification per subscriber who may read the thing; returns the new ones.
    About a page with translations, each subscriber is told from the version in their
    language (the event key is shared, so the other versions add nothing)."""
    created, seen = [], set()
    page = about.get("page")
    for subscription in subscriptions:
        user = subscription.user
        if user.pk in seen:
            continue
        seen.add(user.pk)
        if since is not None and subscription.created_at > since:
            continue  # followed after it happened
        if page is not None and _other_language_version(page, subscription.language):
            continue
        notification = Notification(
            recipient=user,
            event_key=event_key,
            kind=kind,
            mode=subscription.mode,
            language=subscription.language,
            swg_id=swg_id,
            subscription=subscription,
            **about,
        )
        if not may_read(user, notification):
            continue
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:
            continue  # told already
        created.append(notification)
    return created


def _dispatch(notifications):
    """Send the instant ones, after the transaction that recorded them commits."""
    from subscriptions import tasks

    ids = [n.pk for n in notifications if n.mode == Mode.INSTANT]
    for pk in ids:
        transaction.on_commit(lambda pk=pk: tasks.send_notification.enqueue(pk))
    return len(notifications)


# --- Events ---------------------------------------------------------------------------


def meeting_published(page_id):
    """A meeting page was published: called, changed, or its minutes came out."""
    from swg.models import MeetingPage

    meeting = MeetingPage.objects.filter(pk=page_id).select_related("working_group").first()
    if meeting is None or not meeting.live:
        return 0
    fingerprint = meeting_fingerprint(meeting)
    has_minutes = bool(meeting.minutes or meeting.minutes_document_id)
    key_base = f"meeting:{meeting.translation_key}"
    notifications = []
    upcoming = meeting.start >= timezone.now()
    with transaction.atomic():
        state = MeetingState.objects.select_for_update().filter(page_id=meeting.pk).first()
        created = state is None
        if created:
            state, created = _first_state(meeting, fingerprint)
        subscribers = list(_subscribers(meeting.working_group_id))
        # Nobody hears of what was published before they subscribed.
        about = {
            "page": meeting,
            "swg_id": meeting.working_group_id,
            "since": meeting.last_published_at,
        }
        if (created or state.cancelled) and upcoming:
            # Called again after a cancellation: news again, under a new key.
            again = f":{state.sequence + 1}" if state.cancelled else ""
            notifications += _record(
                subscribers,
                event_key=f"{key_base}:called{again}",
                kind=EventKind.MEETING_CALLED,
                **about,
            )
        if state.cancelled:
            state.sequence += 1
        elif not created and state.fingerprint != fingerprint:
            state.sequence += 1
            if upcoming:
                notifications += _record(
                    subscribers,
                    event_key=f"{key_base}:changed:{fingerprint[:16]}",
                    kind=EventKind.MEETING_CHANGED,
                    **about,
                )
        minutes_news = has_minutes and (
            not state.minutes_out or state.minutes_access != meeting.minutes_access
        )
        if minutes_news:
            notifications += _record(
                subscribers,
                event_key=f"{key_base}:minutes",
                kind=EventKind.MINUTES_PUBLISHED,
                **about,
            )
            notifications += action_items_assigned(meeting, subscribers, since=about["since"])
        state.fingerprint = fingerprint
        state.minutes_out = has_minutes
        state.minutes_access = meeting.minutes_access
        state.cancelled = False
        state.updated_at = timezone.now()
        state.save()
    return _dispatch(notifications)


def _first_state(meeting, fingerprint):
    """(state, is_new_meeting) for a meeting we keep no state of yet. A meeting that
    was published before (before this app, or before its task ran) starts from the
    version Wagtail's log says was published last; only a first publication is new."""
    from wagtail.models import PageLogEntry

    state = MeetingState(page_id=meeting.pk, fingerprint=fingerprint)
    publications = list(
        PageLogEntry.objects.filter(
            page_id=meeting.pk, action="wagtail.publish", revision__isnull=False
        )
        .select_related("revision")
        .order_by("-timestamp", "-pk")[:2]
    )
    if len(publications) == 2:
        previous = publications[1].revision.as_object()
        state.fingerprint = meeting_fingerprint(previous)
        state.minutes_out = bool(previous.minutes or previous.minutes_document_id)
        state.minutes_access = previous.minutes_access
        return state, False
    first, last = meeting.first_published_at, meeting.last_published_at
    if len(publications) < 2 and first and last and (last - first).total_seconds() > 60:
        # Published more than once, but the log does not say how it was: start here.
        state.minutes_out = bool(meeting.minutes or meeting.minutes_document_id)
        state.minutes_access = meeting.minutes_access
        return state, False
    return state, True


def meeting_unpublished(page_id):
    """A published meeting was withdrawn: calendars show it cancelled; subscribers who
    were told it was called hear that it is off."""
    from swg.models import MeetingPage

    meeting = MeetingPage.objects.filter(pk=page_id).first()
    if meeting is None or meeting.live:
        return 0
    with transaction.atomic():
        state = MeetingState.objects.select_for_update().filter(page_id=page_id).first()
        if state is None or state.cancelled:
            return 0
        state.cancelled = True
        state.sequence += 1
        state.updated_at = timezone.now()
        state.save()
        told = Notification.objects.filter(
            event_key__startswith=f"meeting:{meeting.translation_key}:called"
        ).values("recipient_id")
        subscribers = _subscribers(meeting.working_group_id).filter(user_id__in=told)
        notifications = _record(
            subscribers,
            event_key=f"meeting:{meeting.translation_key}:cancelled:{state.sequence}",
            kind=EventKind.MEETING_CANCELLED,
            page=meeting,
            swg_id=meeting.working_group_id,
        )
    return _dispatch(notifications)


def _organisation_users(organisation):
    """Users who belong to `organisation`: the contact list's person with their e-mail
    address works there, or their account names it."""
    from swg.models import Person

    emails = Person.objects.filter(organisation=organisation).exclude(email="").values("email")
    names = [n for n in (organisation.name_en, organisation.name_lo, organisation.acronym) if n]
    q = Q(email__in=emails)
    for name in names:
        q |= Q(organisation_name__iexact=name)
    return set(get_user_model().objects.filter(q).values_list("pk", flat=True))


def action_items_assigned(meeting, subscribers, since=None):
    """Notifications to subscribers whose organisation an action item names."""
    notifications = []
    items = meeting.action_items.exclude(responsible_organisation=None).select_related(
        "responsible_organisation"
    )
    for item in items:
        if not item.is_open:
            continue
        users = _organisation_users(item.responsible_organisation)
        notifications += _record(
            [s for s in subscribers if s.user_id in users],
            event_key=f"action:{item.pk}:assigned:{item.responsible_organisation_id}",
            kind=EventKind.ACTION_ASSIGNED,
            swg_id=meeting.working_group_id,
            since=since,
            action_item=item,
        )
    return notifications


def actions_overdue(today=None):
    """Notifications for open action items past their due date, once per due date."""
    from swg.models import ActionItem

    today = today or timezone.localdate()
    notifications = []
    items = (
        ActionItem.objects.overdue(today)
        .filter(meeting__live=True)
        .exclude(responsible_organisation=None)
        .select_related("meeting", "responsible_organisation")
    )
    for item in items:
        users = _organisation_users(item.responsible_organisation)
        if not users:
            continue
        subscribers = [s for s in _subscribers(item.meeting.working_group_id) if s.user_id in users]
        notifications += _record(
            subscribers,
            event_key=f"action:{item.pk}:overdue:{item.due_date.isoformat()}",
            kind=EventKind.ACTION_OVERDUE,
            swg_id=item.meeting.working_group_id,
            action_item=item,
        )
    return _dispatch(notifications)


def document_published(document_id):
    """A document was saved: tell subscribers of its SWGs who may read it (once)."""
    from documents.models import PortalDocument

    document = PortalDocument.objects.filter(pk=document_id).first()
    if document is None:
        return 0
    notifications = []
    with transaction.atomic():
        for swg_id in document.swg_ids():
            notifications += _record(
                _subscribers(swg_id),
                event_key=f"document:{document.pk}:published",
                kind=EventKind.DOCUMENT_PUBLISHED,
                swg_id=swg_id,
                since=document.created_at,
                document=document,
            )
    return _dispatch(notifications)


def news_published(page_id):
    from portal.models import NewsPage

    page = NewsPage.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return 0
    with transaction.atomic():
        notifications = _record(
            _subscribers(news=True),
            event_key=f"news:{page.translation_key}",
            kind=EventKind.NEWS_PUBLISHED,
            page=page,
        )
    return _dispatch(notifications)


# --- Writing and sending -----------------------------------------------------------


def _in_language(page, language):
    """The live translation of `page` in `language`, else `page` itself."""
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    if locale is not None and page.locale_id != locale.pk:
        translation_ = page.get_translation_or_none(locale)
        if translation_ is not None and translation_.live:
            return translation_.specific
    return page.specific


# `url` (a path) on the portal's public address (PORTAL_BASE_URL).
absolute_url = site_address.absolute


def notification_context(notification):
    """What the e-mail templates show of one notification (in the active language)."""
    context = {"notification": notification, "kind": notification.kind}
    if notification.swg_id:
        context["swg"] = notification.swg
    if notification.page_id:
        page = _in_language(notification.page, notification.language)
        context["page"] = page
        context["title"] = page.title
        context["url"] = absolute_url(page.get_url()) if page.live else ""
    if notification.document_id:
        document = notification.document
        context["document"] = document
        context["title"] = document.title
        context["url"] = absolute_url(document.url)
    if notification.action_item_id:
        item = notification.action_item
        meeting = _in_language(item.meeting, notification.language)
        context["item"] = item
        context["page"] = meeting
        context["title"] = item.description
        context["url"] = absolute_url(meeting.get_url())
    return context


def deliver_once(
    *,
    key,
    language,
    subject_template,
    text_template,
    html_template,
    context,
    recipient=None,
    address="",
    headers=None,
):
    """Send one e-mail, text and HTML in `language`, at most once: claim the Delivery
    row (recipient, key) — or (address, key) for an address without an account —
    then send. Returns the delivery, or None when it was sent already (a retried task).
    A failed send releases the claim so that a retry may send it."""
    if recipient is not None:
        delivery, _ = Delivery.objects.get_or_create(
            recipient=recipient, key=key, defaults={"language": language}
        )
        address = recipient.email
    else:
        delivery, _ = Delivery.objects.get_or_create(
            recipient=None, address=address, key=key, defaults={"language": language}
        )
    claimed = Delivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return None
    try:
        with translation.override(language):
            context = {
                **context,
                "recipient": recipient,
                "site_name": str(settings.WAGTAIL_SITE_NAME),
                "language": language,
            }
            subject = " ".join(render_to_string(subject_template, context).split())
            text = render_to_string(text_template, context)
            html = render_to_string(html_template, context)
        message = EmailMultiAlternatives(
            subject,
            text,
            to=[address],
            headers={
                **(headers or {}),
                "Auto-Submitted": "auto-generated",
                "Content-Language": language,
            },
        )
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception:
        # Not sent: release the claim so that a retry may send it.
        Delivery.objects.filter(pk=delivery.pk).update(sent_at=None)
        raise
    Delivery.objects.filter(pk=delivery.pk).update(subject=subject[:300])
    return delivery


def _send(user, *, context, unsubscribe, **kwargs):
    """A subscription e-mail (`deliver_once` with the unsubscribe links and headers)."""
    return deliver_once(
        recipient=user,
        context={
            **context,
            "unsubscribe_url": unsubscribe,
            "manage_url": absolute_url(reverse("subscriptions_manage")),
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        **kwargs,
    )


def send_notification(notification_id):
    """Send one instant notification (idempotent). Returns True when an e-mail went out."""
    notification = (
        Notification.objects.select_related("recipient", "subscription", "swg")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.skipped_at or notification.delivery_id:
        return False
    user = notification.recipient
    if notification.subscription_id is None or not may_read(user, notification):
        notification.skipped_at = timezone.now()
        notification.save(update_fields=["skipped_at"])
        return False
    language = notification.subscription.language
    notification.language = language
    delivery = _send(
        user,
        key=notification.event_key,
        language=language,
        subject_template="email/notice_subject.txt",
        text_template="email/notice.txt",
        html_template="email/notice.html",
        context=notification_context(notification),
        unsubscribe=unsubscribe_url(user, notification.subscription, language),
    )
    if delivery is not None:
        Notification.objects.filter(pk=notification.pk).update(delivery=delivery)
    return delivery is not None


def pending_digest_notifications():
    return Notification.objects.filter(
        mode=Mode.WEEKLY, delivery__isnull=True, skipped_at__isnull=True
    )


def send_digest(user_id):
    """One e-mail with `user`'s waiting weekly notifications, grouped by SWG."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    pending = list(
        pending_digest_notifications()
        .filter(recipient_id=user_id)
        .select_related("swg", "subscription", "page", "document", "action_item__meeting")
        .order_by("swg__sort_order", "swg_id", "created_at", "pk")
    )
    if user is None or not pending:
        return False
    readable, dropped = [], []
    for notification in pending:
        ok = notification.subscription_id is not None and may_read(user, notification)
        (readable if ok else dropped).append(notification)
    if dropped:
        Notification.objects.filter(pk__in=[n.pk for n in dropped]).update(
            skipped_at=timezone.now()
        )
    if not readable:
        return False
    language = readable[-1].subscription.language
    groups = []
    with translation.override(language):
        for notification in readable:
            notification.language = language
            context = notification_context(notification)
            swg = notification.swg
            heading = swg.name if swg else str(EventKind(notification.kind).label)
            if not groups or groups[-1]["key"] != (swg.pk if swg else notification.kind):
                groups.append(
                    {"key": swg.pk if swg else notification.kind, "heading": heading, "items": []}
                )
            groups[-1]["items"].append(context)
    key = f"digest:{max(n.pk for n in readable)}"
    delivery = _send(
        user,
        key=key,
        language=language,
        subject_template="email/digest_subject.txt",
        text_template="email/digest.txt",
        html_template="email/digest.html",
        context={"groups": groups, "count": len(readable)},
        unsubscribe=unsubscribe_url(user, None, language),
    )
    if delivery is not None:
        Notification.objects.filter(pk__in=[n.pk for n in readable]).update(delivery=delivery)
    return delivery is not None


def send_digests():
    """Send every waiting weekly digest through tasks; returns how many were queued."""
    from subscriptions import tasks

    user_ids = sorted(set(pending_digest_notifications().values_list("recipient_id", flat=True)))
    for user_id in user_ids:
        tasks.send_digest.enqueue(user_id)
    return len(user_ids)
