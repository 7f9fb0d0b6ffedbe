"""Words a person understands around an SWG's approval: the workflow, its task and the
editor's buttons are named after the SWG's chairs, in the admin user's language, and
each step says what it did."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation
from wagtail.models import GroupApprovalTask, PageLogEntry, Task, Workflow

from swg.models import MeetingPage
from swg.roles.models import ApprovalWorkflow
from swg.roles.workflow_names import SEPARATOR
from swg.roles.workflows import ensure_approval_workflow
from tests.admin_forms import page_form_data
from tests.roles.conftest import ACCOUNTS
from tests.swg.factories import add_meeting, space

pytestmark = pytest.mark.django_db

ENGLISH = {
    "workflow": "Health SWG approval",
    "task": "Approval by the Health SWG chairs",
    "submit": "Submit to the Health SWG chairs for approval",
}
LAO = {
    "workflow": "ການອະນຸມັດຂອງກຸ່ມວຽກງານຂະແໜງການສາທາລະນະສຸກ",
    "task": "ການອະນຸມັດໂດຍປະທານ ແລະ ປະທານຮ່ວມ ກຸ່ມວຽກງານຂະແໜງການສາທາລະນະສຸກ",
    "submit": "ສົ່ງຂໍອະນຸມັດຈາກປະທານ ແລະ ປະທານຮ່ວມ ກຸ່ມວຽກງານຂະແໜງການສາທາລະນະສຸກ",
}


@pytest.fixture
def health_link(swgs):
    return ApprovalWorkflow.objects.get(swg=swgs["health"])


@pytest.mark.parametrize(("language", "names"), [("en", ENGLISH), ("lo", LAO)])
def test_workflow_and_task_are_named_in_the_readers_language(health_link, language, names):
    with translation.override(language):
        workflow = Workflow.objects.get(pk=health_link.workflow_id)
        task = Task.objects.get(pk=health_link.task_id)
        assert workflow.name == names["workflow"] and str(workflow) == names["workflow"]
        assert task.name == names["task"] and task.specific.name == names["task"]


def test_no_workflow_name_is_a_code(health_link):
    stored = Workflow.objects.values_list("name", flat=True)
    assert not [name for name in stored if name.startswith("swg:")]
    assert not GroupApprovalTask.objects.filter(name__startswith="swg:").exists()


def test_saving_a_loaded_workflow_keeps_both_languages(health_link):
    with translation.override("lo"):
        workflow = Workflow.objects.get(pk=health_link.workflow_id)
        workflow.save()
    stored = Workflow.objects.filter(pk=workflow.pk).values_list("name", flat=True).get()
    assert stored == f"{ENGLISH['workflow']}{SEPARATOR}{LAO['workflow']}"
    # A name someone gives it is kept as given.
    workflow.name = "Health approval (test)"
    workflow.save()
    assert Workflow.objects.get(pk=workflow.pk).name == "Health approval (test)"


def test_ensure_is_idempotent_and_follows_a_renamed_swg(swgs, health_link):
    health = swgs["health"]
    assert ensure_approval_workflow(health) == health_link.workflow
    health.name_en = "Public Health"
    health.save()
    ensure_approval_workflow(health)
    with translation.override("en"):
        assert Workflow.objects.get(pk=health_link.workflow_id).name == "Public Health SWG approval"
    assert ApprovalWorkflow.objects.filter(swg=health).count() == 1


def test_workflows_named_by_code_before_are_linked_and_renamed(swgs):
    """The migration's step for installations made before the rename."""
    migration = importlib.import_module("swg.roles.migrations.0003_approval_workflow")
    education = swgs["education"]
    old = ApprovalWorkflow.objects.get(swg=education)
    Workflow.objects.filter(pk=old.workflow_id).update(name="swg:education: approval")
    GroupApprovalTask.objects.filter(pk=old.task_id).update(name="swg:education: chair approval")
    old.delete()
    migration.link_and_name_existing_workflows(apps, None)
    link = ApprovalWorkflow.objects.get(swg=education)
    assert link.workflow_id == old.workflow_id and link.task_id == old.task_id
    with translation.override("en"):
        assert Workflow.objects.get(pk=link.workflow_id).name == "Education SWG approval"


# --- In the page editor -------------------------------------------------------------


@pytest.fixture
def editor(in_admin):
    def _as(key, language):
        return in_admin(ACCOUNTS[key], language)

    return _as


@pytest.fixture
def meeting():
    return add_meeting(space("health"))


@pytest.mark.parametrize(("language", "names"), [("en", ENGLISH), ("lo", LAO)])
def test_the_submit_button_says_whom_it_goes_to(editor, meeting, language, names):
    page = editor("health_secretariat", language).get(f"/admin/pages/{meeting.pk}/edit/")
    html = page.content.decode()
    assert names["submit"] in html
    assert "swg:health" not in html


def _submit(client, meeting):
    data = page_form_data(client.get(f"/admin/pages/{meeting.pk}/edit/"), **{"action-submit": "1"})
    return client.post(f"/admin/pages/{meeting.pk}/edit/", data, follow=True)


@pytest.mark.parametrize(
    ("language", "submitted", "approved", "buttons"),
    [
        (
            "en",
            "has been sent to the Health SWG chairs for approval",
            "Approved and published:",
            ["Approve and publish", "Approve and publish, with a comment", "Send back for changes"],
        ),
        (
            "lo",
            "ໄດ້ຖືກສົ່ງຂໍອະນຸມັດຈາກປະທານ ແລະ ປະທານຮ່ວມ",
            "ອະນຸມັດ ແລະ ເຜີຍແຜ່ແລ້ວ:",
            ["ອະນຸມັດ ແລະ ເຜີຍແຜ່", "ສົ່ງຄືນໃຫ້ແກ້ໄຂ"],
        ),
    ],
)
def test_each_step_says_what_it_did(editor, meeting, language, submitted, approved, buttons):
    response = _submit(editor("health_secretariat", language), meeting)
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1 and submitted in shown[0] and meeting.title in shown[0]
    assert MeetingPage.objects.get(pk=meeting.pk).workflow_in_progress

    client = editor("health_cochair", language)
    edit = client.get(f"/admin/pages/{meeting.pk}/edit/")
    html = edit.content.decode()
    for label in buttons:
        assert label in html
    assert "Approve and Publish" not in html and "Request changes" not in html
    data = page_form_data(
        edit,
        **{"action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    response = client.post(f"/admin/pages/{meeting.pk}/edit/", data, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1 and approved in shown[0] and meeting.title in shown[0]
    meeting.refresh_from_db()
    assert meeting.live and not meeting.workflow_in_progress


def test_sending_back_says_so(editor, meeting):
    _submit(editor("health_secretariat", "en"), meeting)
    client = editor("health_chair", "en")
    data = page_form_data(
        client.get(f"/admin/pages/{meeting.pk}/edit/"),
        **{"action-workflow-action": "true", "workflow-action-name": "reject"},
    )
    response = client.post(f"/admin/pages/{meeting.pk}/edit/", data, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1 and shown[0].startswith("Sent back for changes:")
    again = editor("health_secretariat", "en").get(f"/admin/pages/{meeting.pk}/edit/")
    assert "Submit again to the Health SWG chairs for approval" in again.content.decode()


def test_the_page_history_names_the_steps_in_the_readers_language(editor, meeting):
    """A Lao officer submits; an English reader of the history reads English names."""
    _submit(editor("health_secretariat", "lo"), meeting)
    # As stored (a loaded entry shows the reader's language).
    stored = (
        PageLogEntry.objects.filter(page=meeting, action="wagtail.workflow.start")
        .values_list("data", flat=True)
        .get()
    )
    assert stored["workflow"]["title"] == f"{ENGLISH['workflow']}{SEPARATOR}{LAO['workflow']}"
    history = editor("health_chair", "en").get(f"/admin/pages/{meeting.pk}/history/")
    html = history.content.decode()
    assert ENGLISH["workflow"] in html and ENGLISH["task"] in html
    assert LAO["workflow"] not in html and SEPARATOR not in html
