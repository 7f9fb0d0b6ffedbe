"""The invitation e-mail goes through a task once the invitation commits, at most once,
with a link the task writes again from the invitation alone; inviting is rate-limited
per inviter with a clear, translated refusal (429)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from subscriptions.models import Delivery
from swg.models import SectorWorkingGroup
from swg.roles import services, tasks
from swg.roles.models import Invitation

pytestmark = pytest.mark.django_db

User = get_user_model()
CHAIR = "health.chair@example.org"


@pytest.fixture
def health():
    return SectorWorkingGroup.objects.get(slug="health")


@pytest.fixture
def chair():
    return User.objects.get(email=CHAIR)


def _link(message):
    return re.search(r"(http://\S+/accounts/invitations/[^/\s]+/)", message.body).group(1)


def _opens(link):
    """The invitation a link opens (links are signed with a timestamp, so two links to
    the same invitation written at different seconds differ)."""
    return services.invitation_from_token(link.rstrip("/").rsplit("/", 1)[1])


def test_sent_by_a_task_after_commit_once(health, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, url = services.invite(
            "new.face@example.org", health, "member", by=chair, language="en"
        )
    assert not mail.outbox  # nothing before the commit
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["new.face@example.org"]
    link = _link(message)
    assert _opens(link) == _opens(url) == invitation  # the task wrote the link again
    assert link.startswith("http://127.0.0.1:8000/accounts/invitations/")
    assert message.alternatives[0][1] == "text/html" and link in message.alternatives[0][0]

    # A retried task, or a direct second send, sends nothing.
    tasks.send_invitation_email.enqueue(invitation.pk, "http://127.0.0.1:8000")
    assert services.send_invitation_email(invitation) is False
    assert len(mail.outbox) == 1
    delivery = Delivery.objects.get(key=f"invitation:{invitation.pk}")
    assert delivery.recipient is None and delivery.address == "new.face@example.org"
    assert delivery.sent_at is not None and "Health" in delivery.subject


def test_in_the_invitations_language(health, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite("lao.reader@example.org", health, "member", by=chair, language="lo")
        services.invite("english.reader@example.org", health, "member", by=chair, language="en")
    lao, english = mail.outbox
    assert "ສາທາລະນະສຸກ" in lao.subject and lao.extra_headers["Content-Language"] == "lo"
    assert "Health" in english.subject and english.extra_headers["Content-Language"] == "en"


def test_withdrawn_before_the_task_runs_is_not_sent(
    health, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, _url = services.invite("changed.mind@example.org", health, "member", by=chair)
    services.revoke_invitation(invitation, by=chair)
    for callback in callbacks:
        callback()
    assert not mail.outbox


def test_failed_send_can_be_retried(health, chair, django_capture_on_commit_callbacks, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    def broken_send(self, fail_silently=False):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken_send)
    with django_capture_on_commit_callbacks(execute=True):
        invitation, url = services.invite("patient@example.org", health, "member", by=chair)
    monkeypatch.undo()
    assert not mail.outbox
    assert Delivery.objects.get(key=f"invitation:{invitation.pk}").sent_at is None
    tasks.send_invitation_email.enqueue(invitation.pk, "http://127.0.0.1:8000")
    assert [m.to for m in mail.outbox] == [["patient@example.org"]]
    assert _opens(_link(mail.outbox[0])) == _opens(url) == invitation


def _invite(client, email, lang="en"):
    return client.post(
        f"/{lang}/swg/health/members/",
        {"action": "invite", "email": email, "role": "member", "language": lang},
    )


def test_rate_limit_refuses_with_a_clear_message(client, login, settings):
    settings.PORTAL_INVITATIONS_PER_HOUR = 2
    login(CHAIR)
    assert _invite(client, "one@example.org").status_code == 302
    assert _invite(client, "two@example.org").status_code == 302
    response = _invite(client, "three@example.org")
    assert response.status_code == 429
    assert 3000 < int(response["Retry-After"]) <= 3601
    text = response.content.decode()
    assert "You may send at most 2 invitations in an hour. Try again in 60 min." in text
    assert 'value="three@example.org"' in text  # the form keeps what was typed
    assert not Invitation.objects.filter(email="three@example.org").exists()

    lao = _invite(client, "three@example.org", lang="lo")
    assert lao.status_code == 429
    assert "ທ່ານສາມາດສົ່ງຄຳເຊີນໄດ້ບໍ່ເກີນ 2 ສະບັບ ພາຍໃນໜຶ່ງຊົ່ວໂມງ" in lao.content.decode()

    # Another inviter is not held back by the chair's count.
    client.logout()
    login("health.cochair@example.org")
    assert _invite(client, "four@example.org").status_code == 302

    # An hour later the chair may invite again.
    Invitation.objects.filter(invited_by__email=CHAIR).update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    client.logout()
    login(CHAIR)
    assert _invite(client, "three@example.org").status_code == 302


def test_rate_limit_in_the_service(health, chair, settings):
    settings.PORTAL_INVITATIONS_PER_HOUR = 1
    services.invite("first@example.org", health, "member", by=chair, send=False)
    with pytest.raises(services.TooManyInvitations) as refusal:
        services.invite("second@example.org", health, "member", by=chair, send=False)
    assert refusal.value.limit == 1 and 0 < refusal.value.retry_after <= 3601
