"""A date typed into a staff form means the same day in both languages: the date fields show
YYYY/MM/DD as their pattern, and an English page refused what it asked for."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import override


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("typed", ["2026/12/07", "2026-12-07"])
def test_the_pattern_the_fields_show_is_read_in_both_languages(language, typed):
    with override(language):
        assert forms.DateField().clean(typed) == date(2026, 12, 7)


def test_english_reads_the_written_date_and_refuses_the_american_order():
    with override("en"):
        assert forms.DateField().clean("7 December 2026") == date(2026, 12, 7)
        with pytest.raises(ValidationError):
            forms.DateField().clean("12/07/2026")  # 12 July or 7 December: asked again
