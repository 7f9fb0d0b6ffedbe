"""Bar charts drawn on the server as inline SVG (no JavaScript), with the geometry
computed here and the markup in aid/templates/aid/includes/bar_chart.html.

Every chart is shown beside a table holding the same figures; the SVG is one image
for assistive technology (`role="img"` with a title and description), its text uses
the page's fonts (Lao included), and its numbers follow the active locale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

WIDTH = 640
MAX_LABEL = 58  # characters of a category label drawn in the chart (the table has all)


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    css_class: str


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: Series
    value: Decimal
    label: str  # what a pointer's tooltip says


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    unit: str
    orientation: str
    series: list[Series]
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    plot: dict = field(default_factory=dict)

    @property
    def empty(self):
        return not self.bars


def _number(value, places=0):
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def scale_unit(largest: float) -> tuple[float, str]:
    """A divisor and its unit label, so that axis numbers stay short."""
    if largest >= 1_000_000:
        return 1_000_000, _("million US$")
    if largest >= 1_000:
        return 1_000, _("thousand US$")
    return 1, _("US$")


def nice_ticks(largest: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `largest` (steps of 1, 2 or 5 x 10^n)."""
    if largest <= 0:
        return [0.0, 1.0]
    rough = largest / count
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    top = math.ceil(largest / step) * step
    return [i * step for i in range(int(round(top / step)) + 1)]


def _tick_label(value, divisor):
    scaled = value / divisor
    places = 0 if float(scaled).is_integer() else 1
    return _number(Decimal(str(round(scaled, places))), places)


def _short(text):
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def _tooltip(category, series, value):
    return f"{category} – {series.label}: US$ {_number(value)}"


def _largest(rows, series):
    return max((float(row["values"].get(s.key) or 0) for row in rows for s in series), default=0.0)


@dataclass
class _Scale:
    """Values to lengths along a chart's value axis of `length` units."""

    divisor: float
    unit: str
    ticks: list[float]
    length: float

    @classmethod
    def of(cls, rows, series, length):
        largest = _largest(rows, series)
        divisor, unit = scale_unit(largest)
        return cls(divisor, unit, nice_ticks(largest), length)

    def __call__(self, value) -> float:
        return float(value or 0) / self.ticks[-1] * self.length

    def axis(self, position) -> list[Tick]:
        """The ticks, placed by `position(length along the axis)`."""
        return [
            Tick(round(position(self(tick)), 2), _tick_label(tick, self.divisor))
            for tick in self.ticks
        ]


def _chart(chart_id, title, scale, orientation, series, height, plot):
    return Chart(
        chart_id,
        title,
        _("Bar chart; the same figures are in the table beside it."),
        WIDTH,
        height,
        scale.unit,
        orientation,
        series,
        plot=plot,
    )


def _label(x, y, row):
    return {"x": round(x, 2), "y": y, "text": _short(str(row["label"])), "full": str(row["label"])}


def _values(row, series):
    for position, one in enumerate(series):
        yield position, one, row["values"].get(one.key) or Decimal(0)


def column_chart(chart_id, title, rows, series, *, height=300):
    """Grouped columns, one group per row (`{"label", "values": {series key: value}}`),
    e.g. one per year."""
    left, right, top, bottom = 56, 8, 16, 36
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    scale = _Scale.of(rows, series, plot_h)
    base = top + plot_h
    chart = _chart(
        chart_id,
        title,
        scale,
        "columns",
        series,
        height,
        {"left": left, "top": top, "width": plot_w, "height": plot_h, "bottom": base},
    )
    chart.ticks = scale.axis(lambda length: base - length)
    if not rows:
        return chart
    group_w = plot_w / len(rows)
    bar_w = min(group_w * 0.8 / len(series), 48)
    for index, row in enumerate(rows):
        start = left + index * group_w + (group_w - bar_w * len(series)) / 2
        for position, one, value in _values(row, series):
            bar_h = scale(value)
            chart.bars.append(
                Bar(
                    round(start + position * bar_w, 2),
                    round(base - bar_h, 2),
                    round(bar_w - 2, 2),
                    round(bar_h, 2),
                    one,
                    value,
                    _tooltip(row["label"], one, value),
                )
            )
        chart.labels.append(_label(left + index * group_w + group_w / 2, base + 20, row))
    return chart


def bar_chart(chart_id, title, rows, series):
    """Grouped horizontal bars, one group per row, its label written above its bars
    (long Lao partner and sector names need the whole width)."""
    bar_h, label_h, gap, top, axis_h = 14, 20, 10, 8, 24
    group_h = label_h + bar_h * len(series) + gap
    height = top + group_h * max(len(rows), 1) + axis_h
    left, right = 4, 24
    plot_w = WIDTH - left - right
    scale = _Scale.of(rows, series, plot_w)
    chart = _chart(
        chart_id,
        title,
        scale,
        "bars",
        series,
        height,
        {"left": left, "top": top, "width": plot_w, "bottom": height - axis_h},
    )
    chart.ticks = scale.axis(lambda length: left + length)
    for index, row in enumerate(rows):
        y = top + index * group_h
        chart.labels.append(_label(left, y + 14, row))
        for position, one, value in _values(row, series):
            chart.bars.append(
                Bar(
                    left,
                    y + label_h + position * bar_h,
                    round(scale(value), 2),
                    bar_h - 2,
                    one,
                    value,
                    _tooltip(row["label"], one, value),
                )
            )
    return chart
