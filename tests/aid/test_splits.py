"""The country and sector splits and the longest-prefix mapping, on their own."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from aid import splits
from aid.iati import Country, Sector

D = Decimal


def countries(*pairs):
    return [Country(code, None if pct is None else D(pct)) for code, pct in pairs]


@pytest.mark.parametrize(
    ("given", "regions", "share"),
    [
        ([("LA", 40), ("TH", 60)], [], D("0.4")),
        ([("LA", None)], [], D(1)),
        ([("TH", None)], [], D(0)),
        ([("LA", 25), ("KH", 25)], [D(25), D(25)], D("0.25")),
        # No percentage beside others: what the given percentages leave, shared.
        ([("LA", None), ("TH", 60), ("VN", None)], [], D("0.2")),
        ([("LA", None)], [D(50)], D("0.5")),
    ],
)
def test_country_share(given, regions, share):
    assert splits.country_share(countries(*given), regions, "LA")[0] == share


def test_a_transaction_naming_its_own_country_is_wholly_that_country_s():
    assert (
        splits.transaction_country_share(SimpleNamespace(recipient_country="LA"), D("0.3"), "LA")
        == 1
    )
    assert (
        splits.transaction_country_share(SimpleNamespace(recipient_country="TH"), D("0.3"), "LA")
        == 0
    )
    assert splits.transaction_country_share(
        SimpleNamespace(recipient_country=""), D("0.3"), "LA"
    ) == D("0.3")


def sectors(*items):
    return [
        Sector(vocabulary, code, None if pct is None else D(pct)) for vocabulary, code, pct in items
    ]


def test_dac_5_digit_wins_over_3_digit_and_others_count_for_nothing():
    vocabulary, parts, warnings = splits.sector_shares(
        sectors(("99", "X", 100), ("2", "111", 100), ("1", "12220", 60), ("1", "15110", 40))
    )
    assert vocabulary == "1"
    assert parts == [("12220", D("0.6")), ("15110", D("0.4"))]
    assert warnings == []


def test_percentages_that_miss_100_are_scaled_with_a_warning():
    vocabulary, parts, warnings = splits.sector_shares(
        sectors(("1", "12220", 60), ("1", "15110", 30))
    )
    assert dict(parts) == {"12220": D(60) / D(90), "15110": D(30) / D(90)}
    assert "add up to 90, not 100" in warnings[0]


def test_missing_percentages_share_the_rest_and_one_sector_takes_all():
    assert splits.sector_shares(sectors(("1", "12220", None)))[1] == [("12220", D(1))]
    parts = dict(
        splits.sector_shares(sectors(("1", "A", 50), ("1", "B", None), ("1", "C", None)))[1]
    )
    assert parts == {"A": D("0.5"), "B": D("0.25"), "C": D("0.25")}


def test_only_other_vocabularies_and_no_sector_map_to_nothing():
    assert splits.sector_shares(sectors(("99", "X", 100)))[:2] == ("99", [("X", D(1))])
    assert splits.sector_shares([])[:2] == ("", [("", D(1))])


def test_a_transaction_sector_prefers_the_dac_vocabulary():
    assert splits.transaction_sector(sectors(("99", "X", None), ("1", "15250", None))) == (
        "1",
        "15250",
    )
    assert splits.transaction_sector([]) is None


def group(pk, codes, order=0):
    return SimpleNamespace(pk=pk, sort_order=order, dac_code_list=codes)


def test_the_longest_dac_prefix_decides_the_working_group():
    sector_map = splits.SectorMap(
        [group(1, ["151"]), group(2, ["150", "15142"]), group(3, ["15250"]), group(4, ["311"])]
    )
    assert sector_map.group_for("1", "15110") == 1
    assert sector_map.group_for("1", "15142") == 2
    assert sector_map.group_for("1", "15250") == 3
    assert sector_map.group_for("2", "151") == 1
    assert sector_map.group_for("2", "311") == 4
    assert sector_map.group_for("1", "31165") == 4
    assert sector_map.group_for("1", "13020") is None
    assert sector_map.group_for("99", "151") is None  # another vocabulary
    assert sector_map.group_for("1", "") is None
