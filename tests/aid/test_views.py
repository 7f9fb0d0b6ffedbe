"""The Aid tab of an SWG space, its activity pages and downloads: content in both
languages, charts with their tables, locale-formatted amounts, a query count that does
not grow with the number of activities, and who may see them (everyone: IATI data is
public, unless the space page itself is private)."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from aid.models import Activity, AidFlow
from swg.models import MeetingPage, SectorWorkingGroup
from tests.hardening.test_query_budget import BUDGET
from tests.lao_markup import unmarked
from tests.swg.factories import space

pytestmark = pytest.mark.django_db

ACTIVITY = """
 <iati-activity default-currency="USD" last-updated-datetime="2026-09-15T00:00:00Z">
  <iati-identifier>XX-VIEW-{n}</iati-identifier>
  <reporting-org ref="XX-VIEW-ORG-{org}" type="10"><narrative>View Agency {org}</narrative>
   <narrative xml:lang="lo">ອົງການທົດສອບ {org}</narrative></reporting-org>
  <title><narrative>Clinic number {n}</narrative>
   <narrative xml:lang="lo">ສຸກສາລາ ທີ {n}</narrative></title>
  <recipient-country code="LA"/>
  <sector vocabulary="1" code="12220" percentage="{share}"/>
  <sector vocabulary="1" code="12240" percentage="{rest}"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-02-01"/>
   <value value-date="2024-02-01">{value}</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2025-02-01"/>
   <value value-date="2025-02-01">1000</value></transaction>
 </iati-activity>"""


def iati_file(write_xml, count, start=1):
    body = "".join(
        ACTIVITY.format(n=n, org=n % 3, share=50, rest=50, value=1234567 * 2 if n == 1 else 100)
        for n in range(start, start + count)
    )
    return write_xml(
        f"view-{start}-{count}.xml",
        f'<?xml version="1.0"?><iati-activities version="2.03">{body}</iati-activities>',
    )


@pytest.fixture
def health_aid(no_aid, import_iati, write_xml):
    run = import_iati(iati_file(write_xml, 2))
    assert run.code == 0, run
    return Activity.objects.get(iati_identifier="XX-VIEW-1")


def test_the_aid_tab_is_a_tab_of_every_space(client, health_aid):
    body = client.get("/en/swg/education/").content.decode()
    assert 'href="/en/swg/education/aid/"' in body
    body = client.get("/en/swg/health/aid/").content.decode()
    assert '<a href="/en/swg/health/aid/" aria-current="page">Aid</a>' in body


def test_english_page_with_charts_tables_amounts_and_sources(client, health_aid):
    response = client.get("/en/swg/health/aid/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "US$ 2,469,234" in body  # both activities' commitments (2,469,134 + 100)
    assert "1,234,617" in body  # half of each to DAC 12220 (1,234,567 + 50)
    for chart in ("aid-years", "aid-partners", "aid-sectors"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in body
    assert body.count('role="img"') >= 3
    assert body.count('<table class="aid-table"') >= 3
    assert "12220 Basic health care" in body and "12240 Basic nutrition" in body
    assert "IATI data as published by View Agency 1, View Agency 2." in body
    assert "Latest update by a publisher: 15 September 2026." in body
    assert "International Monetary Fund" in body and "IATI Standard (http://iatistandard.org/)" in (
        body
    )
    assert f'href="/en/swg/health/aid/{health_aid.pk}/"' in body
    assert "<script" not in body.split("<main", 1)[1]


def test_lao_page_has_lao_labels_names_and_lao_number_format(client, health_aid):
    body = unmarked(client.get("/lo/swg/health/aid/").content)
    assert ">ການຊ່ວຍເຫຼືອ</a>" in body  # the tab
    assert "2.469.234 ໂດລາສະຫະລັດ" in body
    assert "1.234.617" in body
    assert "ໂພຊະນາການພື້ນຖານ" in body  # DAC 12240, Basic nutrition
    assert "ສຸກສາລາ ທີ 1" in body  # the activity's Lao title
    assert "ອົງການທົດສອບ 1" in body  # the partner's Lao name
    assert "ຄຳໝັ້ນສັນຍາ" in body and "ການເບີກຈ່າຍ" in body


def test_an_swg_without_aid_data_says_so(client, no_aid):
    response = client.get("/en/swg/education/aid/")
    assert response.status_code == 200
    assert "No aid data for this working group yet." in response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_aid_tab_query_count_does_not_grow_with_the_activities(
    client, health_aid, import_iati, write_xml
):
    url = "/en/swg/health/aid/"
    client.get(url)  # warm the per-process caches
    before = count_queries(client, url)
    assert import_iati(iati_file(write_xml, 15, start=10)).code == 0
    assert Activity.objects.count() == 17
    after = count_queries(client, url)
    assert after == before, f"{before} queries with 2 activities, {after} with 17"
    assert after <= BUDGET


def test_the_activity_page_lists_its_transactions(client, health_aid):
    url = f"/en/swg/health/aid/{health_aid.pk}/"
    body = client.get(url).content.decode()
    assert "Clinic number 1" in body and "XX-VIEW-1" in body
    assert '<td class="num">2,469,134.00</td><td>USD</td>' in body
    assert "Commitment" in body and "Disbursement" in body
    assert "This working group's share" in body
    lo = client.get(url.replace("/en/", "/lo/")).content.decode()
    assert '<td class="num">2.469.134,00</td><td>USD</td>' in lo


def test_activity_pages_of_other_groups_and_unknown_ids_are_404(client, health_aid):
    assert client.get(f"/en/swg/education/aid/{health_aid.pk}/").status_code == 404
    assert client.get("/en/swg/health/aid/999999/").status_code == 404
    assert client.get("/en/swg/health/aid/not-a-number/").status_code == 404


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_and_xlsx_carry_the_same_rows(client, health_aid):
    response = client.get("/en/swg/health/aid.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="health-aid.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [r["iati_identifier"] for r in rows] == ["XX-VIEW-1"] * 2 + ["XX-VIEW-2"] * 2
    assert {r["transaction_type"] for r in rows} == {"commitment", "disbursement"}
    first = rows[0]
    assert (first["year"], first["transaction_type"], first["value_usd"]) == (
        "2024",
        "commitment",
        "2469134.000000",
    )
    xlsx = client.get("/en/swg/health/aid.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content))["aid"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(rows[0].keys())
    assert [(v[0], v[1], v[2], v[3]) for v in values[1:]] == [
        (r["iati_identifier"], int(r["year"]), r["transaction_type"], float(r["value_usd"]))
        for r in rows
    ]
    assert "IATI Standard" in str(list(load_workbook(io.BytesIO(xlsx.content))["about"].values))


def test_downloads_of_an_unknown_group_are_404(client, no_aid):
    assert client.get("/en/swg/no-such-group/aid.csv").status_code == 404
    assert client.get("/en/swg/no-such-group/aid.xlsx").status_code == 404


ROLES = [
    None,
    "registered@example.org",
    "education.member@example.org",
    "health.member@example.org",
    "health.secretariat@example.org",
    "admin@example.org",
]


@pytest.mark.parametrize("email", ROLES)
def test_aid_data_is_public_to_every_role(client, login, health_aid, email):
    if email:
        client = login(email)
    for url in (
        "/en/swg/health/aid/",
        f"/lo/swg/health/aid/{health_aid.pk}/",
        "/en/swg/health/aid.csv",
        "/lo/swg/health/aid.xlsx",
    ):
        assert client.get(url).status_code == 200, (email, url)


def test_a_private_space_keeps_its_aid_tab_and_downloads_private(client, login, health_aid):
    PageViewRestriction.objects.create(
        page=space("health", "en"), restriction_type=PageViewRestriction.LOGIN
    )
    for url in (
        "/en/swg/health/aid/",
        f"/en/swg/health/aid/{health_aid.pk}/",
        "/en/swg/health/aid.csv",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login/?next=" in response["Location"], url
    member = login("health.member@example.org")
    assert member.get("/en/swg/health/aid.csv").status_code == 200


def test_changing_an_swg_s_dac_codes_moves_its_flows(health_aid):
    health = SectorWorkingGroup.objects.get(slug="health")
    assert AidFlow.objects.filter(working_group=health, sector_code="12240").exists()
    health.dac_codes = "121, 12220"
    health.save()
    assert not AidFlow.objects.filter(working_group=health, sector_code="12240").exists()
    assert AidFlow.objects.filter(working_group=None, sector_code="12240").exists()
    health.dac_codes = "121, 122, 123"
    health.save()
    assert AidFlow.objects.filter(working_group=health, sector_code="12240").count() == 4


def test_a_meeting_may_not_take_the_aid_tab_s_address(health_aid):
    meeting = MeetingPage.objects.live().child_of(space("health", "en")).first()
    meeting.slug = "aid"
    with pytest.raises(ValidationError):
        meeting.full_clean()


def test_text_published_in_english_only_is_marked_as_english_on_lao_pages(
    client, no_aid, import_iati, write_xml
):
    body = ACTIVITY.format(n=1, org=1, share=100, rest=0, value=10)
    body = body.replace('<narrative xml:lang="lo">ສຸກສາລາ ທີ 1</narrative>', "")
    body = body.replace('<narrative xml:lang="lo">ອົງການທົດສອບ 1</narrative>', "")
    path = write_xml("english.xml", f'<iati-activities version="2.03">{body}</iati-activities>')
    assert import_iati(path).code == 0
    page = client.get("/lo/swg/health/aid/").content.decode()
    assert '<a href="/lo/swg/health/aid/' in page
    assert 'lang="en">Clinic number 1</a>' in page
    assert '<td lang="en">View Agency 1</td>' in page
    assert '<th scope="row" lang="en">View Agency 1</th>' in page


def test_largest_activities_put_those_without_commitments_last(
    client, health_aid, import_iati, write_xml
):
    body = ACTIVITY.format(n=99, org=1, share=100, rest=0, value=0)
    body = body.replace(
        '<transaction><transaction-type code="2"/>', '<transaction><transaction-type code="1"/>'
    )
    body = body.replace(">1000</value>", ">5000000</value>")
    path = write_xml("disbursed.xml", f'<iati-activities version="2.03">{body}</iati-activities>')
    assert import_iati(path).code == 0
    page = client.get("/en/swg/health/aid/").content.decode()
    table = page.split("aid-table--activities", 1)[1]
    order = [n for n in ("XX-VIEW-1", "XX-VIEW-2", "XX-VIEW-99") if n in table]
    assert sorted(order, key=table.index) == ["XX-VIEW-1", "XX-VIEW-2", "XX-VIEW-99"]
