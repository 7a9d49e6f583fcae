"""Every figure of the statistics against the same figure computed from the plan of the year
(tests/reports/expected.py), for all units, for each unit and for another year; and the list
behind each figure against the things the plan says it counts."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from base.organisation.models import Unit
from base.workdays.models import CalendarYear
from proposals.models import Assignment
from reports import charts, figures, inputs, public, sources, spreadsheet, step_times, tables
from reports.inputs import BadInput
from reports.sources import Scope
from tests.reports import expected
from tests.reports.year import NOW_DAY, OFFICE, UNITS

pytestmark = pytest.mark.django_db


def identify(source, record):
    if source == sources.PROPOSALS:
        return (record.kind, record.number)
    if source == sources.SHARES:
        return (record.proposal.kind, record.proposal.number, record.unit.name)
    return record.number


def listed(scope, key):
    chosen = figures.figure(scope, key)
    records = figures.items(scope, key)
    if chosen.source == sources.SHARES:
        shares = Assignment.objects.select_related("proposal", "unit").in_bulk(
            [row.pk for row in records]
        )
        records = [shares[row.pk] for row in records]
    return {identify(chosen.source, record) for record in records}


def test_every_figure_of_the_year_for_all_units(year):
    scope = Scope(2026, today=NOW_DAY)
    stats = tables.compute(scope)
    want = expected.figures(year, 2026)
    assert {key: stats.counts[key] for key in want} == {k: len(v) for k, v in want.items()}
    # the plan exercises every kind of figure: none is trivially zero
    exercised = [
        "shares.late", "shares.overdue", "shares.again", "shares.disclosed_none",
        "shares.no_feedback", "documents.not_together", "register.normative_repealed",
        "proposals.unassigned", "shares.dissatisfied", "shares.disclosed_partial",
    ]  # fmt: skip
    for key in exercised:
        assert stats.counts[key] > 0, key
    assert stats.has_data
    # the list behind each figure is exactly what it counts
    for key, things in want.items():
        assert listed(scope, key) == things, key
    # another year counts only its own records
    stats = tables.compute(Scope(2025, today=NOW_DAY))
    want = expected.counts(year, 2025)
    assert {key: stats.counts[key] for key in want} == want
    assert stats.counts["proposals.received"] == 3  # 202 by its 提出日期, 203 by registration
    assert stats.counts["register.regulation_in_force"] == 1
    # a year without records says so
    stats = tables.compute(Scope(2019, today=NOW_DAY))
    assert not stats.has_data
    assert set(stats.counts.values()) == {0}
    assert stats.steps == []


def test_every_figure_of_each_unit_and_the_table_of_units(year):
    for unit_name in [*UNITS, OFFICE]:
        unit = Unit.objects.get(name=unit_name)
        scope = Scope(2026, unit, today=NOW_DAY)
        want = expected.figures(year, 2026, unit_name)
        stats = tables.compute(scope)
        assert {key: stats.counts[key] for key in want} == {k: len(v) for k, v in want.items()}
        for key in ["shares.on_time", "proposals.co", "shares.overdue", "documents.approved"]:
            assert listed(scope, key) == want[key], (unit_name, key)
    stats = tables.compute(Scope(2026, today=NOW_DAY))
    assert stats.by_unit
    for unit, counts in stats.by_unit:
        want = expected.counts(year, 2026, unit.name)
        assert counts == {key: want[key] for key in counts}, unit.name
    # the unit that gave up its share by an adjustment does not count it
    moved = next(s for i in year.items for s in i.shares if s.moved_from)
    item = next(i for i in year.items if moved in i.shares)
    unit = Unit.objects.get(name=moved.moved_from)
    assert (item.kind, item.number) not in listed(Scope(2026, unit, NOW_DAY), "proposals.received")


def test_working_days_per_step(year):
    found = {step.title: step for step in step_times.steps(Scope(2026, today=NOW_DAY))}
    want = expected.steps(year, 2026)
    titles = {"contact": "沟通联系", "draft_reply": "起草答复", "sign": "主要领导签发",
              "sign_off": "单位负责人审签"}  # fmt: skip
    assert set(found) == {titles[step] for step in want}
    for step, (tasks, average, longest) in want.items():
        assert found[titles[step]].tasks == tasks
        assert found[titles[step]].average == pytest.approx(average)
        assert found[titles[step]].longest == longest
    # the National Day holiday is not counted; the turn of the year is
    contact = expected.working_days(date(2026, 9, 29), date(2026, 10, 9))
    assert contact < 5
    # the interpretation flow's steps come first, then the proposal flow's in its order
    order = [step.title for step in step_times.steps(Scope(2026, today=NOW_DAY))]
    assert order.index("单位负责人审签") < order.index("沟通联系") < order.index("主要领导签发")
    # one unit's steps, and the list behind each
    unit = Unit.objects.get(name=OFFICE)
    scope = Scope(2026, unit, today=NOW_DAY)
    found = {step.key: step for step in step_times.steps(scope)}
    want = expected.steps(year, 2026, OFFICE)
    assert sorted(step.title for step in found.values()) == sorted(
        step_times.step_node(key.removeprefix(step_times.STEP)).task_title for key in found
    )
    assert sum(step.tasks for step in found.values()) == sum(n for n, *_rest in want.values())
    for key, step in found.items():
        assert figures.items(scope, key).count() == step.tasks
    # a year the calendar lacks: the steps touching it have no average, and say which year
    CalendarYear.objects.filter(year=2025).delete()
    found = {step.title: step for step in step_times.steps(Scope(2026, today=NOW_DAY))}
    assert found["主要领导签发"].average is None and found["主要领导签发"].missing_years == (2025,)
    assert found["沟通联系"].average == pytest.approx(expected.steps(year, 2026)["contact"][1])


@pytest.mark.parametrize(
    "value, message",
    [
        ("1800", "早于《政府信息公开条例》施行"),
        ("3000", "尚未到来"),
        ("2027", "尚未到来"),
        ("abc", "应为四位数字"),
        ("２０２６", "应为四位数字"),
        ("20261", "应为四位数字"),
        ("", "请填写年份"),
    ],
)
def test_impossible_years_are_refused_in_chinese(value, message):
    with pytest.raises(BadInput) as refused:
        inputs.parse_year(value, today=NOW_DAY)
    assert message in refused.value.message


def test_unknown_units_and_figures_are_refused():
    for value in ["999999", "x", "1; DROP", "-1"]:
        with pytest.raises(BadInput, match="不存在"):
            inputs.parse_unit(value)
    assert inputs.parse_unit("") is None
    scope = Scope(2026, today=NOW_DAY)
    for key in ["shares.nothing", "step:../../etc", "step:workflows/os.system", ""]:
        with pytest.raises(BadInput, match="不存在"):
            figures.figure(scope, key)


def test_the_spreadsheet_has_a_sheet_per_table_and_numbers_as_numbers(year):
    stats = tables.compute(Scope(2026, today=NOW_DAY))
    book = load_workbook(io.BytesIO(spreadsheet.workbook_bytes(stats)))
    assert book.sheetnames[0] == "说明"
    assert len(book.sheetnames) == 1 + len(stats.tables)
    replies = book["答复情况"]
    assert [cell.value for cell in replies[1]] == ["项目", "件数"]
    values = {row[0].value: row[1] for row in replies.iter_rows(min_row=2) if row[0].value}
    assert values["已答复"].value == stats.counts["shares.replied"]
    assert isinstance(values["已答复"].value, int)
    # the on-time rate is of the shares that were due, the overdue unreplied ones included,
    # and shows the two counts it is made of beside the percentage
    due = stats.counts["shares.due"]
    assert due == stats.counts["shares.replied"] + stats.counts["shares.overdue"]
    assert values["到期应答复（已答复＋逾期未答复）"].value == due
    rate = values["按时答复率（按时答复÷到期应答复）"]
    assert rate.value == pytest.approx(stats.counts["shares.on_time"] / due)
    assert rate.number_format == f'0.0%"（{stats.counts["shares.on_time"]}/{due}）"'
    # a count the office must confirm stays a number, shown with its mark
    register = book["规章和行政规范性文件"]
    issued = register["B2"]
    assert issued.value == stats.counts["register.regulation_issued"]
    assert issued.number_format == '0"（系统内办理数，请核实）"'
    units = book["各单位情况"]
    assert units[1][0].value == "单位"
    assert all(isinstance(cell.value, int) for cell in units[2][1:])
    # the charts are pictures of the same figures, with Chinese labels
    drawn = charts.charts(stats)
    assert {chart.title for chart in drawn} >= {"办理结果分类（件）", "代表委员满意度（件）"}
    for chart in drawn:
        assert "<script" not in chart.svg and " on" not in chart.svg.replace(" only", "")
        assert chart.data_url.startswith("data:image/svg+xml;base64,")
    satisfaction = next(chart for chart in drawn if chart.title == "代表委员满意度（件）")
    assert "满意" in satisfaction.svg and "基本满意" in satisfaction.svg
    # the portal's yearly summary: aggregates only
    summary = dict(public.yearly_summary(NOW_DAY))
    assert list(summary) == [2026, 2025]
    assert summary[2026]["proposals.received"] == expected.counts(year, 2026)["proposals.received"]
    assert summary[2025]["shares.satisfied"] == 1
    assert all(isinstance(value, int) for counts in summary.values() for value in counts.values())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_sheet_of_the_spreadsheet_is_named_in_full(year, language):
    """Excel cuts a tab name over 31 characters mid-word; each table names its tab in full."""
    from django.utils import translation

    with translation.override(language):
        stats = tables.compute(Scope(2026, today=NOW_DAY))
        names = load_workbook(io.BytesIO(spreadsheet.workbook_bytes(stats))).sheetnames
        wanted = [str(table.sheet or table.title) for table in stats.tables]
    assert names[1:] == wanted
    assert all(len(name) <= 31 for name in names)


def test_a_sheet_name_too_long_is_shortened_visibly():
    long = "Policy documents and interpretations (2026)"
    assert spreadsheet.sheet_name(long) == "Policy documents and interpret…"
    assert len(spreadsheet.sheet_name(long)) == 31
    assert spreadsheet.sheet_name("a/b:c") == "abc"
