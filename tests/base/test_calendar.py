from datetime import date

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError

from base.workdays.models import CalendarDay, CalendarYear, DayKind
from base.workdays.seed import seed_from_package

pytestmark = pytest.mark.django_db


def test_every_year_the_package_knows_is_seeded():
    package_years = {day.year for day in chinese_calendar.holidays}
    assert set(CalendarYear.objects.values_list("year", flat=True)) >= package_years
    assert CalendarDay.objects.get(date=date(2026, 2, 28)).kind == DayKind.MAKEUP_WORKDAY
    assert CalendarDay.objects.get(date=date(2026, 2, 17)).name == "春节"


def test_seeding_again_adds_nothing_and_keeps_corrections():
    CalendarDay.objects.filter(date=date(2026, 2, 17)).delete()
    before = CalendarDay.objects.count()
    assert seed_from_package() == []
    assert CalendarDay.objects.count() == before


def test_a_make_up_working_day_must_be_a_weekend_day_of_its_year():
    year = CalendarYear.objects.get(year=2026)
    weekday = CalendarDay(year=year, date=date(2026, 3, 4), kind=DayKind.MAKEUP_WORKDAY, name="x")
    with pytest.raises(ValidationError):
        weekday.full_clean()
    other_year = CalendarDay(year=year, date=date(2025, 3, 8), kind=DayKind.HOLIDAY, name="x")
    with pytest.raises(ValidationError):
        other_year.full_clean()
