"""Shared fixtures. The demo site is loaded once per test session into the test
database; each test runs in a transaction on top of it and sees it unchanged."""

import pytest

from portal.demo import loader

DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        loader.load(password=DEMO_PASSWORD, log=lambda line: None)


@pytest.fixture
def demo_password():
    return DEMO_PASSWORD


@pytest.fixture
def login(client, demo_password):
    """Sign `client` in as a demo account through the real login form."""

    def _login(email):
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
