"""Fixtures of the aid tests: an empty aid table on top of the demo, known DAC codes on
the SWGs, and a way to run `import_iati` as an operator would."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aid.models import Activity, Partner
from swg.models import SectorWorkingGroup

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "iati"

# The SWGs' DAC codes these tests compute by hand with (set with update(), as data).
DAC_CODES = {
    "health": "121, 122, 123",
    "education": "111, 112, 113, 114",
    "governance": "151",
    "macroeconomics": "150, 15142, 240, 510",
    "mine-action": "15250",
}


@pytest.fixture
def no_aid(db):
    """No aid data but what the test imports (the demo's is removed in the test's
    transaction), and the SWGs' DAC codes as in DAC_CODES."""
    Activity.objects.all().delete()
    Partner.objects.all().delete()
    for slug, codes in DAC_CODES.items():
        SectorWorkingGroup.objects.filter(slug=slug).update(dac_codes=codes)


class Run:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return f"exit {self.code}\n{self.out}\n{self.err}"


@pytest.fixture
def import_iati():
    """Run the command; returns its exit status (as manage.py would exit) and output."""

    def run(*paths, **options):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_iati", *map(str, paths), stdout=out, stderr=err, **options)
            code = 0
        except CommandError as error:
            err.write(str(error))
            code = error.returncode
        return Run(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def write_xml(tmp_path):
    def write(name, text):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
