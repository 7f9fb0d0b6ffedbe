"""`/<lang>/swg/<slug>/members/`: chairs and co-chairs manage people, within their rights."""

import pytest
from django.contrib.auth import get_user_model

from swg.roles.models import Membership

User = get_user_model()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["lo", "en"])
@pytest.mark.parametrize(
    ("email", "status"),
    [
        (None, 302),
        ("registered@example.org", 403),
        ("health.member@example.org", 403),
        ("health.secretariat@example.org", 403),
        ("education.member@example.org", 403),
        ("health.cochair@example.org", 200),
        ("health.chair@example.org", 200),
        ("admin@example.org", 200),
    ],
)
def test_who_sees_the_members_page(email, status, lang, client, login):
    if email:
        login(email)
    response = client.get(f"/{lang}/swg/health/members/")
    assert response.status_code == status
    if status == 200:
        assert b"health.member@example.org" in response.content
        assert f'lang="{lang}"'.encode() in response.content
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_chairs_cannot_manage_other_swgs(client, login):
    login("health.chair@example.org")
    assert client.get("/en/swg/education/members/").status_code == 403


@pytest.mark.django_db
def test_cochair_changes_and_removes_members(client, login):
    member = Membership.objects.get(user__email="health.member@example.org")
    login("health.cochair@example.org")
    response = client.post(
        "/en/swg/health/members/",
        {"action": "change", "membership": member.pk, f"m{member.pk}-role": "secretariat"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "secretariat"
    response = client.post("/en/swg/health/members/", {"action": "remove", "membership": member.pk})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_cochair_cannot_touch_the_chair_or_make_chairs(client, login):
    chair = Membership.objects.get(user__email="health.chair@example.org")
    member = Membership.objects.get(user__email="health.member@example.org")
    login("health.cochair@example.org")
    client.post("/en/swg/health/members/", {"action": "remove", "membership": chair.pk})
    client.post(
        "/en/swg/health/members/",
        {"action": "change", "membership": member.pk, f"m{member.pk}-role": "chair"},
    )
    client.post(
        "/en/swg/health/members/",
        {"action": "change", "membership": chair.pk, f"m{chair.pk}-role": "member"},
    )
    assert Membership.objects.get(pk=chair.pk).role == "chair"
    assert Membership.objects.get(pk=member.pk).role == "member"


@pytest.mark.django_db
def test_rt_secretariat_appoints_chairs(client, login):
    member = Membership.objects.get(user__email="health.member@example.org")
    login("admin@example.org")
    client.post(
        "/en/swg/health/members/",
        {"action": "change", "membership": member.pk, f"m{member.pk}-role": "co_chair"},
    )
    assert Membership.objects.get(pk=member.pk).role == "co_chair"
