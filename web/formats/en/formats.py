"""Dates in the English interface as the translated pages write them (29 November 2026),
not Django's American default (Nov. 29, 2026): one style on the portal and the staff site."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
