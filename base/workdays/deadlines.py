"""Deadlines in working days and in calendar months, with the reasoning shown.

The counting rules (domain.md, "Deadlines and the calendar"):
- the day a period starts is not counted;
- N months end on the same date N months later, or that month's last day when the date
  does not exist (31 January + 1 month = 28 or 29 February);
- a period whose last day is not a working day ends on the next working day;
- a date in a year the calendar does not hold is an error, never a guess.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from base.workdays.models import CalendarDay, CalendarYear, DayKind


class CalendarMissingYear(LookupError):
    """The deadline reaches a year whose holiday schedule has not been entered."""

    def __init__(self, year):
        self.year = year
        super().__init__(
            _(
                "工作日历中没有%(year)s年的节假日安排，无法计算落入该年的期限。"
                "请管理员先录入%(year)s年的国务院节假日安排。"
            )
            % {"year": year}
        )


class WorkingCalendar:
    """Answers "is this a working day?" from the stored exceptions, a year at a time."""

    def __init__(self):
        self._years = {}

    def _exceptions(self, year):
        if year not in self._years:
            if not CalendarYear.objects.filter(year=year).exists():
                raise CalendarMissingYear(year)
            self._years[year] = {day.date: day for day in CalendarDay.objects.filter(year_id=year)}
        return self._years[year]

    def exception(self, day):
        """The CalendarDay for a holiday or make-up day, or None for an ordinary day."""
        return self._exceptions(day.year).get(day)

    def is_working_day(self, day):
        special = self.exception(day)
        if special is not None:
            return special.kind == DayKind.MAKEUP_WORKDAY
        return day.weekday() < 5


@dataclass(frozen=True)
class Deadline:
    start: date
    due: date
    rule: str
    holidays: tuple = ()
    makeup_days: tuple = ()
    weekend_days: int = 0
    nominal_due: date | None = None
    rolled_over: tuple = ()

    def explanation(self):
        """Lines in Chinese that let a person check the computation by hand."""
        lines = [
            _("起算日：%(day)s，当日不计入。") % {"day": long_date(self.start)},
            _("期限：%(rule)s，截止日：%(day)s。")
            % {"rule": self.rule, "day": long_date(self.due)},
        ]
        if self.nominal_due and self.nominal_due != self.due:
            lines.append(
                _(
                    "按月推算的日期为%(nominal)s，不是工作日，顺延至下一个工作日；顺延跳过：%(why)s。"
                )
                % {"nominal": long_date(self.nominal_due), "why": describe(self.rolled_over)}
            )
        if self.holidays:
            lines.append(_("跳过的法定节假日：%(days)s。") % {"days": describe(self.holidays)})
        if self.makeup_days:
            lines.append(
                _("计为工作日的调休上班日：%(days)s。") % {"days": describe(self.makeup_days)}
            )
        if self.weekend_days:
            lines.append(_("跳过的普通周末：%(count)d天。") % {"count": self.weekend_days})
        return lines


def long_date(day):
    return date_format(day, "Y年n月j日（l）")


def describe(days):
    """Consecutive days read as in the announcement: 2025年10月1日至10月8日（国庆节、中秋节）."""
    parts = []
    runs = groupby(enumerate(days), key=lambda item: item[1].date - timedelta(item[0]))
    for _offset, run in runs:
        run = [day for _index, day in run]
        first, last = run[0].date, run[-1].date
        names = "、".join(dict.fromkeys(day.name for day in run))
        if first == last:
            parts.append(f"{date_format(first, 'Y年n月j日（l，')}{names}）")
        else:
            parts.append(
                f"{date_format(first, 'Y年n月j日')}至{date_format(last, 'n月j日')}（{names}）"
            )
    return "、".join(parts)


def _require_count(count):
    if count < 0:
        raise ValueError(_("期限不能为负数：%(count)d") % {"count": count})


def add_working_days(start, count, calendar_=None):
    _require_count(count)
    cal = calendar_ or WorkingCalendar()
    holidays, makeup, weekend = [], [], 0
    day, counted = start, 0
    while counted < count:
        day += timedelta(days=1)
        special = cal.exception(day)
        if cal.is_working_day(day):
            counted += 1
            if special is not None:
                makeup.append(special)
        elif special is not None:
            holidays.append(special)
        else:
            weekend += 1
    return Deadline(
        start=start,
        due=day,
        rule=_("%(count)d个工作日") % {"count": count},
        holidays=tuple(holidays),
        makeup_days=tuple(makeup),
        weekend_days=weekend,
    )


def add_months(start, count, calendar_=None):
    _require_count(count)
    cal = calendar_ or WorkingCalendar()
    month_index = start.month - 1 + count
    year, month = start.year + month_index // 12, month_index % 12 + 1
    nominal = date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    due, rolled_over = nominal, []
    while not cal.is_working_day(due):
        rolled_over.append(cal.exception(due) or CalendarDay(date=due, name=_("周末")))
        due += timedelta(days=1)
    return Deadline(
        start=start,
        due=due,
        rule=_("%(count)d个月") % {"count": count},
        nominal_due=nominal,
        rolled_over=tuple(rolled_over),
    )


def working_days_left(today, due, calendar_=None):
    """Working days from today (not counted) up to and including the due day; negative when
    the due day has passed (then counting the working days since)."""
    cal = calendar_ or WorkingCalendar()
    step = 1 if due >= today else -1
    day, count = today, 0
    while day != due:
        day += timedelta(days=step)
        if cal.is_working_day(day if step > 0 else day + timedelta(days=1)):
            count += step
    return count
