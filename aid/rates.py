"""US dollar values from the yearly exchange-rate table shipped in aid/data/usd_rates.csv.

The table holds published annual averages, units of the currency per US dollar, one
row per currency and year (aid/data/README.md names the sources and how the table was
made). A value is converted with the rate of the year of its value date (IATI's
"date to be used for determining the exchange rate"), else of its transaction date.
A currency or year the table does not hold has no US dollar value: it is reported,
never guessed from a neighbouring year.
"""

from __future__ import annotations

import csv
import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext_lazy as _

TABLE = Path(__file__).resolve().parent / "data" / "usd_rates.csv"
# When the table was last compiled from its sources (aid/data/README.md): shown on the
# Aid tab beside the sources. Change it with the table.
COMPILED = datetime.date(2026, 12, 4)


@dataclass(frozen=True)
class RateSource:
    key: str
    name: str
    series: str
    via: str


SOURCES = {
    "FRB": RateSource(
        "FRB",
        _("Board of Governors of the Federal Reserve System"),
        _("G.5A Foreign Exchange Rates, annual averages"),
        "FRED, Federal Reserve Bank of St. Louis",
    ),
    "IMF": RateSource(
        "IMF",
        _("International Monetary Fund"),
        _("International Financial Statistics, period-average rates (ENDA)"),
        "Code for IATI, imf-exchangerates",
    ),
}


@dataclass(frozen=True)
class RateTable:
    rates: dict[tuple[str, int], Decimal]
    sources: dict[str, str]

    def units_per_usd(self, currency: str, year: int) -> Decimal | None:
        if currency == "USD":
            return Decimal(1)
        return self.rates.get((currency, year))

    def to_usd(self, value: Decimal, currency: str, year: int) -> Decimal | None:
        """`value` in US dollars, or None when the table has no rate for it."""
        rate = self.units_per_usd(currency, year)
        if rate is None or rate == 0:
            return None
        return value / rate

    def coverage(self):
        """Per source: its currencies and the years it covers, for the page's statement."""
        found = {}
        for (currency, year), _rate in self.rates.items():
            source = self.sources[currency]
            entry = found.setdefault(source, {"currencies": set(), "first": year, "last": year})
            entry["currencies"].add(currency)
            entry["first"] = min(entry["first"], year)
            entry["last"] = max(entry["last"], year)
        return [
            {
                "source": SOURCES[key],
                "currencies": sorted(entry["currencies"]),
                "first": entry["first"],
                "last": entry["last"],
            }
            for key, entry in sorted(found.items())
        ]


@functools.cache
def table() -> RateTable:
    """The shipped table, read once per process."""
    rates, sources = {}, {}
    with TABLE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            currency = row["currency"].strip().upper()
            rates[(currency, int(row["year"]))] = Decimal(row["units_per_usd"])
            sources[currency] = row["source"].strip()
    return RateTable(rates, sources)
