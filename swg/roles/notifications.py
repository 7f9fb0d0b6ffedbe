"""Approval e-mails of the SWG workflows: through tasks, once, in each recipient's
language, text and HTML.

Wagtail e-mails on its own workflow signals (wagtail.admin.signal_handlers): the
task's groups on `task_submitted`, superusers on `workflow_submitted`, the submitter
on `workflow_approved` / `workflow_rejected`, synchronously, in the admin's language.
`connect()` puts the receivers here in the place of Wagtail's (same signal, sender and
dispatch_uid, whichever app is ready first), so Wagtail's are never connected twice.
For an SWG's approval workflow (swg.roles.workflows) they enqueue:

- on submission, one e-mail to each approver of the task (chairs and co-chairs of the
  SWG or a parent; superusers when WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS, as in
  Wagtail) with the link to review the page in the admin;
- on approval or rejection, one e-mail to whoever submitted it.

Recipients are asked of the permission policy when the task runs (an approver must
still approve in the SWG, a submitter still draft there), are active, have an address,
and have not switched that notice off in their Wagtail account settings. Each e-mail
is a Delivery row (subscriptions.services.deliver_once): a retried task sends
nothing twice. Other workflows keep Wagtail's own notifiers.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

APPROVED, REJECTED = "approved", "rejected"
FALLBACK_LANGUAGE = "lo"


def _wagtail_receivers():
    """[(signal, sender, dispatch_uid, Wagtail's notifier, ours)]."""
    from wagtail.admin import signal_handlers as wagtail_handlers
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import (
        task_submitted,
        workflow_approved,
        workflow_rejected,
        workflow_submitted,
    )

    return [
        (
            task_submitted,
            TaskState,
            "group_approval_task_submitted_email_notification",
            wagtail_handlers.task_submission_email_notifier,
            on_task_submitted,
        ),
        (
            workflow_submitted,
            WorkflowState,
            "workflow_state_submitted_email_notification",
            wagtail_handlers.workflow_submission_email_notifier,
            on_workflow_submitted,
        ),
        (
            workflow_approved,
            WorkflowState,
            "workflow_state_approved_email_notification",
            wagtail_handlers.workflow_approval_email_notifier,
            on_workflow_approved,
        ),
        (
            workflow_rejected,
            WorkflowState,
            "workflow_state_rejected_email_notification",
            wagtail_handlers.workflow_rejection_email_notifier,
            on_workflow_rejected,
        ),
    ]


def connect():
    """Take the place of Wagtail's e-mail receivers (called from RolesConfig.ready)."""
    for signal, sender, uid, _notifier, receiver in _wagtail_receivers():
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(receiver, sender=sender, dispatch_uid=uid, weak=False)


def _wagtail_notifier(receiver):
    return next(n for _s, _snd, _uid, n, ours in _wagtail_receivers() if ours is receiver)


def swg_of(workflow_state):
    """The SWG whose approval workflow `workflow_state` runs, or None (another workflow)."""
    from swg.roles.workflows import working_group_of_workflow

    return working_group_of_workflow(workflow_state.workflow)


def _user_id(user):
    return user.pk if user is not None and user.is_authenticated else None


# --- Receivers ------------------------------------------------------------------------


def on_task_submitted(sender, instance=None, user=None, **kwargs):
    if swg_of(instance.workflow_state) is None:
        return _wagtail_notifier(on_task_submitted)(instance=instance, user=user, **kwargs)
    from swg.roles import tasks

    task_state_id, by_id = instance.pk, _user_id(user)
    transaction.on_commit(lambda: tasks.approval_requested.enqueue(task_state_id, by_id))
    return True


def on_workflow_submitted(sender, instance=None, user=None, **kwargs):
    # For an SWG workflow the task's notice (above) already reaches the superusers.
    if swg_of(instance) is None:
        return _wagtail_notifier(on_workflow_submitted)(instance=instance, user=user, **kwargs)
    return True


def _on_decided(receiver, outcome, instance, user, kwargs):
    if swg_of(instance) is None:
        return _wagtail_notifier(receiver)(instance=instance, user=user, **kwargs)
    from wagtail.models import TaskState

    from swg.roles import tasks

    task_state_id = instance.current_task_state_id or (
        TaskState.objects.filter(workflow_state=instance)
        .order_by("-finished_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    args = (instance.pk, outcome, task_state_id, _user_id(user))
    transaction.on_commit(lambda: tasks.approval_decided.enqueue(*args))
    return True


def on_workflow_approved(sender, instance=None, user=None, **kwargs):
    return _on_decided(on_workflow_approved, APPROVED, instance, user, kwargs)


def on_workflow_rejected(sender, instance=None, user=None, **kwargs):
    return _on_decided(on_workflow_rejected, REJECTED, instance, user, kwargs)


# --- Who is told -------------------------------------------------------------------------


def language_of(user):
    """The language of `user`'s e-mails: their preferred language, else Lao."""
    language = (getattr(user, "preferred_language", "") or "")[:2]
    return language if language in dict(settings.LANGUAGES) else FALLBACK_LANGUAGE


def _wants(user, notice):
    """Has `user` left Wagtail's "<notice> notifications" account setting on?"""
    from wagtail.users.models import UserProfile

    setting = f"{notice}_notifications"
    value = UserProfile.objects.filter(user=user).values_list(setting, flat=True).first()
    return value is not False


def _reachable(user, notice):
    return user is not None and user.is_active and bool(user.email) and _wants(user, notice)


def approvers(task_state, swg, *, exclude_id=None):
    """Who is asked to approve `task_state`: the task's groups (and superusers, as
    Wagtail does unless WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS is off), each
    still allowed by the policy to approve in `swg`."""
    from swg import policy

    users = get_user_model().objects.filter(groups__in=task_state.task.specific.groups.all())
    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
        users = users | get_user_model().objects.filter(is_superuser=True)
    users = users.distinct().exclude(pk=exclude_id).order_by("pk")
    return [
        user
        for user in users
        if _reachable(user, "submitted") and policy.can(user, policy.Capability.APPROVE, swg)
    ]


def submitter(workflow_state, swg, outcome, *, exclude_id=None):
    """Whoever submitted `workflow_state`, if they may still work on it in `swg`."""
    from swg import policy

    user = workflow_state.requested_by
    if user is None or user.pk == exclude_id or not _reachable(user, outcome):
        return None
    return user if policy.can(user, policy.Capability.DRAFT, swg) else None


# --- The e-mails ---------------------------------------------------------------------


def _page_context(workflow_state, revision=None):
    from subscriptions.services import absolute_url

    page = workflow_state.content_object.specific
    shown = revision.as_object() if revision is not None else page
    return {
        "page": page,
        "title": shown.title,
        "kind": page._meta.verbose_name,
        "admin_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk])),
        "live_url": absolute_url(page.get_url()) if page.live else "",
    }


def _send(user, *, key, template, context):
    from subscriptions.services import deliver_once

    return deliver_once(
        recipient=user,
        key=key,
        language=language_of(user),
        subject_template=f"roles/email/{template}_subject.txt",
        text_template=f"roles/email/{template}.txt",
        html_template=f"roles/email/{template}.html",
        context=context,
    )


def approval_requested(task_state_id, by_id=None):
    """E-mail each approver of a task that was submitted. Returns how many went out."""
    from wagtail.models import TaskState

    task_state = (
        TaskState.objects.select_related("workflow_state__requested_by", "revision", "task")
        .filter(pk=task_state_id)
        .first()
    )
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return 0  # gone, or decided before its notice went out
    workflow_state = task_state.workflow_state
    swg = swg_of(workflow_state)
    if swg is None:
        return 0
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    context = {
        **_page_context(workflow_state, task_state.revision),
        "swg": swg,
        "submitter": by or workflow_state.requested_by or _("Someone"),
    }
    sent = 0
    for user in approvers(task_state, swg, exclude_id=by_id):
        key = f"approval:task-state:{task_state.pk}:submitted"
        sent += _send(user, key=key, template="approval_requested", context=context) is not None
    return sent


def approval_decided(workflow_state_id, outcome, task_state_id=None, by_id=None):
    """E-mail the submitter that their page was approved or sent back. Returns 0 or 1."""
    from wagtail.models import TaskState, WorkflowState

    workflow_state = (
        WorkflowState.objects.select_related("requested_by", "workflow")
        .filter(pk=workflow_state_id)
        .first()
    )
    if workflow_state is None or outcome not in (APPROVED, REJECTED):
        return 0
    swg = swg_of(workflow_state)
    task_state = TaskState.objects.filter(pk=task_state_id).first() if task_state_id else None
    user = submitter(workflow_state, swg, outcome, exclude_id=by_id) if swg else None
    if user is None:
        return 0
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    context = {
        **_page_context(workflow_state, task_state.revision if task_state else None),
        "swg": swg,
        "outcome": outcome,
        "reviewer": by or _("An approver"),
        "comment": task_state.get_comment() if task_state else "",
    }
    if outcome == APPROVED:
        key = f"approval:workflow-state:{workflow_state.pk}:approved"
    else:
        key = f"approval:task-state:{task_state_id}:rejected"
    return int(_send(user, key=key, template="approval_decided", context=context) is not None)
