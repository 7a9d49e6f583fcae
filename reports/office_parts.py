"""What the office writes into the annual report, part by part, and the rules it must meet.

The national format (国办公开办函〔2021〕30号) has parts this product cannot fill from its
records: the overview's narrative, the problems and improvements, the other matters, and the
report's contact sentence and 落款. Table 二's 规章 and 行政规范性文件 counts are the system's,
but cover only what passed through it: the office confirms or corrects them, and the report
prints what the office confirmed. Tables 三 (applications for disclosure) and 四 (reviews and
lawsuits) are counted from the applications (applications/annual_tables.py) from the year
the organ began keeping them here (`counted`); for a year before it the office types them
(手工填报), as it did before the product.

Each part is saved on its own (`AnnualReportPart`), by the government office's openness
staff (`may_edit`), with an audit record. `read` parses what was typed and raises
`PartErrors` with a message per field, in Chinese, before anything is saved; `for_report`
gives the report what was saved, and tables 三 and 四 as counted where they are.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import annual_tables, categories
from applications.categories import APPLICANT_KINDS, RESULT_GROUPS
from applications.models import Application, Remedy
from base import audit
from base.organisation.models import Unit, UnitKind
from base.organisation.roles import Role
from base.validation import has_markup
from reports.models import AnnualReportPart

EDIT_PERMISSION = "reports.edit_annual_report"
TEXT_LIMIT = 5000  # characters a field holds: a part of a report, not a book
FIGURE_LIMIT = 999_999  # no office receives a million requests; a longer number is a typo
AUDIT_ACTION = "reports.annual_report_part_saved"


def may_edit(person):
    """The government office's openness reviewers (公开审查员) write the report: they
    already review every unit's disclosures and oversee every unit's figures, and the
    report is the office's — the office leader signs it off on paper and reads it here;
    a department's leader reads its unit's report. Administrators run the system, not
    its content. The permission lets an administrator take the right from the group."""
    return bool(
        person.is_authenticated
        and person.is_active
        and person.has_perm(EDIT_PERMISSION)
        and person.unit_id is not None
        and person.unit.kind == UnitKind.GOVERNMENT_OFFICE
        and person.has_role(Role.OPENNESS_REVIEWER)
    )


def issuing_office():
    """The government office, which compiles the city's report and signs it."""
    return (
        Unit.objects.filter(kind=UnitKind.GOVERNMENT_OFFICE, is_active=True)
        .order_by("parent_unit_id", "rank", "pk")
        .first()
    )


# ---------------------------------------------------------------------------------------------
# the parts and their fields


@dataclass(frozen=True)
class TextField:
    key: str
    label: str
    hint: str = ""
    rows: int = 6


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    kind: str  # "text", "active", "requests", "appeals", "closing"
    lead: str = ""
    texts: tuple = field(default_factory=tuple)


OVERVIEW = "overview"
ACTIVE = "active"
REQUESTS = "requests"
APPEALS = "appeals"
PROBLEMS = "problems"
OTHER = "other"
CLOSING = "closing"

PARTS = [
    Part(
        OVERVIEW,
        gettext_lazy("一、总体情况"),
        "text",
        gettext_lazy(
            "按年度报告格式分五个方面概述。政策解读工作的数字由系统写入报告，此处填写其余情况。"
        ),
        (
            TextField(
                "active",
                gettext_lazy("（一）主动公开"),
                gettext_lazy("主动公开的主要内容、渠道和数量等（接在系统生成的政策解读情况之后）"),
            ),
            TextField("requests", gettext_lazy("（二）依申请公开")),
            TextField("management", gettext_lazy("（三）政府信息管理")),
            TextField("platform", gettext_lazy("（四）政府信息公开平台建设")),
            TextField("oversight", gettext_lazy("（五）监督保障")),
        ),
    ),
    Part(
        ACTIVE,
        gettext_lazy("二、主动公开政府信息情况"),
        "active",
        gettext_lazy(
            "规章和行政规范性文件的件数由系统按经本系统办理的文件统计，未经本系统的文件不在其中："
            "请逐项核实，有出入的改为实际件数。保存即表示已核实，报告印出核实后的件数。"
        ),
    ),
    Part(
        REQUESTS,
        gettext_lazy("三、收到和处理政府信息公开申请情况"),
        "requests",
        gettext_lazy(
            "本年度的申请记录不在本系统中（手工填报），请按申请人类别填写件数；“总计”列和“（七）总计”行"
            "由系统合计。每一列须满足：本年新收加上年结转，等于办理结果总计加结转下年度继续办理。"
            "空格按0计。"
        ),
    ),
    Part(
        APPEALS,
        gettext_lazy("四、政府信息公开行政复议、行政诉讼情况"),
        "appeals",
        gettext_lazy(
            "本年度的申请记录不在本系统中（手工填报），请填写行政复议和行政诉讼的件数；“总计”由"
            "系统合计。空格按0计。"
        ),
    ),
    Part(
        PROBLEMS,
        gettext_lazy("五、存在的主要问题及改进情况"),
        "text",
        "",
        (
            TextField("problems", gettext_lazy("存在的主要问题")),
            TextField("improvements", gettext_lazy("改进情况")),
        ),
    ),
    Part(
        OTHER,
        gettext_lazy("六、其他需要报告的事项"),
        "text",
        gettext_lazy("建议提案办理及其结果公开情况由系统写入报告，此处填写其余事项。"),
        (
            TextField(
                "fees",
                gettext_lazy("收取信息处理费情况"),
                gettext_lazy("依据《政府信息公开信息处理费管理办法》收取信息处理费的情况"),
                3,
            ),
            TextField("other", gettext_lazy("其他"), gettext_lazy("本机关认为需要报告的其他事项")),
        ),
    ),
    Part(
        CLOSING,
        gettext_lazy("联系方式与落款"),
        "closing",
        gettext_lazy("联系方式印在报告开头的说明中，落款印在报告末尾：机关名称和成文日期。"),
    ),
]
BY_KEY = {part.key: part for part in PARTS}

# table 二's lines no record here can give
DECISIONS = [
    ("licensing", gettext_lazy("行政许可")),
    ("penalty", gettext_lazy("行政处罚")),
    ("enforcement", gettext_lazy("行政强制")),
]
FEES = ("fees", gettext_lazy("行政事业性收费（万元）"))

# table 三: its columns (the applicants; 总计 is their sum) and lines, as the applications
# are counted (applications/categories.py): one list for the answer, the records and the report
APPLICANTS = APPLICANT_KINDS
ORGANISATIONS = gettext_lazy("法人或其他组织")
NEW, CARRIED, CARRIED_OVER = annual_tables.NEW, annual_tables.CARRIED, annual_tables.CARRIED_OVER
REQUEST_HEAD = [
    (NEW, gettext_lazy("一、本年新收政府信息公开申请数量")),
    (CARRIED, gettext_lazy("二、上年结转政府信息公开申请数量")),
]
# 三、本年度办理结果: (group key, group label, [(line key, line label)]); a group without lines
# is a line of its own
REQUEST_RESULTS = [
    (group, label, [(key, text) for key, text, _basis in lines])
    for group, label, _basis, lines in RESULT_GROUPS
]
RESULTS_TOTAL = gettext_lazy("（七）总计")
RESULTS = gettext_lazy("三、本年度办理结果")
REQUEST_TAIL = [(CARRIED_OVER, gettext_lazy("四、结转下年度继续办理"))]


def result_lines():
    """[(key, label)] of every line of 三、本年度办理结果."""
    return categories.result_lines()


def request_lines():
    return REQUEST_HEAD + result_lines() + REQUEST_TAIL


# table 四: three blocks of four results (a remedy's kinds and results); each block's 总计 is
# their sum
APPEAL_BLOCKS = Remedy.Kind.choices
APPEAL_RESULTS = Remedy.Result.choices
APPEAL_TOTAL = gettext_lazy("总计")

CLOSING_FIELDS = [
    ("contact", gettext_lazy("联系机构"), gettext_lazy("如：湛江市人民政府办公室政务公开科"), 60),
    ("address", gettext_lazy("地址"), "", 100),
    ("postcode", gettext_lazy("邮政编码"), "", 6),
    ("phone", gettext_lazy("联系电话"), gettext_lazy("如：0759-3381234"), 40),
    ("email", gettext_lazy("电子邮箱"), "", 100),
]
SIGNED_ON = "signed_on"


# ---------------------------------------------------------------------------------------------
# reading what was typed


class PartErrors(ValueError):
    """What is wrong with a part as typed: {field name: message}; nothing was saved."""

    def __init__(self, errors):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def figure(text, where, errors, name):
    """A count as typed: a whole number from 0; an empty box is 0. Full-width digits (what a
    Chinese input method types: １２) are digits."""
    text = unicodedata.normalize("NFKC", text or "").strip().replace(",", "")
    if not text:
        return 0
    if text.isascii() and text.isdigit():
        value = int(text)
        if value <= FIGURE_LIMIT:
            return value
        errors[name] = _("%(where)s：“%(value)s”过大，请核对（不超过%(limit)d）。") % {
            "where": where,
            "value": text[:12],
            "limit": FIGURE_LIMIT,
        }
        return 0
    if text.startswith("-") and text[1:].isdigit():
        errors[name] = _("%(where)s：件数不能为负数（填写的是“%(value)s”）。") % {
            "where": where,
            "value": text[:12],
        }
    else:
        errors[name] = _("%(where)s：“%(value)s”不是件数，请填写0或正整数。") % {
            "where": where,
            "value": text[:12],
        }
    return 0


def amount(text, where, errors, name):
    """An amount in 万元 as typed: from 0, at most four decimals (one yuan); full-width
    digits and point (３．５) too."""
    text = unicodedata.normalize("NFKC", text or "").strip().replace(",", "")
    if not text:
        return "0"
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors[name] = _("%(where)s：“%(value)s”不是金额，请填写数字，如 12.5。") % {
            "where": where,
            "value": text[:12],
        }
    elif value < 0:
        errors[name] = _("%(where)s：金额不能为负数。") % {"where": where}
    elif value.as_tuple().exponent < -4 or value >= FIGURE_LIMIT:
        errors[name] = _("%(where)s：“%(value)s”请以万元为单位，最多保留四位小数。") % {
            "where": where,
            "value": text[:12],
        }
    else:
        return str(value)
    return "0"


# control characters a paste brings: Word's line break (a vertical tab), a page break and a lone
# carriage return become line breaks, the others go (PostgreSQL cannot store U+0000 in JSON)
BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\r": "\n"})
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def plain(text, where, errors, name, limit=TEXT_LIMIT):
    text = CONTROLS.sub("", (text or "").replace("\r\n", "\n").translate(BREAKS)).strip()
    if len(text) > limit:
        errors[name] = _("%(where)s：不能超过%(limit)d字（现为%(count)d字）。") % {
            "where": where,
            "limit": limit,
            "count": len(text),
        }
    elif "<" in text and has_markup(text):
        errors[name] = _("%(where)s：不允许包含 HTML 标记或脚本，请输入纯文本。") % {"where": where}
    return text


def read(part, data, to_confirm=()):
    """The content of `part` from `data` (a form's POST), or PartErrors. `to_confirm`: the
    counts the office confirms, [(figure key, label, the system's count now)]; the system's
    count is kept beside the confirmed one so that a later change can be pointed out."""
    errors = {}
    if part.kind == "text":
        content = {f.key: plain(data.get(f.key), f.label, errors, f.key) for f in part.texts}
    elif part.kind == "active":
        content = read_active(data, to_confirm, errors)
    elif part.kind == "requests":
        content = read_requests(data, errors)
    elif part.kind == "appeals":
        content = read_appeals(data, errors)
    else:
        content = read_closing(data, errors)
    if errors:
        raise PartErrors(errors)
    return content


def confirm_field(key):
    return f"c-{key}"


def read_active(data, to_confirm, errors):
    """`to_confirm`: [(figure key, label, the system's count now)]."""
    confirmed = {
        key: {
            "value": figure(data.get(confirm_field(key)), label, errors, confirm_field(key)),
            "system": system,
        }
        for key, label, system in to_confirm
    }
    content = {"confirmed": confirmed}
    for key, label in DECISIONS:
        content[key] = figure(data.get(key), label, errors, key)
    content[FEES[0]] = amount(data.get(FEES[0]), FEES[1], errors, FEES[0])
    return content


def request_cell(line, column):
    return f"r-{line}-{column}"


def read_requests(data, errors):
    cells = {}
    for line, label in request_lines():
        cells[line] = [
            figure(
                data.get(request_cell(line, column)),
                _("“%(line)s”行“%(column)s”列") % {"line": label, "column": column_label},
                errors,
                request_cell(line, column),
            )
            for column, column_label in APPLICANTS
        ]
    if not errors:
        balance(cells, errors)
    return {"cells": cells}


def balance(cells, errors):
    """The table's own check (勾稽关系): in every column, 本年新收 + 上年结转 = 办理结果总计 +
    结转下年度继续办理. Said per column, with the four numbers, so the clerk sees which to
    correct."""
    totals = results_total(cells)
    for index, (column, label) in enumerate(APPLICANTS):
        came = cells[NEW][index] + cells[CARRIED][index]
        went = totals[index] + cells[CARRIED_OVER][index]
        if came != went:
            errors[f"balance-{column}"] = _(
                "“%(column)s”列不平衡：本年新收%(new)d件加上年结转%(carried)d件为%(came)d件，"
                "应等于办理结果总计%(done)d件加结转下年度继续办理%(over)d件之和%(went)d件。"
            ) % {
                "column": label,
                "new": cells[NEW][index],
                "carried": cells[CARRIED][index],
                "came": came,
                "done": totals[index],
                "over": cells[CARRIED_OVER][index],
                "went": went,
            }


def results_total(cells):
    lines = [key for key, _label in result_lines()]
    return [sum(cells[line][index] for line in lines) for index in range(len(APPLICANTS))]


def appeal_cell(block, result):
    return f"a-{block}-{result}"


def read_appeals(data, errors):
    blocks = {}
    for block, block_label in APPEAL_BLOCKS:
        blocks[block] = [
            figure(
                data.get(appeal_cell(block, result)),
                f"{block_label}“{result_label}”",
                errors,
                appeal_cell(block, result),
            )
            for result, result_label in APPEAL_RESULTS
        ]
    return {"cells": blocks}


def read_closing(data, errors):
    content = {
        key: plain(data.get(key), label, errors, key, limit)
        for key, label, _hint, limit in CLOSING_FIELDS
    }
    # digits and hyphens as a Chinese input method types them (５２４０００, ０７５９－) are digits
    for key in ("postcode", "phone"):
        content[key] = unicodedata.normalize("NFKC", content[key])
    postcode = content["postcode"]
    if postcode and not (postcode.isascii() and postcode.isdigit() and len(postcode) == 6):
        errors["postcode"] = _("邮政编码应为6位数字，如 524000。")
    phone = content["phone"]
    if phone and not all(c.isdigit() or c in "-－ ()（）、，,转" for c in phone):
        errors["phone"] = _("联系电话只能包含数字、连字符和括号，如 0759-3381234。")
    email = content["email"]
    if email and "email" not in errors:
        try:
            validate_email(email)
        except ValidationError:
            # printed in the report's contact sentence: a reader must be able to write to it
            errors["email"] = _("电子邮箱“%(value)s”格式不对，如 gkb@zhanjiang.gov.cn。") % {
                "value": email[:40]
            }
    text = (data.get(SIGNED_ON) or "").strip()
    content[SIGNED_ON] = ""
    if text:
        try:
            content[SIGNED_ON] = datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            errors[SIGNED_ON] = _("成文日期“%(value)s”无效，请按 2027-01-20 的格式填写。") % {
                "value": text[:20]
            }
    return content


# ---------------------------------------------------------------------------------------------
# storing and reading back


def stored(year, unit):
    """{part key: AnnualReportPart} saved for a year's report (unit None: the city's)."""
    rows = AnnualReportPart.objects.filter(year=year, unit=unit).select_related("updated_by")
    return {row.part: row for row in rows}


def save(person, year, unit, part, content):
    """Stores a part as `read` gave it and audits the change; returns the row."""
    if not may_edit(person):
        raise PermissionError(_("只有市政府办公室的公开审查员可以填写年度报告。"))
    if part.key not in typed_parts(year, unit):
        raise PermissionError(_("本年度的这一部分由系统根据申请记录统计，不能手工填写。"))
    with transaction.atomic():
        row, _created = AnnualReportPart.objects.select_for_update().get_or_create(
            year=year, unit=unit, part=part.key
        )
        before = row.content
        row.content = content
        row.updated_by = person
        row.save()
        audit.record(
            person,
            AUDIT_ACTION,
            row,
            year=year,
            unit=unit.name if unit else "",
            part=part.key,
            before=before,
            after=content,
        )
    return row


def paragraphs(text):
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def confirmed_counts(year, unit):
    """{figure key: count} the office confirmed or corrected for a year's report."""
    row = AnnualReportPart.objects.filter(year=year, unit=unit, part=ACTIVE).first()
    found = (row.content if row else {}).get("confirmed", {})
    return {key: one["value"] for key, one in found.items()}


# ---------------------------------------------------------------------------------------------
# tables 三 and 四: counted from the applications, or typed for a year before them


def organ_of(unit):
    """The organ whose applications a report counts: a unit's report, the unit's own; the
    city's report, the government office's (it receives the applications made to the city
    government, 市政府办公室依申〔2026〕1号)."""
    return unit or issuing_office()


def first_counted_year(organ):
    """The year the organ began keeping its applications here: that of the first one
    registered (`registered_at`, not the date of receipt: one received in December and
    registered in January to carry it over is counted from January's year on)."""
    if organ is None:
        return None
    first = Application.objects.filter(organ=organ).aggregate(first=Min("registered_at"))
    return timezone.localtime(first["first"]).year if first["first"] else None


def counted(year, unit):
    """Whether tables 三 and 四 of a year's report are counted from the records.

    From the year the organ began keeping its applications here, always: the figures are
    then what the records say and are changed only by changing a record (the typed part is
    ignored, whatever was saved before). For an earlier year — 2025, before the product —
    or an organ with no application here yet, the records would print a table of zeros
    that is not true: the office's typed figures are kept for it (手工填报), with their
    form, as before. A year is one or the other, never a mix of both in one table."""
    first = first_counted_year(organ_of(unit))
    return first is not None and year >= first


def typed_parts(year, unit):
    """The keys of the parts the office types for this year's report (三 and 四 not when
    they are counted)."""
    shut = {REQUESTS, APPEALS} if counted(year, unit) else set()
    return [part.key for part in PARTS if part.key not in shut]


def counted_tables(year, unit):
    """Tables 三 and 四 as the records count them, in the typed parts' shape."""
    organ = organ_of(unit)
    return (
        annual_tables.requests_table(organ, year),
        annual_tables.appeals_table(organ, year),
    )


def for_report(year, unit):
    """What the report prints of the office's parts. Text fields as lists of paragraphs
    (empty: the report shows the box to fill); the confirmed counts and table 二's other
    lines; tables 三 and 四 with their totals — counted from the applications (`counted`) or
    as typed, None while not filled."""
    saved = {key: row.content for key, row in stored(year, unit).items()}
    texts = {}
    for part in PARTS:
        if part.kind == "text":
            content = saved.get(part.key, {})
            texts[part.key] = {f.key: paragraphs(content.get(f.key)) for f in part.texts}
    active = saved.get(ACTIVE)
    is_counted = counted(year, unit)
    if is_counted:
        requests, appeals = counted_tables(year, unit)
    else:
        requests, appeals = saved.get(REQUESTS), saved.get(APPEALS)
    return {
        "texts": texts,
        "confirmed": {k: v["value"] for k, v in (active or {}).get("confirmed", {}).items()},
        "active": active,
        # table 二's lines the office fills: None (the box to fill) until saved
        "lines": {key: (active or {}).get(key) for key in [*dict(DECISIONS), FEES[0]]},
        "requests": requests_for_report(requests),
        "appeals": appeals_for_report(appeals),
        "counted": is_counted,
        "closing": saved.get(CLOSING) or {},
    }


def requests_for_report(content):
    """Table 三's rows, each figure list with its 总计 last: "head" and "tail" as (label,
    figures); "results" as {"label", "figures"} for a line of its own or {"label", "lines"}
    for a group; "total" the （七）总计 row."""
    if content is None:
        return None
    empty = [0] * len(APPLICANTS)
    cells = {line: list(content["cells"].get(line, empty)) for line, _label in request_lines()}

    def row(line):
        return [*cells[line], sum(cells[line])]

    results = []
    for group, label, lines in REQUEST_RESULTS:
        if lines:
            rows = [{"label": text, "figures": row(f"{group}.{key}")} for key, text in lines]
            results.append({"label": label, "lines": rows})
        else:
            results.append({"label": label, "figures": row(group)})
    totals = results_total(cells)
    return {
        "head": [(label, row(line)) for line, label in REQUEST_HEAD],
        "results": results,
        "total": [*totals, sum(totals)],
        "tail": [(label, row(line)) for line, label in REQUEST_TAIL],
    }


def appeals_for_report(content):
    """The 15 figures of table 四's data row, in the columns' order, or None."""
    if content is None:
        return None
    found = []
    for block, _label in APPEAL_BLOCKS:
        values = list(content["cells"].get(block, [0] * len(APPEAL_RESULTS)))
        found += [*values, sum(values)]
    return found
