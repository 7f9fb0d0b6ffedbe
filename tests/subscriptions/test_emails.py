"""Who is told what, in which language, once: instant notices, digests, unsubscribe."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from subscriptions import services
from subscriptions.models import Delivery, Mode, Notification, Subscription
from swg.models import ActionItem, MeetingPage, Organisation, SectorWorkingGroup

pytestmark = pytest.mark.django_db

MEMBER = "health.member@example.org"
REGISTERED = "registered@example.org"
SECRETARIAT = "health.secretariat@example.org"
OUTSIDER = "education.member@example.org"
LAO_CALLED = "ແຈ້ງເຊີນກອງປະຊຸມ:"


@pytest.fixture
def follow(user_named, health):
    def _follow(email, *, swg=None, mode=Mode.INSTANT, language="en"):
        return services.subscribe(
            user_named(email), swg=swg or health, mode=mode, language=language
        )

    return _follow


def to(email):
    return [message for message in mail.outbox if message.to == [email]]


def html_of(message):
    return next(body for body, kind in message.alternatives if kind == "text/html")


def test_meeting_called_tells_each_subscriber_once_in_their_language(follow, new_meeting):
    follow(MEMBER, language="lo")
    follow(REGISTERED, language="en")
    follow(OUTSIDER, language="en", swg=SectorWorkingGroup.objects.get(slug="education"))
    meeting = new_meeting()

    [lao] = to(MEMBER)
    [english] = to(REGISTERED)
    assert not to(OUTSIDER)  # follows another group
    assert english.subject == f"Meeting called: {meeting.title}"
    assert lao.subject == f"{LAO_CALLED} {meeting.title}"
    assert lao.extra_headers["Content-Language"] == "lo"
    assert '<html lang="lo">' in html_of(lao)
    assert meeting.venue in english.body and meeting.venue in html_of(english)
    assert f"http://127.0.0.1:8000/en/swg/health/{meeting.slug}/" in english.body


def test_every_email_has_unsubscribe_headers_and_link(follow, new_meeting):
    follow(REGISTERED)
    new_meeting()
    [message] = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and "/subscriptions/unsubscribe/" in header
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url in message.body and url in html_of(message)


def test_nobody_hears_of_a_meeting_they_may_not_read(follow, new_meeting):
    follow(MEMBER)
    follow(REGISTERED)
    follow(OUTSIDER)  # a member of Education following Health
    new_meeting(title="Members-only caucus", access="members")
    assert [m.to for m in mail.outbox] == [[MEMBER]]
    new_meeting(title="Restricted caucus", access="restricted")
    assert len(mail.outbox) == 1  # the member may not read restricted meetings
    follow(SECRETARIAT)
    new_meeting(title="Second restricted caucus", access="restricted")
    assert [m.to for m in mail.outbox[1:]] == [[SECRETARIAT]]
    for message in to(REGISTERED) + to(OUTSIDER):
        assert "caucus" not in message.body


def test_minutes_go_to_those_who_may_read_them(follow, new_meeting, publish):
    follow(MEMBER)
    follow(REGISTERED)
    meeting = new_meeting()
    mail.outbox.clear()
    meeting.minutes = "<p>What was agreed.</p>"
    publish(meeting)  # members-only minutes
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([MEMBER], f"Minutes published: {meeting.title}")
    ]
    mail.outbox.clear()
    meeting.minutes_access = "public"
    publish(meeting)  # now everybody may read them: the rest are told, once
    assert [m.to for m in mail.outbox] == [[REGISTERED]]
    publish(meeting)
    assert len(mail.outbox) == 1


def test_changed_meeting_is_announced_once_per_change(follow, new_meeting, publish):
    follow(REGISTERED)
    meeting = new_meeting()
    meeting.start += datetime.timedelta(hours=3)
    meeting.end += datetime.timedelta(hours=3)
    publish(meeting)
    meeting.summary = "A better summary, same time and place."
    publish(meeting)
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [f"Meeting called: {meeting.title}", f"Meeting changed: {meeting.title}"]


def test_withdrawn_meeting_is_announced_as_cancelled(follow, new_meeting, unpublish):
    follow(REGISTERED)
    meeting = new_meeting()
    unpublish(MeetingPage.objects.get(pk=meeting.pk))
    assert mail.outbox[-1].subject == f"Meeting cancelled: {meeting.title}"


def test_sending_is_idempotent(follow, new_meeting):
    from subscriptions import tasks

    follow(REGISTERED)
    meeting = new_meeting()
    assert len(mail.outbox) == 1
    notification = Notification.objects.get(event_key__endswith=":called")
    # A retried task, a retried event and a direct second send: nothing more goes out.
    tasks.send_notification.enqueue(notification.pk)
    assert services.send_notification(notification.pk) is False
    assert services.meeting_published(meeting.pk) == 0
    assert len(mail.outbox) == 1
    # Even a lost link between notification and delivery cannot send twice.
    Notification.objects.filter(pk=notification.pk).update(delivery=None)
    assert services.send_notification(notification.pk) is False
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(key=notification.event_key).count() == 1


def test_failed_send_can_be_retried(follow, new_meeting, settings, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    follow(REGISTERED)
    calls = []

    def broken_send(self, fail_silently=False):
        calls.append(self)
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken_send)
    new_meeting()  # the task fails (the task backend records it)
    monkeypatch.undo()
    assert len(calls) == 1 and not mail.outbox
    notification = Notification.objects.get(recipient__email=REGISTERED)
    assert Delivery.objects.get(key=notification.event_key).sent_at is None  # claim released
    assert services.send_notification(notification.pk) is True
    assert len(mail.outbox) == 1


def test_documents_are_announced_to_readers_only(follow, new_document, health):
    follow(MEMBER)
    follow(REGISTERED)
    follow(SECRETARIAT)
    new_document(health, title="Open health report")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([MEMBER, REGISTERED, SECRETARIAT])
    mail.outbox.clear()
    new_document(health, title="Restricted budget note", access="restricted")
    assert [m.to for m in mail.outbox] == [[SECRETARIAT]]
    assert mail.outbox[0].subject == "New document: Restricted budget note"
    mail.outbox.clear()
    new_document(health, title="Members workplan", access="members")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([MEMBER, SECRETARIAT])


def test_no_email_about_documents_from_before_the_subscription(follow, new_document, health):
    document = new_document(health, title="Old report")
    follow(REGISTERED)
    assert services.document_published(document.pk) == 0
    assert not mail.outbox


@pytest.fixture
def organisation(user_named):
    organisation = Organisation.objects.create(name_en="Test Health Partner", acronym="THP")
    for email in (MEMBER, REGISTERED):
        user = user_named(email)
        user.organisation_name = "THP"
        user.save()
    return organisation


def test_action_items_go_to_the_organisation_when_it_may_read_them(
    follow, new_meeting, publish, organisation
):
    follow(MEMBER)
    follow(REGISTERED)
    meeting = new_meeting()
    mail.outbox.clear()
    meeting.minutes = "<p>Agreed actions.</p>"
    meeting.action_items.add(
        ActionItem(
            description="Share the district data",
            responsible_organisation=organisation,
            due_date=timezone.localdate() + datetime.timedelta(days=30),
        )
    )
    publish(meeting)  # minutes are members-only: the registered user reads nothing
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == [
        (MEMBER, "Action item for your organisation: Share the district data"),
        (MEMBER, f"Minutes published: {meeting.title}"),
    ]


def test_overdue_action_items_are_told_once(
    follow, new_meeting, publish, organisation, django_capture_on_commit_callbacks
):
    follow(MEMBER)
    meeting = new_meeting(minutes="<p>Agreed.</p>", days=-30)
    meeting.action_items.add(
        ActionItem(
            description="Send the overdue report",
            responsible_organisation=organisation,
            due_date=timezone.localdate() - datetime.timedelta(days=3),
        )
    )
    publish(meeting)
    mail.outbox.clear()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_digests", stdout=io.StringIO())
    assert [m.subject for m in mail.outbox] == ["Action item overdue: Send the overdue report"]


def test_weekly_digest_groups_by_group_and_sends_once(follow, new_meeting, new_document):
    education = SectorWorkingGroup.objects.get(slug="education")
    follow(SECRETARIAT, mode=Mode.WEEKLY)
    follow(SECRETARIAT, mode=Mode.WEEKLY, swg=education)
    first = new_meeting()
    second = new_meeting(title="Members-only review", access="members")
    third = new_meeting("education")
    assert not mail.outbox  # weekly: nothing yet

    call_command("send_digests", stdout=io.StringIO())
    [digest] = mail.outbox
    assert digest.subject == "Your weekly digest: 3 updates"
    body = digest.body
    assert body.index("== Health ==") < body.index(first.title) < body.index(second.title)
    assert body.index(second.title) < body.index("== Education ==") < body.index(third.title)
    assert "List-Unsubscribe" in digest.extra_headers

    call_command("send_digests", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_digest_drops_what_the_recipient_may_no_longer_read(
    follow, new_meeting, user_named, health
):
    from swg.roles.models import Membership

    follow(MEMBER, mode=Mode.WEEKLY)
    new_meeting(title="Members-only planning", access="members")
    Membership.objects.filter(user__email=MEMBER, swg=health).delete()
    call_command("send_digests", stdout=io.StringIO())
    assert not mail.outbox


def test_unsubscribe_link_asks_then_unsubscribes_without_login(follow, new_meeting, client):
    subscription = follow(REGISTERED)
    new_meeting()
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    assert Subscription.objects.filter(pk=subscription.pk).exists()  # a GET changes nothing
    response = client.post("/" + path)
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    new_meeting()
    assert len(mail.outbox) == 1


def test_one_click_unsubscribe_post_needs_no_csrf_token(follow, user_named):
    subscription = follow(REGISTERED)
    url = services.unsubscribe_url(user_named(REGISTERED), subscription)
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_forged_unsubscribe_token_is_refused(follow, client):
    subscription = follow(REGISTERED)
    assert client.post("/en/subscriptions/unsubscribe/forged:token/").status_code == 404
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_subscriptions_page(client, login, user_named, health):
    response = client.get("/en/subscriptions/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login(REGISTERED)
    assert client.get("/en/subscriptions/").status_code == 200
    response = client.post(
        "/en/subscriptions/",
        {
            "action": "save",
            f"swg-{health.pk}-follow": "1",
            f"swg-{health.pk}-mode": "weekly",
            f"swg-{health.pk}-language": "lo",
            "news-follow": "1",
            "news-mode": "bogus",
        },
    )
    assert response.status_code == 302
    user = user_named(REGISTERED)
    swg = Subscription.objects.get(user=user, swg=health)
    assert (swg.mode, swg.language) == ("weekly", "lo")
    assert Subscription.objects.get(user=user, topic="news").mode == "instant"
    client.post("/en/subscriptions/", {"action": "new_calendar"})
    token = user.calendar_tokens.get()
    page = client.get("/en/subscriptions/").content.decode()
    assert token.secret in page
    client.post("/en/subscriptions/", {"action": "revoke_calendar", "token": token.pk})
    assert client.get(f"/en/calendar/{token.secret}/meetings.ics").status_code == 404


def test_demo_subscriptions_are_idempotent():
    from subscriptions import demo

    first = demo.load(log=lambda line: None)
    assert demo.load(log=lambda line: None) == first
    assert Subscription.objects.count() == first


def test_each_subscriber_is_told_from_the_version_in_their_language(
    follow, new_meeting, publish, health
):
    from wagtail.models import Locale

    follow(MEMBER, language="lo")
    follow(REGISTERED, language="en")
    english = new_meeting()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([MEMBER, REGISTERED])
    lao = english.copy_for_translation(Locale.objects.get(language_code="lo"))
    lao.title = "ກອງປະຊຸມທົດລອງ"
    publish(lao)
    assert len(mail.outbox) == 2  # the same meeting: nobody is told twice
    mail.outbox.clear()
    for page in (english, lao):
        page = MeetingPage.objects.get(pk=page.pk)
        page.minutes = "<p>Minutes.</p>"
        page.minutes_access = "public"
        publish(page)
    [english_mail] = to(REGISTERED)
    assert english_mail.subject == f"Minutes published: {english.title}"
    [lao_mail] = to(MEMBER)
    assert "ກອງປະຊຸມທົດລອງ" in lao_mail.subject


def test_minutes_of_a_meeting_published_before_anyone_subscribed_are_one_email(
    follow, new_meeting, publish
):
    meeting = new_meeting()  # published before the subscription: nobody told
    follow(REGISTERED)
    meeting.minutes = "<p>Agreed.</p>"
    meeting.minutes_access = "public"
    publish(meeting)
    assert [m.subject for m in mail.outbox] == [f"Minutes published: {meeting.title}"]


def test_without_state_the_last_published_version_is_the_baseline(follow, new_meeting, publish):
    from subscriptions.models import MeetingState

    follow(REGISTERED)
    meeting = new_meeting(days=-3)  # a past meeting is not "called"
    assert not mail.outbox
    MeetingState.objects.filter(page_id=meeting.pk).delete()  # as if its task never ran
    meeting.minutes = "<p>Agreed.</p>"
    meeting.minutes_access = "public"
    publish(meeting)
    assert [m.subject for m in mail.outbox] == [f"Minutes published: {meeting.title}"]
    assert MeetingState.objects.get(page_id=meeting.pk).sequence == 0


def test_recalled_meeting_is_announced_again(follow, new_meeting, publish, unpublish):
    follow(REGISTERED)
    meeting = new_meeting()
    unpublish(MeetingPage.objects.get(pk=meeting.pk))
    publish(MeetingPage.objects.get(pk=meeting.pk))
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Meeting called",
        "Meeting cancelled",
        "Meeting called",
    ]
