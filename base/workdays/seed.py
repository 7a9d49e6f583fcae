"""Seeds the calendar from the `chinese-calendar` package for every year it knows.

Years already in the database are left alone: an administrator's correction wins over the
package, and a new package release only adds the years that were missing.
"""

from importlib.metadata import version

import chinese_calendar
from django.db import transaction

from base.workdays.models import CalendarDay, CalendarYear, DayKind
from base.workdays.schedule import changed

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def package_years():
    return sorted({day.year for day in chinese_calendar.holidays})


@transaction.atomic
def seed_from_package(actor="seed_calendar"):
    """Adds the years the package knows and the database lacks; returns those years. Open
    due dates counted provisionally over an added year are recomputed."""
    have = set(CalendarYear.objects.values_list("year", flat=True))
    source = f"chinese-calendar {version('chinesecalendar')}"
    added = [year for year in package_years() if year not in have]
    for year in added:
        calendar_year = CalendarYear.objects.create(year=year, source=source)
        days = [
            CalendarDay(year=calendar_year, date=day, kind=kind, name=HOLIDAY_NAMES[name])
            for kind, table in (
                (DayKind.HOLIDAY, chinese_calendar.holidays),
                (DayKind.MAKEUP_WORKDAY, chinese_calendar.workdays),
            )
            for day, name in table.items()
            if day.year == year
        ]
        CalendarDay.objects.bulk_create(days)
    if added:
        changed(added, dict.fromkeys(added), actor)
    return added


def seed_after_migrate(using="default", **kwargs):
    with transaction.atomic(using=using):
        seed_from_package("migrate")
