"""Pages without a language prefix (/accounts/..., /documents/..., /admin/) follow the
reader, not only the browser: most browsers in Laos ask for English, so a link to
/accounts/login/?next=/lo/... or a signed-in Lao user must not get an English page."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def lang_of(response):
    body = response.content.decode()
    return "lo" if '<html lang="lo"' in body else "en" if '<html lang="en"' in body else None


@pytest.mark.parametrize(
    "next_url, expected",
    [
        ("/lo/swg/health/", "lo"),
        ("/lo/", "lo"),
        ("/en/swg/health/", "en"),
        (None, "en"),  # no other signal: the browser's language, as before
        ("https://elsewhere.example.org/", "en"),
        ("/documents/1/report.pdf", "en"),
    ],
)
def test_sign_in_page_follows_the_language_of_next(client, next_url, expected):
    path = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = client.get(path, **ENGLISH_BROWSER)
    assert response.status_code == 200
    assert lang_of(response) == expected
    if expected == "lo":
        assert "ເຂົ້າສູ່ລະບົບ" in response.content.decode()
        assert "Forgot your password?" not in response.content.decode()


def test_next_wins_over_the_cookie(client):
    client.cookies["portal_language"] = "en"
    response = client.get("/accounts/login/?next=/lo/", **ENGLISH_BROWSER)
    assert lang_of(response) == "lo"


def test_cookie_still_wins_over_the_browser(client):
    client.cookies["portal_language"] = "lo"
    response = client.get("/accounts/login/", **ENGLISH_BROWSER)
    assert lang_of(response) == "lo"


def test_failed_sign_in_keeps_the_language_of_next(client):
    response = client.post(
        "/accounts/login/",
        {"login": "nobody@example.org", "password": "wrong", "next": "/lo/"},
        **ENGLISH_BROWSER,
    )
    assert response.status_code == 200
    assert lang_of(response) == "lo"
    assert "ບໍ່ຖືກຕ້ອງ" in response.content.decode()


@pytest.mark.parametrize("saved, expected", [("lo", "lo"), ("en", "en")])
def test_signed_in_user_gets_their_saved_language(client, saved, expected):
    user = get_user_model().objects.create_user(
        "reader@example.org", "a long enough password 2026", preferred_language=saved
    )
    client.force_login(user)
    response = client.get("/accounts/email/", **ENGLISH_BROWSER)
    assert response.status_code == 200
    assert lang_of(response) == expected


def test_prefixed_pages_keep_their_prefix_language(client):
    user = get_user_model().objects.create_user(
        "reader@example.org", "a long enough password 2026", preferred_language="lo"
    )
    client.force_login(user)
    response = client.get("/en/", **ENGLISH_BROWSER, follow=True)
    assert lang_of(response) == "en"


def test_account_emails_greet_formally_and_name_the_portal(client, mailoutbox):
    """allauth's e-mails open with ຮຽນ and name the portal, not the server's host name."""
    get_user_model().objects.create_user(
        "reader@example.org", "a long enough password 2026", preferred_language="lo"
    )
    client.cookies["portal_language"] = "lo"
    response = client.post("/accounts/password/reset/", {"email": "reader@example.org"})
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.subject.startswith("[ເວັບໄຊກຸ່ມວຽກງານຂະແໜງການ] ")
    assert message.body.startswith("ຮຽນ ທ່ານຜູ້ນຳໃຊ້ ເວັບໄຊກຸ່ມວຽກງານຂະແໜງການ,")
    assert "testserver" not in message.subject


def test_account_forms_leave_validation_to_the_server(client):
    """No browser bubble in the browser's language: the form says novalidate and the
    portal answers in Lao."""
    client.cookies["portal_language"] = "lo"
    body = client.get("/accounts/login/").content.decode()
    assert "novalidate" in body
    response = client.post("/accounts/login/", {"login": "", "password": ""})
    assert "ຕ້ອງປ້ອນຂໍ້ມູນໃນຊ່ອງນີ້." in response.content.decode()
