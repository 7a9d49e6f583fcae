"""The staff pages of 统计与报告 (who sees what, bad input, every number linked to its list)
and the portal's public statistics."""

import re
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit, UnitKind
from base.organisation.roles import Role
from proposals.models import Proposal
from tests.factories import PersonFactory, UnitFactory
from tests.reports import expected

pytestmark = pytest.mark.django_db

STATISTICS = "/staff/reports/statistics/"
ITEMS = "/staff/reports/statistics/items/"
XLSX = "/staff/reports/statistics/statistics.xlsx"
STEPS = "/staff/reports/statistics/steps/"
ANNUAL = "/staff/reports/annual/"
PDF = "/staff/reports/annual/report.pdf"
DOCX = "/staff/reports/annual/report.docx"
PAGES = [STATISTICS, STEPS, XLSX, ANNUAL, PDF, DOCX]


@pytest.fixture
def people(db):
    load_units_and_people()


def login(client, username):
    client.force_login(Person.objects.get(username=username))


def total_of(response):
    return int(re.search(r'data-total="(\d+)"', response.content.decode()).group(1))


def numbers_and_links(response):
    """(href, shown text) of every linked number in the page's tables."""
    html = response.content.decode()
    return [
        (unescape(href), text)
        for href, text in re.findall(r'<td class="stats-num"><a href="([^"]+)">([^<]+)</a>', html)
    ]


@pytest.mark.parametrize("username", ["reviewer", "leader", "clerk", "admin"])
def test_the_offices_and_administrators_see_every_unit(people, client, username):
    login(client, username)
    for page in PAGES:
        response = client.get(page, {"year": 2026})
        assert response.status_code == 200, (page, response.status_code)
    page = client.get(STATISTICS, {"year": 2026})
    assert "全部单位" in page.content.decode()
    education = Unit.objects.get(name="湛江市教育局")
    assert client.get(STATISTICS, {"year": 2026, "unit": education.pk}).status_code == 200


def test_a_unit_leader_sees_only_the_units_figures(year, client):
    login(client, "director")  # 市教育局's leader
    own = Unit.objects.get(name="湛江市教育局")
    other = Unit.objects.get(name="湛江市民政局")
    page = client.get(STATISTICS, {"year": 2026})
    assert page.status_code == 200
    html = page.content.decode()
    assert "单位：湛江市教育局" in html and 'data-table="units"' not in html
    want = expected.counts(year, 2026, "湛江市教育局")
    links = numbers_and_links(page)
    assert links and all(f"unit={own.pk}" in href for href, _text in links)
    replied = next(text for href, text in links if "figure=shares.replied&" in href)
    assert int(replied) == want["shares.replied"]
    for page_url in PAGES + [ITEMS]:
        refused = client.get(page_url, {"year": 2026, "unit": other.pk, "figure": "shares.all"})
        assert refused.status_code == 403, page_url
        assert "您只能查看本单位（湛江市教育局）的统计数据" in refused.content.decode()
    assert client.get(ANNUAL, {"year": 2026}).status_code == 200
    title = client.get(ANNUAL).content.decode().replace("<br>", "")  # a long title's 2 lines
    assert "市教育局2026年政府信息公开工作年度报告" in title


@pytest.mark.parametrize("username", ["handler", "checker", "deputy", "drafter", "legal", "issuer"])
def test_everyone_else_is_refused(people, client, username):
    login(client, username)
    for page in PAGES + [ITEMS]:
        assert client.get(page, {"year": 2026}).status_code == 403, page


def test_roles_outside_their_office_are_refused(db, client):
    elsewhere = UnitFactory(name="市统计局", kind=UnitKind.DEPARTMENT)
    reviewer = PersonFactory(unit=elsewhere, roles=[Role.OPENNESS_REVIEWER])
    clerk = PersonFactory(unit=elsewhere, roles=[Role.PROPOSAL_CLERK])
    for person in (reviewer, clerk):
        client.force_login(person)
        assert client.get(STATISTICS).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(db, client):
    for page in PAGES + [ITEMS]:
        response = client.get(page)
        assert response.status_code == 302 and "/staff/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "page, query, message",
    [
        (STATISTICS, {"year": "1800"}, "早于《政府信息公开条例》施行"),
        (STATISTICS, {"year": "3000"}, "尚未到来"),
        (STATISTICS, {"year": "abc"}, "应为四位数字"),
        (STATISTICS, {"unit": "999999"}, "单位“999999”不存在"),
        (STATISTICS, {"unit": "abc"}, "单位“abc”不存在"),
        (XLSX, {"year": "1800"}, "早于"),
        (ANNUAL, {"year": "abc"}, "应为四位数字"),
        (PDF, {"year": "3000"}, "尚未到来"),
        (ITEMS, {"year": "2026"}, "请指定统计项"),
        (ITEMS, {"year": "2026", "figure": "shares.nothing"}, "统计项“shares.nothing”不存在"),
        (ITEMS, {"year": "2026", "figure": "step:x/y.z"}, "不存在"),
        (ITEMS, {"year": "2026", "figure": "shares.all", "page": "abc"}, "页码“abc”无效"),
        (ITEMS, {"year": "2026", "figure": "shares.all", "page": "999"}, "页码“999”无效"),
    ],
)
def test_bad_input_answers_400_in_chinese(people, client, page, query, message):
    login(client, "reviewer")
    response = client.get(page, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_every_number_on_the_page_links_to_the_list_it_counts(year, client):
    login(client, "clerk")
    page = client.get(STATISTICS, {"year": 2026})
    # the steps' frame comes from a page of its own
    assert f'<turbo-frame id="steps" src="{STEPS}?year=2026"' in page.content.decode()
    steps = client.get(STEPS, {"year": 2026})
    assert '<turbo-frame id="steps"' in steps.content.decode()
    links = numbers_and_links(page) + numbers_and_links(steps)
    assert len(links) > 100
    assert any("figure=step" in href for href, _text in links)
    want = expected.counts(year, 2026)
    shown = {
        re.search(r"figure=([^&]+)", href).group(1): text
        for href, text in links
        if "unit=" not in href and text.isdigit()
    }
    assert int(shown["shares.on_time"]) == want["shares.on_time"]
    assert int(shown["proposals.received"]) == want["proposals.received"]
    totals = {}
    for href, text in links:
        if href not in totals:
            response = client.get(href)
            assert response.status_code == 200, href
            totals[href] = total_of(response)
            if "figure=step" in href:
                # a step's row: its count of tasks first, then their average working days
                assert totals[href] == int(text), href
                continue
        if "figure=step" in href or not text.isdigit():
            continue  # a rate links to its numerator's items, an average to its tasks
        assert totals[href] == int(text), href
    # a list shows its items with links to the item pages the person may open
    listed = client.get(ITEMS, {"year": 2026, "figure": "shares.overdue"})
    assert listed.content.decode().count('class="stats-item"') == want["shares.overdue"]
    assert "/staff/proposals/proposal/" in listed.content.decode() or want["shares.overdue"] == 0


def test_the_items_list_names_the_result_category_in_the_pages_language(year, client):
    login(client, "clerk")
    query = {"figure": "shares.result_A", "year": 2026}
    assert "A类<" in client.get(ITEMS, query).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(ITEMS, query).content.decode()
    assert "<td>Category A</td>" in english
    assert "A类" not in english


def test_downloads(year, client):
    import io

    login(client, "reviewer")
    sheet = client.get(XLSX, {"year": 2026})
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="statistics-2026.xlsx"' in sheet["Content-Disposition"]
    book = load_workbook(io.BytesIO(sheet.content))
    assert "答复情况" in book.sheetnames
    report = client.get(PDF, {"year": 2026})
    assert report["Content-Type"] == "application/pdf"
    assert report.content.startswith(b"%PDF")
    preview = client.get(ANNUAL, {"year": 2026}).content.decode()
    office = Unit.objects.get(kind=UnitKind.GOVERNMENT_OFFICE, parent_unit=None)
    assert f"{office.name}<br>2026年政府信息公开工作年度报告" in preview
    assert preview.count('<a class="figure"') >= 40
    assert "<script" not in preview.split('class="annual-report"')[1].split("</article>")[0]


def test_the_charts_are_inline_pictures(year, client):
    login(client, "reviewer")
    html = client.get(STATISTICS, {"year": 2026}).content.decode()
    charts = re.findall(r'<img src="(data:[^"]+)" alt="([^"]+)"', html)
    assert len(charts) >= 4
    assert all(src.startswith("data:image/svg+xml;base64,") for src, _alt in charts)
    assert any(alt.startswith("代表委员满意度") for _src, alt in charts)


def test_the_menu_offers_the_application_to_those_who_may_use_it(year, client):
    login(client, "reviewer")
    assert "统计与报告" in client.get(STATISTICS).content.decode()
    login(client, "handler")
    menu = client.get(reverse("staff:proposals:board:index")).content.decode()
    assert "统计与报告" not in menu


def test_the_public_statistics_show_aggregates_only(year, client):
    response = client.get("/replies/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    want = expected.counts(year, 2026)
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(\d{4})年.*?</tr>", html, re.S)
    assert rows == ["2026", "2025"]
    row_2026 = re.search(r"<th scope=\"row\">2026年.*?</tr>", html, re.S).group(0)
    cells = re.findall(r"<td>(?:<strong>)?([^<]+)", row_2026)
    assert cells[:3] == [
        str(want["proposals.npc"]),
        str(want["proposals.cppcc"]),
        str(want["proposals.received"]),
    ]
    # the on-time rate beside the shares that were due, overdue unreplied ones included
    due, on_time = want["shares.due"], want["shares.on_time"]
    assert due == want["shares.replied"] + want["shares.overdue"] > want["shares.replied"]
    assert cells[3:7] == [
        str(due),
        str(want["shares.replied"]),
        str(on_time),
        f"{on_time / due * 100:.1f}%",
    ]
    assert cells[7:10] == [
        str(want["shares.satisfied"]),
        str(want["shares.basically"]),
        str(want["shares.dissatisfied"]),
    ]
    # no item, unit or person is named
    for name in ["第1项民生事项", "湛江市教育局", "陈志强", "周敏", "clerk"]:
        assert name not in html
    assert client.head("/replies/statistics/").status_code == 200
    assert client.post("/replies/statistics/").status_code == 405


def test_the_replies_column_links_its_statistics_and_they_revalidate(year, client):
    assert 'href="/replies/statistics/"' in client.get("/replies/").content.decode()
    first = client.get("/replies/statistics/")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/replies/statistics/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    Proposal.objects.order_by("pk").first().delete()  # a figure changes
    changed = client.get("/replies/statistics/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_the_public_statistics_are_computed_once_per_state_of_the_records(
    year, client, django_assert_max_num_queries
):
    first = client.get("/replies/statistics/")
    # the state of the records, and the page kept for that state (web/portal/page_cache.py)
    with django_assert_max_num_queries(5):
        again = client.get("/replies/statistics/")
    assert again.content == first.content
