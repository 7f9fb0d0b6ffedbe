"""Contacts read in the reader's language: job titles have a Lao field, organisations
name themselves in Lao in the admin's choosers, and the demo follows the glossary."""

import pytest
from django.utils import translation

from swg.models import Organisation, Person, SectorWorkingGroup
from swg.models.contacts import ContactRole
from swg.models.meetings import MeetingPage
from tests.lao_markup import unmarked

pytestmark = pytest.mark.django_db


def test_job_title_follows_the_language_and_falls_back_to_english():
    person = Person(name="Dara Demo", title="Vice Minister", title_lo="ຮອງລັດຖະມົນຕີ")
    with translation.override("lo"):
        assert person.job_title == "ຮອງລັດຖະມົນຕີ"
    with translation.override("en"):
        assert person.job_title == "Vice Minister"
    person.title_lo = ""
    with translation.override("lo"):
        assert person.job_title == "Vice Minister"


def test_organisation_chooser_label_is_lao_in_lao():
    organisation = Organisation(
        name_en="Ministry of Health", name_lo="ກະຊວງສາທາລະນະສຸກ", acronym="MOH"
    )
    with translation.override("lo"):
        assert str(organisation) == "ກະຊວງສາທາລະນະສຸກ (MOH)"
    with translation.override("en"):
        assert str(organisation) == "Ministry of Health (MOH)"


def test_lao_contact_list_shows_lao_job_titles(client):
    role = ContactRole.objects.filter(working_group__slug="health", details_public=True).first()
    assert role.person.title_lo, "the demo gives its contacts Lao job titles"
    body = unmarked(client.get("/lo/swg/health/contacts/").content)
    assert role.person.title_lo in body
    assert role.person.title not in body
    english = unmarked(client.get("/en/swg/health/contacts/").content)
    assert role.person.title in english


def test_demo_names_education_as_the_glossary_does():
    assert SectorWorkingGroup.objects.get(slug="education").name_lo == "ການສຶກສາ"


def test_demo_meeting_titles_use_the_glossarys_meeting_types():
    lao = MeetingPage.objects.filter(locale__language_code="lo")
    titles = list(lao.values_list("title", flat=True))
    assert titles
    assert not [t for t in titles if "ກອງປະຊຸມໃຫຍ່" in t or "ກອງປະຊຸມກະກຽມໂຕະມົນ" in t]
