"""Entering a year's holiday schedule: from a notice, from the package, or corrected by hand.

Whatever the way in, the change is one transaction that also recomputes every open due date
counted over the year (receivers of `schedule_changed`), so a due date is never left counted
with a schedule that no longer holds.
"""

from django.db import transaction

from base import audit
from base.workdays.models import CalendarDay, CalendarYear
from base.workdays.signals import schedule_changed


def as_it_is(years):
    """{year: [CalendarDay] or None}: the stored schedule of `years`, for `schedule_changed`."""
    entered = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    days = {year: [] for year in entered}
    for day in CalendarDay.objects.filter(year_id__in=entered):
        days[day.year_id].append(day)
    return {year: days.get(year) for year in years}


@transaction.atomic
def enter_notice(notice, actor):
    """Stores a read notice (`notice.read_notice`) as its year's confirmed schedule; returns
    how many open due dates moved.

    The year's days are replaced by the notice's; days it names in the year before (a 元旦
    that starts in December) amend that year where it is entered, and are left out where it
    is not (a year before the first entered one is never counted).
    """
    entered = set(CalendarYear.objects.values_list("year", flat=True)) | {notice.year}
    days = [day for day in notice.days if day.date.year in entered]
    years = sorted({day.date.year for day in days} | {notice.year})
    before = as_it_is(years)
    calendar_year, _created = CalendarYear.objects.update_or_create(
        year=notice.year, defaults={"source": notice.source[:200]}
    )
    CalendarDay.objects.filter(year=calendar_year).delete()
    CalendarDay.objects.filter(date__in=[day.date for day in days]).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(year_id=day.date.year, date=day.date, kind=day.kind, name=day.name)
        for day in days
    )
    audit.record(
        actor, "workdays.schedule_entered", calendar_year,
        source=notice.source, days=[line for line in notice.lines()],
        before="confirmed" if before[notice.year] is not None else "provisional",
    )  # fmt: skip
    return changed(years, before, actor)


def changed(years, before, actor):
    """Tells the receivers (due-date recomputation) that `years` changed from `before`;
    returns how many due dates they moved (each receiver returns what it moved)."""
    answers = schedule_changed.send(
        sender=CalendarYear, years=sorted(years), before=before, actor=actor
    )
    return sum(len(moved or ()) for _receiver, moved in answers)
