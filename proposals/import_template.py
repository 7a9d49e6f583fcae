"""The spreadsheet the proposal office fills in to import a batch, and the instructions that
go with it. Both are made from the importer's own columns (`importing.SPREADSHEET`), the
values it accepts and the models' limits, so they cannot ask for what the importer refuses;
the template's example row imports as it stands (tests/proposals/test_import_template.py).
"""

import io
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from proposals.importing import FLAGS, SEPARATOR, SPREADSHEET, accepted_values
from proposals.models import Handling, Kind, Proposal, Proposer

DATA_SHEET = "建议提案"  # the first sheet: the one the importer reads
GUIDE_SHEET = "填写说明"
LISTS_SHEET = "选项"  # hidden: the drop-downs' values (an inline list stops at 255 characters)
FILE_NAME = "建议提案导入模板.xlsx"

# the model field a column's value ends in, for its limits (a range, a length)
PROPOSER_FIELDS = {"lead": "name", "others": "name", "phone": "phone", "address": "address",
                   "postcode": "postcode"}  # fmt: skip
WIDTHS = {"标题": 34, "内容": 48, "附议人": 16, "联系电话": 15, "通讯地址": 26, "提出日期": 12,
          "建议主办单位": 22, "建议会办单位": 30}  # fmt: skip

REQUIRED_FONT = Font(bold=True, color="B71C1C")
REQUIRED_FILL = PatternFill("solid", fgColor="FDE7E7")
OPTIONAL_FILL = PatternFill("solid", fgColor="EEEEEE")
EXAMPLE_FONT = Font(color="555555", italic=True)
THIN = Border(*[Side(style="thin", color="BBBBBB")] * 4)
WRAP = Alignment(wrap_text=True, vertical="top")


def limits(column):
    """The model's limits on the column's value, in words ("取值 1 至 99。")."""
    if column.key in PROPOSER_FIELDS:
        field = Proposer._meta.get_field(PROPOSER_FIELDS[column.key])
    elif column.key in {field.name for field in Proposal._meta.fields}:
        field = Proposal._meta.get_field(column.key)
    else:
        return ""
    low = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
    high = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    if low and high:
        return _("取值 %(low)d 至 %(high)d。") % {"low": max(low), "high": min(high)}
    if field.choices or not getattr(field, "max_length", None):
        return ""  # a choice's length is no concern of the clerk's
    if column.key != "others":
        return _("不超过 %(n)d 字。") % {"n": field.max_length}
    return _("每人姓名不超过 %(n)d 字。") % {"n": field.max_length}


def instructions():
    """(column, how to fill it) for every column, in the language active."""
    joined = _("%(how)s%(limits)s")  # English puts a space between the sentences
    return [
        (column, (joined % {"how": column.how, "limits": limits(column)}).strip())
        for column in SPREADSHEET
    ]


def general_notes():
    """What holds for the whole file, in the language active."""
    return [
        _("第一张工作表“%(sheet)s”的第一行是表头，请勿改动表头文字；红色表头的列必须填写，"
          "其他列可以留空或整列删除，列的顺序可以调整。") % {"sheet": DATA_SHEET},
        _("第2行是示例，导入前请删除或改为实际内容。每行填一件建议或提案。"),
        _("有下拉箭头的列请从列表中选择；单位须使用系统中的单位全称（或简称）。"),
        _("整个文件先全部校验：只要有一处错误，就一条也不导入，页面会列出每处问题所在的行和列，"
          "改正后重新上传整个文件即可。"),
        _("类别、届、次、编号与已导入的相同且标题、内容一致的行会被跳过，不会重复导入；"
          "编号相同但标题或内容不同的行会被指出。同一文件再次上传不会有任何改动。"),
        _("每个文件最多 %(rows)d 行、%(size)s；"
          "也可以上传表头相同的 .csv 文件（UTF-8 或 GB18030 编码）。")
        % {"rows": settings.IMPORT_MAX_ROWS, "size": filesizeformat(settings.UPLOAD_MAX_BYTES)},
    ]  # fmt: skip


def example_row(units):
    """A CPPCC proposal to the education bureau (or the first unit), as a clerk would fill it."""
    lead = next((unit for unit in units if "教育" in unit.name), units[0] if units else None)
    co = next((unit for unit in units if "财政" in unit.name and unit != lead), None)
    with translation.override(None):
        kind, handling = str(Kind.CPPCC.label), str(Handling.LEAD.label)
    return {
        "类别": kind,
        "届": 14,
        "次": 5,
        "编号": "第0231号",
        "标题": "关于加强中小学生心理健康教育的提案",
        "内容": "近年来我市中小学生心理问题呈上升趋势，部分学校心理健康教师配备不足。建议：\n"
        "一是按标准配齐专职心理健康教师；二是建立学生心理健康监测和预警机制；"
        "三是加强家校协同，开展家长心理健康教育培训。",
        "领衔人": "陈丽芳",
        "附议人": f"王建国{SEPARATOR}李晓燕",
        "联系电话": "0759-3386120",
        "电子邮箱": "",
        "通讯地址": "湛江市赤坎区南方路12号",
        "邮政编码": "524033",
        "分类": "教育",
        "重点": FLAGS[1],
        "同意公开": FLAGS[0],
        "提出日期": date(2026, 1, 10),
        "建议主办单位": lead.name if lead else "",
        "建议会办单位": co.name if co else "",
        "办理方式": handling,
    }


def template(units):
    """The .xlsx template as bytes; `units` are the active units, for the drop-downs."""
    with translation.override(None):  # the spreadsheet speaks Chinese
        book = _workbook(units)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _workbook(units):
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    guide = book.create_sheet(GUIDE_SHEET)
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    example = example_row(units)
    for index, (column, how) in enumerate(instructions(), start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column.header)
        header.font = REQUIRED_FONT if column.required else Font(bold=True)
        header.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        header.border = THIN
        note = (_("必填。") if column.required else _("选填。")) + how
        header.comment = Comment(note, "Gongkai", width=260, height=110)
        cell = sheet.cell(row=2, column=index, value=example[column.header])
        cell.font, cell.alignment, cell.border = EXAMPLE_FONT, WRAP, THIN
        if isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(cell.value, str):
            cell.number_format = "@"  # 0759-… and 524033 stay text
        sheet.column_dimensions[letter].width = WIDTHS.get(column.header, 10)
    sheet["A2"].comment = Comment(_("示例行：导入前请删除或改为实际内容。"), "Gongkai")
    sheet.row_dimensions[2].height = 96
    sheet.freeze_panes = "A2"
    _drop_downs(sheet, lists, units)
    _guide(guide, example, units)
    return book


def _drop_downs(sheet, lists, units):
    headers = [column.header for column in SPREADSHEET]
    last_row = settings.IMPORT_MAX_ROWS + 1
    for index, (header, values) in enumerate(accepted_values(units).items(), start=1):
        if not values:
            continue
        for row, value in enumerate(values, start=1):
            lists.cell(row=row, column=index, value=value)
        source = get_column_letter(index)
        several = header == "建议会办单位"  # "A、B" is no item of the list: allow typing
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(LISTS_SHEET)}!${source}$1:${source}${len(values)}",
            allow_blank=True,
            showErrorMessage=not several,
            errorTitle=header,
            error=_("请从下拉列表中选择。"),
            showInputMessage=several,
            promptTitle=header,
            prompt=_("可从列表中选一个单位；多个单位请用“%(sep)s”分隔输入。") % {"sep": SEPARATOR},
        )
        letter = get_column_letter(headers.index(header) + 1)
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)


def _guide(guide, example, units):
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 70
    guide.column_dimensions["D"].width = 30
    guide.append([_("建议提案导入模板填写说明")])
    guide["A1"].font = Font(bold=True, size=14)
    for number, note in enumerate(general_notes(), start=1):
        guide.append([f"{number}.", None, note])
        guide.cell(row=guide.max_row, column=3).alignment = WRAP
    guide.append([])
    guide.append([_("列名"), _("是否必填"), _("填写要求"), _("示例")])
    for cell in guide[guide.max_row]:
        cell.font, cell.fill, cell.border = Font(bold=True), OPTIONAL_FILL, THIN
    for column, how in instructions():
        value = example[column.header]
        shown = f"{value:%Y-%m-%d}" if isinstance(value, date) else str(value)
        guide.append([column.header, _("必填") if column.required else "", how, shown])
        for cell in guide[guide.max_row]:
            cell.alignment, cell.border = WRAP, THIN
        if column.required:
            guide.cell(row=guide.max_row, column=1).font = REQUIRED_FONT
    guide.append([])
    guide.append([_("系统中的单位"), None, _("全称（简称）")])
    guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
    for unit in units:
        short = f"（{unit.short_name}）" if unit.short_name else ""
        guide.append([None, None, f"{unit.name}{short}"])
