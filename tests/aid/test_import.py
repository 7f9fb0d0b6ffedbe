"""`import_iati` on the shared IATI samples, the schema's should-fail files and hand-made
files: what is kept, what is refused (file, activity, reason, exit 1, no traceback),
all-or-nothing per activity, and re-imports that change nothing."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from aid import services
from aid.models import (
    Activity,
    ActivitySector,
    AidFlow,
    Budget,
    ParticipatingOrganisation,
    Partner,
    Transaction,
)
from tests.aid.conftest import FIXTURES

pytestmark = pytest.mark.django_db

SHOULD_FAIL = {
    "budget-03-missing-value.xml": "budget 1 has no value",
    "budget-12-non-decimal-value.xml": "budget 1 value “eryr” is not a decimal number",
    "sector-21-sector-missing-code.xml": "sector has no code",
    "transaction-01-missing-transaction-type.xml": "transaction 1 has no transaction type",
    "transaction-03-missing-value.xml": "transaction 1 has no value",
    "transaction-07-two-values.xml": "transaction 1 has 2 values (one is allowed)",
}


def snapshot():
    """Every aid row, as stored."""
    models = (Partner, Activity, ParticipatingOrganisation, ActivitySector, Transaction, Budget)
    rows = {model.__name__: sorted(model.objects.values_list()) for model in models}
    rows["AidFlow"] = sorted(AidFlow.objects.values_list())
    return rows


@pytest.mark.parametrize("name", sorted(SHOULD_FAIL))
def test_each_should_fail_file_is_refused_with_file_activity_and_reason(no_aid, import_iati, name):
    run = import_iati(FIXTURES / "should-fail" / name)
    assert run.code == 1
    refused = [line for line in run.err.splitlines() if line.startswith("refused:")]
    assert len(refused) == 1, run
    assert name in refused[0]
    assert "activity #1, line" in refused[0] and "(no iati-identifier)" in refused[0]
    assert SHOULD_FAIL[name] in refused[0]
    assert "Traceback" not in run.err + run.out
    assert "Activities refused: 1" in run.out
    assert not Activity.objects.exists()


def test_the_whole_should_fail_folder_is_reported_file_by_file(no_aid, import_iati):
    run = import_iati(FIXTURES / "should-fail")
    assert run.code == 1
    for name, reason in SHOULD_FAIL.items():
        assert any(name in line and reason in line for line in run.err.splitlines()), name
    assert "6 refused" in run.err


def test_the_annotated_2_03_example_totals(no_aid, import_iati):
    """The IATI Standard's annotated example names AF 25 % (and AG 25 %); its only
    transaction is incoming funds sent to Turkmenistan (transaction-level country)."""
    run = import_iati(FIXTURES / "activities" / "activity-standard-example-annotated.xml")
    assert run.code == 0, run
    assert "Activities for other countries (skipped): 1" in run.out  # none is for LA
    run = import_iati(
        FIXTURES / "activities" / "activity-standard-example-annotated.xml", country="AF"
    )
    assert run.code == 0, run
    activity = Activity.objects.get(iati_identifier="AA-AAA-123456789-ABC123")
    assert activity.country_share == Decimal("0.25")
    assert activity.titles["fr"] == "Titre de l'activité"
    assert activity.reporting_org.name_en == "Organisation name"
    assert activity.status == "2" and str(activity.planned_start) == "2012-04-15"
    assert list(activity.participants.values_list("role", flat=True)) == ["1", "2", "3"]
    assert sorted(activity.sectors.values_list("vocabulary", "code", "percentage")) == [
        ("2", "111", Decimal(50)),
        ("2", "112", Decimal(50)),
        ("99", "A1", Decimal(100)),
    ]
    (transaction,) = activity.transactions.all()
    assert (transaction.transaction_type, transaction.value, transaction.currency) == (
        "1",
        Decimal(1000),
        "EUR",
    )
    # 1000 EUR at the 2012 average, 0.7777 EUR per US dollar; the transaction goes to TM.
    assert abs(transaction.value_usd - Decimal(1000) / Decimal("0.7777")) < Decimal("0.000001")
    assert transaction.country_share == 0 and transaction.sector_code == "111"
    (budget,) = activity.budgets.all()
    assert abs(budget.value_usd - Decimal(3000) / Decimal("0.752")) < Decimal("0.000001")
    # Incoming funds are neither commitment, disbursement nor expenditure.
    assert not AidFlow.objects.exists()


def test_the_1_0x_samples_are_refused_for_what_they_lack(no_aid, import_iati):
    run = import_iati(FIXTURES / "activities")
    assert run.code == 1
    err = run.err
    assert "dfid_out.xml: activity #1, line 3 (no iati-identifier)" in err
    assert "worldbank.xml: activity #16" in err and "recipient-country has no code" in err
    assert "undp_sample.xml" in err and "transaction 2 has no transaction type" in err
    assert (
        "worked-example.xml: activity “http://www.example.org/activities/12345.xml”: "
        "reporting-org is missing" in err
    )
    # The annotated 2.03 example in the same folder is read, for another country.
    assert "Activities for other countries (skipped): 1" in run.out


VERSION_1 = """<?xml version="1.0"?>
<iati-activities version="1.03">
 <iati-activity default-currency="USD" xml:lang="en" last-updated-datetime="2013-05-01T00:00:00">
  <iati-identifier>XX-TEST-V1</iati-identifier>
  <reporting-org ref="XX-TEST-ORG-V1" type="10">Old Style Agency</reporting-org>
  <title>An activity written in version 1.03</title>
  <participating-org role="Funding">Old Style Agency</participating-org>
  <activity-date type="start-actual" iso-date="2012-01-01"/>
  <recipient-country code="LA" percentage="50"/>
  <recipient-country code="VN" percentage="50"/>
  <sector vocabulary="DAC" code="12220" percentage="75"/>
  <sector vocabulary="DAC-3" code="111" percentage="100"/>
  <sector vocabulary="DAC" code="15110" percentage="25"/>
  <transaction><transaction-type code="C"/>
   <value value-date="2012-02-01">200000</value></transaction>
  <transaction><transaction-type code="D"/><transaction-date iso-date="2012-06-01"/>
   <value value-date="2012-06-01">80000</value></transaction>
  <transaction><transaction-type code="E"/><transaction-date iso-date="2013-01-01"/>
   <value>40000</value></transaction>
 </iati-activity>
</iati-activities>
"""


def test_version_1_files_are_read_where_it_costs_little(no_aid, import_iati, write_xml):
    run = import_iati(write_xml("v1.xml", VERSION_1))
    assert run.code == 0, run
    activity = Activity.objects.get(iati_identifier="XX-TEST-V1")
    assert activity.titles == {"en": "An activity written in version 1.03"}
    assert activity.reporting_org.name_en == "Old Style Agency"
    assert str(activity.actual_start) == "2012-01-01"
    assert activity.participants.get().role == "1"
    types = list(activity.transactions.values_list("transaction_type", "date"))
    assert [t for t, _d in types] == ["2", "3", "4"]
    assert str(types[0][1]) == "2012-02-01"  # the value date when there is no date
    # DAC (vocabulary 1) wins over DAC-3: 75 % health, 25 % governance, half for LA.
    health = AidFlow.objects.filter(working_group__slug="health")
    assert sorted(health.values_list("transaction_type", "value_usd")) == [
        ("2", Decimal(200000) * Decimal("0.5") * Decimal("0.75")),
        ("3", Decimal(80000) * Decimal("0.5") * Decimal("0.75")),
        ("4", Decimal(40000) * Decimal("0.5") * Decimal("0.75")),
    ]
    governance = AidFlow.objects.filter(working_group__slug="governance")
    assert sum(f.value_usd for f in governance) == Decimal(320000) * Decimal("0.5") * Decimal(
        "0.25"
    )


TWO_ACTIVITIES = """<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD" last-updated-datetime="{updated}">
  <iati-identifier>XX-TEST-R1</iati-identifier>
  <reporting-org ref="XX-TEST-ORG-R" type="10"><narrative>Repeat Agency</narrative></reporting-org>
  <title><narrative>Re-imported</narrative></title>
  <recipient-country code="LA"/>
  <sector vocabulary="1" code="12220"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-01-01"/>
   <value value-date="2024-01-01">{value}</value></transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>XX-TEST-R2</iati-identifier>
  <reporting-org ref="XX-TEST-ORG-R" type="10"><narrative>Repeat Agency</narrative></reporting-org>
  <recipient-country code="LA"/>
  <sector vocabulary="1" code="11220"/>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2024-01-01"/>
   <value value-date="2024-01-01">10</value></transaction>
 </iati-activity>
</iati-activities>
"""


def _repeat(updated="2026-01-01T00:00:00Z", value="1000"):
    return TWO_ACTIVITIES.format(updated=updated, value=value)


def test_importing_the_same_file_again_changes_nothing(no_aid, import_iati, write_xml):
    path = write_xml("repeat.xml", _repeat())
    assert import_iati(path).code == 0
    before = snapshot()
    run = import_iati(path)
    assert run.code == 0
    assert "2 kept (0 new, 0 updated, 2 unchanged, 0 older than stored)" in run.out
    assert snapshot() == before


def test_a_newer_publication_replaces_an_activity_and_an_older_one_does_not(
    no_aid, import_iati, write_xml
):
    assert import_iati(write_xml("v1.xml", _repeat())).code == 0
    first = Activity.objects.get(iati_identifier="XX-TEST-R1")
    run = import_iati(write_xml("v2.xml", _repeat("2026-06-01T00:00:00Z", "2500")))
    assert "1 updated, 1 unchanged" in run.out
    activity = Activity.objects.get(iati_identifier="XX-TEST-R1")
    assert activity.pk == first.pk  # same address for its page
    assert activity.transactions.get().value == Decimal(2500)
    assert AidFlow.objects.get(activity=activity).value_usd == Decimal(2500)
    before = snapshot()
    run = import_iati(write_xml("v0.xml", _repeat("2025-01-01T00:00:00Z", "1")))
    assert "0 updated, 1 unchanged, 1 older than stored" in run.out
    assert snapshot() == before


def test_an_activity_that_fails_while_stored_leaves_nothing_behind(
    no_aid, import_iati, write_xml, monkeypatch
):
    real = AidFlow.objects.bulk_create

    def fail_for_r1(flows, *args, **kwargs):
        flows = list(flows)
        if any(flow.activity.iati_identifier == "XX-TEST-R1" for flow in flows):
            raise DatabaseError("disk full (simulated)")
        return real(flows, *args, **kwargs)

    monkeypatch.setattr(AidFlow.objects, "bulk_create", fail_for_r1)
    run = import_iati(write_xml("repeat.xml", _repeat()))
    assert run.code == 1
    assert "activity “XX-TEST-R1”: could not be stored: disk full (simulated)" in run.err
    assert not Activity.objects.filter(iati_identifier="XX-TEST-R1").exists()
    assert not Transaction.objects.filter(activity__iati_identifier="XX-TEST-R1").exists()
    assert Activity.objects.filter(iati_identifier="XX-TEST-R2").exists()


BROKEN_SECOND = """<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>XX-TEST-OK</iati-identifier>
  <reporting-org ref="XX-TEST-ORG" type="10"><narrative>Agency</narrative></reporting-org>
  <recipient-country code="LA"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-01-01"/>
   <value>10</value></transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>XX-TEST-BAD</iati-identifier>
  <reporting-org ref="XX-TEST-ORG" type="10"><narrative>Agency</narrative></reporting-org>
  <recipient-country code="LA" percentage="forty"/>
  <sector vocabulary="1" code="12220" percentage="50"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-13-01"/>
   <value>1,000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2024-01-01"/>
   <value>123456789012345678901234</value></transaction>
 </iati-activity>
</iati-activities>
"""


def test_a_refused_activity_lists_every_problem_and_the_others_are_kept(
    no_aid, import_iati, write_xml
):
    run = import_iati(write_xml("mixed.xml", BROKEN_SECOND))
    assert run.code == 1
    (line,) = [line for line in run.err.splitlines() if line.startswith("refused:")]
    assert "mixed.xml: activity “XX-TEST-BAD”" in line
    assert "recipient-country percentage “forty” is not a decimal number" in line
    assert "transaction 1 date “2024-13-01” is not a date (YYYY-MM-DD)" in line
    assert "transaction 1 value “1,000” is not a decimal number" in line
    assert "transaction 2 value “123456789012345678901234” is too large" in line
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XX-TEST-OK"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<iati-activities version='2.03'><iati-activity>", "not well-formed XML"),
        ("<iati-organisations version='2.03'/>", "not an IATI activity file"),
        ("%PDF-1.4 not xml at all", "not well-formed XML"),
        ("", "not well-formed XML"),
    ],
)
def test_files_that_are_not_iati_are_refused_whole(
    no_aid, import_iati, write_xml, content, message
):
    path = write_xml("odd.xml", content)
    run = import_iati(path)
    assert run.code == 1
    assert f"refused: {path}: {message}" in run.err
    assert "Files: 1 read, 1 refused" in run.out
    assert "Traceback" not in run.err


def test_a_truncated_file_stores_none_of_its_activities(no_aid, import_iati, write_xml):
    truncated = _repeat()[: _repeat().index("XX-TEST-R2")]
    run = import_iati(write_xml("truncated.xml", truncated))
    assert run.code == 1 and "not well-formed XML" in run.err
    assert not Activity.objects.exists()


def test_entities_are_not_expanded(no_aid, import_iati, write_xml, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    xml = (
        _repeat()
        .replace(
            '<?xml version="1.0"?>',
            f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>',
        )
        .replace("<narrative>Re-imported</narrative>", "<narrative>&s;</narrative>")
    )
    run = import_iati(write_xml("xxe.xml", xml))
    assert run.code == 1 and "uses XML entities" in run.err
    assert not Activity.objects.exists()


def test_a_missing_path_and_a_bad_country_are_reported(no_aid, import_iati, tmp_path):
    run = import_iati(tmp_path / "nowhere.xml")
    assert run.code == 1 and "nowhere.xml: no such file" in run.err
    run = import_iati(tmp_path, country="Laos")
    assert run.code == 1 and "two-letter country code" in run.err


def test_progress_is_printed_on_long_files(no_aid, write_xml, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY", 1)
    lines = []
    services.import_paths([write_xml("repeat.xml", _repeat())], log=lines.append)
    assert any("1 activities read …" in line for line in lines)
    assert lines[-1].endswith("repeat.xml: 2 activities read")


def test_the_demo_s_made_up_activities_can_be_removed_before_real_files(import_iati, write_xml):
    assert Activity.objects.filter(iati_identifier__startswith="XX-DEMO-").exists()
    assert import_iati(write_xml("repeat.xml", _repeat())).code == 0
    call_command("remove_aid_activities", "XX-DEMO-", stdout=io.StringIO())
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == [
        "XX-TEST-R1",
        "XX-TEST-R2",
    ]
    assert list(Partner.objects.values_list("key", flat=True)) == ["XX-TEST-ORG-R"]
    assert not AidFlow.objects.exclude(activity__iati_identifier__startswith="XX-TEST-").exists()
