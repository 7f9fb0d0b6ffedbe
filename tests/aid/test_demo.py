"""The demo's made-up aid data: loaded by load_demo for every SWG, marked as made up,
and loading it again changes nothing."""

import pytest

from aid import demo
from aid.models import Activity, AidFlow, Partner
from portal.demo.content import SWGS
from tests.aid.test_import import snapshot

pytestmark = pytest.mark.django_db


def test_the_demo_has_aid_for_each_of_the_ten_swgs():
    for slug, *_names in SWGS:
        assert AidFlow.objects.filter(working_group__slug=slug).exists(), slug


def test_the_demo_covers_what_the_issue_asks_for():
    assert Partner.objects.count() == 12
    assert all("(made-up)" in p.name_en and "(ສົມມຸດ)" in p.name_lo for p in Partner.objects.all())
    years = set(AidFlow.objects.values_list("year", flat=True))
    assert {2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026} <= years
    assert Activity.objects.filter(country_share__lt=1).exists()  # multi-country
    assert Activity.objects.filter(transactions__sector_code__gt="").exists()  # own sector
    multi_sector = [a for a in Activity.objects.all() if a.sectors.count() > 1]
    assert multi_sector
    assert AidFlow.objects.filter(working_group__isnull=True).exists()  # an unmapped sector
    assert not Activity.objects.filter(iati_identifier="XX-DEMO-MRB-003").exists()  # Cambodia


def test_loading_the_demo_again_changes_nothing():
    before = snapshot()
    report = demo.load(log=lambda line: None)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 24)
    assert snapshot() == before
