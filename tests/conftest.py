"""Shared fixtures. The demo site is loaded once per test session into the test
database; each test runs in a transaction on top of it and sees it unchanged."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model

from portal.demo import loader
from swg.policy import requires_admin_2fa
from tests.two_factor import sign_in_with_totp

DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        loader.load(password=DEMO_PASSWORD, log=lambda line: None)


@pytest.fixture
def demo_password():
    return DEMO_PASSWORD


@pytest.fixture
def login(client, demo_password, settings):
    """Sign `client` in as a demo account through the real login form; accounts that
    must use two-factor authentication (PORTAL_REQUIRE_2FA_FOR_ADMIN, on in the test
    settings) also pass the TOTP form, unless `second_factor=False`."""

    def _login(email, *, second_factor=True):
        if SESSION_KEY in client.session:
            # allauth sends a signed-in visitor of the login form away: sign out first.
            client.logout()
        user = get_user_model().objects.get(email=email)
        if second_factor and settings.PORTAL_REQUIRE_2FA_FOR_ADMIN and requires_admin_2fa(user):
            return sign_in_with_totp(client, email, demo_password)
        response = client.post(
            "/accounts/login/", {"login": email, "password": demo_password}, follow=False
        )
        assert response.status_code == 302, response.content[:500]
        return client

    return _login


@pytest.fixture
def in_admin(client, settings):
    """in_admin(email, language) -> `client` signed in as that demo account, whose
    admin speaks `language` (its Wagtail account setting). The two-factor gate before
    the admin is tested with the roles (tests/roles/test_two_factor.py)."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False

    def _in_admin(email, language="en"):
        user = get_user_model().objects.get(email=email)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return _in_admin


@pytest.fixture
def admin_client(client, settings):
    """A client signed in as the demo's Round Table secretariat (admin@example.org), past
    the two-factor requirement, which the tests using it are not about."""
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    client.force_login(get_user_model().objects.get(email="admin@example.org"))
    return client
