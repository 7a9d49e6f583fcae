"""Working days counted in bulk: many intervals against one loaded calendar.

The supervision board, the proposal board and the statistics count thousands of intervals.
`deadlines.py` walks day by day, which explains a single deadline; here each year is walked
once into running totals, after which an interval costs a subtraction per year it spans. The
rules are those of `deadlines.py` (`working_days_left` is the day-by-day definition the tests
hold this to), and a due date is `add_working_days`'s, only remembered per start.
"""

from datetime import date, timedelta

from base.workdays.deadlines import CalendarMissingYear, WorkingCalendar, add_working_days


class WorkdayCounter:
    """Counts from `today` (for `left`) with one calendar; a year the calendar lacks is
    reported as the year, never guessed."""

    def __init__(self, today=None, calendar_=None):
        self.today = today
        self.calendar = calendar_ or WorkingCalendar()
        self._prefix = {}  # year -> [working days among its first n days] or None (missing)
        self._between, self._left, self._after = {}, {}, {}

    def _counts(self, year):
        if year not in self._prefix:
            try:
                day, counts = date(year, 1, 1), [0]
                while day.year == year:
                    counts.append(counts[-1] + self.calendar.is_working_day(day))
                    day += timedelta(days=1)
                self._prefix[year] = counts
            except CalendarMissingYear:
                self._prefix[year] = None
        if self._prefix[year] is None:
            raise CalendarMissingYear(year)
        return self._prefix[year]

    def has_year(self, year):
        try:
            self._counts(year)
        except CalendarMissingYear:
            return False
        return True

    def between(self, first, last):
        """Working days after `first` up to and including `last` (0 when `last` is not
        later): a task opened and done on one day took 0 working days."""
        if last <= first:
            return 0
        if (first, last) not in self._between:
            start, total = first + timedelta(days=1), 0
            for year in range(start.year, last.year + 1):
                counts = self._counts(year)
                new_year = date(year, 1, 1).toordinal()
                lo = start.toordinal() - new_year if year == start.year else 0
                hi = last.toordinal() - new_year + 1 if year == last.year else len(counts) - 1
                total += counts[hi] - counts[lo]
            self._between[first, last] = total
        return self._between[first, last]

    def left(self, due):
        """(working days after today up to `due`, negative when past; the missing year):
        one of the two is None. The missing year is the one nearest today. Each date is
        counted once: a board's items share their due dates."""
        if due not in self._left:
            self._left[due] = self._count_left(due)
        return self._left[due]

    def _count_left(self, due):
        try:
            if due >= self.today:
                return self.between(self.today, due), None
            for year in range(self.today.year, (due + timedelta(days=1)).year - 1, -1):
                self._counts(year)  # the nearest missing year is the one to name
            return -self.between(due, self.today), None
        except CalendarMissingYear as missing:
            return None, missing.year

    def after(self, start, count):
        """(the day `count` working days after `start`, None) or (None, the missing year),
        counted once per distinct start with this counter's calendar."""
        key = (start, count)
        if key not in self._after:
            try:
                self._after[key] = (add_working_days(start, count, self.calendar).due, None)
            except CalendarMissingYear as missing:
                self._after[key] = (None, missing.year)
        return self._after[key]
