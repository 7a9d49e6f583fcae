"""The figures add up and say the same everywhere: the classes of the results sum to the replies
(a share handled again counts once, in its latest letter's class), the on-time rate is of the
replies that were due, overdue unreplied ones included; and the staff page, the public page,
the .xlsx and the annual report's PDF print the same totals for the same year. Counts the
system cannot know for sure carry their mark until the office confirms them; a zero is
written as a clerk would."""

import io
import re
import subprocess
from html import unescape

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from base.organisation.models import Person, Unit
from proposals import replies
from proposals.models import Assignment, ReplyLetter, Satisfaction
from reports import annual, figures, office_parts, tables
from reports.models import AnnualReportPart
from reports.sources import Scope
from tests.reports import expected
from tests.reports.year import NOW_DAY
from web.portal import statistics

pytestmark = pytest.mark.django_db

STATISTICS = "/staff/reports/statistics/"
XLSX = "/staff/reports/statistics/statistics.xlsx"
PDF = "/staff/reports/annual/report.pdf"
PUBLIC = "/replies/statistics/"
MARK = "系统内办理数，请核实"


def percent(part, whole):
    return f"{part / whole * 100:.1f}%"


def staff_rows(html, table):
    """{row label: the figure's text} of one table of the staff page."""
    body = re.search(rf'<table class="stats-table" data-table="{table}">(.*?)</table>', html, re.S)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if len(cells) >= 2:
            rows[unescape(cells[0])] = [
                unescape(re.sub(r"<[^>]+>", " ", c)).split() for c in cells[1:]
            ]
    return rows


def pdf_text(content):
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return re.sub(r"\s+", "", done.stdout.decode())


def test_the_results_classes_add_up_to_the_replies_and_a_second_round_counts_once(year):
    scope = Scope(2026, today=NOW_DAY)
    stats = tables.compute(scope)
    counts = stats.counts
    assert all(holds for _statement, holds in figures.reconciles(counts, stats.classes))
    classes = [f"shares.result_{rc.code}" for rc in stats.classes] + ["shares.result_none"]
    listed = [row.pk for key in classes for row in figures.items(scope, key)]
    replied = {row.pk for row in figures.items(scope, "shares.replied")}
    assert len(listed) == len(set(listed)), "a share counted in two classes"
    assert set(listed) == replied
    # a second round replied: two letters sent, one count, in the class of the latest
    again = [row.pk for row in figures.items(scope, "shares.again")]
    assert again and set(again) <= replied
    for pk in again:
        assert listed.count(pk) == 1
        assert Assignment.objects.get(pk=pk).letters.filter(sent_at__isnull=False).count() == 2
    # the results table says so, with a total equal to the replies
    results = stats.table("results").rows
    assert results[-1][1].value == counts["shares.replied"]
    assert sum(row[1].value for row in results[:-1]) == counts["shares.replied"]


def test_a_share_handled_again_leaves_its_class_until_replied_again(year):
    scope = Scope(2026, today=NOW_DAY)
    before = tables.compute(scope).counts
    row = next(row for row in figures.items(scope, "shares.no_feedback") if row.result_code)
    letter = ReplyLetter.objects.get(assignment_id=row.pk, round=row.sent_round)
    replies.record_feedback(letter, Satisfaction.DISSATISFIED, "未解决实际问题。")
    replies.handle_again(letter, "flow:proposals")
    after = tables.compute(scope)
    counts = after.counts
    assert all(holds for _statement, holds in figures.reconciles(counts, after.classes))
    code = f"shares.result_{row.result_code}"
    assert counts[code] == before[code] - 1
    assert counts["shares.replied"] == before["shares.replied"] - 1
    assert counts["shares.open"] == before["shares.open"] + 1
    assert counts["shares.again"] == before["shares.again"] + 1
    assert counts["shares.all"] == before["shares.all"]  # still one share, counted once


def test_the_on_time_rate_is_of_the_replies_that_were_due(year):
    want = expected.counts(year, 2026)
    stats = tables.compute(Scope(2026, today=NOW_DAY))
    counts = stats.counts
    assert counts["shares.due"] == want["shares.due"]
    assert counts["shares.due"] == counts["shares.replied"] + counts["shares.overdue"]
    assert counts["shares.overdue"] > 0  # otherwise the rate of replies would say the same
    assert counts["shares.on_time"] <= counts["shares.due"]
    assert figures.on_time_rate(counts) == counts["shares.on_time"] / counts["shares.due"]
    rate = stats.table("replies").rows[-1][1]
    assert rate.text == (
        f"{percent(counts['shares.on_time'], counts['shares.due'])}"
        f"（{counts['shares.on_time']}/{counts['shares.due']}）"
    )
    # a unit with nothing due has no rate, not 0 % or 100 %
    assert figures.on_time_text({"shares.on_time": 0, "shares.due": 0}) == "—"


def test_the_staff_page_the_public_page_the_xlsx_and_the_report_say_the_same(year, client):
    want = expected.counts(year, 2026)
    on_time, due, replied = want["shares.on_time"], want["shares.due"], want["shares.replied"]
    rate = percent(on_time, due)
    classes = {code: want[f"shares.result_{code}"] for code in "ABC"}
    assert sum(classes.values()) + want["shares.result_D"] == replied

    public = client.get(PUBLIC).content.decode()
    row = re.search(r'<th scope="row">2026年.*?</tr>', public, re.S).group(0)
    cells = re.findall(r"<td>(?:<strong>)?([^<]+)", row)
    assert cells[:7] == [
        str(want["proposals.npc"]), str(want["proposals.cppcc"]),
        str(want["proposals.received"]), str(due), str(replied), str(on_time), rate,
    ]  # fmt: skip

    client.force_login(Person.objects.get(username="reviewer"))
    html = client.get(STATISTICS, {"year": 2026}).content.decode()
    replies = staff_rows(html, "replies")
    assert replies["已答复"] == [[str(replied)]]
    assert replies["其中按时答复"] == [[str(on_time)]]
    assert replies["其中已逾期"] == [[str(want["shares.overdue"])]]
    assert replies["到期应答复（已答复＋逾期未答复）"] == [[str(due)]]
    # the due count links to the list of the shares it counts, like every other figure
    listed = re.search(r'href="([^"]+figure=shares\.due[^"]*)"', html).group(1)
    items = client.get(unescape(listed)).content.decode()
    assert re.search(r'data-total="(\d+)"', items).group(1) == str(due)
    assert replies["按时答复率（按时答复÷到期应答复）"] == [[f"{rate}（{on_time}/{due}）"]]
    results = staff_rows(html, "results")
    assert results["A类（已解决或采纳）"] == [[str(classes["A"])]]
    assert results["合计（等于已答复件数）"] == [[str(replied)]]
    register = staff_rows(html, "register")
    assert register["规章"][0] == [str(want["register.regulation_issued"]), MARK]

    book = load_workbook(io.BytesIO(client.get(XLSX, {"year": 2026}).content))
    sheet = {row[0].value: row[1] for row in book["答复情况"].iter_rows(min_row=2) if row[0].value}
    assert sheet["已答复"].value == replied
    assert sheet["其中按时答复"].value == on_time
    assert sheet["到期应答复（已答复＋逾期未答复）"].value == due
    assert sheet["按时答复率（按时答复÷到期应答复）"].value == pytest.approx(on_time / due)
    assert f"（{on_time}/{due}）" in sheet["按时答复率（按时答复÷到期应答复）"].number_format
    sums = {row[0].value: row[1].value for row in book["办理结果分类"].iter_rows(min_row=2)}
    assert (
        sums["合计（等于已答复件数）"]
        == replied
        == sum(value for label, value in sums.items() if label and "类（" in label)
    )
    issued = book["规章和行政规范性文件"]["B3"]  # 行政规范性文件, 本年制发
    assert issued.value == want["register.normative_issued"]
    assert MARK in issued.number_format

    text = pdf_text(client.get(PDF, {"year": 2026}).content)
    assert (
        f"应答复{want['shares.all']}件，已答复{replied}件，其中按时答复{on_time}件、"
        f"超期答复{want['shares.late']}件" in text
    )
    assert f"到期应答复（已答复加上逾期未答复）{due}件，按时答复率为{rate}" in text
    assert f"按时答复{on_time}件÷到期应答复{due}件" in text
    assert "已答复的按时答复率" not in text
    assert f"已答复的{replied}件按办理结果分，" in text
    for code, count in classes.items():
        assert re.search(rf"{code}类（[^）]+）{count}件", text), code
    assert "核实" in text  # table 二's counts wait for the office


def test_a_confirmed_count_replaces_the_systems_and_loses_its_mark(year):
    scope = Scope(2026, today=NOW_DAY)
    marked = [one.key for one in figures.to_confirm(scope)]
    assert marked == [
        f"register.{kind}_{what}"
        for kind in ("regulation", "normative")
        for what in ("issued", "repealed", "in_force")
    ]
    assert all(str(one.note) == MARK for one in figures.to_confirm(scope))
    stats = tables.compute(
        scope, confirmed={"register.normative_in_force": 41, "shares.replied": 999}
    )
    row = next(r for r in stats.table("register").rows if r[0].value == "行政规范性文件")
    assert (row[3].value, row[3].note) == (41, "")
    assert (row[1].value, row[1].note) == (stats.counts["register.normative_issued"], MARK)
    # only a count the system cannot know may be overridden
    assert stats.value("shares.replied") == stats.counts["shares.replied"] != 999


def test_a_year_without_records_is_written_in_words_not_zeros(year):
    html = annual.report_html(tables.compute(Scope(2019, today=NOW_DAY), with_steps=False))
    text = re.sub(r"<[^>]+>", "", html)
    assert "2019年，" in text and "未通过本系统批准发布政策文件。" in text
    assert "本级政府系统未收到人大代表建议和政协委员提案。" in text
    assert "本年度没有需作出公开决定的答复。" in text
    for zero in [
        "政策文件0件",
        "应答复0件",
        "反馈意见0件",
        "全文公开0件",
        "涉及群众切身利益的文件0件",
    ]:
        assert zero not in text, zero


def test_the_offices_confirmed_count_is_the_one_every_output_prints(year, client):
    system = expected.counts(year, 2026)["register.normative_issued"]
    AnnualReportPart.objects.create(
        year=2026,
        unit=None,
        part=office_parts.ACTIVE,
        content={"confirmed": {"register.normative_issued": {"value": 17, "system": system}}},
    )
    assert system != 17
    client.force_login(Person.objects.get(username="reviewer"))
    html = client.get(STATISTICS, {"year": 2026}).content.decode()
    register = staff_rows(html, "register")
    assert register["行政规范性文件"][0] == ["17"]  # the office's, without the mark
    assert MARK in register["行政规范性文件"][1]  # the repealed count is still the system's
    book = load_workbook(io.BytesIO(client.get(XLSX, {"year": 2026}).content))
    issued = book["规章和行政规范性文件"]["B3"]
    assert (issued.value, issued.number_format) == (17, "0")
    text = pdf_text(client.get(PDF, {"year": 2026}).content)
    assert re.search(r"行政规范性文件17\d+\*", text)  # 17 unmarked, the next count marked


def test_a_summary_kept_by_a_version_with_other_figures_is_not_shown(year, client):
    # what the version before the on-time rate's denominator kept: no shares.due
    old = [(2026, {"shares.on_time": 1, "shares.replied": 1})]
    state = [timezone.localdate(), statistics.records()]
    cache.set(f"public-statistics:{statistics.digest(state)}", old, 300)
    page = client.get(PUBLIC)
    assert page.status_code == 200
    assert "到期应答复" in page.content.decode()


def test_a_zero_inside_a_sentence_is_left_out(year):
    education = Unit.objects.get(name="湛江市教育局")  # 行政规范性文件 but no 规章 this year
    want = expected.counts(year, 2026, "湛江市教育局")
    assert want["documents.regulation"] == 0 < want["documents.normative"]
    scope = Scope(2026, education, today=NOW_DAY)
    text = re.sub(r"<[^>]+>", "", annual.report_html(tables.compute(scope, with_steps=False)))
    assert f"全年批准发布政策文件{want['documents.approved']}件，其中行政规范性文件" in text
    assert "规章0件" not in text


def test_replies_all_on_time_and_nothing_overdue_are_said_in_words(year):
    # a unit whose shares were all replied on time, or are not yet due
    for unit in Unit.objects.all():
        counts = tables.compute(Scope(2026, unit, today=NOW_DAY), with_steps=False).counts
        if counts["shares.replied"] and not counts["shares.late"] and not counts["shares.overdue"]:
            break
    else:
        pytest.fail("the year has no unit without late or overdue replies")
    stats = tables.compute(Scope(2026, unit, today=NOW_DAY), with_steps=False)
    text = re.sub(r"<[^>]+>", "", annual.report_html(stats))
    assert f"已答复{counts['shares.replied']}件，均按时答复" in text
    assert "超期答复0件" not in text.split("六、")[1]
    assert "其中已超过办理期限0件" not in text
    if not counts["shares.again"]:
        assert "重新办理0件" not in text.split("六、")[1]
