"""allauth's pages render inside the site layout, in Lao and in English."""

import pytest

PAGES = [
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/signup/",  # closed without an invitation
]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["lo", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_account_pages_use_the_site_layout(path, lang, client):
    client.cookies["portal_language"] = lang
    response = client.get(path, headers={"accept-language": lang})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert 'class="skip-link"' in html  # the site's base.html, not allauth's bare one


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["lo", "en"])
def test_two_factor_pages_render(lang, client, login):
    login("health.chair@example.org")
    client.cookies["portal_language"] = lang
    response = client.get("/accounts/2fa/", headers={"accept-language": lang})
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()


@pytest.mark.django_db
def test_signup_is_closed_without_invitation(client):
    response = client.get("/accounts/signup/")
    assert b'name="password1"' not in response.content
