"""One Wagtail approval workflow per SWG: the secretariat submits, the chair or a
co-chair of that SWG (or of a parent SWG) approves and publishes. The approvers are
e-mailed on submission and the submitter on approval or rejection, in their own
language, through tasks (swg.roles.notifications, in place of Wagtail's notifiers)."""

import re

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

_WORKFLOW_NAME = re.compile(r"swg:(?P<slug>[^:]+): approval")


def approval_task_name(swg):
    return f"swg:{swg.slug}: chair approval"


def workflow_name(swg):
    return f"swg:{swg.slug}: approval"


def working_group_of_workflow(workflow):
    """The SWG whose approval workflow `workflow` is, or None for any other workflow."""
    from swg.models import SectorWorkingGroup

    match = _WORKFLOW_NAME.fullmatch(workflow.name) if workflow is not None else None
    if match is None:
        return None
    return SectorWorkingGroup.objects.filter(slug=match["slug"]).first()


def ensure_approval_workflow(swg, page=None):
    """The SWG's workflow and task (approvers: chairs and co-chairs of the SWG and its
    ancestors), assigned to `page` when given. Idempotent."""
    from swg.roles.permissions import APPROVER_ROLES, _ancestors_and_self, role_groups

    task, _created = GroupApprovalTask.objects.get_or_create(name=approval_task_name(swg))
    approvers = [
        role_groups(holder)[role] for holder in _ancestors_and_self(swg) for role in APPROVER_ROLES
    ]
    if set(task.groups.all()) != set(approvers):
        task.groups.set(approvers)
    workflow, _created = Workflow.objects.get_or_create(name=workflow_name(swg))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if page is not None:
        WorkflowPage.objects.update_or_create(page_id=page.pk, defaults={"workflow": workflow})
    return workflow
