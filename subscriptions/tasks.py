"""Background work of subscriptions (django-tasks): recording events and sending
e-mails. Every task may run twice without sending twice (see services)."""

from django_tasks import task


@task()
def meeting_published(page_id: int) -> int:
    from subscriptions import services

    return services.meeting_published(page_id)


@task()
def meeting_unpublished(page_id: int) -> int:
    from subscriptions import services

    return services.meeting_unpublished(page_id)


@task()
def news_published(page_id: int) -> int:
    from subscriptions import services

    return services.news_published(page_id)


@task()
def document_published(document_id: int) -> int:
    from subscriptions import services

    return services.document_published(document_id)


@task()
def send_notification(notification_id: int) -> bool:
    from subscriptions import services

    return services.send_notification(notification_id)


@task()
def send_digest(user_id: int) -> bool:
    from subscriptions import services

    return services.send_digest(user_id)


@task()
def weekly_run() -> int:
    """Overdue action items, then the weekly digests (`manage.py send_digests`)."""
    from subscriptions import services

    services.actions_overdue()
    return services.send_digests()
