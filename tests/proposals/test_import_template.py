"""The download template asks for exactly what the importer accepts: its example row imports
as it stands, its required headers are the importer's, and each drop-down offers exactly the
values the importer takes for that column, read back from the saved .xlsx."""

import io

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from proposals.import_template import DATA_SHEET, GUIDE_SHEET, LISTS_SHEET, template
from proposals.importing import REQUIRED, SPREADSHEET, ImportFailed, active_units, import_file
from proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def units(db):
    load_units_and_people()


def book():
    data = template(active_units())
    return data, openpyxl.load_workbook(io.BytesIO(data))


def drop_downs(workbook):
    """header -> the values its list validation offers, resolved from the hidden sheet."""
    sheet = workbook[DATA_SHEET]
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        sheet_name, cells = validation.formula1.rsplit("!", 1)
        source = workbook[sheet_name.strip("'")]
        low_col, low_row, high_col, high_row = range_boundaries(cells.replace("$", ""))
        values = [
            source.cell(row=row, column=low_col).value for row in range(low_row, high_row + 1)
        ]
        for target in str(validation.sqref).split():
            first, last = target.split(":")
            assert first[1:] == "2" and int(last[1:]) > 1000, "the whole column below the header"
            found[headers[first[0]]] = (values, validation.showErrorMessage)
    return found


def test_the_template_filled_with_its_example_row_imports_through_the_real_importer():
    data, workbook = book()
    assert workbook.sheetnames[0] == DATA_SHEET and GUIDE_SHEET in workbook.sheetnames
    result = import_file("建议提案导入模板.xlsx", data)
    assert (result.created, result.skipped) == (1, 0)
    proposal = Proposal.objects.get()
    assert proposal.label == "政协提案第0231号"
    assert proposal.term == 14 and proposal.session == 5
    assert proposal.suggested_lead_unit.name == "湛江市教育局"
    assert [unit.name for unit in proposal.suggested_co_units.all()] == ["湛江市财政局"]
    assert [person.name for person in proposal.proposers.all()] == ["陈丽芳", "王建国", "李晓燕"]
    assert proposal.submitted_on.isoformat() == "2026-01-10"
    assert proposal.lead_proposer.phone == "0759-3386120"
    assert not proposal.key_item and proposal.consent_to_publish


def test_headers_are_the_importers_columns_and_the_required_ones_stand_out():
    _data, workbook = book()
    header = list(workbook[DATA_SHEET][1])
    assert [cell.value for cell in header] == [column.header for column in SPREADSHEET]
    marked = [
        cell.value for cell in header if cell.font.color and cell.font.color.rgb.endswith("B71C1C")
    ]
    assert marked == REQUIRED
    for cell in header:
        assert cell.comment.text.startswith("必填" if cell.value in REQUIRED else "选填")
    notes = {cell.value: cell.comment.text for cell in header}
    assert "取值 1 至 99" in notes["届"] and "第0213号" in notes["编号"]
    assert "顿号" in notes["建议会办单位"] and "2026年1月15日" in notes["提出日期"]


def test_the_drop_downs_offer_exactly_what_the_importer_accepts():
    _data, workbook = book()
    lists = drop_downs(workbook)
    unit_names = list(Unit.objects.filter(is_active=True).values_list("name", flat=True))
    assert lists == {
        "类别": (["人大建议", "政协提案"], True),
        "重点": (["是", "否"], True),
        "同意公开": (["是", "否"], True),
        "建议主办单位": (unit_names, True),
        "建议会办单位": (unit_names, False),  # "A、B" is typed, so other text is allowed
        "办理方式": (["主办", "分办"], True),
    }
    assert workbook[LISTS_SHEET].sheet_state == "hidden"


def test_every_drop_down_value_imports_and_another_value_is_refused():
    _data, workbook = book()
    sheet = workbook[DATA_SHEET]
    headers = [cell.value for cell in sheet[1]]
    example = [cell.value for cell in sheet[2]]
    rows = []
    for header, (values, _strict) in drop_downs(workbook).items():
        for value in values:
            changed = dict(zip(headers, example, strict=True))
            changed.update({header: value, "编号": 300 + len(rows)})
            if changed["建议主办单位"] == changed["建议会办单位"]:  # one unit both ways
                changed["建议会办单位" if header == "建议主办单位" else "建议主办单位"] = ""
            rows.append([changed[name] for name in headers])
    assert import_file("全部选项.xlsx", save(headers, rows)).created == len(rows)
    stored = Proposal.objects.filter(number__gte=300)
    assert {p.kind for p in stored} == {"npc", "cppcc"}
    assert {p.handling for p in stored} == {"lead", "split"}
    assert {p.key_item for p in stored} == {True, False}

    refused = [dict(zip(headers, example, strict=True)) | {"类别": "人大提案", "编号": 999}]
    with pytest.raises(ImportFailed):
        import_file("错.xlsx", save(headers, [[r[name] for name in headers] for r in refused]))


def test_the_guide_sheet_explains_every_column_and_lists_the_units():
    _data, workbook = book()
    guide = [[cell for cell in row] for row in workbook[GUIDE_SHEET].iter_rows(values_only=True)]
    explained = {row[0]: row[2] for row in guide if row[0] in {c.header for c in SPREADSHEET}}
    assert set(explained) == {column.header for column in SPREADSHEET}
    assert "第0213号" in explained["编号"] and "2026/1/15" in explained["提出日期"]
    text = "\n".join(str(cell) for row in guide for cell in row if cell)
    assert "湛江市教育局（市教育局）" in text and "一条也不导入" in text


def test_an_english_speaking_clerk_downloads_the_same_chinese_template():
    from django.utils import translation

    with translation.override("en"):
        data = template(active_units())
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook[DATA_SHEET]["A1"].comment.text.startswith("必填")
    assert import_file("en.xlsx", data).created == 1


def save(headers, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
