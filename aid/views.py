"""The Aid tab of an SWG space, its activity pages and its downloads.

Aid data is public: IATI publications are open data that development partners publish
for anyone to reuse, and the portal shows them as published, so every reader sees the
same figures whatever their role. The one thing that can close them is the space page
itself: if an editor makes it private, the tab and activity pages (served by Wagtail
as routes of that page) and the downloads (`download` checks the same restrictions)
become private with it.

Every figure is a sum of `AidFlow`s: the SWG's share of commitments, disbursements and
expenditure after the country and sector splits (aid/splits.py).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from aid import charts, exports, rates, splits
from aid.models import (
    FLOW_TYPES,
    LARGEST_FIRST,
    Activity,
    AidFlow,
    DacSector,
    data_sources,
)
from swg.models import SectorWorkingGroup, SpacePage
from swg.views import deny, space_context

LARGEST_ACTIVITIES = 10
PARTNERS_IN_CHART = 12


def _series():
    return [
        charts.Series("commitment", _("Commitments"), "aid-bar--commitment"),
        charts.Series("disbursement", _("Disbursements"), "aid-bar--disbursement"),
    ]


def _values(row):
    return {name: row.get(name) for name in FLOW_TYPES.values()}


def _sector_names(rows):
    codes = {row["sector_code"] for row in rows}
    return {
        (sector.vocabulary, sector.code): sector
        for sector in DacSector.objects.filter(code__in=codes)
    }


def _sector_row(row, names):
    sector = names.get((row["vocabulary"], row["sector_code"]))
    if sector is not None:
        label, lang = f"{sector.code} {sector.name}", sector.name_lang
    else:
        label, lang = row["sector_code"] or _("No sector given"), ""
    return {"label": label, "lang": lang, "values": _values(row)}


def _partner_row(row, in_lao):
    if in_lao and row["partner__name_lo"]:
        return {"label": row["partner__name_lo"], "lang": "lo", "values": _values(row)}
    return {"label": row["partner__name_en"], "lang": "en", "values": _values(row)}


def rate_context():
    return {"rate_sources": rates.table().coverage(), "rates_compiled": rates.COMPILED}


def aid_context(space, aid_url):
    """Figures, charts and sources of the Aid tab of `space`'s working group, with
    activity pages below `aid_url`."""
    group = space.working_group
    flows = AidFlow.objects.of_group(group)
    in_lao = (get_language() or "").startswith("lo")
    totals = flows.aggregate(**flows.totals())
    years = [{"label": row["year"], "values": _values(row)} for row in flows.by_year()]
    partner_rows = list(flows.by_partner())
    partners = [_partner_row(row, in_lao) for row in partner_rows]
    sector_rows = list(flows.by_sector())
    names = _sector_names(sector_rows)
    sectors = [_sector_row(row, names) for row in sector_rows]
    largest = list(
        flows.by_activity().order_by(
            LARGEST_FIRST, F("disbursement").desc(nulls_last=True), "activity_id"
        )[:LARGEST_ACTIVITIES]
    )
    activities = Activity.objects.select_related("reporting_org").in_bulk(
        [row["activity_id"] for row in largest]
    )
    series = _series()
    return {
        "totals": totals,
        "has_data": any(value is not None for value in totals.values()),
        "years": years,
        "partners": partners,
        "sectors": sectors,
        "year_chart": charts.column_chart("aid-years", _("By year"), years, series),
        "partner_chart": charts.bar_chart(
            "aid-partners", _("By development partner"), partners[:PARTNERS_IN_CHART], series
        ),
        "partners_not_drawn": max(len(partners) - PARTNERS_IN_CHART, 0),
        "sector_chart": charts.bar_chart("aid-sectors", _("By DAC sub-sector"), sectors, series),
        "largest": [
            {
                "activity": activities[row["activity_id"]],
                "values": _values(row),
                "url": f"{aid_url}{row['activity_id']}/",
            }
            for row in largest
            if row["activity_id"] in activities
        ],
        "sources": data_sources(flows),
        **rate_context(),
    }


def aid_tab(request, space):
    header = space_context(request, space, "aid")
    context = {
        **header,
        **aid_context(space, header["space_urls"]["aid"]),
        "csv_url": exports.download_url(space.working_group, "csv"),
        "xlsx_url": exports.download_url(space.working_group, "xlsx"),
    }
    return space.render(request, template="aid/aid.html", context_overrides=context)


def activity_page(request, space, pk):
    """One activity with its transactions, and this SWG's share of it."""
    group = space.working_group
    activity = get_object_or_404(
        Activity.objects.select_related("reporting_org"),
        pk=pk,
    )
    flows = AidFlow.objects.of_group(group).filter(activity=activity)
    share = flows.aggregate(**flows.totals())
    if not flows.exists():
        raise Http404
    sectors = list(activity.sectors.all())
    names = {
        (sector.vocabulary, sector.code): sector
        for sector in DacSector.objects.filter(code__in=[s.code for s in sectors])
    }
    groups = {group.pk: group for group in SectorWorkingGroup.objects.all()}
    sector_map = splits.SectorMap(groups.values())
    header = space_context(request, space, "aid")
    context = {
        **header,
        "activity": activity,
        "share": share,
        "participants": activity.participants.all(),
        "sectors": [
            {
                "sector": sector,
                "dac": names.get((sector.vocabulary, sector.code)),
                "group": groups.get(sector_map.group_for(sector.vocabulary, sector.code)),
            }
            for sector in sectors
        ],
        "transactions": activity.transactions.all(),
        "budgets": activity.budgets.all(),
        "country_percentage": activity.country_share * Decimal(100),
        "aid_url": header["space_urls"]["aid"],
        "sources": {
            "partners": [activity.reporting_org],
            "publisher_names": activity.reporting_org.name,
            "last_updated": activity.last_updated,
            "imported": activity.imported_at,
        },
        **rate_context(),
    }
    return space.render(request, template="aid/activity.html", context_overrides=context)


def download(request, slug, fmt):
    """aid.csv / aid.xlsx of one SWG: one row per activity, year and transaction type.
    Served beside the space page rather than by it (a file name is no page route), so
    it takes the page's privacy from here: where the space is private, so is this."""
    space = (
        SpacePage.objects.live()
        .filter(working_group__slug=slug, locale=Locale.get_active())
        .select_related("working_group")
        .first()
    )
    if space is None:
        raise Http404
    if not all(r.accept_request(request) for r in space.get_view_restrictions()):
        return deny(request)
    group = space.working_group
    rows = exports.rows(group)
    if fmt == "csv":
        body, content_type = exports.as_csv(rows), "text/csv; charset=utf-8"
    else:
        body = exports.as_xlsx(rows, group)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{group.slug}-aid.{fmt}"'
    return response
