"""Reading the State Council's yearly notice (国务院办公厅关于YYYY年部分节假日安排的通知) as
an administrator pastes it, into the days off and the swapped working days it announces.

The notices have been written in two styles, and both are read:

    一、元旦：1月1日放假，1月2日（星期一）补休。
    四、劳动节：5月1日放假，与周末连休。
    六、中秋节、国庆节：10月1日至8日放假调休，共8天。9月30日（星期六）上班。

    一、元旦：1月1日（周三）放假1天，不调休。
    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
        1月26日（周日）、2月8日（周六）上班。

Only the days a notice names are stored: "与周末连休" adds nothing, since a weekend is not
a working day anyway. A date may name the year before (2018年12月30日 in the notice for 2019).
Nothing is guessed: a numbered line that cannot be read, a weekday in brackets that
contradicts its date, a count ("共8天") that does not add up, or a year that does not match
is an error naming the line, and the whole notice is refused.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.workdays.models import DayKind
from base.workdays.provisional import statutory_holidays

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
ITEM = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*(?P<names>[^：:]{1,20})[：:](?P<rest>.*)$")
YEAR = re.compile(r"关于(\d{4})年部分节假日安排|现将(\d{4})年")
NUMBER = re.compile(r"国办发明电\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
DATE = re.compile(
    r"(?:(?P<year>\d{4})年)?(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})日"
    r"(?:[（(](?P<note>[^）)]*)[）)])?"
)
WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
WEEKDAYS = "一二三四五六日"
DAYS_OFF = re.compile(r"(?:共|放假)(\d+)天")
# clauses that say nothing about a date of their own
SILENT = re.compile(r"^(?:共\d+天|不调休|与周末连休|放假|调休|放假调休)$")
LONGEST_BREAK = 15
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


NO_YEAR = gettext_lazy(
    "未找到通知的年份：请粘贴通知全文，包括标题“国务院办公厅关于××××年部分节假日安排的通知”。"
)


class NoticeError(ValueError):
    """The notice cannot be read; `problems` are sentences naming their lines."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class NoticeDay:
    date: date
    kind: str  # DayKind
    name: str  # the festival, in Chinese as the notice writes it
    line: int


@dataclass
class Notice:
    year: int
    source: str  # the notice's number (国办发明电〔2024〕12号), or its title
    days: list = field(default_factory=list)  # NoticeDay, in date order

    def lines(self):
        """`YYYY-MM-DD holiday 元旦`, one per day, as the holiday_notice command prints."""
        kinds = {DayKind.HOLIDAY: "holiday", DayKind.MAKEUP_WORKDAY: "workday"}
        return [f"{day.date.isoformat()} {kinds[day.kind]} {day.name}" for day in self.days]

    @property
    def years(self):
        return sorted({day.date.year for day in self.days})


def read_notice(text, year=None):
    """The Notice in `text`; `year`, when given, is the year the reader expects."""
    text = text.translate(FULL_WIDTH_DIGITS)
    lines = [line.strip(" \t\u3000\ufeff") for line in text.splitlines()]
    found, problems = notice_year(lines)
    if found is None:
        raise NoticeError(problems or [str(NO_YEAR)])
    if year is not None and found != year:
        problems.append(
            _("通知是%(found)d年的节假日安排，不是%(year)d年的。") % {"found": found, "year": year}
        )
    days = {}
    for number, line in enumerate(lines, start=1):
        item = ITEM.match(line)
        if item:
            for day in read_item(item, found, number, problems):
                other = days.get(day.date)
                if other is not None and other.kind != day.kind:
                    problems.append(
                        _("第%(line)d行：%(date)s在第%(other)d行已有不同的安排。")
                        % {"line": number, "date": readable(day.date), "other": other.line}
                    )
                days.setdefault(day.date, day)
        elif DATE.search(line) and re.search("放假|上班|补休|调休", line):
            problems.append(
                _("第%(line)d行：无法读取“%(text)s”：安排应写在“一、元旦：”这样的编号条目中。")
                % {"line": number, "text": line[:40]}
            )
    if not days and not problems:
        problems.append(_("通知中没有找到任何放假安排（应有“一、元旦：1月1日放假……”这样的条目）。"))
    if problems:
        raise NoticeError(problems)
    number = NUMBER.search(text)
    source = (
        re.sub(r"\s", "", number.group())
        if number
        else _("国务院办公厅关于%(year)d年部分节假日安排的通知") % {"year": found}
    )
    return Notice(year=found, source=source, days=sorted(days.values(), key=lambda d: d.date))


def notice_year(lines):
    """(the year the notice is for, problems) from its title or opening sentence."""
    years = {}
    for number, line in enumerate(lines, start=1):
        for match in YEAR.finditer(line):
            years.setdefault(int(match.group(1) or match.group(2)), number)
    if len(years) > 1:
        (first, line), (second, other) = sorted(years.items(), key=lambda pair: pair[1])[:2]
        return None, [
            _("第%(other)d行写的是%(second)d年，与第%(line)d行的%(first)d年不一致。")
            % {"other": other, "second": second, "line": line, "first": first}
        ]
    return (next(iter(years)), []) if years else (None, [])


def read_item(item, year, number, problems):
    """The days of one numbered item ("二、春节：…")."""
    names = [name.strip() for name in re.split("[、,，和]", item.group("names")) if name.strip()]
    unknown = [name for name in names if name not in FESTIVALS]
    if unknown:
        problems.append(
            _("第%(line)d行：无法识别的节日“%(name)s”。") % {"line": number, "name": unknown[0]}
        )
        return []
    namer = Namer(year, names)
    days, block, carried = [], [], None
    for clause in re.split("[，,。；;]", item.group("rest")):
        clause = clause.strip()
        if not clause:
            continue
        try:
            dates, carried = clause_dates(clause, year, carried)
        except ValueError as error:
            problems.append(_("第%(line)d行：%(why)s") % {"line": number, "why": error})
            return []
        said = DAYS_OFF.search(clause)
        if "至" in clause and "放假" in clause and len(dates) == 2:
            first, last = dates
            if not first < last <= first + timedelta(days=LONGEST_BREAK):
                problems.append(
                    _("第%(line)d行：“%(text)s”不是一段有效的放假日期。")
                    % {"line": number, "text": clause}
                )
                return []
            block = [first + timedelta(days=n) for n in range((last - first).days + 1)]
            days += [NoticeDay(day, DayKind.HOLIDAY, namer(day), number) for day in block]
        elif dates and ("放假" in clause or "补休" in clause) and "至" not in clause:
            block = dates if "放假" in clause else block + dates
            days += [NoticeDay(day, DayKind.HOLIDAY, namer(day), number) for day in dates]
        elif dates and "上班" in clause and "至" not in clause:
            weekday = [day for day in dates if day.weekday() < 5]
            if weekday:
                problems.append(
                    _("第%(line)d行：%(date)s是工作日，调休上班日应在周六或周日。")
                    % {"line": number, "date": readable(weekday[0])}
                )
                return []
            days += [
                NoticeDay(day, DayKind.MAKEUP_WORKDAY, namer.workday(), number) for day in dates
            ]
        elif dates or not (said or SILENT.match(clause)):
            problems.append(
                _("第%(line)d行：无法读取“%(text)s”。") % {"line": number, "text": clause}
            )
            return []
        if said and int(said.group(1)) != len(block):
            problems.append(
                _("第%(line)d行：写明共%(said)s天，但列出的放假日期是%(count)d天。")
                % {"line": number, "said": said.group(1), "count": len(block)}
            )
            return []
    return days


def clause_dates(clause, year, carried):
    """The dates of a clause, and the (year, month) a later "至6日" refers to."""
    dates = []
    for match in DATE.finditer(clause):
        if match.group("month"):
            at = (int(match.group("year") or year), int(match.group("month")))
        elif carried:
            at = carried
        else:
            raise ValueError(_("“%(text)s”缺少月份。") % {"text": match.group()})
        if at[0] not in (year, year - 1):
            raise ValueError(
                _("“%(text)s”的年份与通知的%(year)d年不符。")
                % {"text": match.group(), "year": year}
            )
        try:
            day = date(at[0], at[1], int(match.group("day")))
        except ValueError:
            raise ValueError(_("日期“%(text)s”不存在。") % {"text": match.group()}) from None
        weekday = WEEKDAY.search(match.group("note") or "")
        if weekday and WEEKDAYS.index(weekday.group(1).replace("天", "日")) != day.weekday():
            raise ValueError(
                _("%(date)s是%(actual)s，通知写的是“%(said)s”。")
                % {"date": readable(day), "actual": weekday_name(day), "said": weekday.group()}
            )
        carried = at
        dates.append(day)
    return dates, carried


class Namer:
    """Which festival a day of an item belongs to: where an item joins two (中秋节、国庆节),
    a day is named for the festival whose statutory day it is, else for the item's larger
    festival, as the announcements' own tables read."""

    def __init__(self, year, names):
        self.names = names
        self.statutory = {**statutory_holidays(year - 1), **statutory_holidays(year)}
        counts = {name: list(self.statutory.values()).count(name) for name in names}
        self.main = max(names, key=lambda name: counts[name]) if len(names) > 1 else names[0]

    def __call__(self, day):
        own = [name for name in self.names if name in self.statutory.get(day, "")]
        return own[0] if len(self.names) > 1 and own else self.main

    def workday(self):
        return self.main


def readable(day):
    return date_format(day, "DATE_FORMAT")  # 2025年1月1日, or 1 January 2025


def weekday_name(day):
    return date_format(day, "l")  # 星期六, or Saturday
