"""The figures of `reports.figures` arranged in the tables that the statistics page, the
spreadsheet and the annual report show. Each cell names the figure whose items it counts."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from base.organisation.models import Unit
from interpretation.models import DocumentType, InterpretationForm
from proposals.models import Assignment, DisclosureDecision, Satisfaction
from reports import office_parts
from reports.cache import kept
from reports.figures import (
    count_figures,
    feedback_received,
    figure_text,
    figures,
    pleased_rate,
    rate_text,
    ratio,
    result_classes,
)
from reports.sources import REPORTED_TYPES, Scope, document_source, received_in, share_rows
from reports.step_times import steps


@dataclass(frozen=True)
class Cell:
    """One value of a table. `figure` (with `unit`, when it differs from the scope's) names
    the list of items behind it; a rate links to its numerator's items and carries the two
    counts it is made of (`of`). `note` is the mark of a count the office has to confirm."""

    value: object
    figure: str = ""
    format: str = "count"  # count | percent | days | text
    unit: Unit | None = None
    of: tuple | None = None  # a rate's (part, whole)
    note: str = ""

    @property
    def text(self):
        """The value as every output writes it: 72.0%（18/25） for a rate."""
        if self.of is not None:
            return rate_text(*self.of)
        return figure_text(self.value, self.format)


def text(value):
    return Cell(value, format="text")


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list
    note: str = ""
    sheet: str = ""  # the workbook tab's name where the title is longer than a tab may be


@dataclass
class Statistics:
    scope: Scope
    counts: dict
    labels: dict
    classes: list
    steps: list | None  # None: not computed (see `compute`)
    tables: list
    by_unit: list  # [(unit, counts)] when the scope is every unit
    notes: dict = field(default_factory=dict)  # {key: mark} of the counts to confirm
    confirmed: dict = field(default_factory=dict)  # {key: the office's figure} of those

    @property
    def has_data(self):
        return bool(
            self.counts["proposals.received"]
            or self.counts["documents.approved"]
            or any(self.counts[f"register.{t.value}_issued"] for t in REPORTED_TYPES)
            or any(self.counts[f"register.{t.value}_repealed"] for t in REPORTED_TYPES)
            or self.steps
        )

    def value(self, key):
        """The figure to print: the office's where it confirmed or corrected the count."""
        return self.confirmed.get(key, self.counts[key])

    def note(self, key):
        """The mark a count still to be confirmed carries, or ""."""
        return "" if key in self.confirmed else str(self.notes.get(key, ""))

    def cell(self, key, unit=None):
        return Cell(self.value(key), key, note=self.note(key))

    def rate(self, part, whole):
        of = (self.counts[part], self.counts[whole])
        return Cell(ratio(*of), part, "percent", of=of)

    def table(self, key):
        return next(table for table in self.tables if table.key == key)


def compute(scope, with_steps=True, confirmed=None):
    """Every figure of the scope, arranged in tables (`computed`), kept per state of the
    records behind them (reports.cache): the page, the spreadsheet and the report of a year
    that did not change are not computed again. Figures with other `confirmed` counts than
    the saved ones are computed afresh."""
    if confirmed is not None:
        return computed(scope, with_steps, confirmed)
    return kept("tables", scope, lambda: computed(scope, with_steps), with_steps)


def computed(scope, with_steps=True, confirmed=None):
    """Every figure of the scope, arranged in tables. The scope's shares are read once, and
    with every unit's when the scope is every unit (the table of units groups them). The
    steps' working days, which read every finished task of the year, are left out with
    `with_steps=False`: the report does not show them, and the statistics page loads them on
    their own. `confirmed` ({key: number}) holds the office's figures for the counts it has to
    confirm (`Figure.confirm`), by default those saved for the year's report, so that the page,
    the spreadsheet and the report print the same; the others print with their mark."""
    classes = result_classes()
    found = figures(scope, classes)
    rows = share_rows(scope)
    counts = count_figures(scope, list(found.values()), rows)
    stats = Statistics(
        scope=scope,
        counts=counts,
        labels={key: one.label for key, one in found.items()},
        classes=classes,
        steps=steps(scope) if with_steps else None,
        tables=[],
        by_unit=by_unit(scope, found, rows) if scope.unit is None else [],
        notes={key: one.note for key, one in found.items() if one.confirm},
        confirmed={
            key: value
            for key, value in (
                office_parts.confirmed_counts(scope.year, scope.unit)
                if confirmed is None
                else confirmed
            ).items()
            if found.get(key, None) and found[key].confirm
        },
    )
    stats.tables = build_tables(stats)
    return stats


def label_cell(stats, key):
    return text(stats.labels[key])


def build_tables(stats):
    c, counts = stats.cell, stats.counts
    tables = []
    received = [
        [label_cell(stats, key), c(key)]
        for key in ["proposals.npc", "proposals.cppcc", "proposals.key"]
    ]
    if stats.scope.unit is None:
        received.append([label_cell(stats, "proposals.unassigned"), c("proposals.unassigned")])
    else:
        received += [
            [text(_("其中主办或分办")), c("proposals.leading")],
            [text(_("其中会办")), c("proposals.co")],
        ]
    received.append([text(_("合计")), c("proposals.received")])
    tables.append(
        Table(
            "received",
            _("建议提案收到情况"),
            [_("类别"), _("件数")],
            received,
            _(
                "按提出日期（未填写的按登记日期）所在年度统计；选定单位时为该单位承办（含会办）的件数。"
            ),
        )
    )
    tables.append(
        Table(
            "replies",
            _("答复情况"),
            [_("项目"), _("件数")],
            [
                [label_cell(stats, "shares.all"), c("shares.all")],
                [label_cell(stats, "shares.replied"), c("shares.replied")],
                [text(_("其中按时答复")), c("shares.on_time")],
                [text(_("其中超期答复")), c("shares.late")],
                [label_cell(stats, "shares.open"), c("shares.open")],
                [text(_("其中已逾期")), c("shares.overdue")],
                [text(_("到期应答复（已答复＋逾期未答复）")), c("shares.due")],
                [
                    text(_("按时答复率（按时答复÷到期应答复）")),
                    stats.rate("shares.on_time", "shares.due"),
                ],
            ],
            _(
                "按答复单位计：主办件一件计一次，分办件每个答复单位各计一次；会办单位出具会办意见，"
                "不单独答复。按时：答复日期不晚于办理期限（含经批准延期后的期限）。"
                "按时答复率以到期应答复的件数为分母，逾期未答复的计入分母。"
            ),
        )  # fmt: skip
    )
    results = [
        [label_cell(stats, f"shares.result_{rc.code}"), c(f"shares.result_{rc.code}")]
        for rc in stats.classes
        if rc.is_active or counts[f"shares.result_{rc.code}"]
    ]
    if counts["shares.result_none"]:
        results.append([label_cell(stats, "shares.result_none"), c("shares.result_none")])
    results.append([text(_("合计（等于已答复件数）")), c("shares.replied")])
    tables.append(
        Table(
            "results",
            _("办理结果分类"),
            [_("分类"), _("件数")],
            results,
            _(
                "已答复的件按最近一次答复函所标分类统计，每件只计一次；重新办理尚未再次答复的，"
                "计入尚未答复，不计入分类。"
            ),
        )
    )
    tables.append(
        Table(
            "satisfaction",
            _("代表委员满意度"),
            [_("反馈意见"), _("件数")],
            [
                *[
                    [label_cell(stats, f"shares.{v}"), c(f"shares.{v}")]
                    for v in Satisfaction.values
                ],
                [label_cell(stats, "shares.no_feedback"), c("shares.no_feedback")],
                [label_cell(stats, "shares.again"), c("shares.again")],
                [
                    text(_("满意和基本满意率（÷已反馈）")),
                    Cell(
                        pleased_rate(counts),
                        "",
                        "percent",
                        of=(
                            counts["shares.satisfied"] + counts["shares.basically"],
                            feedback_received(counts),
                        ),
                    ),
                ],
            ],
            _("以代表委员最近一次反馈为准；不满意的重新办理，重新办理件另行计数。"),
        )
    )
    tables.append(
        Table(
            "disclosure",
            _("答复公开情况"),
            [_("公开方式"), _("件数")],
            [
                *[
                    [label_cell(stats, f"shares.disclosed_{v}"), c(f"shares.disclosed_{v}")]
                    for v in DisclosureDecision.values
                ],
                [label_cell(stats, "shares.undecided"), c("shares.undecided")],
            ],
            _("按办理结果公开决定统计。"),
        )
    )
    tables.append(
        Table(
            "documents",
            _("政策文件与解读"),
            [_("项目"), _("件数")],
            [
                [label_cell(stats, "documents.approved"), c("documents.approved")],
                *[
                    [text(_("其中%s") % label), c(f"documents.{value}")]
                    for value, label in DocumentType.choices
                ],
                [label_cell(stats, "documents.proactive"), c("documents.proactive")],
                [label_cell(stats, "documents.together"), c("documents.together")],
                [label_cell(stats, "documents.not_together"), c("documents.not_together")],
                [
                    text(_("同步公开率（÷主动公开）")),
                    stats.rate("documents.together", "documents.proactive"),
                ],
                [label_cell(stats, "documents.livelihood"), c("documents.livelihood")],
                [
                    label_cell(stats, "documents.livelihood_graphic"),
                    c("documents.livelihood_graphic"),
                ],
                [label_cell(stats, "documents.later_forms"), c("documents.later_forms")],
            ],
            _(
                "按批准发布时间所在年度统计。同步公开：解读与文件同一时间批准发布。发布后补充的解读形式"
                "须在3个工作日内发布，本系统未记录其实际发布时间，故不统计是否按时。"
            ),
            sheet=pgettext("工作表名", "政策文件与解读"),
        )  # fmt: skip
    )
    tables.append(
        Table(
            "forms",
            _("解读形式"),
            [_("形式"), _("件数")],
            [
                [label_cell(stats, f"documents.form_{value}"), c(f"documents.form_{value}")]
                for value in InterpretationForm.values
            ],
            _("一件解读可有多种形式。"),
        )
    )
    tables.append(
        Table(
            "register",
            _("规章和行政规范性文件"),
            [_("信息内容"), _("本年制发件数"), _("本年废止件数"), _("现行有效件数")],
            [
                [
                    text(label),
                    c(f"register.{value}_issued"),
                    c(f"register.{value}_repealed"),
                    c(f"register.{value}_in_force"),
                ]
                for value, label in [(t.value, t.label) for t in REPORTED_TYPES]
            ],
            _(
                "制发：批准发布时间在本年；废止：废止日期在本年；现行有效：截至12月31日已批准发布、"
                "未废止且未过有效期。系统只统计经本系统审批的文件，标注“系统内办理数，请核实”的"
                "数字须由办公室核实后填入年度报告。"
            ),
        )  # fmt: skip
    )
    if stats.steps is not None:
        tables.append(steps_table(stats.steps))
    if stats.by_unit:
        tables.append(unit_table(stats))
    return tables


def steps_table(found):
    return Table(
        "steps",
        _("各环节平均用时"),
        [_("流程"), _("环节"), _("完成任务数"), _("平均用时（工作日）"), _("最长（工作日）")],
        [
            [
                text(step.flow),
                text(step.title),
                Cell(step.tasks, step.key),
                Cell(step.average, step.key, "days"),
                Cell(step.longest, step.key),
            ]
            for step in found
        ],
        _("本年完成的人工环节；用时自任务生成次日起算至完成当日，按工作日历计算。"
          "工作日历缺少某年的，该环节不计平均用时。"),
    )  # fmt: skip


UNIT_COLUMNS = [
    ("proposals.received", gettext_lazy("承办建议提案")),
    ("shares.all", gettext_lazy("应答复")),
    ("shares.on_time", gettext_lazy("按时答复")),
    ("shares.late", gettext_lazy("超期答复")),
    ("shares.overdue", gettext_lazy("逾期未答复")),
    ("shares.satisfied", gettext_lazy("满意")),
    ("shares.basically", gettext_lazy("基本满意")),
    ("shares.dissatisfied", gettext_lazy("不满意")),
    ("shares.again", gettext_lazy("重新办理")),
    ("shares.disclosed_full", gettext_lazy("全文公开")),
    ("shares.disclosed_partial", gettext_lazy("部分公开")),
    ("shares.disclosed_none", gettext_lazy("不予公开")),
    ("documents.approved", gettext_lazy("批准发布政策文件")),
    ("documents.together", gettext_lazy("解读同步公开")),
]


def by_unit(scope, found, rows):
    """[(unit, {key: count})] for every unit with a figure in the year, by rank: the
    conditions of a unit's own scope, grouped by unit (`rows`: every unit's shares)."""
    counted = defaultdict(dict)
    # an item counts for each unit with a live share of it, in any role
    items = Assignment.objects.live().filter(received_in(scope, "proposal__"))
    for row in (
        items.values("unit")
        .annotate(**{"proposals.received": Count("proposal", distinct=True)})
        .order_by()
    ):
        counted[row.pop("unit")].update(row)
    share_keys = [key for key, _label in UNIT_COLUMNS if key.startswith("shares.")]
    by_unit_rows = defaultdict(list)
    for row in rows:
        by_unit_rows[row.unit_id].append(row)
    for unit_id, mine in by_unit_rows.items():
        counted[unit_id].update({key: sum(map(found[key].test, mine)) for key in share_keys})
    document_keys = [key for key, _label in UNIT_COLUMNS if key.startswith("documents.")]
    for row in (
        document_source(scope)
        .values("drafting_unit")
        .annotate(**{key: Count("pk", filter=found[key].condition) for key in document_keys})
        .order_by()
    ):
        counted[row.pop("drafting_unit")].update(row)
    units = Unit.objects.filter(pk__in=list(counted)).order_by("rank", "name")
    keys = [key for key, _label in UNIT_COLUMNS]
    return [(unit, {key: counted[unit.pk].get(key, 0) for key in keys}) for unit in units]


def unit_table(stats):
    rows = [
        [text(unit.name)] + [Cell(counts[key], key, unit=unit) for key, _label in UNIT_COLUMNS]
        for unit, counts in stats.by_unit
    ]
    return Table(
        "units",
        _("各单位情况"),
        [_("单位"), *[str(label) for _key, label in UNIT_COLUMNS]],
        rows,
        _("各项口径同上表；一件建议提案由多个单位承办的，每个单位各计一次。"),
    )
