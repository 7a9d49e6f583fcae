"""The statutory holidays of a year whose schedule the State Council has not yet announced.

《全国年节及纪念日放假办法》 as revised in 2024 (国务院令第795号) gives every citizen: 元旦
1 day, 春节 4 days (农历除夕 to 正月初三), 清明节 1 day (the day of the 清明 solar term), 劳动节
2 days, 端午节 1 day (五月初五), 中秋节 1 day (八月十五) and 国庆节 3 days. The yearly notice
only moves days around these (调休), so a year counted with them and weekends is close enough
to keep work moving, and every date counted over it is marked 暂定 until the notice is
entered. Lunar dates and solar terms come from lunar-python, never from a table kept here.
"""

from datetime import date, timedelta

from lunar_python import Lunar, Solar

# a provisional year is allowed this many years after the last confirmed one
YEARS_AHEAD = 2


def _solar(lunar):
    solar = lunar.getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def spring_festival_eve(year):
    """农历除夕 before the 春节 that falls in `year`: the day before 正月初一."""
    return _solar(Lunar.fromYmd(year, 1, 1)) - timedelta(days=1)


def qingming(year):
    """The day of the 清明 solar term in `year` (4 or 5 April)."""
    term = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    return date(term.getYear(), term.getMonth(), term.getDay())


def statutory_holidays(year):
    """{date: festival name} of the year's statutory holidays, in date order.

    A day two festivals share (中秋 on 1–3 October) carries both names. 春节 may begin in the
    year before (除夕 on 31 December): only days within `year` are returned.
    """
    eve = spring_festival_eve(year)
    festivals = [
        ("元旦", [date(year, 1, 1)]),
        ("春节", [eve + timedelta(days=n) for n in range(4)]),
        ("清明节", [qingming(year)]),
        ("劳动节", [date(year, 5, 1), date(year, 5, 2)]),
        ("端午节", [_solar(Lunar.fromYmd(year, 5, 5))]),
        ("中秋节", [_solar(Lunar.fromYmd(year, 8, 15))]),
        ("国庆节", [date(year, 10, n) for n in (1, 2, 3)]),
    ]
    days = {}
    for name, dates in festivals:
        for day in dates:
            if day.year == year:
                days[day] = f"{days[day]}、{name}" if day in days else name
    # 除夕 of next year's 春节 can fall on 31 December of this one
    next_eve = spring_festival_eve(year + 1)
    if next_eve.year == year:
        days[next_eve] = "春节"
    return dict(sorted(days.items()))
