"""The annual report as a Word file: every word and figure of the PDF's HTML, in the
standard's page and faces, its tables merged as the national format draws them, page numbers
at the outer edge; LibreOffice prints it on A4 with the title on page 1; the command and the
staff download write it."""

import io
import zipfile

import lxml.html
import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from base.organisation.models import Person, Unit, UnitKind
from base.rendering import word
from reports import annual, tables
from reports.annual_docx import report_docx
from reports.sources import Scope
from tests.rendering import libreoffice
from tests.rendering.test_word import out_of_order
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


def flat(text):
    return "".join(text.split())


def stats():
    return tables.compute(Scope(2026, None), with_steps=False)


def face(paragraph):
    return {run.element.rPr.rFonts.get(qn("w:eastAsia")) for run in paragraph.runs if run.text}


def test_the_word_copy_says_what_the_pdf_says(year):
    computed = stats()
    document = Document(io.BytesIO(report_docx(computed)))
    printed = lxml.html.fromstring(annual.report_html(computed)).find_class("annual-report")[0]
    # every character of the report, in order, tables included
    words = "".join(node.text or "" for node in document.element.body.iter(qn("w:t")))
    assert flat(words) == flat(printed.text_content())

    want = expected.counts(year, 2026)
    assert f"应答复{want['shares.all']}件，已答复{want['shares.replied']}件" in flat(words)
    assert f"A类（已解决或采纳）{want['shares.result_A']}件" in flat(words)
    figure = next(
        run
        for p in document.paragraphs
        for run in p.runs
        if run.text.strip() == str(want["shares.all"])
    )
    assert figure.bold  # the system's figures stand out, as in the PDF


def test_the_page_faces_and_tables_follow_the_standard_and_the_format(year):
    document = Document(io.BytesIO(report_docx(stats())))
    section = document.sections[0]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    for margin, target in zip(margins, (Mm(37), Mm(35), Mm(28), Mm(26)), strict=True):
        assert abs(margin - target) <= Mm(0.1)
    assert abs(section.page_width - Mm(210)) <= Mm(0.1)
    office = Unit.objects.get(kind=UnitKind.GOVERNMENT_OFFICE, parent_unit=None)
    title = document.paragraphs[0]
    assert flat(title.text) == f"{office.name}2026年政府信息公开工作年度报告"
    assert face(title) == {"方正小标宋简体"} and title.runs[0].font.size == Pt(22)
    by_text = {flat(p.text): p for p in document.paragraphs}
    for heading in SECTIONS:
        assert face(by_text[heading]) == {"黑体"}, heading
    assert face(by_text["（一）主动公开"]) == {"楷体_GB2312"}
    outline = [
        (flat(p.text), p._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")))
        for p in document.paragraphs
        if p._p.pPr is not None and p._p.pPr.find(qn("w:outlineLvl")) is not None
    ]
    assert outline[:2] == [("一、总体情况", "0"), ("（一）主动公开", "1")]
    assert [text for text, level in outline if level == "0"] == SECTIONS
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"

    # tables 二, 三 and 四; 三 on the format's 10 columns, its first three as wide as the PDF's
    active, requests, appeals = document.tables
    grid = [column.w for column in requests._tbl.tblGrid.gridCol_lst]
    assert len(grid) == 10 and abs(grid[2] - Mm(156) * 29 / 100) < Mm(0.5)
    corner = requests.cell(0, 0)
    assert corner is not None and "勾稽关系" in corner.text
    assert requests.cell(2, 0).text == corner.text  # merged over three rows and columns
    assert len(appeals._tbl.tblGrid.gridCol_lst) == 15
    assert "第二十条第（一）项" in active.cell(0, 0).text

    # page numbers at the outer edge of every page, page 1 included
    assert not section.different_first_page_header_footer
    for footer in (section.footer, section.even_page_footer):
        codes = [code.text.strip() for code in footer._element.iter(qn("w:instrText"))]
        assert codes == ["PAGE"] and face(footer.paragraphs[0]) == {"宋体"}
    assert section.footer.paragraphs[0].alignment == 2  # odd: right
    assert section.even_page_footer.paragraphs[0].alignment == 0  # even: left
    assert out_of_order(document) == []  # Word would call the file unreadable


def test_libreoffice_prints_it_on_a4_with_the_title_on_page_one(year, tmp_path):
    computed = stats()
    pdf = libreoffice.to_pdf(report_docx(computed), tmp_path)
    width, height = libreoffice.page_size(pdf)
    assert abs(width - libreoffice.A4[0]) < 1 and abs(height - libreoffice.A4[1]) < 1
    pages = int(libreoffice.info(pdf)["Pages"])
    assert 3 <= pages <= 10, pages
    office = Unit.objects.get(kind=UnitKind.GOVERNMENT_OFFICE, parent_unit=None)
    # the title at the top of the type area (37 mm), the report's text under it
    assert f"{office.name}2026年政府信息公开工作年度报告" in libreoffice.text(
        pdf, top=30, bottom=70
    )
    first = libreoffice.text(pdf)
    assert "一、总体情况" in first and "—1—" in first
    assert "—2—" in libreoffice.text(pdf, page=2)
    everything = "".join(libreoffice.text(pdf, page=n) for n in range(1, pages + 1))
    for heading in SECTIONS:
        assert heading in everything


def test_the_command_writes_the_word_file_for_docx(year, tmp_path):
    out = io.StringIO()
    path = tmp_path / "report.docx"
    call_command("annual_report", "2026", "--out", str(path), stdout=out)
    assert zipfile.is_zipfile(path) and str(path) in out.getvalue()
    assert "二、主动公开政府信息情况" in [p.text for p in Document(path).paragraphs]
    with pytest.raises(CommandError, match="不能写成 .docx"):
        call_command("annual_report", "2026", "--html", "--out", str(tmp_path / "x.docx"))
    assert not (tmp_path / "x.docx").exists()


def test_the_staff_page_offers_the_word_copy_beside_the_pdf(year, client):
    client.force_login(Person.objects.get(username="reviewer"))
    page = client.get("/staff/reports/annual/", {"year": 2026}).content.decode()
    assert (
        "/staff/reports/annual/report.docx?" in page and "/staff/reports/annual/report.pdf?" in page
    )
    response = client.get("/staff/reports/annual/report.docx", {"year": 2026})
    assert response["Content-Type"] == word.MIME_TYPE
    assert 'filename="annual-report-2026.docx"' in response["Content-Disposition"]
    assert "一、总体情况" in [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    client.force_login(Person.objects.get(username="handler"))  # no access to the reports
    assert client.get("/staff/reports/annual/report.docx", {"year": 2026}).status_code == 403
