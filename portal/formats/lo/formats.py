"""Lao date, time and number formats (Django has no `lo` format module).

Day, month name, year, as written by the Government of the Lao PDR:
"27 ພະຈິກ 2026", "27 ພະຈິກ 2026 ເວລາ 14:30"; 24-hour clock; Gregorian years and
Arabic digits. Numbers follow CLDR `lo`: "1.234.567,89". Month and weekday names
come from the portal's catalog (see `names.py`), not from Django's.

The *_FORMAT strings use Django's date format syntax; Lao letters are not format
characters, so they need no escaping. The *_INPUT_FORMATS use strftime syntax.
"""

DATE_FORMAT = "j F Y"  # 27 ພະຈິກ 2026
TIME_FORMAT = "H:i"  # 14:30, 09:05
DATETIME_FORMAT = "j F Y ເວລາ H:i"  # 27 ພະຈິກ 2026 ເວລາ 14:30
YEAR_MONTH_FORMAT = "F Y"  # ພະຈິກ 2026
MONTH_DAY_FORMAT = "j F"  # 27 ພະຈິກ
SHORT_DATE_FORMAT = "d/m/Y"  # 27/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 27/11/2026 14:30
FIRST_DAY_OF_WEEK = 0  # Sunday, as in CLDR for Laos and on Lao wall calendars

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 27/11/2026
    "%d/%m/%y",  # 27/11/26
    "%d-%m-%Y",  # 27-11-2026
    "%d.%m.%Y",  # 27.11.2026
    "%Y-%m-%d",  # 2026-11-27 (ISO, also what <input type="date"> sends)
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
    "%H:%M:%S.%f",  # 14:30:59.000200
    "%H.%M",  # 14.30
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 27/11/2026 14:30
    "%d/%m/%Y %H:%M:%S",  # 27/11/2026 14:30:59
    "%d/%m/%Y %H:%M:%S.%f",  # 27/11/2026 14:30:59.000200
    "%d/%m/%Y",  # 27/11/2026
    "%Y-%m-%d %H:%M",  # 2026-11-27 14:30
    "%Y-%m-%d %H:%M:%S",  # 2026-11-27 14:30:59
    "%Y-%m-%d",  # 2026-11-27
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
