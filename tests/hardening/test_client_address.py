"""Behind reverse proxies every limit counts the client's own address
(PORTAL_TRUSTED_PROXIES), and a failed-sign-in lockout holds one account at one address:
an attacker cannot shut an account for everyone. A locked sign-in answers 429."""

import pytest
from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation

from tests.two_factor import totp_code, with_totp
from web import ratelimit

PROXY = "10.0.0.2"
LOCKED = "Too many failed login attempts. Try again later."
ACCOUNT = "registered@example.org"


def _request(remote="198.51.100.7", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "198.51.100.7"),  # no proxy of ours: the header is the client's
        (1, None, "198.51.100.7"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the left part is the client's say
        (2, "6.6.6.6, 203.0.113.9, 192.0.2.1", "203.0.113.9"),
        (3, "203.0.113.9", "203.0.113.9"),  # fewer hops than proxies: the leftmost
        (1, "not-an-address", "198.51.100.7"),
        (1, "203.0.113.9:4431", "203.0.113.9"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, " 2001:DB8::1 ", "2001:db8::1"),
        (1, "", "198.51.100.7"),
    ],
)
def test_client_address_reads_x_forwarded_for_from_the_right(
    settings, trusted, forwarded, expected
):
    settings.PORTAL_TRUSTED_PROXIES = trusted
    assert ratelimit.client_address(_request(forwarded=forwarded)) == expected


def test_allauth_counts_the_same_address(settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    request = _request(remote=PROXY, forwarded="203.0.113.44")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.44"


@pytest.mark.django_db
def test_searches_behind_a_proxy_are_counted_per_client(client, settings):
    settings.PORTAL_SEARCH_RATE_LIMIT = "2/d"
    settings.PORTAL_TRUSTED_PROXIES = 1
    cache.clear()
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.61"}
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.62"}
    for _ in range(2):
        assert client.get("/api/search/?q=health", **first).status_code == 200
    assert client.get("/api/search/?q=health", **first).status_code == 429
    # Another reader behind the same proxy is not held back.
    assert client.get("/api/search/?q=health", **second).status_code == 200


@pytest.fixture
def lockouts(settings):
    settings.ACCOUNT_RATE_LIMITS = {
        "login_failed": "20/5m/ip,3/5m/key",
        "login_failed_account": "7/h/key",
        "login": "30/m/ip",
    }
    settings.PORTAL_TRUSTED_PROXIES = 1
    cache.clear()
    yield
    cache.clear()


def _sign_in(client, address, password, email=ACCOUNT):
    client.logout()
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.django_db
def test_failures_from_one_address_lock_the_account_there_only(client, lockouts, demo_password):
    for _ in range(3):
        assert _sign_in(client, "203.0.113.70", "wrong").status_code == 200
    locked = _sign_in(client, "203.0.113.70", demo_password)
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The owner, elsewhere, signs in as ever.
    assert _sign_in(client, "198.51.100.80", demo_password).status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_guess_spread_over_many_addresses_meets_the_account_limit(
    client, lockouts, demo_password
):
    for number in range(7):
        assert _sign_in(client, f"203.0.113.{100 + number}", "wrong").status_code == 200
    assert _sign_in(client, "198.51.100.90", demo_password).status_code == 429


@pytest.mark.django_db
def test_a_successful_sign_in_takes_back_its_count(client, lockouts, demo_password):
    for _ in range(2):
        _sign_in(client, "203.0.113.71", "wrong")
    for _ in range(3):
        assert _sign_in(client, "203.0.113.71", demo_password).status_code == 302
    assert _sign_in(client, "203.0.113.71", "wrong").status_code == 200
    assert _sign_in(client, "203.0.113.71", demo_password).status_code == 429


@pytest.mark.django_db
def test_the_lockout_is_said_in_lao(client, lockouts, demo_password):
    with translation.override("lo"):
        lao = translation.gettext(LOCKED)
    assert lao != LOCKED
    for _ in range(3):
        _sign_in(client, "203.0.113.72", "wrong")
    client.cookies["portal_language"] = "lo"
    response = client.post(
        "/accounts/login/",
        {"login": ACCOUNT, "password": demo_password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.72",
        HTTP_ACCEPT_LANGUAGE="lo",
    )
    assert response.status_code == 429
    assert lao in response.content.decode()


@pytest.mark.django_db
def test_a_locked_second_factor_answers_429(client, lockouts, demo_password):
    email = "health.chair@example.org"
    secret = with_totp(email)
    assert _sign_in(client, "203.0.113.73", demo_password, email=email).status_code == 302
    for _ in range(3):
        response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert response.status_code == 200
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"), [("en", "Too many attempts"), ("lo", "ພະຍາຍາມຫຼາຍເທື່ອເກີນໄປ")]
)
def test_allauths_own_limits_answer_with_a_translated_429_page(client, settings, language, text):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    cache.clear()
    client.cookies["portal_language"] = language
    for _ in range(2):
        client.post("/accounts/login/", {"login": ACCOUNT, "password": "x"})
    response = client.post("/accounts/login/", {"login": ACCOUNT, "password": "x"})
    assert response.status_code == 429
    assert text in response.content.decode()
    assert f'lang="{language}"' in response.content.decode()
    cache.clear()
