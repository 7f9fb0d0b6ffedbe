"""Lao page addresses keep Lao: a slug made from a title keeps every letter, vowel and
tone mark and is short; the server accepts, makes and serves such slugs; a slug taken
by an abandoned draft never makes the next attempt fail, and a taken slug a person
chose is refused in their language."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from search.text import split_words
from swg.models import MeetingPage
from swg.page_slugs import MAX_LENGTH, MAX_WORDS, comes_from_title, slug_for_title
from swg.slug_marks import validate_page_slug
from tests.admin_forms import page_form_data
from tests.swg.factories import space

TITLE = "ກອງປະຊຸມວິຊາການ ວັກຊີນ"
LONG_TITLE = (
    "ກອງປະຊຸມວິຊາການ ວັກຊີນ ປ້ອງກັນພະຍາດໂຄວິດ-19 ຂອງກະຊວງສາທາລະນະສຸກ "
    "ແລະ ຄູ່ຮ່ວມພັດທະນາ ປະຈຳປີ 2026 ຢູ່ນະຄອນຫຼວງວຽງຈັນ"
)


def marks(text):
    return [ch for ch in text if unicodedata.category(ch)[0] == "M"]


def test_a_lao_title_keeps_every_letter_vowel_and_tone_mark():
    slug = slug_for_title(TITLE)
    assert slug == "ກອງປະຊຸມວິຊາການ-ວັກຊີນ"
    assert marks(slug) == marks(TITLE)
    validate_page_slug(slug)


def test_a_long_title_gives_a_short_slug_of_its_first_words():
    slug = slug_for_title(LONG_TITLE)
    assert slug == "ກອງປະຊຸມວິຊາການ-ວັກຊີນ-ປ້ອງກັນພະຍາດໂຄວິດ-19"
    assert len(slug) <= MAX_LENGTH < len(slug_for_title(LONG_TITLE, shorten=False))
    english = slug_for_title("Minutes of the Health SWG technical meeting on vaccines, March 2026")
    assert english == "minutes-of-the-health-swg-technical"
    assert len(english.split("-")) == MAX_WORDS


def test_a_long_lao_run_is_cut_after_a_lao_word():
    run = "ກອງປະຊຸມວິຊາການວັກຊີນປ້ອງກັນພະຍາດໂຄວິດຂອງກະຊວງສາທາລະນະສຸກແລະຄູ່ຮ່ວມພັດທະນາ"
    slug = slug_for_title(run)
    assert 0 < len(slug) <= MAX_LENGTH and run.startswith(slug)
    words = split_words(run)
    assert slug in {"".join(words[:count]) for count in range(1, len(words))}
    assert marks(slug) == marks(run)[: len(marks(slug))]


def test_punctuation_goes_and_lao_spelling_is_folded():
    assert slug_for_title("SWG’s “annual” report!") == "swgs-annual-report"
    # ໍ + າ is written ຳ, as search and the rest of the site write it.
    assert slug_for_title("ການນໍາສະເໜີ") == "ການນຳສະເໜີ"
    assert comes_from_title("ການນຳສະເໜີ-2", "ການນໍາສະເໜີ")
    assert not comes_from_title("other-address", "ການນໍາສະເໜີ")


@pytest.mark.parametrize("slug", ["ກອງປະຊຸມ-ວັກຊີນ", "covid-19", "ທ່ານ_ນາງ", "a"])
def test_slugs_with_marks_are_valid(slug):
    validate_page_slug(slug)


@pytest.mark.parametrize("slug", ["\u0eb8ກອງ", "ກອງ/ປະຊຸມ", "two words", "", "ກອງ.ປະຊຸມ"])
def test_other_slugs_are_not(slug):
    with pytest.raises(ValidationError):
        validate_page_slug(slug)


# --- In the admin ------------------------------------------------------------------


@pytest.fixture
def secretariat(in_admin):
    def _speaking(language):
        return in_admin("health.secretariat@example.org", language)

    return _speaking


def _add_meeting(client, title, slug, *, json=False):
    url = f"/admin/pages/add/swg/meetingpage/{space('health', 'lo').pk}/"
    data = page_form_data(
        client.get(url),
        title=title,
        slug=slug,
        meeting_type="technical",
        start="2027-02-01 09:00",
    )
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(url, data, **headers)


@pytest.mark.django_db
def test_a_meeting_with_a_lao_slug_is_saved_and_served(secretariat, client):
    response = _add_meeting(secretariat("lo"), TITLE, slug_for_title(TITLE))
    assert response.status_code == 302, response.content[:1000]
    meeting = MeetingPage.objects.get(title=TITLE)
    assert meeting.slug == "ກອງປະຊຸມວິຊາການ-ວັກຊີນ"
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    assert meeting.url.startswith("/lo/swg/health/%E0%BA")
    client.logout()
    assert client.get(meeting.url).status_code == 200


@pytest.mark.django_db
def test_an_empty_slug_is_made_from_the_title_with_its_marks(secretariat):
    response = _add_meeting(secretariat("lo"), TITLE, "")
    assert response.status_code == 302, response.content[:1000]
    assert MeetingPage.objects.get(title=TITLE).slug == "ກອງປະຊຸມວິຊາການ-ວັກຊີນ"


@pytest.mark.django_db
def test_an_abandoned_autosaved_draft_does_not_make_the_retry_fail(secretariat):
    client = secretariat("en")
    slug = slug_for_title(TITLE)
    first = _add_meeting(client, TITLE, slug, json=True)  # the autosave, then nothing
    assert first.json()["success"] is True
    retry = _add_meeting(client, TITLE, slug, json=True)
    assert retry.json()["success"] is True, retry.json()
    # The browser is told the address the new draft got.
    assert retry.json()["field_updates"]["slug"] == f"{slug}-2"
    assert sorted(MeetingPage.objects.filter(title=TITLE).values_list("slug", flat=True)) == [
        slug,
        f"{slug}-2",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "is already used by"), ("lo", "ຖືກໃຊ້ແລ້ວໂດຍໜ້າ")],
)
def test_a_taken_slug_chosen_by_hand_is_refused_in_the_editors_language(
    secretariat, language, message
):
    client = secretariat(language)
    assert _add_meeting(client, TITLE, slug_for_title(TITLE)).status_code == 302
    response = _add_meeting(client, "ກອງປະຊຸມອື່ນ", slug_for_title(TITLE))
    assert response.status_code == 200
    errors = response.context["form"].errors["slug"]
    assert len(errors) == 1 and message in errors[0] and TITLE in errors[0]
    assert MeetingPage.objects.filter(title="ກອງປະຊຸມອື່ນ").count() == 0


@pytest.mark.django_db
def test_the_slug_field_uses_the_portals_script(secretariat):
    page = secretariat("lo").get(f"/admin/pages/add/swg/meetingpage/{space('health').pk}/")
    html = page.content.decode()
    assert 'data-controller="page-slug"' in html
    assert 'data-controller="w-slug"' not in html
    assert "swg/js/page-slug.js" in html


@pytest.mark.django_db
def test_a_page_with_a_lao_slug_can_be_copied(secretariat):
    client = secretariat("lo")
    assert _add_meeting(client, TITLE, slug_for_title(TITLE)).status_code == 302
    original = MeetingPage.objects.get(title=TITLE)
    form = client.get(f"/admin/pages/{original.pk}/copy/")
    assert form.status_code == 200
    # The copy starts with the next free address, marks and all.
    assert form.context["form"]["new_slug"].value() == f"{original.slug}-2"
    fields = {
        "new_title": f"{TITLE} (ສຳເນົາ)",
        "new_parent_page": original.get_parent().pk,
    }
    taken = client.post(f"/admin/pages/{original.pk}/copy/", {**fields, "new_slug": original.slug})
    errors = taken.context["form"].errors["new_slug"]
    assert len(errors) == 1 and "ຖືກໃຊ້ແລ້ວໂດຍໜ້າ" in errors[0]
    copied = client.post(
        f"/admin/pages/{original.pk}/copy/", {**fields, "new_slug": f"{original.slug}-2"}
    )
    assert copied.status_code == 302, copied.content[:1000]
    assert MeetingPage.objects.filter(slug=f"{original.slug}-2").exists()
