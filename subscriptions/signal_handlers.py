"""Turn publishing into subscription events, without touching the apps that publish.

Meetings and news: Wagtail's page_published / page_unpublished. Documents have no
publish step: a document counts as published when it is saved (or its SWGs change)
and whoever may read it is told once. Work is queued after the transaction commits.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from wagtail.signals import page_published, page_unpublished


def _later(task, pk):
    transaction.on_commit(lambda: task.enqueue(pk))


def meeting_published(sender, instance, **kwargs):
    from subscriptions import tasks

    _later(tasks.meeting_published, instance.pk)


def meeting_unpublished(sender, instance, **kwargs):
    from subscriptions import tasks

    _later(tasks.meeting_unpublished, instance.pk)


def news_published(sender, instance, **kwargs):
    from subscriptions import tasks

    _later(tasks.news_published, instance.pk)


def _anyone_follows_groups():
    from subscriptions.models import Subscription, Topic

    return Subscription.objects.filter(topic=Topic.SWG).exists()


def document_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # Saves of extraction results and counters change nothing a reader is told about.
    if raw or (update_fields is not None and "access_level" not in update_fields):
        return
    if not _anyone_follows_groups():
        return
    from subscriptions import tasks

    _later(tasks.document_published, instance.pk)


def document_groups_changed(sender, instance, action, reverse=False, **kwargs):
    if action != "post_add" or reverse or not _anyone_follows_groups():
        return
    from subscriptions import tasks

    _later(tasks.document_published, instance.pk)


def connect():
    meeting = apps.get_model("swg", "MeetingPage")
    news = apps.get_model("portal", "NewsPage")
    document = apps.get_model("documents", "PortalDocument")
    page_published.connect(meeting_published, sender=meeting, dispatch_uid="subs_meeting_pub")
    page_unpublished.connect(meeting_unpublished, sender=meeting, dispatch_uid="subs_meeting_unpub")
    page_published.connect(news_published, sender=news, dispatch_uid="subs_news_pub")
    post_save.connect(document_saved, sender=document, dispatch_uid="subs_document_saved")
    m2m_changed.connect(
        document_groups_changed,
        sender=document.working_groups.through,
        dispatch_uid="subs_document_groups",
    )
