"""Importing a batch of suggestions or proposals from the congress or committee office.

All or nothing: every row is checked first, and one bad row imports nothing; the report
names every bad row by its line in the spreadsheet. Importing the same file again adds
nothing, and a row already stored with the same content is skipped, so a corrected file
can be imported after a partial earlier one.

The columns are `SPREADSHEET`; the download template (import_template) is made from them.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import PurePath

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base import audit
from base.organisation.models import Unit
from base.organisation.naming import UnitNameError, UnitNames
from base.text import enumerate_items
from proposals.models import Handling, ImportBatch, Kind, Proposal, Proposer


@dataclass(frozen=True)
class Column:
    """One column of the office's spreadsheet: its header, the key `parse` reads it under,
    whether every row must fill it, and how to fill it. The download template, its notes
    and the page's 填写说明 are made from these, so what they tell is what is accepted."""

    header: str
    key: str
    required: bool = False
    how: str = ""


SEPARATOR = "、"  # between names in one cell; also accepted: ，,；;
LIST_SEPARATORS = re.compile(r"[、，,；;]\s*")
FLAGS = ("是", "否")  # what the template offers; YES and NO also take y/n, yes/no, 1/0

SPREADSHEET = (
    Column("类别", "kind", True, gettext_lazy("“人大建议”或“政协提案”。")),
    Column("届", "term", True, gettext_lazy("阿拉伯数字，如市十五届人大填 15。")),
    Column("次", "session", True, gettext_lazy("阿拉伯数字，如第五次会议填 5。")),
    Column(
        "编号",
        "number",
        True,
        gettext_lazy("大会编号，填 213 或 第0213号；同一类别、届、次内不得重复。"),
    ),
    Column("标题", "title", True, gettext_lazy("纯文本，不能含 HTML 标记。")),
    Column("内容", "body", True, gettext_lazy("全文，纯文本；单元格内可以换行。")),
    Column("领衔人", "lead", True, gettext_lazy("领衔代表或委员的姓名，只填一人。")),
    Column("附议人", "others", False, gettext_lazy("其他提出人的姓名，多人用顿号“、”分隔。")),
    Column(
        "联系电话",
        "phone",
        False,
        gettext_lazy("领衔人的电话，只能含数字和 - 等分隔符。联系方式仅供办理，不公开。"),
    ),
    Column(
        "电子邮箱",
        "email",
        False,
        gettext_lazy("领衔人的电子邮箱，答复发出后用于发送反馈链接，不公开。"),
    ),
    Column("通讯地址", "address", False, gettext_lazy("领衔人的通讯地址，不公开。")),
    Column("邮政编码", "postcode", False, gettext_lazy("领衔人的邮政编码，不公开。")),
    Column("分类", "category", False, gettext_lazy("所属领域，如 教育、民政。")),
    Column("重点", "key_item", False, gettext_lazy("是否重点建议提案：“是”或“否”，不填为否。")),
    Column(
        "同意公开",
        "consent",
        False,
        gettext_lazy("提出人是否同意公开：“是”或“否”，不填为是。"),
    ),
    Column(
        "提出日期",
        "submitted_on",
        False,
        gettext_lazy("Excel 日期，或写作 2026-01-15、2026/1/15、2026年1月15日。"),
    ),
    Column(
        "建议主办单位",
        "lead_unit",
        False,
        gettext_lazy("一个单位，须是系统中的单位全称（或简称），可从下拉列表选择。"),
    ),
    Column(
        "建议会办单位",
        "co_units",
        False,
        gettext_lazy("系统中的单位名称，多个单位用顿号“、”分隔；不能与主办单位相同。"),
    ),
    Column(
        "办理方式",
        "handling",
        False,
        gettext_lazy("“主办”或“分办”，不填为主办。分办须另列至少一个会办单位。"),
    ),
)
COLUMNS = {column.header: column.key for column in SPREADSHEET}
REQUIRED = [column.header for column in SPREADSHEET if column.required]
YES, NO = {FLAGS[0], "y", "yes", "true", "1"}, {FLAGS[1], "n", "no", "false", "0", ""}


@dataclass
class Problem:
    row: int | None
    message: str

    def __str__(self):
        return f"第{self.row}行：{self.message}" if self.row else self.message


class ImportFailed(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class Row:
    line: int
    values: dict
    problems: list = field(default_factory=list)

    def text(self, column):
        value = self.values.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def fail(self, message):
        self.problems.append(Problem(self.line, message))


@dataclass
class Result:
    batch: ImportBatch | None
    created: int = 0
    skipped: int = 0
    already_imported: bool = False
    # (line, the stored item) for each row skipped as already imported
    skipped_rows: list = field(default_factory=list)


def read_table(name, data):
    """(headers, [Row]) from .xlsx or .csv bytes; raises ImportFailed when unreadable."""
    extension = PurePath(name).suffix.lower()
    if not data:
        raise ImportFailed([Problem(None, _("文件是空的。"))])
    too_large(len(data))
    if extension == ".xlsx":
        table = _xlsx_rows(data)
    elif extension == ".csv":
        table = _csv_rows(data)
    else:
        raise ImportFailed(
            [Problem(None, _("只能导入 .xlsx 或 .csv 文件（.xls 请另存为 .xlsx）。"))]
        )
    table = [
        row
        for row in islice(table, settings.IMPORT_MAX_ROWS + 2)
        if any(str(cell or "").strip() for cell in row)
    ]
    if len(table) > settings.IMPORT_MAX_ROWS + 1:
        raise ImportFailed(
            [
                Problem(
                    None,
                    _("文件超过%(limit)d行，请分成几个文件导入。")
                    % {"limit": settings.IMPORT_MAX_ROWS},
                )
            ]
        )
    if not table:
        raise ImportFailed([Problem(None, _("文件中没有内容。"))])
    headers = [str(cell or "").strip() for cell in table[0]]
    rows = [Row(line, dict(zip(headers, cells, strict=False))) for line, cells in _numbered(table)]
    return headers, rows


def too_large(size):
    """Refuses a file over UPLOAD_MAX_BYTES before anything reads it."""
    if size > settings.UPLOAD_MAX_BYTES:
        raise ImportFailed(
            [
                Problem(
                    None,
                    _("文件为 %(size)s，超过上限 %(limit)s。")
                    % {
                        "size": filesizeformat(size),
                        "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
                    },
                )
            ]
        )


def _numbered(table):
    # line numbers as the spreadsheet shows them: the header is line 1
    return [(index + 2, cells) for index, cells in enumerate(table[1:])]


def _xlsx_rows(data):
    if not data.startswith(b"PK"):
        raise ImportFailed(
            [Problem(None, _("无法读取该 .xlsx 文件：文件已加密、已损坏或不是 Excel 文件。"))]
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return [list(row) for row in islice(rows, settings.IMPORT_MAX_ROWS + 2)]
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportFailed(
            [Problem(None, _("无法读取该 .xlsx 文件：文件已加密、已损坏或不是 Excel 文件。"))]
        ) from None


def _csv_rows(data):
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFailed([Problem(None, _("无法识别 CSV 文件的编码，请保存为 UTF-8。"))])
    if "\x00" in text:
        raise ImportFailed([Problem(None, _("该文件不是文本格式的 CSV 文件。"))])
    return list(islice(csv.reader(io.StringIO(text)), settings.IMPORT_MAX_ROWS + 2))


def check_headers(headers):
    missing = [name for name in REQUIRED if name not in headers]
    unknown = [name for name in headers if name and name not in COLUMNS]
    problems = []
    if missing:
        problems.append(
            Problem(1, _("缺少必填列：%(cols)s。") % {"cols": enumerate_items(missing)})
        )
    if unknown:
        problems.append(
            Problem(1, _("无法识别的列：%(cols)s。") % {"cols": enumerate_items(unknown)})
        )
    return problems


def cell_values(choices):
    """The spreadsheet speaks Chinese whatever language the uploader's browser asks for."""
    with translation.override(None):
        return {str(label): value for value, label in choices.choices}


def active_units():
    """The units a row may name, in their official order."""
    return list(Unit.objects.filter(is_active=True).order_by("rank", "name"))


def accepted_values(units):
    """Each column that takes one of a fixed few values, and those values as a cell holds
    them: the template's drop-downs offer exactly these (a unit by its full name, though
    its short name is accepted too; the co-units' cell may list several)."""
    names = [unit.name for unit in units]
    return {
        "类别": list(cell_values(Kind)),
        "重点": list(FLAGS),
        "同意公开": list(FLAGS),
        "建议主办单位": names,
        "建议会办单位": names,
        "办理方式": list(cell_values(Handling)),
    }


def parse(row, units):
    """The row's values as model data, recording each problem on the row."""
    for name in REQUIRED:
        if not row.text(name):
            row.fail(_("“%(col)s”不能为空。") % {"col": name})
    kinds = cell_values(Kind)
    kind = kinds.get(row.text("类别"))
    if row.text("类别") and kind is None:
        row.fail(_("类别应为“人大建议”或“政协提案”，而不是“%(v)s”。") % {"v": row.text("类别")})
    data = {"kind": kind}
    for column, name in (("届", "term"), ("次", "session"), ("编号", "number")):
        data[name] = _positive(row, column)
    for column, name in (("标题", "title"), ("内容", "body"), ("分类", "category")):
        data[name] = row.text(column)  # checked with the models' rules (check_models)
    data["key_item"] = _flag(row, "重点", default=False)
    data["consent_to_publish"] = _flag(row, "同意公开", default=True)
    data["submitted_on"] = _date(row, "提出日期")
    data["lead_unit"] = (
        _unit(row, "建议主办单位", row.text("建议主办单位"), units)
        if row.text("建议主办单位")
        else None
    )
    data["co_units"] = [
        _unit(row, "建议会办单位", name, units)
        for name in LIST_SEPARATORS.split(row.text("建议会办单位"))
        if name
    ]
    handlings = cell_values(Handling)
    data["handling"] = handlings.get(row.text("办理方式") or "主办")
    if data["handling"] is None:
        row.fail(_("办理方式应为“主办”或“分办”。"))
    if data["lead_unit"] and data["lead_unit"] in data["co_units"]:
        row.fail(_("主办单位不能同时是会办单位。"))
    if data["handling"] == Handling.SPLIT and not data["co_units"]:
        row.fail(_("分办须列出至少两个承办单位。"))
    data["proposers"] = [row.text("领衔人")] + [
        name for name in LIST_SEPARATORS.split(row.text("附议人")) if name
    ]
    data["contact"] = {
        "phone": row.text("联系电话"),
        "email": row.text("电子邮箱"),
        "address": row.text("通讯地址"),
        "postcode": row.text("邮政编码"),
    }
    return data


def _positive(row, column):
    digits = re.fullmatch(r"第?\s*0*(\d+)\s*号?", row.text(column))
    if row.text(column) and not digits:
        row.fail(_("“%(col)s”应为正整数，而不是“%(v)s”。") % {"col": column, "v": row.text(column)})
        return None
    return int(digits.group(1)) if digits else None


def _flag(row, column, default):
    value = row.text(column).lower()
    if value in YES:
        return True
    if value in NO:
        return default if value == "" else False
    row.fail(_("“%(col)s”应填“是”或“否”。") % {"col": column})
    return default


def _date(row, column):
    value = row.values.get(column)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = row.text(column)
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    try:
        return date(*(int(part) for part in match.groups())) if match else _bad_date(row, text)
    except ValueError:
        return _bad_date(row, text)


def _bad_date(row, text):
    row.fail(_("提出日期“%(v)s”不是有效日期（例如 2026-01-15）。") % {"v": text})


def _unit(row, column, name, units):
    """The unit a cell names, by any name units.find accepts (湛江市教育局, 市教育局, 教育局)."""
    try:
        return units.find(name)
    except UnitNameError as error:
        if error.candidates:
            row.fail(
                _("“%(col)s”：“%(name)s”可指%(units)s，请写明单位全称。")
                % {
                    "col": column,
                    "name": error.text,
                    "units": enumerate_items(f"“{unit.name}”" for unit in error.candidates),
                }
            )
        elif error.near is not None:
            row.fail(
                _("“%(col)s”：找不到单位“%(name)s”，是否指“%(near)s”？")
                % {"col": column, "name": error.text, "near": error.near.name}
            )
        else:
            row.fail(_("单位“%(name)s”不存在，请使用系统中的单位全称。") % {"name": error.text})


# a model field's errors are reported under the column it came from
FIELD_COLUMNS = {field: column for column, field in COLUMNS.items()} | {
    "consent_to_publish": "同意公开",
    "name": "领衔人",
}
PROPOSAL_FIELDS = ("kind", "term", "session", "number", "title", "body", "category",
                   "key_item", "consent_to_publish", "submitted_on", "handling")  # fmt: skip


def check_models(row, data):
    """The row's values against every rule the models and the database declare (lengths,
    ranges, markup, formats), before anything is stored: the same on SQLite and PostgreSQL."""
    if row.problems:
        return  # what parse found is said already; the values may be placeholders
    proposal = Proposal(**{key: data[key] for key in PROPOSAL_FIELDS})
    people = [
        Proposer(proposal=proposal, name=name, **(data["contact"] if rank == 0 else {}))
        for rank, name in enumerate(data["proposers"])
    ]
    for index, instance in enumerate([proposal, *people]):
        try:
            instance.clean_fields(exclude=["proposal", "batch", "suggested_lead_unit"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = "附议人" if index > 1 and name == "name" else FIELD_COLUMNS.get(name, name)
                for message in dict.fromkeys(messages):
                    row.fail(f"“{column}”：{message}")


def key_of(data):
    return (data["kind"], data["term"], data["session"], data["number"])


def import_file(name, data, person=None):
    """Imports a batch; returns a Result, or raises ImportFailed listing every bad row."""
    digest = hashlib.sha256(data).hexdigest()
    earlier = ImportBatch.objects.filter(sha256=digest).first()
    if earlier is not None:
        return Result(batch=earlier, already_imported=True)
    headers, rows = read_table(name, data)
    problems = check_headers(headers)
    if problems:
        raise ImportFailed(problems)
    if not rows:
        raise ImportFailed([Problem(None, _("文件中只有表头，没有数据行。"))])
    units = UnitNames(active_units())
    parsed, first_line = [], {}
    for row in rows:
        data_row = parse(row, units)
        check_models(row, data_row)
        key = key_of(data_row)
        if None not in key:
            if key in first_line:
                row.fail(_("编号与第%(line)d行重复。") % {"line": first_line[key]})
            first_line.setdefault(key, row.line)
        parsed.append((row, data_row))
    # only rows that passed every check are looked up: their numbers fit the database
    new, skipped = _against_database([(row, data) for row, data in parsed if not row.problems])
    problems = [problem for row, _data in parsed for problem in row.problems]
    if problems:
        raise ImportFailed(problems)
    return _store(name, digest, len(rows), new, skipped, person, units.readings)


def _against_database(parsed):
    new, skipped = [], []
    stored = {
        (p.kind, p.term, p.session, p.number): p
        for p in Proposal.objects.filter(
            number__in=[data["number"] for _row, data in parsed if data["number"]],
            term__in={data["term"] for _row, data in parsed},
            session__in={data["session"] for _row, data in parsed},
        )
    }
    for row, data in parsed:
        existing = stored.get(key_of(data))
        if existing is None:
            new.append(data)
        elif (existing.title, existing.body) == (data["title"], data["body"]):
            skipped.append((row.line, existing))
        else:
            row.fail(_("%(label)s已导入，但标题或内容与本行不同。") % {"label": existing.label})
    return new, skipped


@transaction.atomic
def _store(name, digest, row_count, new, skipped, person, readings):
    batch = ImportBatch.objects.create(
        name=name[:200], sha256=digest, rows=row_count, created=len(new), imported_by=person
    )
    for data in new:
        proposal = Proposal.objects.create(
            batch=batch,
            suggested_lead_unit=data["lead_unit"],
            **{
                key: data[key]
                for key in (
                    "kind",
                    "term",
                    "session",
                    "number",
                    "title",
                    "body",
                    "category",
                    "key_item",
                    "consent_to_publish",
                    "submitted_on",
                    "handling",
                )
            },  # fmt: skip
        )
        if data["co_units"]:
            proposal.suggested_co_units.add(*data["co_units"])
        Proposer.objects.bulk_create(
            Proposer(
                proposal=proposal,
                name=person_name,
                is_lead=rank == 0,
                rank=rank,
                **(data["contact"] if rank == 0 else {}),
            )
            for rank, person_name in enumerate(data["proposers"])
        )
    audit.record(
        person or "import",
        "proposals.imported",
        batch,
        created=len(new),
        skipped=len(skipped),
        skipped_rows=[[line, proposal.pk] for line, proposal in skipped],
        # a unit written other than by its 全称, and the unit it was read as, for the result
        unit_readings=[[typed, unit.name] for typed, unit in sorted(readings.items())],
    )
    return Result(batch=batch, created=len(new), skipped=len(skipped), skipped_rows=skipped)
