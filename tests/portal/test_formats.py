"""Dates, times and numbers read naturally in Lao and in English (DESIGN.md §3.5).

Django has no Lao format module and no Lao catalog: `portal/formats/lo/` supplies the
formats, and the upstream Lao catalog (`locale/upstream/`) Django's month and weekday
names, form errors and time spans.
"""

import ast
import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import django.utils.dates
import polib
import pytest
from django import forms
from django.template import Context, Template
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone, translation
from django.utils.timesince import timesince

UPSTREAM_PO = Path(__file__).resolve().parents[2] / "locale/upstream/lo/LC_MESSAGES/django.po"

MONTHS_LO = [
    "ມັງກອນ",
    "ກຸມພາ",
    "ມີນາ",
    "ເມສາ",
    "ພຶດສະພາ",
    "ມິຖຸນາ",
    "ກໍລະກົດ",
    "ສິງຫາ",
    "ກັນຍາ",
    "ຕຸລາ",
    "ພະຈິກ",
    "ທັນວາ",
]
MONTHS_LO_ABBR = [
    "ມ.ກ.",
    "ກ.ພ.",
    "ມ.ນ.",
    "ມ.ສ.",
    "ພ.ພ.",
    "ມິ.ຖ.",
    "ກ.ລ.",
    "ສ.ຫ.",
    "ກ.ຍ.",
    "ຕ.ລ.",
    "ພ.ຈ.",
    "ທ.ວ.",
]
WEEKDAYS_LO = ["ວັນຈັນ", "ວັນອັງຄານ", "ວັນພຸດ", "ວັນພະຫັດ", "ວັນສຸກ", "ວັນເສົາ", "ວັນອາທິດ"]
WEEKDAYS_LO_ABBR = ["ຈັນ", "ອັງຄານ", "ພຸດ", "ພະຫັດ", "ສຸກ", "ເສົາ", "ອາທິດ"]
MONDAY = datetime.date(2026, 11, 23)
DAY = datetime.date(2026, 11, 27)
# 07:30 UTC is 14:30 in Vientiane (UTC+7, no daylight saving).
MEETING = datetime.datetime(2026, 11, 27, 7, 30, tzinfo=datetime.UTC)


def in_lang(lang, func, *args, **kwargs):
    with translation.override(lang):
        return func(*args, **kwargs)


def render(lang, source, **context):
    with translation.override(lang):
        return Template(source).render(Context(context))


# --- Dates and times -----------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, fmt, expected",
    [
        ("lo", "DATE_FORMAT", "27 ພະຈິກ 2026"),
        ("lo", "SHORT_DATE_FORMAT", "27/11/2026"),
        ("lo", "MONTH_DAY_FORMAT", "27 ພະຈິກ"),
        ("lo", "YEAR_MONTH_FORMAT", "ພະຈິກ 2026"),
        ("en", "DATE_FORMAT", "27 November 2026"),
        ("en", "SHORT_DATE_FORMAT", "27/11/2026"),
        ("en", "MONTH_DAY_FORMAT", "27 November"),
        ("en", "YEAR_MONTH_FORMAT", "November 2026"),
    ],
)
def test_date_formats(lang, fmt, expected):
    assert in_lang(lang, formats.date_format, DAY, fmt) == expected


@pytest.mark.parametrize(
    "lang, fmt, expected",
    [
        ("lo", "DATETIME_FORMAT", "27 ພະຈິກ 2026 ເວລາ 14:30"),
        ("lo", "SHORT_DATETIME_FORMAT", "27/11/2026 14:30"),
        ("lo", "TIME_FORMAT", "14:30"),
        ("en", "DATETIME_FORMAT", "27 November 2026, 14:30"),
        ("en", "SHORT_DATETIME_FORMAT", "27/11/2026 14:30"),
        ("en", "TIME_FORMAT", "14:30"),
    ],
)
def test_meeting_times_are_shown_in_vientiane_time(lang, fmt, expected):
    assert timezone.get_current_timezone() == ZoneInfo("Asia/Vientiane")
    local = timezone.localtime(MEETING)
    assert in_lang(lang, formats.date_format, local, fmt) == expected
    # Templates convert aware datetimes to the current time zone themselves.
    assert render(lang, "{{ when|date:fmt }}", when=MEETING, fmt=fmt) == expected


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_time_uses_24_hour_clock_with_leading_zero(lang):
    morning = datetime.time(9, 5)
    evening = datetime.time(21, 5)
    assert in_lang(lang, formats.time_format, morning) == "09:05"
    assert in_lang(lang, formats.time_format, evening) == "21:05"


def test_localize_filter_uses_lao_format():
    assert render("lo", "{{ day }}", day=DAY) == "27 ພະຈິກ 2026"
    assert render("en", "{{ day }}", day=DAY) == "27 November 2026"


# --- Month and weekday names ---------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_lao_month_names(month):
    day = datetime.date(2026, month, 1)
    assert in_lang("lo", formats.date_format, day, "F") == MONTHS_LO[month - 1]
    assert in_lang("lo", formats.date_format, day, "E") == MONTHS_LO[month - 1]
    assert in_lang("lo", formats.date_format, day, "N") == MONTHS_LO_ABBR[month - 1]
    assert in_lang("lo", formats.date_format, day, "M") == MONTHS_LO_ABBR[month - 1]
    assert in_lang("lo", formats.date_format, day, "b") == MONTHS_LO_ABBR[month - 1]


@pytest.mark.parametrize("offset", range(7))
def test_lao_weekday_names(offset):
    day = MONDAY + datetime.timedelta(days=offset)
    assert in_lang("lo", formats.date_format, day, "l") == WEEKDAYS_LO[offset]
    assert in_lang("lo", formats.date_format, day, "D") == WEEKDAYS_LO_ABBR[offset]


def test_english_names_stay_english():
    assert in_lang("en", formats.date_format, DAY, "l j F Y") == "Friday 27 November 2026"
    assert in_lang("en", formats.date_format, DAY, "D j M") == "Fri 27 Nov"


def test_first_day_of_week():
    assert in_lang("lo", formats.get_format, "FIRST_DAY_OF_WEEK") == 0  # Sunday (CLDR)
    assert in_lang("en", formats.get_format, "FIRST_DAY_OF_WEEK") == 1  # Monday


def _translatable_names(path):
    """The (context, msgid) pairs of every gettext call in a Python file."""
    found = []
    for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            if node.func.id in ("_", "ngettext_lazy"):
                found.append(("", args[0]))
            elif node.func.id == "pgettext_lazy":
                found.append((args[0], args[1]))
    return found


def test_upstream_catalog_translates_every_date_name_django_looks_up():
    """After a Django upgrade, every name in django/utils/dates.py is still translated."""
    djangos = _translatable_names(django.utils.dates.__file__)
    assert len(djangos) == 62
    translated = {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(UPSTREAM_PO)) if e.msgstr}
    assert set(djangos) <= translated, set(djangos) - translated


# --- Input -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["lo", "en"])
@pytest.mark.parametrize(
    "text, expected",
    [
        ("27/11/2026", datetime.date(2026, 11, 27)),
        ("01/02/2026", datetime.date(2026, 2, 1)),
        ("2026-11-27", datetime.date(2026, 11, 27)),
    ],
)
def test_dates_are_read_day_first(lang, text, expected):
    field = forms.DateField(localize=True)
    assert in_lang(lang, field.clean, text) == expected


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_datetimes_are_read_day_first(lang):
    field = forms.DateTimeField(localize=True)
    value = in_lang(lang, field.clean, "01/02/2026 14:30")
    assert timezone.localtime(value).replace(tzinfo=None) == datetime.datetime(2026, 2, 1, 14, 30)


# --- Numbers and sizes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, grouped, plain, integer",
    [
        ("lo", "1.234.567,89", "1234567,89", "1.500.000"),
        ("en", "1,234,567.89", "1234567.89", "1,500,000"),
    ],
)
def test_number_format(lang, grouped, plain, integer):
    def fmt(number, places=None, grouping=True):
        return formats.number_format(number, places, use_l10n=True, force_grouping=grouping)

    assert in_lang(lang, fmt, 1234567.891, 2) == grouped
    assert in_lang(lang, fmt, 1234567.891, 2, False) == plain
    assert in_lang(lang, fmt, 1500000) == integer


@pytest.mark.parametrize("lang, expected", [("lo", "1,5\xa0KB"), ("en", "1.5\xa0KB")])
def test_file_sizes_use_the_decimal_separator(lang, expected):
    assert in_lang(lang, filesizeformat, 1536) == expected


# --- Django's own messages in Lao ---------------------------------------------------------


def test_file_sizes_in_bytes_are_lao():
    assert in_lang("lo", filesizeformat, 10) == "10\xa0ໄບຕ໌"
    assert in_lang("en", filesizeformat, 10) == "10\xa0bytes"


def test_time_spans_are_lao():
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    later = start + datetime.timedelta(days=3, hours=5)
    assert in_lang("lo", timesince, start, later) == "3\xa0ມື້, 5\xa0ຊົ່ວໂມງ"
    assert in_lang("en", timesince, start, later) == "3\xa0days, 5\xa0hours"


class MeetingForm(forms.Form):
    title = forms.CharField(max_length=5)
    day = forms.DateField()
    email = forms.EmailField()


@pytest.mark.parametrize(
    "data, field, lao, english",
    [
        ({}, "title", "ຕ້ອງປ້ອນຂໍ້ມູນໃນຊ່ອງນີ້.", "This field is required."),
        ({"day": "32/13/2026"}, "day", "ກະລຸນາປ້ອນວັນທີທີ່ຖືກຕ້ອງ.", "Enter a valid date."),
        (
            {"email": "not-an-address"},
            "email",
            "ກະລຸນາປ້ອນທີ່ຢູ່ອີເມວທີ່ຖືກຕ້ອງ.",
            "Enter a valid email address.",
        ),
        (
            {"title": "ກອງປະຊຸມ"},
            "title",
            "ຄ່ານີ້ຕ້ອງມີບໍ່ເກີນ 5 ຕົວອັກສອນ (ປັດຈຸບັນມີ 8 ຕົວອັກສອນ).",
            "Ensure this value has at most 5 characters (it has 8).",
        ),
    ],
)
def test_form_errors_are_lao(data, field, lao, english):
    def errors():
        form = MeetingForm(data)
        form.is_valid()
        return [str(error) for error in form.errors[field]]

    assert in_lang("lo", errors) == [lao]
    assert in_lang("en", errors) == [english]


def test_password_rules_are_lao():
    from django.contrib.auth.password_validation import password_validators_help_texts

    texts = in_lang("lo", lambda: [str(text) for text in password_validators_help_texts()])
    assert "ລະຫັດຜ່ານຂອງທ່ານຕ້ອງບໍ່ເປັນຕົວເລກທັງໝົດ." in texts
    assert all(re.search("[\u0e80-\u0eff]", text) for text in texts), texts


@pytest.mark.parametrize(
    "english, lao",
    [
        ("Remember Me", "ຈົດຈຳການເຂົ້າສູ່ລະບົບ"),
        ("Forgot your password?", "ລືມລະຫັດຜ່ານບໍ?"),
        ("Two-Factor Authentication", "ການຢືນຢັນຕົວຕົນສອງຂັ້ນຕອນ"),
        ("Incorrect code.", "ລະຫັດບໍ່ຖືກຕ້ອງ."),
    ],
)
def test_allauth_texts_are_lao(english, lao):
    assert in_lang("lo", translation.gettext, english) == lao
    assert in_lang("en", translation.gettext, english) == english


def test_allauth_login_form_is_lao():
    from allauth.account.forms import LoginForm

    def labels():
        form = LoginForm()
        return str(form.fields["password"].label), str(form.fields["remember"].label)

    assert in_lang("lo", labels) == ("ລະຫັດຜ່ານ", "ຈົດຈຳການເຂົ້າສູ່ລະບົບ")
