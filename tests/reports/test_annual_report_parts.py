"""The parts of the annual report the office writes: saved per year and unit by the
government office's openness reviewers only, audited, refused with a message per box when a
figure is not a count or table 三 does not balance, and printed into the report — with the
proper title, the contact sentence and the 落款."""

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit, UnitKind
from reports import office_parts
from reports.models import AnnualReportPart

pytestmark = pytest.mark.django_db

PARTS = "/staff/reports/annual/parts/"
ANNUAL = "/staff/reports/annual/"


def part_url(key, **query):
    url = f"{PARTS}{key}/?year=2026"
    return url + "".join(f"&{name}={value}" for name, value in query.items())


@pytest.fixture
def people(db):
    load_units_and_people()


def login(client, username):
    client.force_login(Person.objects.get(username=username))


def office():
    return Unit.objects.get(kind=UnitKind.GOVERNMENT_OFFICE, parent_unit=None)


def balanced_requests():
    """10 new and 2 carried natural persons' requests: 6 granted, 2 partly, 1 not held, 3
    carried over; 1 new from a business, granted."""
    data = {}

    def put(line, column, value):
        data[office_parts.request_cell(line, column)] = str(value)

    put("new", "natural", 10)
    put("carried", "natural", 2)
    put("granted", "natural", 6)
    put("partial", "natural", 2)
    put("unable.not_held", "natural", 1)
    put("carried_over", "natural", 3)
    put("new", "business", 1)
    put("granted", "business", 1)
    return data


def report_text(tmp_path):
    path = tmp_path / "report.pdf"
    call_command("annual_report", "2026", "--out", str(path), stdout=io.StringIO())
    reader = PdfReader(path)
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def test_the_reviewer_fills_table_three_and_the_report_prints_it(people, client, tmp_path):
    login(client, "reviewer")
    response = client.post(part_url("requests"), balanced_requests())
    assert response.status_code == 302
    saved = AnnualReportPart.objects.get(year=2026, unit=None, part="requests")
    assert saved.content["cells"]["new"] == [10, 1, 0, 0, 0, 0]
    entry = AuditRecord.objects.get(action=office_parts.AUDIT_ACTION)
    assert entry.actor.username == "reviewer"
    assert entry.details["after"]["cells"]["granted"] == [6, 1, 0, 0, 0, 0]
    assert entry.details["before"] == {}
    text = report_text(tmp_path)
    # 本年新收: 10 natural persons, 1 business, 11 in all; （七）总计 9 + 1 = 10
    assert "一、本年新收政府信息公开申请数量 10 1 0 0 0 0 11" in text
    assert "（七）总计 9 1 0 0 0 0 10" in text
    assert "四、结转下年度继续办理 3 0 0 0 0 0 3" in text
    assert "本年度的申请记录不在本系统中" not in text


def test_a_table_that_does_not_balance_is_refused_with_the_numbers(people, client):
    login(client, "reviewer")
    data = balanced_requests()
    data[office_parts.request_cell("carried_over", "natural")] = "4"
    response = client.post(part_url("requests"), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        "“自然人”列不平衡：本年新收10件加上年结转2件为12件，"
        "应等于办理结果总计9件加结转下年度继续办理4件之和13件。"
    ) in page
    assert 'value="4"' in page  # what was typed is still there to correct
    assert not AnnualReportPart.objects.exists()
    assert not AuditRecord.objects.filter(action=office_parts.AUDIT_ACTION).exists()


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-3", "“一、本年新收政府信息公开申请数量”行“自然人”列：件数不能为负数（填写的是“-3”）。"),
        ("三", "“一、本年新收政府信息公开申请数量”行“自然人”列：“三”不是件数，请填写0或正整数。"),
        ("2.5", "“2.5”不是件数"),
        ("10000000", "“10000000”过大"),
    ],
)
def test_a_figure_that_is_not_a_count_is_refused(people, client, typed, message):
    login(client, "reviewer")
    data = balanced_requests()
    data[office_parts.request_cell("new", "natural")] = typed
    response = client.post(part_url("requests"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not AnnualReportPart.objects.exists()


@pytest.mark.parametrize(
    "row, column, typed",
    [("new", "business", "-1"), ("carried_over", "natural", "4")],
)
def test_each_problem_links_to_its_box(people, client, row, column, typed):
    """The summary at the top of a 24-row table says what is wrong; its link takes the clerk
    to the box (a column that does not balance: to the column's first box)."""
    login(client, "reviewer")
    data = balanced_requests()
    data[office_parts.request_cell(row, column)] = typed
    page = client.post(part_url("requests"), data).content.decode()
    target = office_parts.request_cell("new", column)
    assert f'href="#f-{target}"' in page
    assert f'id="f-{target}"' in page


def test_table_four_fills_its_data_row(people, client, tmp_path):
    login(client, "reviewer")
    data = {office_parts.appeal_cell("review", "upheld"): "2"}
    data[office_parts.appeal_cell("review", "pending")] = "1"
    data[office_parts.appeal_cell("direct", "corrected")] = "1"
    refused = client.post(part_url("appeals"), {**data, "a-after_review-other": "x"})
    assert refused.status_code == 422
    assert "行政诉讼（复议后起诉）“其他结果”：“x”不是件数" in refused.content.decode()
    assert client.post(part_url("appeals"), data).status_code == 302
    text = report_text(tmp_path)
    assert "2 0 0 1 3 0 1 0 0 1 0 0 0 0 0" in text


def test_the_confirmed_counts_replace_the_systems_and_lose_their_mark(people, client, tmp_path):
    login(client, "reviewer")
    form = client.get(part_url("active")).content.decode()
    assert "请核实" in form
    assert 'name="c-register.regulation_issued" value="0"' in form  # the system's, prefilled
    before = report_text(tmp_path)
    assert "注：带*的件数由系统按经本系统办理的文件计算，尚待办公室核实" in before
    prefilled = dict(re.findall(r'name="(c-[^"]+)" value="([^"]*)"', form))
    data = {
        **prefilled,
        "c-register.regulation_issued": "1",
        "c-register.regulation_repealed": "0",
        "c-register.regulation_in_force": "7",
        "c-register.normative_issued": "12",
        "c-register.normative_repealed": "3",
        "c-register.normative_in_force": "85",
        "licensing": "1520",
        "penalty": "38",
        "enforcement": "0",
        "fees": "2.35",
    }
    assert client.post(part_url("active"), {**data, "fees": "-1"}).status_code == 422
    response = client.post(part_url("active"), data)
    assert response.status_code == 302
    saved = AnnualReportPart.objects.get(part="active").content["confirmed"]
    assert saved["register.normative_in_force"] == {"value": 85, "system": 0}
    text = report_text(tmp_path)
    assert "规章 1 0 7" in text
    assert "行政规范性文件 12 3 85" in text
    assert "行政许可 1520" in text and "行政事业性收费 2.35" in text
    assert "尚待办公室核实" not in text


def test_text_parts_title_contact_and_signature(people, client, tmp_path):
    login(client, "reviewer")
    overview = {
        "active": "全年通过政府网站主动公开政府信息1200条。\n第二段。",
        "requests": "依申请公开工作依法依规办理。",
    }
    assert client.post(part_url("overview"), overview).status_code == 302
    closing = {
        "contact": "湛江市人民政府办公室政务公开科",
        "address": "湛江市赤坎区椹川大道中",
        "postcode": "524000",
        "phone": "0759-3381234",
        "signed_on": "2027-01-20",
    }
    assert client.post(part_url("closing"), {**closing, "postcode": "52400"}).status_code == 422
    assert client.post(part_url("closing"), closing).status_code == 302
    text = report_text(tmp_path)
    name = office().name
    assert f"{name}2026年政府信息公开工作年度报告" in text
    assert "年度政府信息公开工作年度报告" not in text
    assert "全年通过政府网站主动公开政府信息1200条。" in text
    assert "第二段。（二）依申请公开" in text
    assert "依申请公开工作依法依规办理。" in text
    assert (
        "如对本报告有疑问，请联系湛江市人民政府办公室政务公开科（地址：湛江市赤坎区椹川大道中；"
        "邮编：524000；电话：0759-3381234）。"
    ) in text
    assert f"{name}2027年1月20日" in text
    # the boxes still to fill stay grey and say so
    assert "由办公室填写。" in text


def test_a_mistyped_email_is_refused_and_nothing_saved(people, client):
    """The address is printed in the report's contact sentence; "gkb@" reaches nobody."""
    login(client, "reviewer")
    closing = {"contact": "湛江市人民政府办公室政务公开科", "email": "gkb@", "signed_on": ""}
    response = client.post(part_url("closing"), closing)
    assert response.status_code == 422
    assert "电子邮箱“gkb@”格式不对" in response.content.decode()
    assert not AnnualReportPart.objects.exists()
    closing["email"] = "gkb@zhanjiang.gov.cn"
    assert client.post(part_url("closing"), closing).status_code == 302
    assert AnnualReportPart.objects.get(part="closing").content["email"] == "gkb@zhanjiang.gov.cn"


def test_markup_is_refused(people, client):
    login(client, "reviewer")
    response = client.post(part_url("problems"), {"problems": "<script>alert(1)</script>"})
    assert response.status_code == 422
    assert "存在的主要问题：不允许包含 HTML 标记或脚本" in response.content.decode()
    assert not AnnualReportPart.objects.exists()


@pytest.mark.parametrize("username", ["leader", "director"])
def test_others_read_but_do_not_write(people, client, username):
    """The office's leader and a department's leader see the report: they read the forms,
    get no save button, and a POST is refused."""
    login(client, username)
    page = client.get(part_url("overview"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "只有市政府办公室的公开审查员可以填写年度报告" in html
    assert "disabled" in html
    assert client.post(part_url("overview"), {"active": "x"}).status_code == 403
    assert not AnnualReportPart.objects.exists()


def test_a_unit_leader_cannot_read_another_units_parts(people, client):
    login(client, "director")
    other = Unit.objects.exclude(pk=Person.objects.get(username="director").unit_id).first()
    assert client.get(part_url("overview", unit=other.pk)).status_code == 403
    assert client.get(f"{PARTS}nonsense/?year=2026").status_code == 404
    assert client.get(f"{PARTS}?year=abc").status_code == 400


def test_a_bad_year_on_the_parts_page_leads_back_to_the_parts(people, client):
    login(client, "director")
    refused = client.get(f"{PARTS}?year=1999")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "无法显示年度报告的填写部分" in html and "无法显示统计" not in html
    assert f'href="{PARTS}"' in html and "返回年度报告的填写部分" in html


def test_a_units_parts_are_its_own(people, client, tmp_path):
    login(client, "reviewer")
    unit = Person.objects.get(username="director").unit
    text = {"problems": "本单位的问题。"}
    assert client.post(part_url("problems", unit=unit.pk), text).status_code == 302
    assert AnnualReportPart.objects.get().unit == unit
    assert "本单位的问题。" not in report_text(tmp_path)  # the city's report
    preview = client.get(ANNUAL, {"year": 2026, "unit": unit.pk}).content.decode()
    assert "本单位的问题。" in preview


def test_a_count_the_system_changed_since_it_was_confirmed_is_pointed_out(people, client):
    login(client, "reviewer")
    form = client.get(part_url("active")).content.decode()
    prefilled = dict(re.findall(r'name="(c-[^"]+)" value="([^"]*)"', form))
    assert client.post(part_url("active"), prefilled).status_code == 302
    assert "已核实" in client.get(part_url("active")).content.decode()
    # as if a 规章 had been approved in the system after the office confirmed the counts
    row = AnnualReportPart.objects.get(part="active")
    row.content["confirmed"]["register.regulation_issued"]["system"] = 5
    row.save()
    form = client.get(part_url("active")).content.decode()
    assert "核实时为5件，请重新核实" in form


def test_page_numbers_stand_at_the_outer_edge(people, tmp_path):
    """GB/T 9704: odd pages' numbers on the right, even pages' on the left, as "— 1 —"."""
    path = tmp_path / "report.pdf"
    call_command("annual_report", "2026", "--out", str(path), stdout=io.StringIO())
    reader = PdfReader(path)
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages[:2], start=1):
        found = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip():
                found.append((text.strip(), cm[4] + tm[4], cm[5] + tm[5]))

        page.extract_text(visitor_text=visit)
        width = float(page.mediabox.width)
        marks = [one for one in found if re.fullmatch(rf"—\s*{number}\s*—", one[0])]
        assert len(marks) == 1, found[-5:]
        x = marks[0][1]
        assert (x > width / 2) if number % 2 else (x < width / 2), marks


def test_the_statistics_pages_mark_links_to_the_form_for_those_who_confirm(people, client):
    form = f'href="{PARTS}{office_parts.ACTIVE}/?year=2026"'
    login(client, "reviewer")
    page = client.get("/staff/reports/statistics/", {"year": 2026}).content.decode()
    marks = page.count("系统内办理数，请核实</a>")
    assert marks == page.count(form) >= 6  # the six register counts of table 二
    login(client, "clerk")  # sees every unit's figures, confirms nothing
    page = client.get("/staff/reports/statistics/", {"year": 2026}).content.decode()
    assert "系统内办理数，请核实" in page and form not in page


def fill_every_part(client, **overview):
    texts = {
        "overview": {
            key: overview.get(key, "写明了。")
            for key in ("active", "requests", "management", "platform", "oversight")
        },
        "problems": {"problems": "存在的问题。", "improvements": ""},
        "other": {"fees": "未收取信息处理费。", "other": "无。"},
    }
    for key, data in texts.items():
        assert client.post(part_url(key), data).status_code == 302
    form = client.get(part_url("active")).content.decode()
    prefilled = dict(re.findall(r'name="(c-[^"]+)" value="([^"]*)"', form))
    lines = {"licensing": "1", "penalty": "0", "enforcement": "0", "fees": "0"}
    assert client.post(part_url("active"), {**prefilled, **lines}).status_code == 302
    assert client.post(part_url("requests"), balanced_requests()).status_code == 302
    appeals = {office_parts.appeal_cell("review", "upheld"): "0"}
    assert client.post(part_url("appeals"), appeals).status_code == 302
    closing = {"contact": "湛江市人民政府办公室政务公开科", "signed_on": "2027-01-20"}
    assert client.post(part_url("closing"), closing).status_code == 302


DRAFT_NOTE = "本稿由湛江市政务公开工作平台根据业务记录生成"


def test_the_draft_note_goes_once_no_box_is_left_to_fill(people, client, tmp_path):
    login(client, "reviewer")
    fill_every_part(client)
    text = report_text(tmp_path)
    assert DRAFT_NOTE not in text
    html = client.get(f"{ANNUAL}?year=2026").content.decode()
    assert DRAFT_NOTE not in html and 'class="ar-fill' not in html  # no grey box left


def test_the_draft_note_stays_while_one_paragraph_is_left_grey(people, client, tmp_path):
    login(client, "reviewer")
    fill_every_part(client, platform="")
    text = report_text(tmp_path)
    assert DRAFT_NOTE in text and "由办公室填写。" in text


@pytest.mark.parametrize(
    ("today", "reported"),
    [("2027-01-15", 2026), ("2027-03-31", 2026), ("2027-04-01", 2027), ("2026-12-06", 2026)],
)
def test_the_annual_report_opens_on_the_year_being_reported(people, client, today, reported):
    """Due on 31 January and corrected until March: until then it is last year's report."""
    import time_machine

    with time_machine.travel(f"{today} 10:00 +0800", tick=False):
        login(client, "reviewer")
        parts = client.get(PARTS).content.decode()
        report = client.get(ANNUAL).content.decode()
        statistics = client.get("/staff/reports/statistics/").content.decode()
    assert f"{reported}年度报告 · 办公室填写的部分" in parts
    assert f"{reported}年政府信息公开工作年度报告" in report
    assert f"{today[:4]}年统计分析" in statistics  # the statistics count the year under way
