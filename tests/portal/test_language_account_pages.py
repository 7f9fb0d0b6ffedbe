"""The account pages (allauth: sign-in, password, e-mail addresses, two-factor,
reauthentication, invitation acceptance) read in Lao throughout: no text a reader sees
is English. Names, e-mail addresses and secrets are data, not interface."""

import html
import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model

from swg.models import SectorWorkingGroup
from swg.roles.services import invite
from tests.lao_markup import unmarked

pytestmark = pytest.mark.django_db

LAO = re.compile(r"[\u0e80-\u0eff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Data on the pages, not interface: people's names, addresses, the language switcher's
# "English", the TOTP secret (base32).
DATA = re.compile(r"^(.* Example|[\w.+-]+@example\.org|English|[A-Z2-7]{16,})$")


def english_on(response):
    """Texts a reader sees (text nodes, labels in attributes) with Latin words and no
    Lao at all."""
    body = response.content.decode()
    body = re.sub(r"(?s)<(script|style|svg|template)\b.*?</\1>", " ", body)
    # Lao words set apart for line breaking are markup inside one text, not separate texts.
    body = unmarked(body)
    texts = re.findall(r'\b(?:placeholder|aria-label|title|alt)="([^"]*)"', body)
    texts += re.sub(r"(?s)<[^>]+>", "\n", body).split("\n")
    texts = [html.unescape(text).strip() for text in texts]
    return sorted(
        {
            text
            for text in texts
            if LATIN_WORD.search(text) and not LAO.search(text) and not DATA.match(text)
        }
    )


def lao_client(client):
    client.cookies["portal_language"] = "lo"
    return client


def assert_lao(client, path, **kwargs):
    response = client.get(path, follow=True, **kwargs)
    assert response.status_code == 200, path
    assert '<html lang="lo">' in response.content.decode()
    assert english_on(response) == [], path


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/signup/",
        "/accounts/confirm-email/",
    ],
)
def test_signed_out_account_pages_are_in_lao(client, path):
    assert_lao(lao_client(client), path)


def test_signed_in_account_pages_are_in_lao(client, login, demo_password):
    reader = lao_client(login("registered@example.org"))
    # Freshly reauthenticated, so that the pages themselves show, not the reauth form.
    assert reader.post("/accounts/reauthenticate/", {"password": demo_password}).status_code == 302
    for path in [
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/accounts/reauthenticate/",
        "/accounts/reauthenticate/code/",
    ]:
        assert_lao(reader, path)
    # Form errors too.
    response = reader.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "short", "password2": "other"},
    )
    assert english_on(response) == []
    response = reader.post("/accounts/email/", {"email": "not-an-address", "action_add": ""})
    assert english_on(response) == []


def test_reauthentication_code_form_names_its_field_in_lao(client, login):
    reader = lao_client(login("registered@example.org"))
    body = unmarked(reader.get("/accounts/reauthenticate/code/").content)
    assert "Recipient" not in body
    assert "ສົ່ງລະຫັດໄປທີ່" in body


def test_two_factor_pages_of_an_account_with_totp_are_in_lao(client, login, demo_password):
    user = get_user_model().objects.get(email="registered@example.org")
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    reader = lao_client(client)
    response = reader.post(
        "/accounts/login/", {"login": user.email, "password": demo_password}, follow=True
    )
    # Signing in now asks for the code, in Lao.
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/authenticate/")
    assert english_on(response) == []


def test_invitation_acceptance_is_in_lao(client):
    admin = get_user_model().objects.get(email="admin@example.org")
    health = SectorWorkingGroup.objects.get(slug="health")
    _invitation, url = invite("new.person@example.org", health, "member", by=admin, send=False)
    path = re.sub(r"^https?://[^/]+", "", url)
    assert_lao(lao_client(client), path)
