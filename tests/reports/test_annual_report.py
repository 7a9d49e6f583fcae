"""The annual report: the command's PDF and HTML carry the year's figures where the national
format puts them, mark what the office fills in, link each number to its items, and refuse
impossible input with a clear message."""

import io
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from base.organisation.models import Person, Unit, UnitKind
from tests.reports import expected

pytestmark = pytest.mark.django_db

SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def pdf_text(path):
    pages = PdfReader(path).pages
    return "".join(page.extract_text() for page in pages).replace("\n", ""), len(pages)


def run(*args):
    out = io.StringIO()
    call_command("annual_report", *args, stdout=out)
    return out.getvalue()


def test_the_pdf_carries_the_years_figures_in_the_national_format(year, tmp_path):
    path = tmp_path / "report.pdf"
    said = run("2026", "--out", str(path))
    assert str(path) in said
    assert path.read_bytes().startswith(b"%PDF")
    text, pages = pdf_text(path)
    want = expected.counts(year, 2026)
    office = Unit.objects.get(kind=UnitKind.GOVERNMENT_OFFICE, parent_unit=None)
    assert f"{office.name}2026年政府信息公开工作年度报告" in text  # the organ's 全称 and year
    assert 3 <= pages <= 8
    for heading in SECTIONS:
        assert heading in text
    for phrase in [
        f"人大代表建议{want['proposals.npc']}件、政协委员提案{want['proposals.cppcc']}件，"
        f"共{want['proposals.received']}件",
        f"应答复{want['shares.all']}件，已答复{want['shares.replied']}件",
        f"其中按时答复{want['shares.on_time']}件、超期答复{want['shares.late']}件",
        f"尚未答复{want['shares.open']}件，其中已超过办理期限{want['shares.overdue']}件",
        f"满意{want['shares.satisfied']}件、基本满意{want['shares.basically']}件、"
        f"不满意{want['shares.dissatisfied']}件",
        f"重新办理{want['shares.again']}件",
        f"全文公开{want['shares.disclosed_full']}件",
        f"不予公开{want['shares.disclosed_none']}件",
        f"全年批准发布政策文件{want['documents.approved']}件",
        f"解读材料与文件同步公开{want['documents.together']}件",
        f"A类（已解决或采纳）{want['shares.result_A']}件",
    ]:
        assert phrase in text, phrase
    regulation = [want[f"register.regulation_{w}"] for w in ("issued", "repealed", "in_force")]
    normative = [want[f"register.normative_{w}"] for w in ("issued", "repealed", "in_force")]
    # the system's counts, marked until the office confirms them (test_annual_report_parts)
    assert "规章 {}* {}* {}*".format(*regulation) in text
    assert "行政规范性文件 {}* {}* {}*".format(*normative) in text
    # of the replies that were due: the overdue unreplied ones count against the rate
    on_time = want["shares.on_time"] / want["shares.due"]
    assert f"按时答复率为{on_time * 100:.1f}%" in text
    # what the product cannot know is left to the office, visibly
    assert text.count("由办公室填写") >= 10
    assert "行政许可 由办公室填写" in text
    assert "本年度的申请记录不在本系统中：本表各项由办公室填写" in text


def test_a_units_report(year, tmp_path):
    path = tmp_path / "unit.pdf"
    run("2026", "--unit", "教育局", "--out", str(path))
    text, _pages = pdf_text(path)
    want = expected.counts(year, 2026, "湛江市教育局")
    assert "市教育局2026年政府信息公开工作年度报告" in text
    assert f"共{want['proposals.received']}件，其中主办或分办{want['proposals.leading']}件" in text
    assert f"应答复{want['shares.all']}件" in text


def test_a_year_without_records_gives_an_empty_report_that_says_so(db, tmp_path):
    path = tmp_path / "empty.pdf"
    said = run("2019", "--out", str(path))
    assert "系统中没有2019年度的记录" in said
    text, _pages = pdf_text(path)
    assert "本系统中没有2019年度的政策解读、政策文件和建议提案办理记录" in text
    # nothing to count is said in words, not as a row of zeros
    assert "本级政府系统未收到人大代表建议和政协委员提案" in text
    assert "应答复0件" not in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["1800"], "早于《政府信息公开条例》施行"),
        (["3000"], "尚未到来"),
        (["abc"], "应为四位数字"),
        (["2026", "--unit", "不存在的局"], "单位“不存在的局”不存在"),
    ],
)
def test_impossible_input_is_a_command_error(db, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_output_folder_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="输出目录不存在"):
        run("2026", "--out", str(tmp_path / "nowhere" / "x.pdf"))


def test_each_figure_of_the_html_links_to_the_list_behind_it(year, tmp_path, client):
    path = tmp_path / "report.html"
    run("2026", "--html", "--out", str(path))
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html
    links = re.findall(r'<a class="figure" href="([^"]+)">([^<]+)</a>', html)
    assert len(links) >= 40
    client.force_login(Person.objects.get(username="reviewer"))
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    for href, shown in links:
        href = unescape(href)
        assert href.startswith(base + "/staff/reports/statistics/items/?")
        parts = urlsplit(href)
        page = client.get(f"{parts.path}?{parts.query}")
        assert page.status_code == 200, href
        total = re.search(r'data-total="(\d+)"', page.content.decode()).group(1)
        if shown.endswith("%"):
            continue  # a rate links to its numerator's items
        assert total == shown, href
