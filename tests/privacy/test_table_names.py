"""People's names in tables: a column headed by a person-word (值班人, 姓名, 联系人) and the
cell right of such a label in a form hold names, in a worksheet and in a Word table alike, and
the public copy masks them. Tool and placeholder authors of a file are nobody's name."""

import hashlib
import io

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from base.privacy import attachments, file_child
from base.privacy.detector import find_personal_data
from base.privacy.redact_files import MASK

ROSTER = [
    ["日期", "值班人", "值班地点", "值班电话"],
    ["12月1日", "李文涛", "黄坡", "0759-3336688"],
    ["12月2日", "陈晓燕", "黄坡", "0759-3336688"],
]


def names_in(text):
    return [f for f in find_personal_data(text) if f.kind == "name"]


def spec_of(extracted):
    spans, digests = {}, {}
    for segment in extracted.segments:
        found = find_personal_data(segment.text, names=tuple(extracted.names))
        if found:
            spans[segment.key] = [[f.start, f.end] for f in found]
            digests[segment.key] = hashlib.sha256(segment.text.encode()).hexdigest()
    return {"spans": spans, "digests": digests}


def roster_docx(rows=ROSTER, author=None):
    document = Document()
    if author is not None:
        document.core_properties.author = author
    document.add_paragraph("十二月值班安排")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value or ""
    document.add_paragraph("特此通知。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def roster_xlsx(rows=ROSTER):
    book = Workbook()
    sheet = book.active
    sheet.title = "值班表"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value:
                sheet.cell(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def found_names(kind, data):
    extracted = file_child.extract(kind, data)
    segment = next(s for s in extracted.segments if s.kind in ("body", "sheet"))
    return segment, [f for f in find_personal_data(segment.text) if f.kind == "name"]


@pytest.mark.parametrize("kind,make", [("docx", roster_docx), ("xlsx", roster_xlsx)])
def test_names_under_a_person_heading_are_found_surely(kind, make):
    segment, names = found_names(kind, make())
    assert [f.text for f in names] == ["李文涛", "陈晓燕"]
    assert all(f.confidence >= 0.9 for f in names)
    assert all(segment.text[f.start : f.end] == f.text for f in names)


def test_a_name_under_a_person_heading_is_masked_in_the_word_copy():
    data = roster_docx()
    copy = file_child.redact("docx", data, spec_of(file_child.extract("docx", data)))
    assert "李文涛".encode() not in copy and "陈晓燕".encode() not in copy
    table = Document(io.BytesIO(copy)).tables[0]
    row = [cell.text for cell in table.rows[1].cells]
    assert row[:3] == ["12月1日", MASK * 3, "黄坡"]  # 黄坡, a place, is under no person heading
    assert table.rows[2].cells[1].text == MASK * 3
    assert table.rows[0].cells[1].text == "值班人"


def test_a_name_under_a_person_heading_is_masked_in_the_workbook_copy():
    data = roster_xlsx()
    copy = file_child.redact("xlsx", data, spec_of(file_child.extract("xlsx", data)))
    sheet = load_workbook(io.BytesIO(copy))["值班表"]
    assert sheet["B2"].value == MASK * 3 and sheet["B3"].value == MASK * 3
    assert sheet["A2"].value == "12月1日" and sheet["C2"].value == "黄坡"
    assert sheet["B1"].value == "值班人"


@pytest.mark.parametrize("kind,make", [("docx", roster_docx), ("xlsx", roster_xlsx)])
def test_empty_cells_keep_the_columns_in_line(kind, make):
    rows = [
        ["序号", "备注", "负责人"],
        ["1", None, "王志刚"],
        ["2", "", "黄坡"],  # a place in the 负责人 column still is a name-shaped cell
    ]
    segment, names = found_names(kind, make(rows))
    assert "王志刚" in [f.text for f in names]


@pytest.mark.parametrize("kind,make", [("docx", roster_docx), ("xlsx", roster_xlsx)])
def test_a_name_right_of_a_person_label_in_a_form_is_found(kind, make):
    rows = [
        ["姓 名", "李文涛", "性别", "男"],
        ["申请人", "陈晓燕", "联系电话", "13800138000"],
        ["事由", "黄坡", "", ""],
    ]
    segment, names = found_names(kind, make(rows))
    assert [f.text for f in names] == ["李文涛", "陈晓燕"]
    assert all(f.confidence >= 0.9 for f in names)


def test_name_shaped_cells_under_other_headings_are_not_names():
    text = "地点\t日期\n黄坡\t12月1日\n林业\t12月2日\n"
    assert names_in(text) == []


def test_a_table_in_text_finds_every_name_of_a_cell():
    text = "日期\t带班领导\t值班人\n12月1日\t张建国\t李文涛、陈晓燕\n"
    assert [f.text for f in names_in(text)] == ["张建国", "李文涛", "陈晓燕"]


def test_a_person_heading_does_not_reach_past_its_table():
    text = "日期\t值班人\n12月1日\t李文涛\n\n黄坡\t12月2日\n"
    assert [f.text for f in names_in(text)] == ["李文涛"]


def test_titles_under_a_person_heading_are_not_names():
    text = "日期\t带班领导\n12月1日\t张市长\n12月2日\t全体人员\n"
    assert names_in(text) == []


@pytest.mark.parametrize(
    "author",
    [
        "python-docx",
        "Administrator",
        "Microsoft Office 用户",
        "User",
        "admin",
        "WPS Office",
        "Windows 用户",
        "微软用户",
        "openpyxl",
    ],
)
def test_a_tool_or_placeholder_author_is_no_name(author):
    data = roster_docx(rows=[["日期", "地点"], ["12月1日", "黄坡"]], author=author)
    extracted = file_child.extract("docx", data)
    assert extracted.names == []
    properties = next(s for s in extracted.segments if s.kind == "properties")
    assert author in properties.text  # still shown to the reviewer
    assert not any(
        f.confidence >= 0.5
        for s in extracted.segments
        for f in find_personal_data(s.text, names=tuple(extracted.names))
    )


def test_the_default_author_of_a_generated_document_is_no_name():
    extracted = file_child.extract("docx", roster_docx(rows=[["日期"], ["12月1日"]]))
    assert "python-docx" not in extracted.names


def test_a_real_author_is_still_a_name():
    data = roster_docx(rows=[["日期"], ["12月1日"]], author="王丽娟")
    extracted = file_child.extract("docx", data)
    assert extracted.names == ["王丽娟"]
    properties = next(s for s in extracted.segments if s.kind == "properties")
    found = find_personal_data(properties.text, names=tuple(extracted.names))
    assert [(f.text, f.confidence >= 0.9) for f in found] == [("王丽娟", True)]


def test_placeholder_authors_are_recognised_whatever_their_case_and_spacing():
    assert attachments.is_placeholder_author("  ADMINISTRATOR ")
    assert attachments.is_placeholder_author("microsoft office user")
    assert not attachments.is_placeholder_author("陈晓燕")
    assert not attachments.is_placeholder_author("Zhang Wei")


def test_a_cell_that_begins_with_names_gives_those_names():
    text = "联系人\t陈国强 13800138000\n负责人\t市林业局 王志刚\n值班人\t陈晓燕（组长）、李文涛\n"
    assert [f.text for f in names_in(text)] == ["陈国强", "陈晓燕", "李文涛"]


def test_the_contact_in_a_word_table_is_masked_in_the_copy():
    from tests.privacy import sample_files

    data = sample_files.docx()
    copy = file_child.redact("docx", data, spec_of(file_child.extract("docx", data)))
    assert "陈国强".encode() not in b"".join(member for member in _members(copy))
    cell = Document(io.BytesIO(copy)).tables[0].cell(0, 1).text
    assert cell.startswith(MASK * 3 + " ")


def _members(data):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [package.read(name) for name in package.namelist()]


def test_a_header_below_a_merged_title_row_still_heads_its_column():
    document = Document()
    table = document.add_table(rows=3, cols=3)
    title = table.cell(0, 0).merge(table.cell(0, 2))
    title.text = "十二月值班表"
    for c, value in enumerate(["日期", "地点", "值班领导"]):
        table.cell(1, c).text = value
    for c, value in enumerate(["12月1日", "黄坡", "欧阳文涛"]):
        table.cell(2, c).text = value
    out = io.BytesIO()
    document.save(out)
    segment, names = found_names("docx", out.getvalue())
    assert [f.text for f in names] == ["欧阳文涛"]
    assert segment.text.splitlines()[:2] == ["十二月值班表", "日期\t地点\t值班领导"]
