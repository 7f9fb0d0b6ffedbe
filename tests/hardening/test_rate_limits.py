"""Rate limit of the search page and JSON API per client address (429 + Retry-After)."""

import itertools

import pytest
from django.test import RequestFactory
from django.utils import translation

from web import ratelimit

pytestmark = pytest.mark.django_db

MESSAGE = "Too many searches in a short time. Please wait a moment and try again."
_addresses = (f"203.0.113.{n}" for n in itertools.count(1))


@pytest.fixture
def limited(settings):
    # A day's window: no window boundary falls between a test's few requests.
    settings.PORTAL_SEARCH_RATE_LIMIT = "3/d"
    return next(_addresses)


def test_the_api_answers_429_with_retry_after_beyond_the_limit(client, limited):
    for _ in range(3):
        assert client.get("/api/search/?q=health", REMOTE_ADDR=limited).status_code == 200
    response = client.get("/api/search/?q=health", REMOTE_ADDR=limited, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response.json() == {"error": MESSAGE}
    assert 1 <= int(response["Retry-After"]) <= 86400
    assert "no-store" in response["Cache-Control"]


def test_page_and_api_share_one_count_per_address(client, limited):
    for _ in range(2):
        assert client.get("/api/search/?q=health", REMOTE_ADDR=limited).status_code == 200
    assert client.get("/en/search/?q=health", REMOTE_ADDR=limited).status_code == 200
    response = client.get("/en/search/?q=health", REMOTE_ADDR=limited)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert MESSAGE in response.content.decode()
    # Another reader is not held back by this one.
    other = next(_addresses)
    assert client.get("/en/search/?q=health", REMOTE_ADDR=other).status_code == 200


def test_the_refusal_speaks_lao_on_lao_pages(client, limited):
    with translation.override("lo"):
        lao = translation.gettext(MESSAGE)
    assert lao != MESSAGE, "the message has no Lao translation"
    for _ in range(3):
        client.get("/lo/search/?q=ສາທາລະນະສຸກ", REMOTE_ADDR=limited)
    response = client.get("/lo/search/?q=ສາທາລະນະສຸກ", REMOTE_ADDR=limited)
    assert response.status_code == 429
    assert lao in response.content.decode()


def test_no_limit_when_the_setting_is_empty(client, settings):
    settings.PORTAL_SEARCH_RATE_LIMIT = ""
    address = next(_addresses)
    for _ in range(10):
        assert client.get("/api/search/?q=health", REMOTE_ADDR=address).status_code == 200


def test_a_new_window_lets_the_client_in_again():
    request = RequestFactory().get("/api/search/", REMOTE_ADDR=next(_addresses))
    rate = ratelimit.Rate(2, 60)
    start = 1_800_000_000.0  # a window boundary (divisible by 60)
    assert ratelimit.retry_after("test", request, rate, now=start + 1) is None
    assert ratelimit.retry_after("test", request, rate, now=start + 2) is None
    assert ratelimit.retry_after("test", request, rate, now=start + 50) == 10
    assert ratelimit.retry_after("test", request, rate, now=start + 60) is None


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        ("60/m", ratelimit.Rate(60, 60)),
        ("1000/h", ratelimit.Rate(1000, 3600)),
        ("10/30s", ratelimit.Rate(10, 30)),
        ("", None),
        ("0", None),
    ],
)
def test_rates_are_read_from_the_setting(value, rate):
    assert ratelimit.parse_rate(value) == rate


def test_a_malformed_rate_is_refused():
    with pytest.raises(ValueError, match="expected a number"):
        ratelimit.parse_rate("sixty a minute")
