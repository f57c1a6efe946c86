"""English dates that read the same on both sides of the Atlantic: the month by its name
("4 December 2026", "4 Dec 2026, 17:30"), never "12/04/2026". Typed dates are read day
first, as in Spain and the UK; the date pickers send ISO dates anyway."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-04
    "%d/%m/%Y",  # 04/12/2026
    "%d/%m/%y",  # 04/12/26
    "%d %b %Y",  # 4 Dec 2026
    "%d %B %Y",  # 4 December 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",  # what a datetime-local input sends
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
