"""The statistics as an .xlsx workbook (openpyxl): a first sheet saying what was counted, then
one sheet per table with its Chinese headers in the first row. Counts are written as numbers,
rates as numbers formatted as percentages, working days as numbers with one decimal."""

import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="F3E5E5")
BOLD = Font(bold=True)
FORMATS = {"percent": "0.0%", "days": "0.0", "count": "0"}
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


SHEET_LENGTH = 31  # Excel's limit: it cuts a longer tab name mid-word without a mark


def sheet_name(title):
    """`title` as a tab name: without the characters Excel refuses and, when longer than a tab
    may be, shortened here with a visible "…" rather than cut silently by Excel."""
    name = SHEET_NAME.sub("", str(title)).strip() or "Sheet"
    if len(name) > SHEET_LENGTH:
        name = name[: SHEET_LENGTH - 1].rstrip() + "…"
    return name


def sheet_title(title, taken):
    name = sheet_name(title)
    candidate, number = name, 2
    while candidate in taken:
        candidate = f"{name[: SHEET_LENGTH - 3]}{number}"
        number += 1
    taken.add(candidate)
    return candidate


def scope_label(scope):
    unit = scope.unit.name if scope.unit else _("全部单位")
    return _("%(year)d年 · %(unit)s") % {"year": scope.year, "unit": unit}


def workbook_bytes(stats):
    book = Workbook()
    about = book.active
    about.title = _("说明")
    rows = [
        (_("统计范围"), scope_label(stats.scope)),
        (_("生成时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        (_("状态截至"), stats.scope.today.isoformat()),
        (
            _("说明"),
            _("各表数字均由系统记录计算；工作人员页面中每个数字都链接到其对应的事项清单。"),
        ),
        (
            _("核实"),
            _("标“系统内办理数，请核实”的数字只统计经本系统办理的文件，由办公室核实后使用。"),
        ),
    ]
    for row in rows:
        about.append(row)
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 80
    for cell in about["A"]:
        cell.font = BOLD
    taken = {about.title}
    for table in stats.tables:
        sheet = book.create_sheet(sheet_title(table.sheet or table.title, taken))
        sheet.append([str(column) for column in table.columns])
        for cell in sheet[1]:
            cell.font, cell.fill = BOLD, HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in table.rows:
            sheet.append([cell_value(cell) for cell in row])
            for written, cell in zip(sheet[sheet.max_row], row, strict=True):
                if cell.format in FORMATS and written.value is not None:
                    written.number_format = number_format(cell)
        if table.note:
            sheet.append([])
            sheet.append([_("注：") + str(table.note)])
        for position, column in enumerate(table.columns, start=1):
            longest = max(
                [len(str(column))] + [len(shown_text(row[position - 1])) for row in table.rows]
            )
            sheet.column_dimensions[get_column_letter(position)].width = min(
                max(10, 2 * longest + 2), 48
            )
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shown_text(cell):
    """What the cell shows, the format's literal text included: a number too wide for its
    column shows as ###."""
    if cell.format == "text":
        return str(cell.value)
    return cell.text + (f"（{cell.note}）" if cell.note else "")


def number_format(cell):
    """The cell's format, with what the other outputs print beside the number as literal text
    of the format (a rate's two counts, the mark of a count to confirm): the value stays a
    number to sum and chart."""
    written = FORMATS[cell.format]
    if cell.of is not None:
        part, whole = cell.of
        written += quoted(f"（{part}/{whole}）")
    if cell.note:
        written += quoted(_("（%(note)s）") % {"note": cell.note})
    return written


def quoted(text):
    return '"' + text.replace('"', "") + '"'


def cell_value(cell):
    if cell.format == "text":
        return str(cell.value)
    if cell.format == "days" and cell.value is not None:
        return round(float(cell.value), 1)
    return cell.value
