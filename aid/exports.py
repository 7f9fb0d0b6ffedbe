"""aid.csv and aid.xlsx of an SWG: the SWG's share of each activity's commitments,
disbursements and expenditure per year, after the country and sector splits.

Columns: iati_identifier, year, transaction_type (commitment, disbursement or
expenditure), value_usd (to the micro-dollar, so that sums of rows stay exact to the
cent), values_without_rate (how many of the row's values had no exchange rate and
are left out of value_usd), title, reporting_org, reporting_org_ref, working_group.
"""

from __future__ import annotations

import csv
import io

from django.db.models import Count, Q, Sum
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Font

from aid import rates
from aid.models import FLOW_TYPES, AidFlow

COLUMNS = [
    "iati_identifier",
    "year",
    "transaction_type",
    "value_usd",
    "values_without_rate",
    "title",
    "reporting_org",
    "reporting_org_ref",
    "working_group",
]
ATTRIBUTION = (
    "Source: IATI data as published by the reporting organisations named in each row, "
    "read with the IATI Standard (http://iatistandard.org/), CC BY 4.0."
)


def download_url(group, fmt):
    """The address of aid.csv or aid.xlsx of `group`, in the active language."""
    return reverse(f"aid_download_{fmt}", args=[group.slug])


def rows(group) -> list[dict]:
    """One row per activity, year and transaction type, in that order."""
    found = (
        AidFlow.objects.of_group(group)
        .values(
            "activity__iati_identifier",
            "activity__titles",
            "partner__name_en",
            "partner__ref",
            "year",
            "transaction_type",
        )
        .annotate(
            usd=Sum("value_usd"),
            without_rate=Count("pk", filter=Q(value_usd__isnull=True)),
        )
        .order_by("activity__iati_identifier", "year", "transaction_type")
    )
    result = []
    for row in found:
        titles = row["activity__titles"] or {}
        result.append(
            {
                "iati_identifier": row["activity__iati_identifier"],
                "year": row["year"],
                "transaction_type": FLOW_TYPES[row["transaction_type"]],
                "value_usd": row["usd"],
                "values_without_rate": row["without_rate"],
                "title": titles.get("en") or next(iter(titles.values()), ""),
                "reporting_org": row["partner__name_en"],
                "reporting_org_ref": row["partner__ref"],
                "working_group": group.slug,
            }
        )
    return result


def _usd_text(value):
    return "" if value is None else f"{value:.6f}"


def as_csv(data) -> str:
    """CSV with a UTF-8 byte order mark, so that spreadsheet programs read Lao titles."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in data:
        writer.writerow([_usd_text(row[c]) if c == "value_usd" else row[c] for c in COLUMNS])
    return buffer.getvalue()


def as_xlsx(data, group) -> bytes:
    """The same rows in a workbook, with a second sheet naming the sources."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "aid"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data:
        sheet.append(
            [float(row[c]) if c == "value_usd" and row[c] is not None else row[c] for c in COLUMNS]
        )
        sheet.cell(
            row=sheet.max_row, column=COLUMNS.index("value_usd") + 1
        ).number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("about")
    about.append([f"Aid flows of the {group.name_en} working group ({group.slug})"])
    about.append([ATTRIBUTION])
    for source in rates.table().coverage():
        about.append(
            [
                f"Exchange rates {source['first']}-{source['last']} for "
                f"{', '.join(source['currencies'])}: {source['source'].name}, "
                f"{source['source'].series} (via {source['source'].via})."
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
