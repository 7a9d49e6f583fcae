"""督办台: the open items a person may supervise, their summaries per unit and per kind, and
the filters of the page.

Filter values come from a query string, so they are parsed here and a bad one is reported in
Chinese rather than ignored: an ignored filter would show rows nobody asked for.
"""

import math
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.organisation.models import Unit
from supervision import items as open_work
from supervision.access import ALL
from supervision.models import Due, MovedDueDate

OVERDUE, SOON = "overdue", "soon"
STATUSES = {OVERDUE: gettext_lazy("已逾期"), SOON: gettext_lazy("临近到期")}
MAX_WITHIN = 60
PAGE_SIZE = 100
NUMBER = re.compile(r"[0-9]{1,9}")


def default_within():
    """Amber from the first reminder on: the largest threshold."""
    return max(settings.REMINDER_WORKING_DAYS, default=0)


@dataclass(frozen=True)
class Filters:
    unit: Unit | None = None
    kind: str = ""
    status: str = ""
    within: int = field(default_factory=default_within)
    page: int = 1


def parse_filters(params, scope):
    """(Filters, problems) from a query string; `scope` is ALL or the set of unit pks the
    person supervises. Each unusable value gives one sentence naming it."""
    text = {
        name: (params.get(name) or "").strip()
        for name in ("unit", "kind", "status", "within", "page")
    }
    values, problems = {}, []
    if text["unit"]:
        unit = None
        if NUMBER.fullmatch(text["unit"]):
            unit = Unit.objects.filter(pk=int(text["unit"])).first()
        if unit is None:
            problems.append(_("责任单位“%(value)s”不存在。") % {"value": text["unit"]})
        elif scope != ALL and unit.pk not in scope:
            problems.append(
                _("您只能查看本单位的督办事项，不能查看“%(unit)s”的。") % {"unit": unit.name}
            )
        else:
            values["unit"] = unit
    if text["kind"]:
        if text["kind"] in open_work.KIND_ORDER:
            values["kind"] = text["kind"]
        else:
            choices = "、".join(f"{label}（{kind}）" for kind, label in open_work.KINDS)
            problems.append(
                _("类别“%(value)s”无效，可选：%(choices)s。")
                % {"value": text["kind"], "choices": choices}
            )
    if text["status"]:
        if text["status"] in STATUSES:
            values["status"] = text["status"]
        else:
            choices = "、".join(f"{label}（{key}）" for key, label in STATUSES.items())
            problems.append(
                _("办理状态“%(value)s”无效，可选：%(choices)s。")
                % {"value": text["status"], "choices": choices}
            )
    if text["within"]:
        if NUMBER.fullmatch(text["within"]) and int(text["within"]) <= MAX_WITHIN:
            values["within"] = int(text["within"])
        else:
            problems.append(
                _("临近到期的天数“%(value)s”无效，应为0至%(max)d之间的整数（工作日）。")
                % {"value": text["within"], "max": MAX_WITHIN}
            )
    if text["page"]:
        if NUMBER.fullmatch(text["page"]) and int(text["page"]) >= 1:
            values["page"] = int(text["page"])
        else:
            problems.append(_("页码“%(value)s”无效，应为正整数。") % {"value": text["page"]})
    return Filters(**values), problems


@dataclass
class Tally:
    open: int = 0
    soon: int = 0
    overdue: int = 0
    undated: int = 0  # the calendar lacks a year the count needs

    def add(self, item, within):
        self.open += 1
        self.overdue += item.overdue
        self.soon += item.due_within(within)
        self.undated += item.days_left is None and not item.overdue


@dataclass(frozen=True)
class Summary:
    total: Tally
    by_unit: list  # [(unit pk, unit name, Tally)], the most overdue first
    by_kind: list  # [(kind, label, Tally)] in KINDS' order, every kind


def summarise(items, within):
    total, units, kinds = Tally(), {}, {kind: Tally() for kind, _label in open_work.KINDS}
    for item in items:
        total.add(item, within)
        kinds[item.kind].add(item, within)
        units.setdefault((item.unit_id, item.unit_name), Tally()).add(item, within)
    by_unit = sorted(
        ((pk, name, tally) for (pk, name), tally in units.items()),
        key=lambda row: (-row[2].overdue, -row[2].soon, -row[2].open, row[1]),
    )
    labels = dict(open_work.KINDS)
    return Summary(total, by_unit, [(kind, labels[kind], kinds[kind]) for kind in kinds])


def with_status(items, status, within):
    if status == OVERDUE:
        return [item for item in items if item.overdue]
    if status == SOON:
        return [item for item in items if item.due_within(within)]
    return items


@dataclass(frozen=True)
class Board:
    summary: Summary
    rows: list  # this page's items
    matching: int  # items meeting every filter, on all pages
    page: int
    pages: int


def board(scope, filters, today):
    """What the page shows for a person with `scope` (ALL or a set of unit pks)."""
    units = None if scope == ALL else set(scope)
    if filters.unit is not None:
        units = {filters.unit.pk}
    kinds = [filters.kind] if filters.kind else None
    found = open_work.open_items(today, units=units, kinds=kinds)
    matching = with_status(found, filters.status, filters.within)
    pages = max(1, math.ceil(len(matching) / PAGE_SIZE))
    start = (filters.page - 1) * PAGE_SIZE
    rows = matching[start : start + PAGE_SIZE]
    mark_moved(rows)
    return Board(
        summary=summarise(found, filters.within),
        rows=rows,
        matching=len(matching),
        page=filters.page,
        pages=pages,
    )


def mark_moved(items):
    """Sets `moved` on the items whose due date was last counted again after a holiday
    schedule changed (and still stands as then counted): the board shows the old date."""
    keys = {(item.source, item.object_id): item for item in items}
    moved = MovedDueDate.objects.filter(
        due__in=[Due.REPLY, Due.STEP], object_id__in=[item.object_id for item in items]
    ).order_by("moved_at", "pk")
    for move in moved:
        item = keys.get((move.source, move.object_id))
        if item is not None and item.due_on == move.after:
            item.moved = move
