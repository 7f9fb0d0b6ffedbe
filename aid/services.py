"""Writes of the aid app: importing IATI files, and keeping flows mapped to SWGs.

`import_paths` reads files (or folders of `.xml` files), keeps the activities for one
recipient country (Lao PDR, `LA`, unless told otherwise) and stores each in its own
transaction: an activity is stored whole or not at all. Activities are keyed by their
`iati-identifier`: one that is already stored is replaced only by a newer publication
(`last-updated-datetime`) that differs from what was stored, so importing a file again
changes nothing. The `ImportReport` lists what was kept, skipped and refused.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from django.db.models import Count, Q, Sum

from aid import iati, rates, splits
from aid.models import (
    DAC_VOCABULARIES,
    FLOW_TYPES,
    Activity,
    ActivitySector,
    AidFlow,
    Budget,
    DacSector,
    ParticipatingOrganisation,
    Partner,
    Transaction,
)
from swg.models import SectorWorkingGroup

LAO_PDR = "LA"
PROGRESS_EVERY = 200


@dataclass
class Refusal:
    source: str
    activity: str
    problems: list[str]

    def __str__(self):
        where = f"{self.source}: {self.activity}" if self.activity else self.source
        return f"{where}: " + "; ".join(self.problems)


@dataclass
class ImportReport:
    files: int = 0
    files_refused: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    other_country: int = 0
    refused: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kept_ids: set[int] = field(default_factory=set)

    @property
    def ok(self):
        return not self.refused

    @property
    def activities_refused(self):
        return sum(1 for refusal in self.refused if refusal.activity)


def xml_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """(path, how to name it) for each file given, and each `.xml` file in folders given."""
    found = []
    for path in paths:
        if path.is_dir():
            found.extend((child, str(child)) for child in sorted(path.rglob("*.xml")))
        else:
            found.append((path, str(path)))
    return found


def import_paths(
    paths: Iterable[Path],
    *,
    country: str = LAO_PDR,
    force: bool = False,
    log: Callable[[str], None] = print,
) -> ImportReport:
    """Import the IATI activity files at `paths`; see the module docstring."""
    report = ImportReport()
    sector_map = splits.SectorMap(SectorWorkingGroup.objects.all())
    table = rates.table()
    for path, shown in xml_files(paths):
        report.files += 1
        if not path.exists():
            report.files_refused += 1
            report.refused.append(Refusal(shown, "", ["no such file"]))
            continue
        try:
            iati.check_well_formed(path)
        except iati.FileRefused as error:
            report.files_refused += 1
            report.refused.append(Refusal(shown, "", [str(error)]))
            continue
        header, activities = iati.read_activities(path)
        report.warnings.extend(f"{shown}: {warning}" for warning in header.warnings)
        seen = 0
        for parsed in activities:
            seen += 1
            if seen % PROGRESS_EVERY == 0:
                log(f"{shown}: {seen} activities read …")
            _import_one(parsed, shown, path.name, country, force, sector_map, table, report)
        log(f"{shown}: {seen} activities read")
    return report


def _import_one(parsed, shown, source, country, force, sector_map, table, report):
    if parsed.errors:
        report.refused.append(Refusal(shown, parsed.label, parsed.errors))
        return
    if country not in parsed.recipient_codes():
        report.other_country += 1
        return
    try:
        outcome, activity = store_activity(
            parsed, country=country, sector_map=sector_map, table=table, source=source, force=force
        )
    except DatabaseError as error:
        # store_activity is one transaction: nothing of the activity was kept.
        report.refused.append(Refusal(shown, parsed.label, [f"could not be stored: {error}"]))
        return
    setattr(report, outcome, getattr(report, outcome) + 1)
    report.kept_ids.add(activity.pk)
    report.warnings.extend(f"{shown}: {parsed.label}: {warning}" for warning in parsed.warnings)


def _rate_year(money, fallback: datetime.date) -> int:
    return (money.value_date or fallback).year


def _partner(organisation) -> Partner:
    names = organisation.names
    name_en = names.get("en") or next(iter(names.values()), "") or organisation.ref
    key = organisation.ref or name_en
    partner, created = Partner.objects.get_or_create(
        key=key[:255],
        defaults={"ref": organisation.ref, "name_en": name_en, "name_lo": names.get("lo", "")},
    )
    if not created:
        # The publisher's own English name follows its latest file; a Lao name recorded
        # in the admin stays unless the publisher now gives one itself.
        changed = {"name_en": name_en} if partner.name_en != name_en else {}
        if names.get("lo") and partner.name_lo != names["lo"]:
            changed["name_lo"] = names["lo"]
        if changed:
            Partner.objects.filter(pk=partner.pk).update(**changed)
    return partner


@transaction.atomic
def store_activity(parsed, *, country, sector_map, table, source="", force=False):
    """Store `parsed` whole (one database transaction); returns (outcome, activity) with
    outcome one of new, updated, unchanged, older."""
    existing = (
        Activity.objects.select_for_update().filter(iati_identifier=parsed.identifier).first()
    )
    if existing is not None and not force:
        if existing.fingerprint == parsed.fingerprint:
            return "unchanged", existing
        if (
            existing.last_updated
            and parsed.last_updated
            and parsed.last_updated < existing.last_updated
        ):
            return "older", existing
    share, warnings = splits.country_share(parsed.countries, parsed.region_percentages, country)
    parsed.warnings.extend(warnings)
    fields = {
        "reporting_org": _partner(parsed.reporting_org),
        "titles": parsed.titles,
        "descriptions": parsed.descriptions,
        "status": parsed.status,
        "planned_start": parsed.dates.get("planned_start"),
        "actual_start": parsed.dates.get("actual_start"),
        "planned_end": parsed.dates.get("planned_end"),
        "actual_end": parsed.dates.get("actual_end"),
        "default_currency": parsed.default_currency,
        "recipient_countries": [
            {"code": c.code, "percentage": None if c.percentage is None else str(c.percentage)}
            for c in parsed.countries
        ],
        "country_share": share,
        "last_updated": parsed.last_updated,
        "iati_version": parsed.version[:10],
        "fingerprint": parsed.fingerprint,
        "source": source[:255],
    }
    if existing is None:
        activity = Activity.objects.create(iati_identifier=parsed.identifier, **fields)
        outcome = "new"
    else:
        activity = existing
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.save()
        for related in (activity.participants, activity.sectors, activity.budgets):
            related.all().delete()
        activity.transactions.all().delete()  # and their flows
        outcome = "updated"
    _store_children(activity, parsed, country, share, sector_map, table)
    return outcome, activity


def _store_children(activity, parsed, country, share, sector_map, table):
    ParticipatingOrganisation.objects.bulk_create(
        ParticipatingOrganisation(
            activity=activity, role=org.role, ref=org.ref[:255], names=org.names, sort_order=i
        )
        for i, org in enumerate(parsed.participants)
    )
    ActivitySector.objects.bulk_create(
        ActivitySector(
            activity=activity,
            vocabulary=sector.vocabulary[:10],
            code=sector.code[:100],
            percentage=sector.percentage,
            names=sector.names,
            sort_order=i,
        )
        for i, sector in enumerate(parsed.sectors)
    )
    Budget.objects.bulk_create(
        Budget(
            activity=activity,
            budget_type=budget.budget_type[:2],
            period_start=budget.period_start,
            period_end=budget.period_end,
            value=budget.money.value,
            currency=budget.money.currency[:3],
            value_date=budget.money.value_date,
            value_usd=table.to_usd(
                budget.money.value,
                budget.money.currency,
                _rate_year(budget.money, budget.period_start),
            ),
            sort_order=i,
        )
        for i, budget in enumerate(parsed.budgets)
    )
    vocabulary, activity_shares, warnings = splits.sector_shares(parsed.sectors)
    if any(t.transaction_type in FLOW_TYPES for t in parsed.transactions if not t.sectors):
        parsed.warnings.extend(warnings)
    flows = []
    for i, parsed_transaction in enumerate(parsed.transactions):
        money = parsed_transaction.money
        own_sector = splits.transaction_sector(parsed_transaction.sectors)
        stored = Transaction.objects.create(
            activity=activity,
            transaction_type=parsed_transaction.transaction_type,
            date=parsed_transaction.date,
            value=money.value,
            currency=money.currency[:3],
            value_date=money.value_date,
            value_usd=table.to_usd(
                money.value, money.currency, _rate_year(money, parsed_transaction.date)
            ),
            description=parsed_transaction.description,
            provider=parsed_transaction.provider[:255],
            receiver=parsed_transaction.receiver[:255],
            sector_vocabulary=own_sector[0][:10] if own_sector else "",
            sector_code=own_sector[1][:100] if own_sector else "",
            recipient_country=parsed_transaction.recipient_country[:2],
            country_share=splits.transaction_country_share(parsed_transaction, share, country),
            sort_order=i,
        )
        if stored.transaction_type not in FLOW_TYPES or stored.country_share == 0:
            continue
        if own_sector:
            sector_vocabulary, parts = own_sector[0], [(own_sector[1], splits.ONE)]
        else:
            sector_vocabulary, parts = vocabulary, activity_shares
        for code, sector_share in parts:
            part = stored.country_share * sector_share
            flows.append(
                AidFlow(
                    transaction=stored,
                    activity=activity,
                    partner_id=activity.reporting_org_id,
                    transaction_type=stored.transaction_type,
                    year=stored.date.year,
                    vocabulary=sector_vocabulary[:10],
                    sector_code=code[:100],
                    working_group_id=sector_map.group_for(sector_vocabulary, code),
                    share=part,
                    value_usd=None if stored.value_usd is None else stored.value_usd * part,
                )
            )
    AidFlow.objects.bulk_create(flows)


@transaction.atomic
def remove_activities(prefixes) -> tuple[int, int]:
    """Delete the activities whose identifier starts with one of `prefixes`, and the
    partners left without activities; returns (activities, partners) removed."""
    matching = Q()
    for prefix in prefixes:
        matching |= Q(iati_identifier__startswith=prefix.strip())
    activities = Activity.objects.filter(matching)
    count = activities.count()
    activities.delete()
    partners, _by_model = Partner.objects.filter(activities__isnull=True).delete()
    return count, partners


def unmapped_sectors(activity_ids) -> list[dict]:
    """Sectors of the given activities' flows that map to no SWG, with their sums."""
    rows = (
        AidFlow.objects.filter(activity_id__in=activity_ids, working_group__isnull=True)
        .values("vocabulary", "sector_code")
        .annotate(activities=Count("activity", distinct=True), usd=Sum("value_usd"))
        .order_by("vocabulary", "sector_code")
    )
    names = {
        (sector.vocabulary, sector.code): sector.name_en
        for sector in DacSector.objects.filter(code__in={row["sector_code"] for row in rows})
    }
    return [{**row, "name": names.get((row["vocabulary"], row["sector_code"]), "")} for row in rows]


def other_vocabularies(activity_ids) -> list[tuple[str, str, int]]:
    """(vocabulary, code, activities) of sectors outside the DAC vocabularies that sit
    beside DAC sectors (so the DAC ones carry the money and these map to nothing)."""
    return list(
        ActivitySector.objects.filter(activity_id__in=activity_ids)
        .exclude(vocabulary__in=DAC_VOCABULARIES)
        .filter(activity__sectors__vocabulary__in=DAC_VOCABULARIES)
        .values_list("vocabulary", "code")
        .annotate(activities=Count("activity", distinct=True))
        .order_by("vocabulary", "code")
    )


def values_without_rate(activity_ids) -> list[tuple[str, int, int]]:
    """(currency, year, number of values) the rate table could not convert."""
    counts = Counter()
    for model, date_field in ((Transaction, "date"), (Budget, "period_start")):
        for currency, value_date, other in model.objects.filter(
            activity_id__in=activity_ids, value_usd__isnull=True
        ).values_list("currency", "value_date", date_field):
            counts[(currency or "(none)", (value_date or other).year)] += 1
    return [(currency, year, count) for (currency, year), count in sorted(counts.items())]


def remap_flows() -> int:
    """Map every stored flow to the SWG its DAC code belongs to now (after an SWG's DAC
    codes changed); returns how many flows changed SWG."""
    sector_map = splits.SectorMap(SectorWorkingGroup.objects.all())
    pairs = (
        AidFlow.objects.exclude(sector_code="")
        .values_list("vocabulary", "sector_code", "working_group_id")
        .distinct()
    )
    changed = 0
    with transaction.atomic():
        for vocabulary, code, current in list(pairs):
            target = sector_map.group_for(vocabulary, code)
            if target != current:
                changed += AidFlow.objects.filter(
                    vocabulary=vocabulary, sector_code=code, working_group_id=current
                ).update(working_group_id=target)
    return changed
