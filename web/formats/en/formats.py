"""Dates in the English interface as the translated pages write them (29 November 2026),
not Django's American default (Nov. 29, 2026): one style on the portal and the staff site."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"

# What a clerk types into a date field in English: the ISO forms, with dashes or with the
# slashes the date fields show as their pattern (YYYY/MM/DD) and the Chinese pages accept,
# and the written form above. Not Django's American 12/07/2026, which an office in China
# would read as 12 July.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
]
