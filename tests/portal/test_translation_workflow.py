"""The content translation workflow end to end, through wagtail-localize's own admin
views: an SWG secretariat sends a Lao-only page for translation into English, exports
the PO file, a translator fills it, the secretariat imports it, the chair publishes the
translation, and readers get the English page (until then: the Lao page with the
"available in Lao only" notice)."""

import datetime

import polib
import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext, override
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from swg.models import MeetingPage, SpacePage
from tests.two_factor import sign_in_with_totp

pytestmark = pytest.mark.django_db

LAO_ONLY_NOTICE = "This page is available in Lao only."
# What the translator writes for each Lao text of the page (PO msgctxt -> msgstr).
ENGLISH = {
    "title": "Technical meeting on primary health care",
    "slug": "technical-meeting-primary-health-care",
    "venue": "Ministry of Health, Vientiane Capital",
    "summary": "Review of the primary health care work plan.",
}


def signed_in(email, password):
    """A client signed in through the real login form and TOTP (the admin needs it)."""
    return sign_in_with_totp(Client(), email, password)


@pytest.fixture
def lao_only_meeting():
    space = SpacePage.objects.get(locale__language_code="lo", working_group__slug="health")
    return space.add_child(
        instance=MeetingPage(
            title="ກອງປະຊຸມວິຊາການ ກ່ຽວກັບການປິ່ນປົວຂັ້ນພື້ນຖານ",
            slug="lao-technical-meeting",
            start=timezone.now() + datetime.timedelta(days=5),
            venue="ກະຊວງສາທາລະນະສຸກ, ນະຄອນຫຼວງວຽງຈັນ",
            summary="ທົບທວນແຜນວຽກການປິ່ນປົວຂັ້ນພື້ນຖານ.",
        )
    )


def test_secretariat_sends_a_page_for_translation_and_the_chair_publishes_it(
    client, demo_password, lao_only_meeting, django_capture_on_commit_callbacks
):
    english = Locale.objects.get(language_code="en")
    fallback_url = "/en/swg/health/lao-technical-meeting/"
    assert LAO_ONLY_NOTICE in client.get(fallback_url).content.decode()

    # 1. The Health secretariat sends the page for translation into English.
    secretariat = signed_in("health.secretariat@example.org", demo_password)
    submit_url = f"/admin/localize/submit/page/{lao_only_meeting.pk}/"
    response = secretariat.get(submit_url)
    assert response.status_code == 200
    response = secretariat.post(submit_url, {"locales": [english.pk]})
    assert response.status_code == 302
    draft = MeetingPage.objects.get(
        translation_key=lao_only_meeting.translation_key, locale=english
    )
    assert draft.live is False
    assert draft.working_group_id == lao_only_meeting.working_group_id
    translation = Translation.objects.get(
        source__object_id=lao_only_meeting.translation_key, target_locale=english
    )
    # The translation editor (segment by segment) opens for the secretariat.
    assert secretariat.get(f"/admin/pages/{draft.pk}/edit/").status_code == 200
    # Until the translation is published, readers still get the Lao page with the notice.
    assert LAO_ONLY_NOTICE in client.get(fallback_url).content.decode()

    # 2. The PO file goes to a translator and comes back filled in.
    response = secretariat.get(f"/admin/localize/translate/{translation.pk}/pofile/download/")
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    assert {entry.msgctxt for entry in po} == set(ENGLISH)
    assert lao_only_meeting.title in {entry.msgid for entry in po}
    for entry in po:
        entry.msgstr = ENGLISH[entry.msgctxt]
    upload = SimpleUploadedFile(
        "meeting-en.po", str(po).encode(), content_type="text/x-gettext-translation"
    )
    response = secretariat.post(
        f"/admin/localize/translate/{translation.pk}/pofile/upload/", {"file": upload}
    )
    assert response.status_code == 302

    # 3. Publishing is the chair's: the secretariat may not, the chair may.
    publish = {"action": "publish"}
    response = secretariat.post(f"/admin/pages/{draft.pk}/edit/", publish)
    # Wagtail's admin answers a refusal by sending the user to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    draft.refresh_from_db()
    assert draft.live is False
    chair = signed_in("health.chair@example.org", demo_password)
    # wagtail-localize publishes once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = chair.post(f"/admin/pages/{draft.pk}/edit/", publish)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live is True
    assert draft.title == ENGLISH["title"]

    # 4. Readers get the English page, announced as the Lao page's translation.
    response = client.get("/en/swg/health/technical-meeting-primary-health-care/")
    assert response.status_code == 200
    body = response.content.decode()
    assert ENGLISH["title"] in body and ENGLISH["venue"] in body
    assert LAO_ONLY_NOTICE not in body
    assert 'hreflang="lo" href="http://testserver/lo/swg/health/lao-technical-meeting/"' in body
    body = client.get(lao_only_meeting.url).content.decode()
    assert 'href="/en/swg/health/technical-meeting-primary-health-care/" hreflang="en"' in body


def test_secretariat_may_send_only_pages_it_may_edit(demo_password):
    """wagtail-localize checks only the site-wide permission; the portal adds the page's."""
    education = SpacePage.objects.get(locale__language_code="lo", working_group__slug="education")
    other = education.add_child(
        instance=MeetingPage(
            title="ກອງປະຊຸມຂອງກຸ່ມການສຶກສາ",
            slug="education-lao-only",
            start=timezone.now() + datetime.timedelta(days=5),
            access_level="restricted",
        )
    )
    user = get_user_model().objects.get(email="health.secretariat@example.org")
    assert user.has_perm("wagtail_localize.submit_translation")
    secretariat = signed_in("health.secretariat@example.org", demo_password)
    # Wagtail's admin answers a refusal by sending the user to the dashboard.
    refused = (302, "/admin/")
    response = secretariat.get(f"/admin/localize/submit/page/{other.pk}/")
    assert (response.status_code, response["Location"]) == refused
    assert other.title not in secretariat.get("/admin/").content.decode()
    english = Locale.objects.get(language_code="en")
    response = secretariat.post(
        f"/admin/localize/submit/page/{other.pk}/", {"locales": [english.pk]}
    )
    assert (response.status_code, response["Location"]) == refused
    assert not MeetingPage.objects.filter(translation_key=other.translation_key, locale=english)


def test_a_missing_or_foreign_po_file_is_refused_with_a_message(demo_password, lao_only_meeting):
    english = Locale.objects.get(language_code="en")
    secretariat = signed_in("health.secretariat@example.org", demo_password)
    submit_url = f"/admin/localize/submit/page/{lao_only_meeting.pk}/"
    assert secretariat.post(submit_url, {"locales": [english.pk]}).status_code == 302
    translation = Translation.objects.get(
        source__object_id=lao_only_meeting.translation_key, target_locale=english
    )
    upload_url = f"/admin/localize/translate/{translation.pk}/pofile/upload/"
    foreign = polib.POFile()
    foreign.metadata = {"Content-Type": "text/plain; charset=utf-8"}
    foreign.append(polib.POEntry(msgctxt="title", msgid=lao_only_meeting.title, msgstr="X"))
    missing = "Choose the PO file to upload."
    not_ours = (
        "This is not a PO file exported for this translation: download the PO file "
        "of this translation and fill in that one."
    )
    draft = MeetingPage.objects.get(
        translation_key=lao_only_meeting.translation_key, locale=english
    )
    for data, message in [
        ({}, missing),
        ({"file": SimpleUploadedFile("other.po", str(foreign).encode())}, not_ours),
    ]:
        response = secretariat.post(upload_url, data)
        assert response.status_code == 302
        assert response["Location"] == f"/admin/pages/{draft.pk}/edit/"
        with override("lo"):
            in_lao = gettext(message)
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        assert shown[-1] in (message, in_lao), shown
    assert not StringTranslation.objects.filter(locale=english, data="X").exists()
