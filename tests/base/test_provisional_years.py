"""A year whose schedule is not yet announced is counted with the statutory holidays of
《全国年节及纪念日放假办法》 (2024) and weekends, and every date counted over it is 暂定."""

from datetime import date

import chinese_calendar
import pytest
from django.core.management import call_command

from base.workdays.deadlines import WorkingCalendar, add_months, add_working_days
from base.workdays.provisional import statutory_holidays

pytestmark = pytest.mark.django_db


def test_the_statutory_holidays_of_2027_from_the_lunar_calendar():
    assert statutory_holidays(2027) == {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 5): "春节",  # 农历除夕
        date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节",
        date(2027, 2, 8): "春节",  # 正月初三
        date(2027, 4, 5): "清明节",
        date(2027, 5, 1): "劳动节",
        date(2027, 5, 2): "劳动节",
        date(2027, 6, 9): "端午节",
        date(2027, 9, 15): "中秋节",
        date(2027, 10, 1): "国庆节",
        date(2027, 10, 2): "国庆节",
        date(2027, 10, 3): "国庆节",
    }


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_day_is_off_in_the_announced_schedules(year):
    """The lunar and solar-term arithmetic checked against two years announced under the
    2024 rules: each statutory day is a day off there."""
    days = statutory_holidays(year)
    assert len(days) == 13
    assert all(chinese_calendar.is_holiday(day) for day in days)


def test_a_due_date_in_2027_is_provisional_not_an_error():
    deadline = add_months(date(2026, 12, 6), 3)
    assert deadline.due == date(2027, 3, 8)  # 6 March 2027 is a Saturday
    assert deadline.provisional == (2027,)
    assert deadline.label == "2027年3月8日（暂定）"
    assert "暂定：2027年的节假日安排尚未录入" in deadline.explanation()[-1]


def test_provisional_working_days_skip_the_statutory_spring_festival_only():
    # 5 Feb (除夕, Fri) to 8 Feb (初三, Mon) are off; no swapped working day is assumed
    deadline = add_working_days(date(2027, 2, 4), 1)
    assert deadline.due == date(2027, 2, 9)
    assert [day.date.day for day in deadline.holidays] == [5, 6, 7, 8]
    assert deadline.makeup_days == () and deadline.weekend_days == 0
    assert deadline.provisional == (2027,)


def test_a_count_within_confirmed_years_is_not_provisional():
    deadline = add_working_days(date(2026, 12, 1), 5)
    assert deadline.due == date(2026, 12, 8) and deadline.provisional == ()
    assert deadline.label == "2026年12月8日"


def test_the_calendar_says_which_years_are_provisional():
    calendar = WorkingCalendar()
    assert max(calendar.confirmed) == 2026
    assert [calendar.is_provisional_year(y) for y in (2026, 2027, 2028, 2029)] == [
        False, True, True, False]  # fmt: skip


def test_the_deadline_command_marks_a_provisional_date(capsys):
    call_command("deadline", "2026-12-06", "--months", "3")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2027-03-08"
    assert any("暂定" in line and "2027年" in line and "重新计算" in line for line in out)


def test_seed_calendar_prints_each_years_state(capsys):
    call_command("seed_calendar")
    out = capsys.readouterr().out
    assert "2026年：已确认" in out
    assert "2027年：暂定" in out and "2028年：暂定" in out
    assert "2029年：缺失" in out
