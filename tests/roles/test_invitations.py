"""Invitation life cycle: a chair invites, the link signs up (and only it), expiry,
single use, wrong address, rights of the inviter, e-mail in the recipient's language."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from swg.models import SectorWorkingGroup
from swg.roles import services
from swg.roles.models import AuditEntry, Invitation, Membership

User = get_user_model()


@pytest.fixture
def health(db):
    return SectorWorkingGroup.objects.get(slug="health")


def _link(message):
    return re.search(r"http://\S+(/accounts/invitations/[^/\s]+/)", message.body).group(1)


def _signup(client, email):
    password = "x-Long-pass-42"
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )


def _invite_through_members_page(client, login, email, role="member", language="en"):
    login("health.chair@example.org")
    with_capture = client.post(
        "/en/swg/health/members/",
        {"action": "invite", "email": email, "role": role, "language": language},
    )
    client.logout()
    return with_capture


@pytest.mark.django_db
def test_invitation_signs_up_and_appoints(
    client, login, health, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite_through_members_page(client, login, "new.person@example.org")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "Health" in message.subject
    html = message.alternatives[0]
    assert html[1] == "text/html" and "/accounts/invitations/" in html[0]
    link = _link(message)

    # Without the link, sign-up is closed.
    closed = _signup(client, "new.person@example.org")
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert closed.status_code in (200, 302)

    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/?email=new.person%40example.org"
    assert b'value="new.person@example.org"' in client.get(response["Location"]).content
    # Another address is refused.
    response = _signup(client, "other@example.org")
    assert response.status_code == 200
    assert not User.objects.filter(email="other@example.org").exists()
    response = _signup(client, "new.person@example.org")
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert Membership.objects.get(user=user, swg=health).role == "member"
    assert user.emailaddress_set.get(email="new.person@example.org").verified
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.INVITATION_ACCEPTED, subject_email=user.email
    ).exists()
    invitation = Invitation.objects.get(email="new.person@example.org")
    assert invitation.accepted_by == user

    # Single use.
    client.logout()
    again = client.get(link)
    assert again.status_code == 410


@pytest.mark.django_db
def test_invitation_email_in_the_recipients_language(health, django_capture_on_commit_callbacks):
    chair = User.objects.get(email="health.chair@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite("lao.reader@example.org", health, "member", by=chair, language="lo")
    message = mail.outbox[-1]
    assert "ສາທາລະນະສຸກ" in message.subject  # the SWG's Lao name
    assert 'lang="lo"' in message.alternatives[0][0]


@pytest.mark.django_db
def test_expired_invitation_is_refused(client, health):
    chair = User.objects.get(email="health.chair@example.org")
    invitation, url = services.invite("late@example.org", health, "member", by=chair, send=False)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(urlparse(url).path)
    assert response.status_code == 410
    assert client.session.get("roles_invitation_token") is None
    _signup(client, "late@example.org")
    assert not User.objects.filter(email="late@example.org").exists()


@pytest.mark.django_db
def test_tampered_token_is_refused(client, health):
    chair = User.objects.get(email="health.chair@example.org")
    _invitation, url = services.invite("t@example.org", health, "member", by=chair, send=False)
    assert client.get(urlparse(url).path[:-3] + "xx/").status_code == 410
    from django.core import signing

    forged = signing.dumps({"i": _invitation.pk, "k": "guess"}, salt="other")
    assert client.get(f"/accounts/invitations/{forged}/").status_code == 410


@pytest.mark.django_db
def test_wrong_account_cannot_accept(client, login, health):
    chair = User.objects.get(email="health.chair@example.org")
    _invitation, url = services.invite("someone@example.org", health, "secretariat", by=chair)
    login("registered@example.org")
    assert client.get(urlparse(url).path).status_code == 403
    assert client.post(urlparse(url).path).status_code == 403
    registered = User.objects.get(email="registered@example.org")
    assert not Membership.objects.filter(user=registered).exists()


@pytest.mark.django_db
def test_existing_account_signs_in_then_accepts(client, login, health):
    chair = User.objects.get(email="health.chair@example.org")
    _invitation, url = services.invite(
        "education.member@example.org", health, "member", by=chair, send=False
    )
    path = urlparse(url).path
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    login("education.member@example.org")
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    user = User.objects.get(email="education.member@example.org")
    assert Membership.objects.get(user=user, swg=health).role == "member"
    assert client.post(path).status_code == 410


@pytest.mark.django_db
def test_chairs_invite_only_within_their_rights(client, login, health):
    login("health.chair@example.org")
    response = client.post(
        "/en/swg/health/members/",
        {"action": "invite", "email": "x@example.org", "role": "chair", "language": "en"},
    )
    assert response.status_code == 200  # form shown again with an error
    assert not Invitation.objects.filter(email="x@example.org").exists()
    education = SectorWorkingGroup.objects.get(slug="education")
    response = client.post(
        "/en/swg/education/members/",
        {"action": "invite", "email": "x@example.org", "role": "member", "language": "en"},
    )
    assert response.status_code == 403
    assert not Invitation.objects.filter(swg=education).exists()


@pytest.mark.django_db
def test_invitation_dies_with_the_inviters_rights(client, login, health):
    cochair = User.objects.get(email="health.cochair@example.org")
    _invitation, url = services.invite("late.joiner@example.org", health, "member", by=cochair)
    services.remove(Membership.objects.get(user=cochair, swg=health))
    login("education.member@example.org")
    user = User.objects.get(email="education.member@example.org")
    user.emailaddress_set.create(email="late.joiner@example.org", verified=True)
    response = client.post(urlparse(url).path)
    assert response.status_code == 410
    assert not Membership.objects.filter(user=user, swg=health).exists()
