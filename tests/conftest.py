"""Shared fixtures. The demo site is loaded once per test session into the test
database; each test runs in a transaction on top of it and sees it unchanged."""

import pytest
from django.contrib.auth import get_user_model

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
def admin_client(client, settings):
    """A client signed in as the demo's Round Table secretariat (admin@example.org), past
    the two-factor requirement, which the tests using it are not about."""
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    client.force_login(get_user_model().objects.get(email="admin@example.org"))
    return client
