"""The State Council's notices, pasted as an administrator would, read into exactly the days
`chinese-calendar` holds for those years (an independent source); and notices with a wrong
weekday, a bad count, an unreadable line or the wrong year refused with the line named."""

from pathlib import Path

import chinese_calendar
import pytest

from base.workdays.models import DayKind
from base.workdays.notice import NoticeError, read_notice
from base.workdays.seed import HOLIDAY_NAMES

NOTICES = Path(__file__).parent / "notices"


def package_days(first, last):
    """What chinese-calendar has between two dates: {date: (kind, name)}."""
    days = {}
    for kind, table in ((DayKind.HOLIDAY, chinese_calendar.holidays),
                        (DayKind.MAKEUP_WORKDAY, chinese_calendar.workdays)):  # fmt: skip
        for day, name in table.items():
            if first <= day <= last:
                days[day] = (kind, HOLIDAY_NAMES[name])
    return days


@pytest.mark.parametrize("year", [2017, 2018, 2019, 2023, 2025, 2026])
def test_a_notice_reads_as_the_package_has_the_year(year):
    notice = read_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"))
    assert notice.year == year
    assert notice.source.startswith("国办发明电〔")
    parsed = {day.date: (day.kind, day.name) for day in notice.days}
    assert parsed == package_days(min(parsed), max(parsed))
    assert [day.date for day in notice.days] == sorted(parsed)


def test_the_lines_the_command_prints():
    notice = read_notice((NOTICES / "2025.txt").read_text(encoding="utf-8"))
    lines = notice.lines()
    assert lines[:3] == [
        "2025-01-01 holiday 元旦",
        "2025-01-26 workday 春节",
        "2025-01-28 holiday 春节",
    ]
    assert "2025-10-06 holiday 中秋节" in lines and "2025-10-11 workday 国庆节" in lines
    assert len(lines) == 1 + 8 + 2 + 3 + 5 + 1 + 3 + 8 + 2


def test_a_notice_naming_the_year_before_reaches_back():
    notice = read_notice((NOTICES / "2019.txt").read_text(encoding="utf-8"))
    assert notice.years == [2018, 2019]
    assert notice.lines()[0] == "2018-12-29 workday 元旦"


def refused(text, year=None):
    with pytest.raises(NoticeError) as caught:
        read_notice(text, year)
    return caught.value.problems


NOTICE_2025 = (NOTICES / "2025.txt").read_text(encoding="utf-8")


def test_a_weekday_that_contradicts_its_date_is_refused_with_its_line():
    text = NOTICE_2025.replace("1月1日（周三）", "1月1日（周四）")
    assert refused(text) == ["第6行：2025年1月1日是星期三，通知写的是“周四”。"]


def test_an_unreadable_line_is_refused_with_its_line():
    text = NOTICE_2025.replace(
        "四、劳动节：5月1日（周四）至5日（周一）放假调休", "四、劳动节：5月1日（周四）起休息五天"
    )
    problems = refused(text)
    assert problems == ["第9行：无法读取“5月1日（周四）起休息五天”。"]


def test_a_count_that_does_not_add_up_is_refused():
    text = NOTICE_2025.replace("共8天。1月26日", "共7天。1月26日")
    assert refused(text) == ["第7行：写明共7天，但列出的放假日期是8天。"]


def test_a_makeup_day_on_a_weekday_is_refused():
    text = NOTICE_2025.replace("4月27日（周日）上班", "4月28日（周一）上班")
    assert refused(text) == ["第9行：2025年4月28日是工作日，调休上班日应在周六或周日。"]


def test_an_unknown_festival_and_a_stray_arrangement_are_refused():
    text = NOTICE_2025.replace("五、端午节", "五、端阳节") + "\n另外，6月3日放假。\n"
    assert refused(text) == [
        "第10行：无法识别的节日“端阳节”。",
        "第17行：无法读取“另外，6月3日放假。”：安排应写在“一、元旦：”这样的编号条目中。",
    ]


def test_the_wrong_year_is_refused():
    assert refused(NOTICE_2025, year=2027) == ["通知是2025年的节假日安排，不是2027年的。"]
    text = NOTICE_2025.replace("五、端午节：5月31日", "五、端午节：2023年5月31日")
    assert refused(text) == ["第10行：“2023年5月31日（周六）”的年份与通知的2025年不符。"]


def test_a_text_without_a_year_or_items_is_refused():
    assert "未找到通知的年份" in refused("一、元旦：1月1日放假。")[0]
    assert "没有找到任何放假安排" in refused("国务院办公厅关于2027年部分节假日安排的通知")[0]


def test_a_date_that_does_not_exist_is_refused():
    text = NOTICE_2025.replace(
        "5月31日（周六）至6月2日（周一）", "5月31日（周六）至6月31日（周一）"
    )
    assert refused(text) == ["第10行：日期“6月31日（周一）”不存在。"]


def test_full_width_digits_read_as_digits():
    text = NOTICE_2025.replace("1月1日（周三）放假1天", "１月１日（周三）放假１天")
    assert read_notice(text).lines() == read_notice(NOTICE_2025).lines()
