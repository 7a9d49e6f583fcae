"""A staff list as an .xlsx download: the same rows the page filters, on one sheet.

People open these in Excel or WPS to sort, count and forward them, so the sheet is ready to
read: a bold header row that stays in view, columns wide enough for their Chinese text,
dates and times as real dates (sortable, filterable), numbers as numbers, and a Chinese file
name that survives every browser (RFC 6266 `filename*`, with an ASCII fallback).
"""

import io
from datetime import date, datetime
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.spreadsheet import sheet_name

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60  # characters: a long title wraps in its cell rather than hiding the next column


def cell_value(value):
    """What openpyxl can store: aware times in Shanghai time without their zone (Excel has
    none) to the second, a lazy translation as its text, nothing as an empty cell."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, (date, int, float)):
        return value
    return str(value)


def text_width(value):
    """Columns as wide as a screen shows the text: a Chinese character takes two."""
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = "" if value is None else str(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if ord(char) > 0x2E7F else 1 for char in longest)


def workbook_bytes(title, headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(title)
    sheet.append([str(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [text_width(header) for header in headers]
    for row in rows:
        values = [cell_value(value) for value in row]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], text_width(value))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str) and text_width(cell.value) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH) + 2
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(name, headers, rows):
    """The response a list's 导出 Excel link answers: `name` (Chinese is fine) gets today's
    date and .xlsx, and names the sheet too; `rows` are sequences in the order of `headers`."""
    response = HttpResponse(workbook_bytes(name, headers, rows), content_type=CONTENT_TYPE)
    day = f"{timezone.localdate():%Y%m%d}"
    response["Content-Disposition"] = (
        f'attachment; filename="export-{day}.xlsx"; '
        f"filename*=UTF-8''{quote(f'{name}-{day}.xlsx', safe='')}"
    )
    return response
