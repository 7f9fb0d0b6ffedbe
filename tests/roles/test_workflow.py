"""Per-SWG approval: submission e-mails the SWG's chair and co-chair, nobody else's."""

import pytest
from django.core import mail
from wagtail.models import WorkflowPage

from swg.roles.models import ApprovalWorkflow, Membership
from swg.roles.permissions import space_pages


@pytest.mark.django_db
def test_space_pages_use_their_swgs_workflow(swgs):
    pages = space_pages([swgs["health"].pk])
    if not pages:
        pytest.skip("space pages arrive with the SWG spaces")
    workflow = ApprovalWorkflow.objects.get(swg=swgs["health"]).workflow
    for page in pages:
        assert WorkflowPage.objects.get(page=page).workflow == workflow
        assert page.get_workflow() == workflow


@pytest.mark.django_db
def test_submission_emails_the_chairs(swgs, account, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
    pages = space_pages([swgs["health"].pk])
    if not pages:
        pytest.skip("space pages arrive with the SWG spaces")
    page = pages[0]
    secretariat = account("health_secretariat")
    page.save_revision(user=secretariat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the e-mails are tasks
        page.get_workflow().start(page, secretariat)
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"health.chair@example.org", "health.cochair@example.org"}
    approvers = {
        m.user.email
        for m in Membership.objects.filter(swg=swgs["health"], role__in=["chair", "co_chair"])
    }
    assert recipients == approvers
