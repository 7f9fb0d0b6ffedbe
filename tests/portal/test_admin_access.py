"""/admin/ for a signed-in user without an editor role: a page that says what they can
do instead, in their language, not a redirect loop through the login form."""

import pytest

from tests.lao_markup import unmarked

pytestmark = pytest.mark.django_db

NON_EDITORS = [
    "health.member@example.org",  # member of an SWG
    "education.member@example.org",  # a partner, member of another SWG
    "registered@example.org",  # no SWG
]
HEADINGS = {
    "en": "The administration area is for editors",
    "lo": "ພາກສ່ວນຜູ້ດູແລລະບົບແມ່ນສຳລັບຜູ້ແກ້ໄຂເນື້ອຫາ",
}


def _in(client, language):
    client.cookies["portal_language"] = language
    return {"accept-language": language}


@pytest.mark.parametrize("language", ["lo", "en"])
@pytest.mark.parametrize("email", NON_EDITORS)
def test_non_editors_opening_the_admin_get_a_page_not_a_loop(email, language, client, login):
    login(email)
    headers = _in(client, language)
    response = client.get("/admin/", headers=headers)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/admin-access/"
    response = client.get("/admin/", headers=headers, follow=True)
    assert response.status_code == 200
    assert [url for url, _status in response.redirect_chain] == [f"/{language}/admin-access/"]
    html = unmarked(response.content)
    assert f'<html lang="{language}">' in html
    assert f"<h1>{HEADINGS[language]}</h1>" in html
    assert 'class="skip-link"' in html  # the site's own layout
    assert f'href="/{language}/subscriptions/"' in html
    assert 'href="/accounts/email/"' in html
    assert f'href="/{language}/"' in html


@pytest.mark.parametrize("path", ["/admin/pages/", "/admin/documents/", "/admin/snippets/"])
def test_every_admin_address_leads_there(path, client, login):
    login("health.member@example.org")
    response = client.get(path, headers=_in(client, "en"))
    assert response.status_code == 302
    assert response["Location"] == "/en/admin-access/"


def test_the_page_links_the_members_own_spaces(client, login):
    login("health.member@example.org")
    html = client.get("/en/admin-access/", headers=_in(client, "en")).content.decode()
    assert 'href="/en/swg/health/"' in html
    assert 'href="/en/swg/health/documents/"' in html
    assert "/en/swg/education/" not in html  # not theirs
    html = client.get("/lo/admin-access/", headers=_in(client, "lo")).content.decode()
    assert 'href="/lo/swg/health/"' in html


def test_a_user_without_a_group_is_told_how_to_join(client, login):
    login("registered@example.org")
    html = client.get("/en/admin-access/", headers=_in(client, "en")).content.decode()
    assert "You are not a member of a working group yet" in html
    assert "/en/swg/health/" not in html


def test_signing_in_from_the_admin_lands_on_the_page(client, demo_password):
    response = client.get("/admin/", headers=_in(client, "en"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(
        response["Location"],
        {"login": "health.member@example.org", "password": demo_password},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/en/admin-access/"


def test_scripts_asking_the_admin_get_403(client, login):
    login("health.member@example.org")
    response = client.get("/admin/pages/", headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 403


def test_anonymous_users_still_go_to_the_login_form(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")
    response = client.get("/en/admin-access/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_editors_are_sent_on_to_the_admin(client, login, settings):
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    login("health.secretariat@example.org")
    assert client.get("/admin/").status_code == 200
    response = client.get("/en/admin-access/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
