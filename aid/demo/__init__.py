"""The demo's aid data: a made-up IATI file for Lao PDR (lao-pdr-made-up-activities.xml),
imported like any publisher's file. A dozen fictional development partners, activities
in the sectors of the ten SWGs from 2019 to 2026, multi-country and multi-sector
activities, one activity with transaction-level sectors, one sector that maps to no
SWG and one activity for another country only. Importing it again changes nothing."""

from pathlib import Path

from aid import services

DEMO_FILE = Path(__file__).resolve().parent / "lao-pdr-made-up-activities.xml"


def load(*, log=print):
    report = services.import_paths([DEMO_FILE], log=lambda _line: None)
    for refusal in report.refused:  # the shipped file is valid; say so loudly if not
        log(f"Aid demo: refused {refusal}")
    log(
        f"Aid activities (made up): {report.new} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.other_country} for another country"
    )
    return report
