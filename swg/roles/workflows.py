"""One Wagtail approval workflow per SWG: the secretariat submits, the chair or a
co-chair of that SWG (or of a parent SWG) approves and publishes. The approvers are
e-mailed on submission and the submitter on approval or rejection, in their own
language, through tasks (swg.roles.notifications, in place of Wagtail's notifiers).

Each SWG's workflow and task are linked to it (`ApprovalWorkflow`) and named in words
people use, in both languages ("Approval by the Health SWG chairs"); the admin shows
the admin user's language (swg.roles.workflow_names) and says what each step does
(swg.roles.approval_words)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from swg.roles.models import ApprovalWorkflow
from swg.roles.workflow_names import bilingual

WORKFLOW_NAME = _("%(swg)s SWG approval")
TASK_NAME = _("Approval by the %(swg)s SWG chairs")
# Each language's part of a name; both fit Wagtail's 255 characters with the separator.
_PART_LENGTH = 125

_CACHE_ATTR = "_approval_swg"


def in_both_languages(template, swg):
    """`template` (with `%(swg)s`) filled with the SWG's name, in English and in Lao."""
    texts = []
    for language, name in (("en", swg.name_en), ("lo", swg.name_lo or swg.name_en)):
        with translation.override(language):
            texts.append((str(template) % {"swg": name})[:_PART_LENGTH].strip())
    return bilingual(*texts)


def approval_task_name(swg):
    return in_both_languages(TASK_NAME, swg)


def workflow_name(swg):
    return in_both_languages(WORKFLOW_NAME, swg)


def working_group_of_workflow(workflow):
    """The SWG whose approval workflow `workflow` is, or None for any other workflow."""
    if workflow is None:
        return None
    if not hasattr(workflow, _CACHE_ATTR):
        link = ApprovalWorkflow.objects.filter(workflow=workflow).select_related("swg").first()
        setattr(workflow, _CACHE_ATTR, link.swg if link else None)
    return getattr(workflow, _CACHE_ATTR)


def ensure_approval_workflow(swg, page=None):
    """The SWG's workflow and task (approvers: chairs and co-chairs of the SWG and its
    ancestors), named after the SWG and assigned to `page` when given. Idempotent."""
    from swg.roles.permissions import APPROVER_ROLES, _ancestors_and_self, role_groups

    names = {"workflow": workflow_name(swg), "task": approval_task_name(swg)}
    link = ApprovalWorkflow.objects.filter(swg=swg).first()
    if link is None:
        link = ApprovalWorkflow.objects.create(
            swg=swg,
            workflow=Workflow.objects.create(name=names["workflow"]),
            task=GroupApprovalTask.objects.create(name=names["task"]),
        )
    else:
        # Compared as stored: loaded instances show one language (workflow_names).
        Workflow.objects.filter(pk=link.workflow_id).exclude(name=names["workflow"]).update(
            name=names["workflow"]
        )
        GroupApprovalTask.objects.filter(pk=link.task_id).exclude(name=names["task"]).update(
            name=names["task"]
        )
    task, workflow = link.task, link.workflow
    approvers = [
        role_groups(holder)[role] for holder in _ancestors_and_self(swg) for role in APPROVER_ROLES
    ]
    if set(task.groups.all()) != set(approvers):
        task.groups.set(approvers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if page is not None:
        WorkflowPage.objects.update_or_create(page_id=page.pk, defaults={"workflow": workflow})
    return workflow
