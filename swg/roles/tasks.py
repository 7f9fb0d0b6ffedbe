"""Background e-mail of the roles (django-tasks): invitations and approval notices.
Each task may run twice without sending twice (subscriptions.services.deliver_once)."""

from django_tasks import task


@task()
def send_invitation_email(invitation_id: int, base_url: str = "") -> bool:
    """The invitation e-mail; the link is written again here from the invitation."""
    from swg.roles import services
    from swg.roles.models import Invitation

    invitation = Invitation.objects.select_related("swg", "invited_by").filter(pk=invitation_id)
    invitation = invitation.first()
    if invitation is None:
        return False
    url = services.invitation_url(invitation, base_url or None)
    return services.send_invitation_email(invitation, url)


@task()
def approval_requested(task_state_id: int, by_id: int | None = None) -> int:
    from swg.roles import notifications

    return notifications.approval_requested(task_state_id, by_id)


@task()
def approval_decided(
    workflow_state_id: int, outcome: str, task_state_id: int, by_id: int | None = None
) -> int:
    from swg.roles import notifications

    return notifications.approval_decided(workflow_state_id, outcome, task_state_id, by_id)
