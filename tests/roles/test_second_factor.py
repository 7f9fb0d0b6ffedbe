"""With PORTAL_REQUIRE_2FA_FOR_ADMIN on (the test settings), whoever must use a second
factor holds a member's rights only until they pass it in the session: no appointing,
inviting or removing on the members page, no restricted material anywhere. They are
sent to set up (or confirm) their authenticator, and nothing changes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from documents.models import PortalDocument
from search import service
from swg import policy
from swg.models import MeetingPage
from swg.roles.models import Invitation, Membership
from tests.two_factor import totp_code, with_totp

pytestmark = pytest.mark.django_db
User = get_user_model()
ENROL = "/accounts/2fa/totp/activate/"
MEMBERS = "/en/swg/health/members/"


def _invite(client, email="new.secretariat@example.org", role="secretariat"):
    return client.post(
        MEMBERS, {"action": "invite", "email": email, "role": role, "language": "en"}
    )


def _restricted_document():
    return (
        PortalDocument.objects.filter(access_level="restricted", working_groups__slug="health")
        .order_by("pk")
        .first()
    )


def _restricted_minutes():
    return MeetingPage.objects.get(
        minutes_access="restricted",
        working_group__slug="health",
        locale__language_code="en",
        live=True,
    )


@pytest.mark.parametrize("email", ["health.chair@example.org", "admin@example.org"])
def test_without_totp_a_chair_or_superuser_cannot_invite(email, client, login):
    login(email, second_factor=False)
    response = client.get(MEMBERS)
    assert response.status_code == 302
    assert response["Location"] == ENROL
    before = Invitation.objects.count()
    response = _invite(client, role="chair" if email.startswith("admin") else "secretariat")
    assert response.status_code == 302
    assert response["Location"] == ENROL
    assert Invitation.objects.count() == before
    assert any("two-factor" in str(m) for m in get_messages(response.wsgi_request))


def test_without_totp_nobody_is_appointed_or_removed(client, login):
    member = Membership.objects.get(user__email="health.member@example.org", swg__slug="health")
    login("health.cochair@example.org", second_factor=False)
    change = {"action": "change", "membership": member.pk, f"m{member.pk}-role": "secretariat"}
    assert client.post(MEMBERS, change)["Location"] == ENROL
    assert client.post(MEMBERS, {"action": "remove", "membership": member.pk})["Location"] == ENROL
    member.refresh_from_db()
    assert member.role == "member"


def test_an_authenticator_not_confirmed_in_this_session_is_asked_for(client, login):
    login("health.chair@example.org", second_factor=False)
    with_totp("health.chair@example.org")  # set up after signing in with the password
    response = client.get(MEMBERS)
    assert response.status_code == 302
    reauthenticate = "/accounts/2fa/reauthenticate/?next=%2Fen%2Fswg%2Fhealth%2Fmembers%2F"
    assert response["Location"] == reauthenticate


def test_after_confirming_the_code_the_chair_invites(client, login, demo_password):
    login("health.chair@example.org", second_factor=False)
    secret = with_totp("health.chair@example.org")
    response = client.get(MEMBERS)
    reauthenticate = response["Location"]
    response = client.post(reauthenticate, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == MEMBERS
    assert client.get(MEMBERS).status_code == 200
    assert _invite(client).status_code == 302
    assert Invitation.objects.filter(email="new.secretariat@example.org").exists()


def test_restricted_material_needs_the_second_factor(client, login):
    document = _restricted_document()
    login("health.secretariat@example.org", second_factor=False)
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"] == ENROL
    archive = client.get("/en/documents/?swg=health").content.decode()
    assert document.title not in archive
    found = client.get("/api/search/", {"q": document.title}).json()
    assert document.url not in [hit["url"] for hit in found["results"]]
    assert client.get(_restricted_minutes().url).context["can_read_minutes"] is False


def test_restricted_material_opens_after_the_second_factor(client, login):
    document = _restricted_document()
    login("health.secretariat@example.org")
    assert client.get(document.url).status_code == 200
    assert client.get(_restricted_minutes().url).context["can_read_minutes"] is True
    service.get_backend.cache_clear()
    found = client.get("/api/search/", {"q": document.title}).json()
    assert document.url in [hit["url"] for hit in found["results"]]


def test_members_level_reading_needs_no_second_factor(client, login):
    document = PortalDocument.objects.filter(
        access_level="members", working_groups__slug="health"
    ).first()
    login("health.secretariat@example.org", second_factor=False)
    assert client.get(document.url).status_code == 200
    login("health.member@example.org")
    assert client.get(document.url).status_code == 200


def test_without_the_setting_the_password_is_enough(client, login, settings):
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    login("health.chair@example.org", second_factor=False)
    assert client.get(MEMBERS).status_code == 200
    assert client.get(_restricted_document().url).status_code == 200


def test_policy_holds_a_superuser_to_their_memberships():
    admin = User.objects.get(email="admin@example.org")
    health = Membership.objects.filter(user__email="health.chair@example.org").first().swg
    assert policy.swg_ids_with(admin, policy.Capability.READ_RESTRICTED) is None
    policy.hold_until_second_factor(admin)
    assert policy.awaits_second_factor(admin)
    for capability in policy.NEEDS_SECOND_FACTOR:
        assert policy.swg_ids_with(admin, capability) == frozenset()
    assert policy.assignable_roles(admin, health) == []
    assert not policy.can(admin, policy.Capability.MANAGE_SWGS, None)


def test_members_are_not_held_back():
    member = User.objects.get(email="health.member@example.org")
    policy.hold_until_second_factor(member)
    assert not policy.awaits_second_factor(member)
    assert policy.swg_ids_with(member, policy.Capability.READ_MEMBERS)
