"""The year's figures of openness work, per unit or for all units, as plain functions.

A figure counts the records of one source (sources.py) that meet its condition: a Q object
for every source but ``shares``, whose condition is a predicate over `ShareRow`s (sources.py
says why). Either way ``count_figures`` counts a figure and ``items`` lists the records
behind it with the very same condition, so every number on a page, in the spreadsheet or in
the report can be checked item by item. The rates and the way a figure is written
(``figure_text``) are here too, so that the page, the spreadsheet, the report and the portal
say the same.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from operator import attrgetter

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from interpretation.models import Disclosure, DocumentType, InterpretationForm
from proposals.models import (
    Assignment,
    AssignmentRole,
    DisclosureDecision,
    Kind,
    ResultClass,
    Satisfaction,
)
from reports.inputs import BadInput, shown
from reports.sources import (
    DOCUMENTS,
    HUMAN,
    PROPOSALS,
    QUERY_SETS,
    REGISTER,
    REPORTED_TYPES,
    SHARES,
    TASKS,
    share_rows,
)
from reports.step_times import STEP, step_node

TASK_REF = re.compile(r"[a-z_][a-z0-9_]*/[A-Za-z0-9_.]{1,200}")


# what a count of the system's own records cannot vouch for: documents made outside it
SYSTEM_ONLY = gettext_lazy("系统内办理数，请核实")


@dataclass(frozen=True)
class Figure:
    """A count and the rule of what it counts.

    `confirm` marks a count the system cannot know for sure: it sees only what passed through
    it (a 规章 made before the system or outside it is missing), so every output prints it
    with `note` until the office confirms or corrects it (`Statistics.confirmed`)."""

    key: str
    source: str
    label: str
    condition: Q = field(default_factory=Q)  # query-set sources
    test: Callable | None = None  # the shares source: a predicate over ShareRow
    confirm: bool = False
    note: str = ""


def system_only(figure):
    return replace(figure, confirm=True, note=SYSTEM_ONLY)


def form_condition(code, field_name="forms"):
    # the list is stored as JSON text (["text", "qa"]); a quoted code matches one element
    # exactly on SQLite and PostgreSQL alike (JSONField's `contains` is PostgreSQL-only)
    return Q(**{f"interpretation__{field_name}__icontains": f'"{code}"'})


def result_classes():
    return list(ResultClass.objects.order_by("rank", "code"))


def share_figures(scope, classes):
    def is_(name, value):
        get = attrgetter(name)
        return lambda row: get(row) == value

    def replied(row):
        return row.replied_on is not None

    def sent(row):
        return row.sent_round is not None

    def due(row):
        return replied(row) or row.due_on < today

    def replied_in(code):
        # a share handled again counts in no class until its new letter is sent: the classes
        # add up to the replies
        return lambda row: replied(row) and row.result_code == code

    today = scope.today
    found = [
        Figure("shares.all", SHARES, _("应答复"), test=lambda row: True),
        Figure("shares.replied", SHARES, _("已答复"), test=replied),
        Figure(
            "shares.on_time",
            SHARES,
            _("按时答复"),
            test=lambda row: replied(row) and row.replied_on <= row.due_on,
        ),
        Figure(
            "shares.late",
            SHARES,
            _("超期答复"),
            test=lambda row: replied(row) and row.replied_on > row.due_on,
        ),
        Figure("shares.open", SHARES, _("尚未答复"), test=lambda row: not replied(row)),
        Figure(
            "shares.overdue",
            SHARES,
            _("尚未答复且已逾期"),
            test=lambda row: not replied(row) and row.due_on < today,
        ),
        # the on-time rate's denominator: replied, or past the deadline unreplied
        Figure("shares.due", SHARES, _("到期应答复"), test=due),
    ]
    found += [
        Figure(
            f"shares.result_{c.code}",
            SHARES,
            _("%(code)s类（%(label)s）") % {"code": c.code, "label": _(c.label)},
            test=replied_in(c.code),
        )
        for c in classes
    ]
    found.append(
        Figure("shares.result_none", SHARES, _("未标分类"), test=replied_in(None)),
    )
    found += [
        Figure(f"shares.{value}", SHARES, str(label), test=is_("satisfaction", value))
        for value, label in Satisfaction.choices
    ]
    found += [
        Figure(
            "shares.no_feedback",
            SHARES,
            _("已答复待反馈"),
            test=lambda row: sent(row) and row.satisfaction is None,
        ),
        Figure("shares.again", SHARES, _("重新办理"), test=is_("handled_again", True)),
    ]
    found += [
        Figure(f"shares.disclosed_{value}", SHARES, str(label), test=is_("decision", value))
        for value, label in DisclosureDecision.choices
    ]
    found.append(
        Figure(
            "shares.undecided",
            SHARES,
            _("尚未作出公开决定"),
            test=lambda row: sent(row) and row.decision is None,
        )
    )
    return found


def figures(scope, classes=None):
    """Every figure of a scope except the steps' (see `step_figure`), by key, in order."""
    classes = result_classes() if classes is None else classes
    proactive = Q(disclosure=Disclosure.PROACTIVE)
    together = Q(interpretation__approved_at=F("approved_at"))
    issued = Q(approved_at__gte=scope.start, approved_at__lt=scope.end)
    repealed = Q(repealed_on__gte=scope.first_day, repealed_on__lte=scope.last_day)
    in_force = (
        Q(approved_at__lt=scope.end)
        & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=scope.last_day))
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=scope.last_day))
    )
    found = [
        Figure("proposals.received", PROPOSALS, _("收到建议提案")),
        Figure("proposals.npc", PROPOSALS, _("人大代表建议"), Q(kind=Kind.NPC)),
        Figure("proposals.cppcc", PROPOSALS, _("政协委员提案"), Q(kind=Kind.CPPCC)),
        Figure("proposals.key", PROPOSALS, _("重点建议提案"), Q(key_item=True)),
    ]
    if scope.unit is None:
        unassigned = ~Q(pk__in=Assignment.objects.live().values("proposal_id"))
        found.append(Figure("proposals.unassigned", PROPOSALS, _("尚未交办"), unassigned))
    else:
        mine = Assignment.objects.live().filter(unit=scope.unit)
        leading = Q(pk__in=mine.exclude(role=AssignmentRole.CO).values("proposal_id"))
        co = Q(pk__in=mine.filter(role=AssignmentRole.CO).values("proposal_id"))
        found += [
            Figure("proposals.leading", PROPOSALS, _("主办或分办"), leading),
            Figure("proposals.co", PROPOSALS, _("会办"), co),
        ]
    found += share_figures(scope, classes)
    found += [Figure("documents.approved", DOCUMENTS, _("批准发布的政策文件"))]
    found += [
        Figure(f"documents.{value}", DOCUMENTS, str(label), Q(doc_type=value))
        for value, label in DocumentType.choices
    ]

    found += [
        Figure("documents.proactive", DOCUMENTS, _("主动公开"), proactive),
        Figure("documents.together", DOCUMENTS, _("解读与文件同步公开"), proactive & together),
        Figure(
            "documents.not_together",
            DOCUMENTS,
            _("解读未与文件同步公开"),
            proactive & (Q(interpretation__approved_at__isnull=True) | ~together),
        ),
    ]
    found += [
        Figure(f"documents.form_{value}", DOCUMENTS, str(label), form_condition(value))
        for value, label in InterpretationForm.choices
    ]
    found += [
        Figure("documents.livelihood", DOCUMENTS, _("涉及群众切身利益"), Q(livelihood=True)),
        Figure(
            "documents.livelihood_graphic",
            DOCUMENTS,
            _("其中含图解"),
            Q(livelihood=True) & form_condition(InterpretationForm.GRAPHIC),
        ),
        Figure(
            "documents.later_forms",
            DOCUMENTS,
            _("计划发布后补充解读形式"),
            Q(interpretation__later_forms__icontains='"'),
        ),
    ]
    # the annual report's table 二 counts the government's 规章 and 行政规范性文件, of which
    # the system sees only those approved in it
    for value, label in [(t.value, t.label) for t in REPORTED_TYPES]:
        kind = Q(doc_type=value)
        found += [
            system_only(one)
            for one in [
                Figure(
                    f"register.{value}_issued", REGISTER, _("%s：本年制发") % label, kind & issued
                ),
                Figure(
                    f"register.{value}_repealed",
                    REGISTER,
                    _("%s：本年废止") % label,
                    kind & repealed,
                ),
                Figure(
                    f"register.{value}_in_force",
                    REGISTER,
                    _("%s：现行有效") % label,
                    kind & in_force,
                ),
            ]
        ]
    return {figure.key: figure for figure in found}


def to_confirm(scope):
    """The figures the office confirms or corrects before the report is final, in order."""
    return [one for one in figures(scope).values() if one.confirm]


def step_figure(key):
    """The figure of one flow step: its finished tasks. The reference is only ever compared
    with stored values, and resolved to its flow node only once it is known to be stored."""
    reference = key.removeprefix(STEP)
    stored = Task.objects.filter(flow_task=reference, flow_task_type=HUMAN)
    if not TASK_REF.fullmatch(reference) or not stored.exists():
        raise BadInput(_("统计项“%(value)s”不存在。") % {"value": shown(key, 60)})
    node = step_node(reference)
    label = str(node.task_title) if node is not None else reference
    return Figure(key, TASKS, label, Q(flow_task=reference))


def figure(scope, key):
    """The figure named `key`, or BadInput."""
    if key.startswith(STEP):
        return step_figure(key)
    found = figures(scope).get(key)
    if found is None:
        raise BadInput(_("统计项“%(value)s”不存在。") % {"value": shown(key, 60)})
    return found


def items(scope, key, rows=None):
    """The records a figure counts: a query set, or for a shares figure its `ShareRow`s in
    the order of the items (`rows`: the scope's rows, when they are at hand)."""
    chosen = figure(scope, key)
    if chosen.source == SHARES:
        rows = share_rows(scope) if rows is None else rows
        return sorted((row for row in rows if chosen.test(row)), key=lambda row: row.order)
    return QUERY_SETS[chosen.source](scope).filter(chosen.condition)


def count_figures(scope, chosen, rows=None):
    """{key: count} of figures: one aggregate query per query-set source; the shares' from
    their rows (`rows`: the scope's, when they are at hand)."""
    counts = {}
    by_source = defaultdict(list)
    for one in chosen:
        by_source[one.source].append(one)
    for source, group in by_source.items():
        if source == SHARES:
            rows = share_rows(scope) if rows is None else rows
            counts.update({one.key: sum(map(one.test, rows)) for one in group})
            continue
        aliases = {f"f{index}": one.key for index, one in enumerate(group)}
        found = QUERY_SETS[source](scope).aggregate(
            **{
                alias: Count("pk", filter=one.condition)
                for alias, one in zip(aliases, group, strict=True)
            }
        )
        counts.update({aliases[alias]: value for alias, value in found.items()})
    return counts


def ratio(part, whole):
    return part / whole if whole else None


def feedback_received(counts):
    return sum(counts[f"shares.{value}"] for value in Satisfaction.values)


def pleased_rate(counts):
    """满意和基本满意率: satisfied and basically satisfied, of the feedback received."""
    return ratio(counts["shares.satisfied"] + counts["shares.basically"], feedback_received(counts))


def on_time_rate(counts):
    """按时答复率: replied on time, of the shares that were due — replied, or past their
    deadline unreplied. Of the replies alone, a unit that leaves its late shares unanswered
    would score 100 %."""
    return ratio(counts["shares.on_time"], counts["shares.due"])


def on_time_text(counts):
    """The rate with what it is made of: 72.0%（18/25）."""
    return rate_text(counts["shares.on_time"], counts["shares.due"])


def rate_text(part, whole):
    if not whole:
        return "—"
    return _("%(rate)s（%(part)d/%(whole)d）") % {
        "rate": figure_text(ratio(part, whole), "percent"),
        "part": part,
        "whole": whole,
    }


def reconciles(counts, classes):
    """What must add up, as (statement, holds) pairs: the tests check them, and a page could
    show any that fails. A share counts once, in the class of its latest letter."""
    in_classes = sum(counts[f"shares.result_{c.code}"] for c in classes)
    return [
        (
            "classes + unclassified = replied",
            in_classes + counts["shares.result_none"] == counts["shares.replied"],
        ),
        ("on time + late = replied", counts["shares.on_time"] + counts["shares.late"]
         == counts["shares.replied"]),
        ("replied + overdue = due", counts["shares.replied"] + counts["shares.overdue"]
         == counts["shares.due"]),
        ("on time <= due", counts["shares.on_time"] <= counts["shares.due"]),
        ("replied + open = all", counts["shares.replied"] + counts["shares.open"]
         == counts["shares.all"]),
    ]  # fmt: skip


def figure_text(value, format="count"):
    """A figure as the tables, the report and the portal write it."""
    if value is None:
        return "—"
    if format == "percent":
        return f"{value * 100:.1f}%"
    if format == "days":
        return f"{float(value):.1f}"
    return str(value)
