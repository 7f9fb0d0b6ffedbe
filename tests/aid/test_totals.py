"""A hand-made IATI file imported with `import_iati`: for each SWG, the sums of value_usd
per year and transaction type in aid.csv equal the sums computed here by hand with
the rules of the issue (country split, sector split, transaction-level sector,
vocabularies, longest DAC prefix, yearly exchange rates)."""

import csv
import io
from collections import defaultdict
from decimal import Decimal

import pytest

from aid.models import Activity, AidFlow

pytestmark = pytest.mark.django_db

# Yearly averages from aid/data/usd_rates.csv, units per US dollar, copied here by hand.
EUR_2024 = Decimal("0.9242")
GBP_2022 = Decimal("0.811301715827773")
GBP_2023 = Decimal("0.804538906734353")

HAND_MADE = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2026-11-01T00:00:00Z">
 <!-- T-1: Lao PDR 40 % beside Thailand; three sectors, one mapped to no SWG; a
      transaction with its own sector; one value in euros; incoming funds ignored. -->
 <iati-activity default-currency="USD" last-updated-datetime="2026-10-01T00:00:00Z">
  <iati-identifier>XX-TEST-1</iati-identifier>
  <reporting-org ref="XX-TEST-ORG-A" type="10"><narrative>Test Agency A</narrative></reporting-org>
  <title><narrative>Health and governance (test)</narrative>
         <narrative xml:lang="lo">ສາທາລະນະສຸກ ແລະ ການປົກຄອງ (ທົດສອບ)</narrative></title>
  <activity-status code="2"/>
  <activity-date iso-date="2023-01-01" type="1"/>
  <recipient-country code="LA" percentage="40"/>
  <recipient-country code="TH" percentage="60"/>
  <sector vocabulary="1" code="12110" percentage="50"/>
  <sector code="15110" percentage="30"/>
  <sector vocabulary="1" code="13020" percentage="20"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2023-01-10"/>
   <value value-date="2023-01-10">1000000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2023-06-01"/>
   <value value-date="2023-06-01">500000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2024-03-01"/>
   <value currency="EUR" value-date="2024-03-01">250000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2024-05-01"/>
   <value value-date="2024-05-01">100000</value>
   <sector vocabulary="1" code="15250"/></transaction>
  <transaction><transaction-type code="1"/><transaction-date iso-date="2023-01-05"/>
   <value value-date="2023-01-05">999999</value></transaction>
 </iati-activity>
 <!-- T-2: only Lao PDR, no percentage; a 3-digit DAC category; pounds sterling. -->
 <iati-activity default-currency="GBP" last-updated-datetime="2026-10-01T00:00:00Z">
  <iati-identifier>XX-TEST-2</iati-identifier>
  <reporting-org ref="XX-TEST-ORG-B" type="21"><narrative>Test Trust B</narrative></reporting-org>
  <title><narrative>Governance in pounds (test)</narrative></title>
  <recipient-country code="LA"/>
  <sector vocabulary="2" code="151"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2022-07-01"/>
   <value value-date="2022-07-01">10000</value></transaction>
  <transaction><transaction-type code="4"/><transaction-date iso-date="2023-07-01"/>
   <value value-date="2023-07-01">5000</value></transaction>
 </iati-activity>
 <!-- T-3: DAC codes split between two SWGs (15142 is macroeconomics by the longest
      prefix, 15111 governance); another vocabulary beside them counts for nothing. -->
 <iati-activity default-currency="USD" last-updated-datetime="2026-10-01T00:00:00Z">
  <iati-identifier>XX-TEST-3</iati-identifier>
  <reporting-org ref="XX-TEST-ORG-A" type="10"><narrative>Test Agency A</narrative></reporting-org>
  <title><narrative>Public finance (test)</narrative></title>
  <recipient-country code="LA" percentage="100"/>
  <sector vocabulary="1" code="15142" percentage="60"/>
  <sector vocabulary="1" code="15111" percentage="40"/>
  <sector vocabulary="99" vocabulary-uri="http://example.org/codes" code="X1" percentage="100"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2025-02-01"/>
   <value value-date="2025-02-01">1000000</value></transaction>
 </iati-activity>
 <!-- T-4: Cambodia only: skipped. -->
 <iati-activity default-currency="USD">
  <iati-identifier>XX-TEST-4</iati-identifier>
  <reporting-org ref="XX-TEST-ORG-A" type="10"><narrative>Test Agency A</narrative></reporting-org>
  <recipient-country code="KH"/>
  <sector vocabulary="1" code="12110"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-01-01"/>
   <value value-date="2024-01-01">777777</value></transaction>
 </iati-activity>
 <!-- T-5: a currency the rate table does not hold: stored, no US dollar value. -->
 <iati-activity default-currency="VND" last-updated-datetime="2026-10-01T00:00:00Z">
  <iati-identifier>XX-TEST-5</iati-identifier>
  <reporting-org ref="XX-TEST-ORG-A" type="10"><narrative>Test Agency A</narrative></reporting-org>
  <recipient-country code="LA"/>
  <sector vocabulary="1" code="12220"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-02-01"/>
   <value value-date="2024-02-01">1000000000</value></transaction>
 </iati-activity>
 <!-- T-6: no sector at all: its money maps to no SWG. -->
 <iati-activity default-currency="USD" last-updated-datetime="2026-10-01T00:00:00Z">
  <iati-identifier>XX-TEST-6</iati-identifier>
  <reporting-org ref="XX-TEST-ORG-A" type="10"><narrative>Test Agency A</narrative></reporting-org>
  <recipient-country code="LA"/>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2024-02-01"/>
   <value value-date="2024-02-01">123</value></transaction>
 </iati-activity>
</iati-activities>
"""

LA = Decimal("0.4")
EUR_DISBURSEMENT = Decimal(250000) / EUR_2024 * LA
EXPECTED = {
    "health": {
        (2023, "commitment"): Decimal(1000000) * LA * Decimal("0.5"),
        (2023, "disbursement"): Decimal(500000) * LA * Decimal("0.5"),
        (2024, "disbursement"): EUR_DISBURSEMENT * Decimal("0.5"),
    },
    "governance": {
        (2023, "commitment"): Decimal(1000000) * LA * Decimal("0.3"),
        (2023, "disbursement"): Decimal(500000) * LA * Decimal("0.3"),
        (2024, "disbursement"): EUR_DISBURSEMENT * Decimal("0.3"),
        (2022, "commitment"): Decimal(10000) / GBP_2022,
        (2023, "expenditure"): Decimal(5000) / GBP_2023,
        (2025, "commitment"): Decimal(1000000) * Decimal("0.4"),
    },
    "macroeconomics": {(2025, "commitment"): Decimal(1000000) * Decimal("0.6")},
    "mine-action": {(2024, "disbursement"): Decimal(100000) * LA},
    "education": {},
}


def csv_sums(client, slug):
    response = client.get(f"/en/swg/{slug}/aid.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    sums = defaultdict(Decimal)
    for row in csv.DictReader(io.StringIO(text)):
        if row["value_usd"]:
            sums[(int(row["year"]), row["transaction_type"])] += Decimal(row["value_usd"])
    return dict(sums)


@pytest.fixture
def imported(no_aid, import_iati, write_xml):
    return import_iati(write_xml("hand-made.xml", HAND_MADE))


def test_the_hand_made_file_is_imported_with_its_problems_reported(imported):
    assert imported.code == 0, imported
    assert "Activities for LA: 5 kept (5 new, 0 updated, 0 unchanged" in imported.out
    assert "Activities for other countries (skipped): 1" in imported.out
    # The unmapped sector of T-1 and the sectorless T-6, with their US dollar sums.
    unmapped = (Decimal(1000000) + Decimal(500000)) * LA * Decimal("0.2") + EUR_DISBURSEMENT * (
        Decimal("0.2")
    )
    assert (
        f"vocabulary 1, 13020 Reproductive health care: 1 activity, USD {unmapped:,.2f}"
        in imported.out
    )
    assert "(no sector): 1 activity, USD 123.00" in imported.out
    assert "vocabulary 99, X1: 1 activity" in imported.out
    assert "VND 2024: 1 value" in imported.out
    assert not Activity.objects.filter(iati_identifier="XX-TEST-4").exists()


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_csv_sums_per_year_and_type_equal_the_hand_computed_sums(client, imported, slug):
    sums = csv_sums(client, slug)
    assert set(sums) == set(EXPECTED[slug])
    for key, expected in EXPECTED[slug].items():
        assert abs(sums[key] - expected) < Decimal("0.01"), (slug, key, sums[key], expected)


def test_a_value_without_rate_is_counted_not_guessed(client, imported):
    text = client.get("/en/swg/health/aid.csv").content.decode("utf-8-sig")
    rows = [
        row for row in csv.DictReader(io.StringIO(text)) if row["iati_identifier"] == "XX-TEST-5"
    ]
    assert rows == [
        {
            **rows[0],
            "year": "2024",
            "transaction_type": "commitment",
            "value_usd": "",
            "values_without_rate": "1",
        }
    ]
    flow = AidFlow.objects.get(activity__iati_identifier="XX-TEST-5")
    assert flow.value_usd is None and flow.working_group.slug == "health"


def test_incoming_funds_and_other_countries_never_reach_an_swg(imported):
    assert not AidFlow.objects.filter(transaction__transaction_type="1").exists()
    total = sum(
        (flow.share for flow in AidFlow.objects.filter(activity__iati_identifier="XX-TEST-1")),
        Decimal(0),
    )
    # Four commitment/disbursement transactions, each 40 % Lao PDR's.
    assert total == Decimal("1.6")
