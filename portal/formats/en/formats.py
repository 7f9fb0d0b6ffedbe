"""English formats for the portal: British style, as in the portal's English text.

"27 November 2026", "27 November 2026, 14:30", 24-hour clock, weeks from Monday.
Anything not set here falls back to Django's own `en` module.
"""

from portal.formats.lo import formats as lo_formats

DATE_FORMAT = "j F Y"  # 27 November 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 27 November 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 27 November
SHORT_DATE_FORMAT = "d/m/Y"  # 27/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 27/11/2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 27/11/2026
    "%d/%m/%y",  # 27/11/26
    "%d %B %Y",  # 27 November 2026
    "%d %b %Y",  # 27 Nov 2026
    "%Y-%m-%d",  # 2026-11-27
]
# Day first, the same forms as in Lao, so that 01/02/2026 means 1 February in both.
DATETIME_INPUT_FORMATS = lo_formats.DATETIME_INPUT_FORMATS
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
