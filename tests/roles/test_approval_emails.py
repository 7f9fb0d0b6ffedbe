"""Approval e-mails of the SWG workflows: each approver is asked once, in their own
language, after the submission commits; the submitter hears of approval or rejection;
a retried task sends nothing; only people who may still act on the page are told;
other workflows keep Wagtail's own notices."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Locale, Workflow, WorkflowPage, WorkflowTask
from wagtail.users.models import UserProfile

from subscriptions.models import Delivery
from swg.models import MeetingPage, SectorWorkingGroup, SpacePage
from swg.roles import services, tasks
from swg.roles.models import Membership

pytestmark = pytest.mark.django_db

User = get_user_model()
CHAIR = "health.chair@example.org"
COCHAIR = "health.cochair@example.org"
SECRETARIAT = "health.secretariat@example.org"
LAO_FOR_APPROVAL = "ຂໍໃຫ້ພິຈາລະນາອະນຸມັດ:"
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def quiet(settings):
    """Only the approval e-mails: no superusers (Wagtail's setting), and none of the
    demo's subscribers, who would hear of an approved meeting's publication."""
    from subscriptions.models import Subscription

    settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
    Subscription.objects.all().delete()


def person(email, language=None):
    user = User.objects.get(email=email)
    if language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


def to(email):
    return [message for message in mail.outbox if message.to == [email]]


def html_of(message):
    return next(body for body, kind in message.alternatives if kind == "text/html")


@pytest.fixture
def draft():
    """A draft meeting in the Health space, saved by the secretariat."""

    def _draft(title=None, slug="health"):
        start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
        number = next(_numbers)
        meeting = MeetingPage(
            title=title or f"Approval test meeting {number}",
            slug=f"approval-test-meeting-{number}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            venue="Ministry of Health, Vientiane",
            access_level="public",
            live=False,
        )
        space = SpacePage.objects.get(
            working_group__slug=slug, locale=Locale.objects.get(language_code="en")
        )
        space.add_child(instance=meeting)
        meeting.save_revision(user=person(SECRETARIAT))
        return meeting

    return _draft


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    def _submit(page, by=SECRETARIAT):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            state = page.get_workflow().start(page, person(by))
        assert not mail.outbox, "nothing is sent before the submission commits"
        for callback in callbacks:
            callback()
        return state

    return _submit


@pytest.fixture
def decide(django_capture_on_commit_callbacks):
    def _decide(workflow_state, action, by=COCHAIR, comment=""):
        workflow_state.refresh_from_db()
        task_state = workflow_state.current_task_state
        with django_capture_on_commit_callbacks(execute=True):
            getattr(task_state, action)(user=person(by), comment=comment)
        return task_state

    return _decide


def test_each_approver_is_asked_once_in_their_language(draft, submit):
    person(CHAIR, "lo")
    person(COCHAIR, "en")
    page = draft("Quarterly review of district hospitals")
    submit(page)

    assert {address for message in mail.outbox for address in message.to} == {CHAIR, COCHAIR}
    [lao], [english] = to(CHAIR), to(COCHAIR)
    assert english.subject == "For your approval: Quarterly review of district hospitals"
    assert lao.subject == f"{LAO_FOR_APPROVAL} Quarterly review of district hospitals"
    assert lao.extra_headers["Content-Language"] == "lo"
    assert '<html lang="lo">' in html_of(lao) and '<html lang="en">' in html_of(english)
    review = f"http://127.0.0.1:8000/admin/pages/{page.pk}/edit/"
    assert review in english.body and f'href="{review}"' in html_of(english)
    assert "Health" in english.body and "ສາທາລະນະສຸກ" in lao.body  # the SWG, in each language
    assert SECRETARIAT not in {a for m in mail.outbox for a in m.to}  # not the submitter


def test_a_sub_groups_page_asks_its_own_and_the_parents_approvers(draft, submit):
    sub_chair = User.objects.create_user("financing.chair@example.org", "x")
    services.appoint(sub_chair, SectorWorkingGroup.objects.get(slug="health-financing"), "chair")
    submit(draft(slug="health-financing"))
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"financing.chair@example.org", CHAIR, COCHAIR}


def test_language_falls_back_to_lao(draft, submit):
    chair = person(CHAIR)
    User.objects.filter(pk=chair.pk).update(preferred_language="")
    submit(draft("Fallback language meeting"))
    [message] = to(CHAIR)
    assert message.subject.startswith(LAO_FOR_APPROVAL)


def test_a_retried_task_sends_nothing(draft, submit, decide):
    workflow_state = submit(draft())
    assert len(mail.outbox) == 2
    task_state = workflow_state.current_task_state
    tasks.approval_requested.enqueue(task_state.pk, person(SECRETARIAT).pk)
    assert len(mail.outbox) == 2
    assert (
        Delivery.objects.filter(key=f"approval:task-state:{task_state.pk}:submitted").count() == 2
    )

    decide(workflow_state, "approve")
    assert len(to(SECRETARIAT)) == 1
    tasks.approval_decided.enqueue(workflow_state.pk, "approved", task_state.pk, None)
    assert len(to(SECRETARIAT)) == 1
    assert len(mail.outbox) == 3


def test_approval_tells_the_submitter(draft, submit, decide):
    person(SECRETARIAT, "en")
    page = draft("Budget meeting")
    workflow_state = submit(page)
    mail.outbox.clear()
    decide(workflow_state, "approve", by=COCHAIR)

    page.refresh_from_db()
    assert page.live
    [message] = mail.outbox  # the co-chair who approved hears nothing
    assert message.to == [SECRETARIAT]
    assert message.subject == "Approved: Budget meeting"
    assert str(person(COCHAIR)) in message.body
    assert f"http://127.0.0.1:8000/en/swg/health/{page.slug}/" in message.body
    assert html_of(message).startswith("<!DOCTYPE html>")


def test_rejection_tells_the_submitter_with_the_comment_each_time(draft, submit, decide):
    person(SECRETARIAT, "lo")
    page = draft("Draft minutes")
    workflow_state = submit(page)
    mail.outbox.clear()
    decide(workflow_state, "reject", by=CHAIR, comment="Please add the venue & time.")

    page.refresh_from_db()
    assert not page.live
    [message] = mail.outbox
    assert message.to == [SECRETARIAT]
    assert message.subject == "ຂໍໃຫ້ແກ້ໄຂ: Draft minutes"
    assert "Please add the venue & time." in message.body
    assert "Please add the venue &amp; time." in html_of(message)  # escaped in HTML

    # Resubmitted and sent back again: a second, separate notice.
    page.save_revision(user=person(SECRETARIAT))
    workflow_state.refresh_from_db()
    workflow_state.resume(person(SECRETARIAT))
    mail.outbox.clear()
    decide(workflow_state, "reject", by=CHAIR, comment="Still no venue.")
    assert [m.to for m in mail.outbox] == [[SECRETARIAT]]
    assert "Still no venue." in mail.outbox[0].body


def test_only_people_who_may_act_on_the_page_are_told(draft, submit, decide, swgs):
    # In the chairs' group by hand, without the role: the policy says no.
    stray = User.objects.create_user("stray.approver@example.org", "x")
    stray.groups.add(Group.objects.get(name="swg:health:chair"))
    # An approver who switched these notices off in the admin's account settings.
    profile = UserProfile.get_for_user(person(COCHAIR))
    profile.submitted_notifications = False
    profile.save()

    workflow_state = submit(draft())
    assert [m.to for m in mail.outbox] == [[CHAIR]]

    # The submitter left the group before the decision: no notice about the page.
    services.remove(Membership.objects.get(user__email=SECRETARIAT, swg=swgs["health"]))
    mail.outbox.clear()
    decide(workflow_state, "approve", by=CHAIR)
    assert not mail.outbox


def test_superusers_are_told_once_when_wagtail_would_tell_them(draft, submit, settings):
    settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = True
    submit(draft())
    assert len(to("admin@example.org")) == 1  # not a second "workflow submitted" e-mail
    assert {a for m in mail.outbox for a in m.to} >= {CHAIR, COCHAIR}


def test_other_workflows_keep_wagtails_notices(draft, django_capture_on_commit_callbacks):
    moderators = Group.objects.create(name="Test moderators")
    moderator = User.objects.create_user("moderator@example.org", "x")
    moderator.groups.add(moderators)
    task = GroupApprovalTask.objects.create(name="Test moderation")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Test moderation workflow")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    page = draft()
    WorkflowPage.objects.create(page=page, workflow=workflow)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.start(page, person(SECRETARIAT))
    assert [m.to for m in mail.outbox] == [["moderator@example.org"]]
    assert not Delivery.objects.filter(key__startswith="approval:").exists()
