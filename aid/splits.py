"""How much of a transaction is Lao PDR's and each sector's, as IATI defines it, and
which SWG a sector belongs to.

Country: when the transaction names its own recipient country, it is wholly that
country's; otherwise the activity's percentage for the country applies to every value
(an activity naming only one country or region, without percentage, is all of it; a
country listed without percentage beside others shares what the given percentages
leave).

Sector: a transaction's own sector takes its whole value; otherwise the activity's
sectors share it by their percentages. Of several vocabularies, one is used so that
nothing counts twice: DAC 5-digit (`1`, also when the vocabulary is absent), else DAC
3-digit (`2`), else the first other vocabulary given (kept, mapped to no SWG).
Percentages of that vocabulary that do not add up to 100 are scaled to 100 (with a
warning), so that the whole value is always allocated.

SWG: a DAC code maps to the SWG whose DAC code (`SectorWorkingGroup.dac_codes`) is the
longest prefix of it; other vocabularies map to none.
"""

from __future__ import annotations

from decimal import Decimal

from aid.models import DAC_VOCABULARIES

HUNDRED = Decimal(100)
ONE = Decimal(1)
ZERO = Decimal(0)


def country_share(countries, region_percentages, country: str) -> tuple[Decimal, list[str]]:
    """The fraction of the activity that goes to `country`, and warnings."""
    entries = [(c.code, c.percentage) for c in countries] + [
        ("", percentage) for percentage in region_percentages
    ]
    mine = [percentage for code, percentage in entries if code == country]
    if not mine:
        return ZERO, []
    given = [percentage for percentage in mine if percentage is not None]
    if len(given) == len(mine):
        return sum(given, ZERO) / HUNDRED, []
    if len(entries) == 1:
        return ONE, []
    known = sum((p for _code, p in entries if p is not None), ZERO)
    missing = sum(1 for _code, p in entries if p is None)
    share = max(HUNDRED - known, ZERO) / missing * (len(mine) - len(given)) + sum(given, ZERO)
    return share / HUNDRED, [
        f"recipient-country {country} has no percentage beside other countries or regions: "
        f"given {share:.2f} % (what the others leave)"
    ]


def transaction_country_share(transaction, activity_share: Decimal, country: str) -> Decimal:
    if transaction.recipient_country:
        return ONE if transaction.recipient_country == country else ZERO
    return activity_share


def _chosen_vocabulary(sectors):
    vocabularies = [sector.vocabulary for sector in sectors]
    for preferred in DAC_VOCABULARIES:
        if preferred in vocabularies:
            return preferred
    return vocabularies[0] if vocabularies else ""


def sector_shares(sectors) -> tuple[str, list[tuple[str, Decimal]], list[str]]:
    """(vocabulary, [(code, fraction)], warnings) for the activity-level sectors."""
    vocabulary = _chosen_vocabulary(sectors)
    if not vocabulary:
        return "", [("", ONE)], []
    chosen = [sector for sector in sectors if sector.vocabulary == vocabulary]
    warnings = []
    given = sum((s.percentage for s in chosen if s.percentage is not None), ZERO)
    missing = [s for s in chosen if s.percentage is None]
    percentages = {}
    for sector in chosen:
        if sector.percentage is None:
            value = HUNDRED if len(chosen) == 1 else max(HUNDRED - given, ZERO) / len(missing)
        else:
            value = sector.percentage
        percentages[sector.code] = percentages.get(sector.code, ZERO) + value
    if missing and len(chosen) > 1:
        warnings.append(
            f"{len(missing)} sector(s) of vocabulary {vocabulary} without percentage: "
            "they share what the others leave"
        )
    total = sum(percentages.values(), ZERO)
    if total == 0:
        warnings.append(f"sector percentages of vocabulary {vocabulary} are all 0: split evenly")
        even = ONE / len(percentages)
        return vocabulary, [(code, even) for code in percentages], warnings
    if total != HUNDRED:
        warnings.append(
            f"sector percentages of vocabulary {vocabulary} add up to {total.normalize():f}, "
            "not 100: scaled to 100"
        )
    return vocabulary, [(code, value / total) for code, value in percentages.items()], warnings


def transaction_sector(sectors) -> tuple[str, str] | None:
    """(vocabulary, code) of a transaction's own sector, or None."""
    vocabulary = _chosen_vocabulary(sectors)
    if not vocabulary:
        return None
    code = next(sector.code for sector in sectors if sector.vocabulary == vocabulary)
    return vocabulary, code


class SectorMap:
    """DAC code -> SWG id, by the longest matching prefix among the SWGs' DAC codes."""

    def __init__(self, working_groups):
        prefixes = []
        for group in working_groups:
            for code in group.dac_code_list:
                prefixes.append((code, group.sort_order, group.pk))
        # Longest prefix first; between SWGs listing the same code, the first in order.
        self._prefixes = sorted(prefixes, key=lambda item: (-len(item[0]), item[1], item[2]))
        self._cache = {}

    def group_for(self, vocabulary: str, code: str) -> int | None:
        if vocabulary not in DAC_VOCABULARIES or not code:
            return None
        if code not in self._cache:
            self._cache[code] = next(
                (pk for prefix, _order, pk in self._prefixes if code.startswith(prefix)), None
            )
        return self._cache[code]
