"""Deadlines in working days and in calendar months, with the reasoning shown.

The counting rules (domain.md, "Deadlines and the calendar"):
- the day a period starts is not counted;
- N months end on the same date N months later, or that month's last day when the date
  does not exist (31 January + 1 month = 28 or 29 February);
- a period whose last day is not a working day ends on the next working day;
- a year whose schedule is not yet announced is counted provisionally (暂定) with the
  statutory holidays and weekends (`provisional.py`), up to YEARS_AHEAD years after the last
  confirmed one; the Deadline says which provisional years it counted over;
- a date before the first known year, or beyond the provisional years, is an error, never a
  guess.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from base.text import enumerate_items
from base.workdays.models import CalendarDay, CalendarYear, DayKind
from base.workdays.provisional import YEARS_AHEAD, statutory_holidays


class CalendarMissingYear(LookupError):
    """The deadline reaches a year the calendar can neither confirm nor provisionally count:
    before the first entered year, or more than YEARS_AHEAD years after the last."""

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
    """Answers "is this a working day?" from the stored exceptions, a year at a time.

    A confirmed year is one whose CalendarYear exists. A year after the last confirmed one,
    within YEARS_AHEAD, is provisional: its exceptions are the statutory holidays. `before`
    replaces what is stored for some years ({year: [CalendarDay] or None for "not entered"}),
    so that a date can be counted as it was before a schedule was entered or corrected.
    """

    def __init__(self, before=None):
        self._years = {}
        self._before = before or {}
        self._confirmed = None

    @property
    def confirmed(self):
        """The years whose schedule is entered (one query, then kept)."""
        if self._confirmed is None:
            stored = set(CalendarYear.objects.values_list("year", flat=True))
            replaced = {year for year, days in self._before.items() if days is not None}
            gone = {year for year, days in self._before.items() if days is None}
            self._confirmed = frozenset((stored | replaced) - gone)
        return self._confirmed

    def is_provisional_year(self, year):
        confirmed = self.confirmed
        return bool(confirmed) and max(confirmed) < year <= max(confirmed) + YEARS_AHEAD

    def is_provisional(self, day):
        """Whether a date lies in a year counted provisionally (its due dates are 暂定)."""
        return self.is_provisional_year(day.year)

    def states(self):
        """[(year, "confirmed" | "provisional" | "missing")] from the first year entered to
        the first one that cannot be counted at all, oldest first."""
        if not self.confirmed:
            return []
        last = max(self.confirmed) + YEARS_AHEAD + 1
        return [
            (year, "confirmed" if year in self.confirmed
             else "provisional" if self.is_provisional_year(year) else "missing")
            for year in range(min(self.confirmed), last + 1)
        ]  # fmt: skip

    def provisional_between(self, first, last):
        """The provisional years among those of `first` to `last`."""
        return tuple(y for y in range(first.year, last.year + 1) if self.is_provisional_year(y))

    def _exceptions(self, year):
        if year not in self._years:
            if year in self._before and self._before[year] is not None:
                days = self._before[year]
            elif year in self.confirmed:
                days = CalendarDay.objects.filter(year_id=year)
            elif self.is_provisional_year(year):
                days = [
                    CalendarDay(date=day, kind=DayKind.HOLIDAY, name=name)
                    for day, name in statutory_holidays(year).items()
                ]
            else:
                raise CalendarMissingYear(year)
            self._years[year] = {day.date: day for day in days}
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
    provisional: tuple = ()  # the provisional years the count went through

    @property
    def label(self):
        return due_label(self.due, bool(self.provisional))

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
        if self.provisional:
            lines.append(provisional_note(self.provisional))
        return lines


def provisional_note(years):
    """Why a date is 暂定, naming the years, as the deadline command and the pages say it."""
    return _(
        "暂定：%(years)s年的节假日安排尚未录入，期限暂按法定节假日和周末计算，"
        "录入国务院办公厅节假日安排通知后将自动重新计算。"
    ) % {"years": enumerate_items(years)}


def due_label(day, provisional):
    """2027年3月8日（暂定）: a due date as people read it, marked when provisional."""
    text = date_format(day, "DATE_FORMAT")
    return _("%(date)s（暂定）") % {"date": text} if provisional else text


def end_of(day):
    """The moment a due day is over (midnight after it, local time), for the flows' timers."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


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
        provisional=cal.provisional_between(start + timedelta(days=1), day),
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
        provisional=cal.provisional_between(nominal, due),
    )


def working_days_left(today, due, calendar_=None):
    """Working days from today (not counted) up to and including the due day; negative when
    the due day has passed (then counting the working days since).

    The rule day by day, as a person counts it; pages and reports count many dates at once
    with `counting.WorkdayCounter`, which the tests hold to this."""
    cal = calendar_ or WorkingCalendar()
    step = 1 if due >= today else -1
    day, count = today, 0
    while day != due:
        day += timedelta(days=step)
        if cal.is_working_day(day if step > 0 else day + timedelta(days=1)):
            count += step
    return count
