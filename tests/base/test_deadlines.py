"""Deadlines against the State Council's holiday announcements for 2025 and 2026.

Every expected date below was worked out by hand from the announcements
(国办发明电〔2024〕12号 for 2025, 国办发明电〔2025〕7号 for 2026), not computed with the
package that seeds the calendar:

2025  元旦 1/1 · 春节 1/28–2/4, work 1/26 (Sun) and 2/8 (Sat) · 清明 4/4–4/6 ·
      劳动节 5/1–5/5, work 4/27 (Sun) · 端午 5/31–6/2 · 国庆中秋 10/1–10/8, work 9/28 (Sun)
      and 10/11 (Sat)
2026  元旦 1/1–1/3, work 1/4 (Sun) · 春节 2/15–2/23, work 2/14 (Sat) and 2/28 (Sat) ·
      清明 4/4–4/6 · 劳动节 5/1–5/5, work 5/9 (Sat) · 端午 6/19–6/21 · 中秋 9/25–9/27 ·
      国庆 10/1–10/7, work 9/20 (Sun) and 10/10 (Sat)
"""

from datetime import date

import pytest

from base.workdays.deadlines import CalendarMissingYear, add_months, add_working_days
from base.workdays.models import CalendarDay, CalendarYear, DayKind

pytestmark = pytest.mark.django_db

WORKING_DAY_CASES = [
    # start, working days, due, why
    (date(2025, 9, 26), 3, date(2025, 9, 30), "Sunday 9/28 is a make-up working day"),
    (date(2025, 9, 30), 1, date(2025, 10, 9), "National Day 10/1–10/8 skipped"),
    (date(2025, 10, 9), 2, date(2025, 10, 11), "Saturday 10/11 is a make-up working day"),
    (date(2025, 1, 24), 1, date(2025, 1, 26), "Sunday 1/26 is a make-up working day"),
    (date(2025, 1, 27), 1, date(2025, 2, 5), "Spring Festival 1/28–2/4 skipped"),
    (date(2025, 1, 27), 5, date(2025, 2, 10), "2/5, 2/6, 2/7, Saturday 2/8, then Monday 2/10"),
    (date(2025, 2, 7), 1, date(2025, 2, 8), "Saturday 2/8 is a make-up working day"),
    (date(2025, 4, 25), 1, date(2025, 4, 27), "Sunday 4/27 is a make-up working day"),
    (date(2025, 12, 31), 1, date(2026, 1, 4), "New Year 1/1–1/3 skipped, Sunday 1/4 worked"),
    (date(2026, 2, 13), 1, date(2026, 2, 14), "Saturday 2/14 is a make-up working day"),
    (date(2026, 2, 14), 1, date(2026, 2, 24), "Spring Festival 2/15–2/23 skipped"),
    (date(2026, 2, 27), 1, date(2026, 2, 28), "Saturday 2/28 is a make-up working day"),
    (date(2026, 9, 18), 1, date(2026, 9, 20), "Sunday 9/20 is a make-up working day"),
    (date(2026, 9, 24), 1, date(2026, 9, 28), "Mid-autumn 9/25–9/27 skipped"),
    (date(2026, 9, 30), 1, date(2026, 10, 8), "National Day 10/1–10/7 skipped"),
    (date(2026, 10, 8), 2, date(2026, 10, 10), "Friday 10/9, Saturday 10/10 worked"),
    (date(2026, 4, 30), 1, date(2026, 5, 6), "Labour Day 5/1–5/5 skipped"),
    (date(2026, 11, 27), 0, date(2026, 11, 27), "zero days: the start itself"),
]


@pytest.mark.parametrize(("start", "days", "due", "why"), WORKING_DAY_CASES)
def test_working_days_follow_the_announced_schedule(start, days, due, why):
    assert add_working_days(start, days).due == due, why


MONTH_CASES = [
    (date(2025, 7, 1), 3, date(2025, 10, 9), "10/1 falls in the National Day holiday"),
    (date(2025, 11, 15), 3, date(2026, 2, 24), "2/15 falls in the Spring Festival holiday"),
    (date(2025, 11, 30), 3, date(2026, 2, 28), "2/28 is a Saturday worked for Spring Festival"),
    (date(2025, 8, 31), 1, date(2025, 9, 30), "no 9/31: the month's last day, a Tuesday"),
    (date(2026, 1, 31), 3, date(2026, 4, 30), "no 4/31: the month's last day, a Thursday"),
    (date(2025, 3, 31), 2, date(2025, 6, 3), "5/31 starts Dragon Boat 5/31–6/2"),
    (date(2026, 3, 29), 3, date(2026, 6, 29), "6/29 is a Monday"),
    (date(2026, 3, 20), 3, date(2026, 6, 22), "6/20 in Dragon Boat 6/19–6/21, then Monday"),
]


@pytest.mark.parametrize(("start", "months", "due", "why"), MONTH_CASES)
def test_months_end_on_the_same_date_or_the_next_working_day(start, months, due, why):
    assert add_months(start, months).due == due, why


def test_explanation_names_the_holidays_and_make_up_days_counted():
    lines = add_working_days(date(2025, 9, 26), 6).explanation()
    text = "\n".join(lines)
    # 9/28 (Sun, worked), 9/29, 9/30, then 10/1–10/8 off, 10/9, 10/10, 10/11 (Sat, worked)
    assert "截止日：2025年10月11日（星期六）" in text
    assert "2025年10月1日至10月8日（国庆节、中秋节）" in text
    assert "2025年9月28日（星期日，国庆节）" in text
    assert "2025年10月11日（星期六，国庆节）" in text
    assert "起算日：2025年9月26日（星期五），当日不计入" in text


def test_explanation_of_a_month_deadline_says_why_it_moved():
    text = "\n".join(add_months(date(2025, 11, 15), 3).explanation())
    assert "按月推算的日期为2026年2月15日（星期日）" in text
    assert "2026年2月15日至2月23日（春节）" in text
    assert "截止日：2026年2月24日（星期二）" in text


def test_a_year_beyond_the_provisional_ones_is_an_error_not_a_guess():
    # 2026 is the last year entered: 2027 and 2028 are counted provisionally, 2029 is not
    assert not CalendarYear.objects.filter(year__gt=2026).exists()
    with pytest.raises(CalendarMissingYear, match="2029年"):
        add_working_days(date(2028, 12, 28), 5)
    with pytest.raises(CalendarMissingYear, match="2029年"):
        add_months(date(2028, 11, 1), 3)
    # nor is a year before the first one entered
    first = CalendarYear.objects.order_by("year").first().year
    with pytest.raises(CalendarMissingYear, match=f"{first - 1}年"):
        add_working_days(date(first - 1, 12, 30), 1)


def test_an_administrator_extends_the_calendar_with_a_new_year():
    year = CalendarYear.objects.create(year=2030, source="国办发明电〔2029〕1号（测试）")
    CalendarDay.objects.create(year=year, date=date(2030, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    # 2029 is not held either: give it an empty schedule so the test only depends on 2030.
    CalendarYear.objects.create(year=2029, source="测试")
    assert add_working_days(date(2029, 12, 31), 1).due == date(2030, 1, 2)


def test_negative_periods_are_refused():
    with pytest.raises(ValueError, match="负数"):
        add_working_days(date(2025, 1, 2), -1)
    with pytest.raises(ValueError, match="负数"):
        add_months(date(2025, 1, 2), -3)
