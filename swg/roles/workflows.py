"""One Wagtail approval workflow per SWG: the secretariat submits, the chair or a
co-chair of that SWG (or of a parent SWG) approves and publishes. Wagtail e-mails the
task's groups on submission (wagtail.admin.mail.GroupApprovalTaskStateSubmissionEmailNotifier)."""

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask


def approval_task_name(swg):
    return f"swg:{swg.slug}: chair approval"


def workflow_name(swg):
    return f"swg:{swg.slug}: approval"


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
