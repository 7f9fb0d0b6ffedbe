"""Contact exports: CSV and vCard for those who may see contact details, nobody else."""

import csv
import io

import pytest

from swg.exports import CSV_COLUMNS
from swg.models import ContactRole

pytestmark = pytest.mark.django_db

CSV_URL = "/en/swg/health/contacts/csv/"
VCARD_URL = "/en/swg/health/contacts/vcard/"


@pytest.mark.parametrize("url", [CSV_URL, VCARD_URL])
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("email", ["registered@example.org", "education.member@example.org"])
@pytest.mark.parametrize("url", [CSV_URL, VCARD_URL])
def test_users_without_the_capability_get_403(login, email, url):
    assert login(email).get(url).status_code == 403


def test_csv_export_parses_back_with_every_contact(login):
    response = login("admin@example.org").get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == CSV_COLUMNS
    expected = ContactRole.objects.filter(working_group__slug="health")
    assert len(rows) == expected.count()
    assert {r["email"] for r in rows} == {r.person.email for r in expected}
    assert {r["role"] for r in rows} >= {"chair", "co_chair", "secretariat", "member"}


def _parse_vcards(text):
    cards, current = [], None
    for line in text.split("\r\n"):
        if line == "BEGIN:VCARD":
            current = {}
        elif line == "END:VCARD":
            cards.append(current)
            current = None
        elif line and current is not None:
            key, _, value = line.partition(":")
            current[key.split(";")[0]] = value
    return cards


def test_vcard_export_parses_back(login):
    response = login("admin@example.org").get(VCARD_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    cards = _parse_vcards(response.content.decode())
    people = {r.person for r in ContactRole.objects.filter(working_group__slug="health")}
    assert len(cards) == len(people)
    assert {c["EMAIL"] for c in cards} == {p.email for p in people}
    assert all(c["VERSION"] == "3.0" and c["FN"] for c in cards)


def test_contacts_page_hides_members_only_details_from_the_public(client, login):
    hidden = ContactRole.objects.filter(working_group__slug="health", details_public=False).first()
    public = ContactRole.objects.filter(working_group__slug="health", details_public=True).first()
    page = client.get("/en/swg/health/contacts/").content.decode()
    assert hidden.person.name in page and hidden.person.email not in page
    assert public.person.email in page
    assert CSV_URL not in page
    page = login("admin@example.org").get("/en/swg/health/contacts/").content.decode()
    assert hidden.person.email in page and CSV_URL in page
