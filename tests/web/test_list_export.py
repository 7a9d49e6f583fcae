"""导出 Excel on the staff lists: each download holds exactly what the page lists under the same
filters, on every page, and never more than the person may see; it opens in openpyxl with
Chinese headers in bold, a frozen header row, real dates and a Chinese file name."""

import io
from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from base.organisation.demo import DEMO_PASSWORD, load_units_and_people
from base.organisation.models import Person, Unit
from proposals import rules
from proposals.models import Proposal
from publications import outbox
from publications.models import Kind
from web import xlsx

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 9, 25, 10, tzinfo=SHANGHAI)
BOARD = "/staff/proposals/board/export.xlsx"
SUPERVISION = "/staff/supervision/board/export.xlsx"
DESK = "/staff/publications/desk/export.xlsx"
ITEMS = "/staff/reports/statistics/items/export.xlsx"


@pytest.fixture
def people(db):
    load_units_and_people()
    return {p.username: p for p in Person.objects.select_related("unit")}


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def unit(name):
    return Unit.objects.get(name=name)


def proposal(number, title, kind="npc"):
    return Proposal.objects.create(
        kind=kind, term=15, session=5, number=number, title=title, body="内容",
        submitted_on=date(2026, 1, 10),
    )  # fmt: skip


def assign(item, lead, office, co=()):
    when = datetime(2026, 7, 9, 10, tzinfo=SHANGHAI)
    return rules.assign(item, unit(lead), [unit(n) for n in co], "lead", office, when)


@pytest.fixture
def shares(people, frozen):
    """52 items of 市财政局 (more than a page), one of 市教育局 with a co-unit 市财政局."""
    office = people["clerk"]
    for number in range(1, 53):
        assign(proposal(number, f"关于第{number}项民生实事的建议"), "湛江市财政局", office)
    school = proposal(100, "关于加快解决赤坎区中心城区中小学学位紧张问题的建议")
    school.proposers.create(name="陈海生", is_lead=True)
    assign(school, "湛江市教育局", office, co=["湛江市财政局"])
    return school


def download(client, person, url, **params):
    client.logout()
    assert client.login(username=person.username, password=DEMO_PASSWORD)
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[-1500:]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return response


def sheet_of(response):
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    return sheet, rows[0], rows[1:]


def column(headers, rows, name):
    index = headers.index(name)
    return [row[index] for row in rows]


def test_the_board_exports_every_page_with_chinese_headers_real_dates_and_a_chinese_name(
    people, shares, client
):
    response = download(client, people["clerk"], BOARD)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('办理进度总览-20260925.xlsx')}" in disposition
    sheet, headers, rows = sheet_of(response)
    assert headers[:2] == ("编号", "标题") and headers[-1] == "满意度"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    # 53 items, one with two shares: every line of every page (the page shows 50 items)
    assert len(rows) == 54
    assert set(column(headers, rows, "编号")) == {
        f"人大建议第{n:04d}号" for n in [*range(1, 53), 100]
    }
    due = column(headers, rows, "办理期限")
    assert all(isinstance(day, datetime) for day in due)  # a real date, as Excel stores one
    assert due[0].date() == date(2026, 10, 9)
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_the_board_exports_what_its_filters_and_search_keep(people, shares, client):
    clerk = people["clerk"]
    education = unit("湛江市教育局").pk
    _sheet, headers, rows = sheet_of(download(client, clerk, BOARD, unit=education))
    assert column(headers, rows, "编号") == ["人大建议第0100号"] * 2  # its lead and co lines
    assert column(headers, rows, "领衔提出人") == ["陈海生"] * 2
    assert set(column(headers, rows, "承办单位")) == {"湛江市教育局", "湛江市财政局"}
    _sheet, headers, rows = sheet_of(download(client, clerk, BOARD, q="海生"))
    assert set(column(headers, rows, "编号")) == {"人大建议第0100号"}
    _sheet, headers, rows = sheet_of(download(client, clerk, BOARD, q="0007", page="2"))
    assert column(headers, rows, "编号") == ["人大建议第0007号"]  # the page is not a filter


def test_the_board_exports_only_what_a_unit_may_see(people, shares, client):
    _sheet, headers, rows = sheet_of(download(client, people["handler"], BOARD))  # 市教育局
    assert set(column(headers, rows, "编号")) == {"人大建议第0100号"}


def test_a_bad_filter_gives_the_page_with_its_reason_not_a_file(people, shares, client):
    client.login(username="clerk", password=DEMO_PASSWORD)
    for url, params in [(BOARD, {"kind": "x"}), (SUPERVISION, {"status": "late"})]:
        response = client.get(url, params)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert "筛选条件有误" in response.content.decode()


def test_the_supervision_board_exports_its_scope_and_filters(people, shares, client):
    _sheet, headers, rows = sheet_of(download(client, people["clerk"], SUPERVISION))
    assert headers[:3] == ("类别", "编号", "标题")
    assert len(rows) == 54  # every open share, on one sheet
    _sheet, headers, rows = sheet_of(download(client, people["director"], SUPERVISION))
    assert set(column(headers, rows, "责任单位")) == {"湛江市教育局"}
    assert column(headers, rows, "编号") == ["人大建议第0100号"]
    assert isinstance(column(headers, rows, "办理期限")[0], datetime)
    finance = unit("湛江市财政局").pk
    _sheet, headers, rows = sheet_of(
        download(client, people["clerk"], SUPERVISION, unit=finance, q="民生实事")
    )
    assert len(rows) == 52 and set(column(headers, rows, "责任单位")) == {"湛江市财政局"}


def test_the_supervision_board_refuses_another_unit_s_export(people, shares, client):
    client.login(username="director", password=DEMO_PASSWORD)
    response = client.get(SUPERVISION, {"unit": unit("湛江市财政局").pk})
    assert response.status_code == 400
    assert "您只能查看本单位的督办事项" in response.content.decode()


def test_the_publication_desk_exports_the_publications_a_person_may_see(people, frozen, client):
    def publish(kind, source_id, name, title):
        outbox.publish(kind, source_id, unit(name), title=title, body="正文", actor="test")

    publish(Kind.REPLY, 11, "湛江市教育局", "关于加强校园周边交通安全的建议的答复")
    publish(Kind.POLICY, 21, "湛江市人民政府办公室", "湛江市2026年政务公开工作要点")
    publish(Kind.POLICY, 22, "湛江市民政局", "湛江市最低生活保障实施办法")
    for number in range(30):  # more than a page of 25
        publish(Kind.REPLY, 100 + number, "湛江市教育局", f"第{number}号建议的答复")
    response = download(client, people["reviewer"], DESK)
    assert quote("发布管理") in response["Content-Disposition"]
    _sheet, headers, rows = sheet_of(response)
    assert headers[:6] == ("标题", "类别", "发布单位", "版本", "状态", "时间")
    assert len(rows) == 33
    assert all(isinstance(at, datetime) for at in column(headers, rows, "时间"))
    assert column(headers, rows, "时间")[0] == datetime(2026, 9, 25, 10, 0)  # Shanghai time
    _sheet, headers, rows = sheet_of(download(client, people["reviewer"], DESK, kind="policy"))
    assert set(column(headers, rows, "标题")) == {
        "湛江市2026年政务公开工作要点",
        "湛江市最低生活保障实施办法",
    }
    _sheet, headers, rows = sheet_of(download(client, people["director"], DESK))  # 市教育局
    assert set(column(headers, rows, "发布单位")) == {"湛江市教育局"} and len(rows) == 31


def test_the_items_behind_a_figure_export_within_the_person_s_unit(people, shares, client):
    year = {"figure": "shares.all", "year": "2026"}
    response = download(client, people["clerk"], ITEMS, **year)
    sheet, headers, rows = sheet_of(response)
    assert headers[:3] == ("编号", "标题", "承办单位") and "满意度" in headers
    assert sheet.freeze_panes == "A2"
    listed = client.get("/staff/reports/statistics/items/", year).content.decode()
    assert 'data-total="53"' in listed  # 应答复: the replying shares, not the co-unit's
    assert len(rows) == 53
    assert all(isinstance(day, datetime) for day in column(headers, rows, "办理期限"))
    _sheet, headers, rows = sheet_of(download(client, people["director"], ITEMS, **year))
    assert set(column(headers, rows, "承办单位")) == {"湛江市教育局"} and len(rows) == 1
    client.login(username="director", password=DEMO_PASSWORD)
    refused = client.get(ITEMS, {**year, "unit": unit("湛江市财政局").pk})
    assert refused.status_code == 403


def test_a_figure_named_with_a_slash_still_downloads(frozen):
    """图文/图解 is a figure's name; a sheet's name may not hold a slash."""
    response = xlsx.download(
        "图文/图解（2026年）", ["编号", "批准时间"], [["湛府办〔2026〕8号", None]]
    )
    sheet, headers, rows = sheet_of(response)
    assert sheet.title == "图文图解（2026年）" and headers == ("编号", "批准时间")
    assert rows == [("湛府办〔2026〕8号", None)]
    assert quote("图文/图解（2026年）-20260925.xlsx", safe="") in response["Content-Disposition"]
