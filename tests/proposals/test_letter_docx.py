"""The reply letter as a Word file: the letter format of GB/T 9704-2012 in the file itself
(page, margins, the official faces by name, the red letterhead, page numbers from page 2),
the same words as the PDF, and page 1 as LibreOffice prints it."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from base.rendering import word
from proposals.letter import letter_context
from proposals.letter_docx import letter_document, letter_docx
from proposals.models import Assignment
from tests.proposals.test_letter import BODY, LONG, NUMBER, TITLE, drafted, make_letter
from tests.rendering import libreoffice
from tests.rendering.test_word import out_of_order

pytestmark = pytest.mark.django_db
UNIT = "湛江市教育局"
COPY_TO = "市人大常委会代表工作委员会、市政府办公室。"

__all__ = ["drafted"]  # the staff pages' fixture, shared with the PDF's tests


def opened(letter):
    return Document(io.BytesIO(letter_docx(letter)))


def faces(paragraph):
    return {run.element.rPr.rFonts.get(qn("w:eastAsia")) for run in paragraph.runs if run.text}


def near(length, target):
    return abs(length - target) <= Mm(0.1)


def test_the_file_has_the_standards_page_and_type():
    document = opened(make_letter())
    section = document.sections[0]
    assert near(section.page_width, Mm(210)) and near(section.page_height, Mm(297))
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert all(near(m, t) for m, t in zip(margins, (Mm(37), Mm(35), Mm(28), Mm(26)), strict=True))
    settings = document.settings.element
    # printed on both sides: the binding edge (28 mm) is on the right of an even page
    assert settings.find(qn("w:mirrorMargins")) is not None
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)  # 三号
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    # 22 lines in the 225 mm type area
    assert 22 * normal.paragraph_format.line_spacing <= Mm(225)

    title = next(p for p in document.paragraphs if p.text.replace("\n", "") == TITLE)
    assert faces(title) == {"方正小标宋简体"} and title.runs[0].font.size == Pt(22)
    heading = next(p for p in document.paragraphs if p.text == "一、校园周边交通秩序整治")
    assert faces(heading) == {"黑体"}
    text = "\n".join(p.text for p in document.paragraphs)
    assert "陈志强代表：" in text and "2026年6月3日" in text
    assert "（联系人：吴磊，联系电话：0759-3333333）" in text
    assert f"抄送：{COPY_TO}" in text
    copy_to = next(p for p in document.paragraphs if p.text.startswith("抄送"))
    frame = copy_to._p.pPr.find(qn("w:framePr"))
    assert frame.get(qn("w:yAlign")) == "bottom"  # at the foot of the last page
    assert out_of_order(document) == []  # Word would call the file unreadable


def test_the_notes_follow_the_date_disclosure_attribute_first():
    context = {**letter_context(make_letter()), "disclosure": "主动公开"}
    texts = [p.text for p in letter_document(context).paragraphs]
    date = texts.index("2026年6月3日")
    assert texts[date + 1 : date + 3] == [
        "（公开属性：主动公开）",
        "（联系人：吴磊，联系电话：0759-3333333）",
    ]


def test_the_letterhead_is_the_first_pages_and_page_numbers_begin_on_page_two():
    document = opened(make_letter())
    section = document.sections[0]
    assert section.different_first_page_header_footer
    head = section.first_page_header
    mark = next(p for p in head.paragraphs if p.text == UNIT)
    assert faces(mark) == {"方正小标宋简体"}
    assert all(run.font.color.rgb == word.RED for run in mark.runs)
    assert mark._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "E60012"
    header_text = [p.text for p in head.paragraphs]
    assert NUMBER in header_text and "A类" in header_text

    def fields(footer):
        return [code.text.strip() for code in footer._element.iter(qn("w:instrText"))]

    assert fields(section.first_page_footer) == []
    assert fields(section.footer) == ["PAGE"] and fields(section.even_page_footer) == ["PAGE"]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == "— 1 —" and faces(odd) == {"宋体"}
    assert odd.alignment == 2 and even.alignment == 0  # right on odd pages, left on even
    assert document.settings.odd_and_even_pages_header_footer


def test_libreoffice_prints_page_one_as_the_letter_format(tmp_path):
    body = BODY.replace("二、下一步工作", LONG + "\n二、下一步工作")
    pdf = libreoffice.to_pdf(letter_docx(make_letter(body=body)), tmp_path)
    width, height = libreoffice.page_size(pdf)
    assert abs(width - libreoffice.A4[0]) < 1 and abs(height - libreoffice.A4[1]) < 1
    pages = int(libreoffice.info(pdf)["Pages"])
    assert 2 <= pages <= 4, pages
    # the organ's name in the band of the letterhead; the number, title and salutation below
    assert UNIT in libreoffice.text(pdf, top=25, bottom=45)
    first = libreoffice.text(pdf)
    for words in (NUMBER, TITLE, "陈志强代表：", "A类"):
        assert words in first, words
    assert "—1—" not in first
    assert "—2—" in libreoffice.text(pdf, page=2)
    last = libreoffice.text(pdf, page=pages)
    assert "2026年6月3日" in last and f"抄送：{COPY_TO}" in last

    rows, middle = libreoffice.red_rows(libreoffice.picture(pdf, tmp_path))
    assert rows, "nothing red on page 1"
    top = [row for row in rows if row < 60]
    bottom = [row for row in rows if row > 250]
    # the name from about 30 mm, the double line under it; the bottom line 20 mm from the edge
    assert 28 <= min(top) <= 32 and max(top) <= 50, (min(top), max(top))
    assert bottom and 274 <= min(bottom) and max(bottom) <= 280, bottom
    assert len(top) + len(bottom) == len(rows), "red outside the letterhead and its lines"
    assert abs(middle - 105) < 3  # centred on the page (the type area, mirrored)


def test_render_reply_writes_the_word_file_when_asked_for_docx(tmp_path, capsys):
    letter = make_letter()
    out = tmp_path / "letter.docx"
    call_command("render_reply", str(letter.assignment.proposal_id), "--out", str(out))
    assert zipfile.is_zipfile(out)
    assert NUMBER in [p.text for p in Document(out).sections[0].first_page_header.paragraphs]
    assert "已写入" in capsys.readouterr().out


def test_the_word_copy_is_downloaded_by_those_who_may_see_the_letter(drafted):
    desk, process, edu, _saved = drafted
    letter = Assignment.objects.get(proposal=process.artifact, unit=edu).letters.get()
    url = reverse("staff:proposals:proposal:attachment", args=[letter.pk])

    desk.login(desk.staff(edu.name, "clerk"))
    draft_page = desk.client.get(
        desk.url(desk.task_of(process, "draft_reply", edu.name), "execute")
    ).content.decode()
    assert f"{url}?format=docx" in draft_page
    for who in [desk.staff(edu.name, "clerk"), "clerk"]:
        desk.login(who)
        response = desk.client.get(url, {"format": "docx"})
        assert response.status_code == 200
        assert response["Content-Type"] == word.MIME_TYPE
        assert ".docx" in response["Content-Disposition"]
        document = Document(io.BytesIO(b"".join(response.streaming_content)))
        assert letter.number in [p.text for p in document.sections[0].first_page_header.paragraphs]
    for outsider in [desk.staff("湛江市民政局", "clerk"), desk.staff("湛江市财政局", "head")]:
        desk.login(outsider)
        assert desk.client.get(url, {"format": "docx"}).status_code == 403
