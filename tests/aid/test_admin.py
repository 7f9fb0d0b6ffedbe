"""The Lao names of DAC sectors and partners are data the Round Table secretariat keeps
in the admin (Snippets › Aid data); the codes themselves are the codelist's."""

import pytest

from aid import codelists
from aid.models import DacSector

pytestmark = pytest.mark.django_db


def test_every_sector_the_demo_swgs_use_has_a_lao_name():
    for code in ("111", "12240", "15142", "15250", "16063", "21020", "23631", "31165", "43042"):
        assert DacSector.objects.get(code=code).name_lo, code


def test_a_lao_sector_name_is_edited_in_the_admin_and_survives_a_codelist_reload(
    admin_client, client
):
    sector = DacSector.objects.get(vocabulary="1", code="12240")
    url = f"/admin/snippets/aid/dacsector/edit/{sector.pk}/"
    assert admin_client.get("/admin/snippets/aid/dacsector/").status_code == 200
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"name_en": sector.name_en, "name_lo": "ໂພຊະນາການຂັ້ນພື້ນຖານ"}, follow=True
    )
    assert response.status_code == 200
    sector.refresh_from_db()
    assert sector.name_lo == "ໂພຊະນາການຂັ້ນພື້ນຖານ" and sector.code == "12240"
    codelists.load_sectors(DacSector)
    sector.refresh_from_db()
    assert sector.name_lo == "ໂພຊະນາການຂັ້ນພື້ນຖານ"


def test_members_cannot_edit_sector_names(client, login):
    member = login("health.member@example.org")
    response = member.get("/admin/snippets/aid/dacsector/")
    assert response.status_code in (302, 403)


def test_rows_from_the_codelist_are_neither_added_nor_deleted_in_the_admin(admin_client):
    sector = DacSector.objects.get(vocabulary="1", code="12240")
    listing = admin_client.get("/admin/snippets/aid/dacsector/").content.decode()
    assert "/admin/snippets/aid/dacsector/add/" not in listing
    assert admin_client.get("/admin/snippets/aid/dacsector/add/").status_code in (302, 403)
    response = admin_client.post(f"/admin/snippets/aid/dacsector/delete/{sector.pk}/")
    assert response.status_code in (302, 403)
    assert DacSector.objects.filter(pk=sector.pk).exists()
