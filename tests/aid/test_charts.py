"""The server-drawn bar charts: bars proportional to the figures, round ticks, axis
numbers and units in the reader's language."""

from decimal import Decimal

from django.utils import translation

from aid import charts

SERIES = [charts.Series("commitment", "C", "c"), charts.Series("disbursement", "D", "d")]
ROWS = [
    {"label": 2024, "values": {"commitment": Decimal(3_000_000), "disbursement": Decimal(750_000)}},
    {"label": 2025, "values": {"commitment": None, "disbursement": Decimal(1_500_000)}},
]


def test_nice_ticks_cover_the_largest_value_in_round_steps():
    assert charts.nice_ticks(3_000_000) == [0, 1_000_000, 2_000_000, 3_000_000]
    assert charts.nice_ticks(7_300) == [0, 2_000, 4_000, 6_000, 8_000]
    assert charts.nice_ticks(0) == [0.0, 1.0]


def test_columns_are_proportional_to_the_figures():
    chart = charts.column_chart("c", "By year", ROWS, SERIES)
    assert len(chart.bars) == 4 and not chart.empty
    heights = {(bar.series.key, bar.value): bar.height for bar in chart.bars}
    tallest = heights[("commitment", Decimal(3_000_000))]
    assert tallest == chart.plot["height"]  # 3 million is the top tick
    assert heights[("disbursement", Decimal(1_500_000))] == tallest / 2
    assert heights[("commitment", Decimal(0))] == 0  # no commitment in 2025
    assert [label["text"] for label in chart.labels] == ["2024", "2025"]


def test_bars_are_proportional_and_long_labels_are_shortened_in_the_drawing():
    long = "ການສົ່ງ ແລະ ການຈຳໜ່າຍໄຟຟ້າ (ລະບົບໄຟຟ້າຂະໜາດນ້ອຍແຍກສ່ວນ) ແລະ ອື່ນໆອີກຫຼາຍຢ່າງ"
    rows = [{"label": long, "values": {"commitment": Decimal(10), "disbursement": Decimal(5)}}]
    chart = charts.bar_chart("b", "By sector", rows, SERIES)
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == chart.plot["width"] and widths[1] == widths[0] / 2
    assert chart.labels[0]["full"] == long and chart.labels[0]["text"].endswith("…")


def test_axis_numbers_and_unit_follow_the_language():
    rows = [{"label": 1, "values": {"commitment": Decimal(2_500_000), "disbursement": None}}]
    with translation.override("lo"):
        chart = charts.column_chart("c", "x", rows, SERIES)
        assert [tick.label for tick in chart.ticks] == ["0", "0,5", "1", "1,5", "2", "2,5"]
        assert chart.unit == "ລ້ານໂດລາສະຫະລັດ"
    with translation.override("en"):
        chart = charts.column_chart("c", "x", rows, SERIES)
        assert [tick.label for tick in chart.ticks][:2] == ["0", "0.5"]
        assert chart.unit == "million US$"
