"""Form widgets every form shares."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (2026-07-01) whatever the language:
    in zh-hans Django would write 2026/07/01 (the first input format), which the picker
    shows as empty, and the next save would blank the date without anyone noticing."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
