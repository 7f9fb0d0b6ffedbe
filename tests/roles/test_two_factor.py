"""The admin needs TOTP for privileged accounts (PORTAL_REQUIRE_2FA_FOR_ADMIN, on in
test settings), and there is no side door around allauth's login."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.two_factor import totp_code as _code
from tests.two_factor import with_totp as _with_totp

User = get_user_model()
PRIVILEGED = [
    "admin@example.org",
    "health.chair@example.org",
    "health.cochair@example.org",
    "health.secretariat@example.org",
]


def test_setting_is_on_for_tests_and_production_default():
    assert settings.PORTAL_REQUIRE_2FA_FOR_ADMIN is True
    assert "swg.roles.middleware.AdminTwoFactorMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
@pytest.mark.parametrize("email", PRIVILEGED)
def test_privileged_accounts_must_set_up_totp(email, client, login):
    login(email, second_factor=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/admin/pages/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("email", PRIVILEGED)
def test_privileged_accounts_reach_the_admin_after_totp(email, client, demo_password):
    secret = _with_totp(email)
    response = client.post("/accounts/login/", {"login": email, "password": demo_password})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    # Password alone is not a session yet.
    assert client.get("/admin/").status_code == 302
    response = client.post("/accounts/2fa/authenticate/", {"code": _code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_session_without_mfa_is_sent_to_reauthenticate(client):
    _with_totp("health.chair@example.org")
    client.force_login(User.objects.get(email="health.chair@example.org"))
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/") or response[
        "Location"
    ].startswith("/accounts/2fa/reauthenticate/")
    assert "next=%2Fadmin%2Fpages%2F" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["health.member@example.org", "registered@example.org"])
def test_members_never_reach_the_admin(email, client, login):
    login(email)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "2fa" not in response.get("Location", "")


@pytest.mark.django_db
def test_without_the_setting_the_demo_clicks_through(client, login, settings):
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    login("health.chair@example.org")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_admin_login_side_door_is_closed(client, demo_password):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    response = client.post(
        "/admin/login/", {"username": "admin@example.org", "password": demo_password}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_failed_logins_are_rate_limited(client, settings, demo_password):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/5m/ip,3/5m/key"}
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        client.post("/accounts/login/", {"login": "registered@example.org", "password": "wrong"})
    # Even the right password is refused while the limit holds.
    response = client.post(
        "/accounts/login/", {"login": "registered@example.org", "password": demo_password}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_rate_limits_are_configured_for_production():
    from portal.settings import base

    assert base.ACCOUNT_RATE_LIMITS["login_failed"]
    assert base.ACCOUNT_RATE_LIMITS["reset_password"]


@pytest.mark.django_db
def test_anyone_with_admin_access_needs_totp(client, login):
    from django.contrib.auth.models import Group

    user = User.objects.get(email="registered@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    login("registered@example.org")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["lo", "en"])
def test_frontend_login_side_door_is_closed(client, demo_password, language):
    """Wagtail's front-end password form (/<lang>/_util/login/) must not log anyone in
    around allauth's two factors and rate limits."""
    response = client.get(f"/{language}/_util/login/?next=/{language}/news/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=%2F{language}%2Fnews%2F"
    response = client.post(
        f"/{language}/_util/login/",
        {"username": "admin@example.org", "password": demo_password},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    # An off-site `next` is dropped.
    response = client.get(f"/{language}/_util/login/?next=https://evil.example.org/")
    assert response["Location"] == "/accounts/login/?next=%2F"


@pytest.mark.django_db
def test_a_view_restricted_page_sends_readers_to_the_one_login_form(client):
    from wagtail.models import Page, PageViewRestriction

    page = Page.objects.live().filter(depth__gt=2, locale__language_code="en").first()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
