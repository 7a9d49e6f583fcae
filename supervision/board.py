"""督办台: the open items a person may supervise, their summaries per unit and per kind, and
the filters of the page.

Filter values come from a query string, so they are parsed here and a bad one is reported in
Chinese rather than ignored: an ignored filter would show rows nobody asked for.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.organisation.models import Unit
from base.text import enumerate_items
from proposals.board import MAX_SEARCH
from proposals.board import NUMBER as PROPOSAL_NUMBER
from proposals.models import Assignment
from supervision import items as open_work
from supervision.access import ALL
from supervision.models import Due, MovedDueDate, Source

OVERDUE, SOON = "overdue", "soon"
STATUSES = {OVERDUE: gettext_lazy("已逾期"), SOON: gettext_lazy("临近到期")}
MAX_WITHIN = 60
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
    text: str = ""  # searched in the number, the title and a proposal's proposers


def parse_filters(params, scope):
    """(Filters, problems) from a query string; `scope` is ALL or the set of unit pks the
    person supervises. Each unusable value gives one sentence naming it."""
    text = {
        name: (params.get(name) or "").strip() for name in ("unit", "kind", "status", "within", "q")
    }
    values, problems = {}, []
    if len(text["q"]) > MAX_SEARCH:
        problems.append(_("检索词过长，最多%(max)d个字。") % {"max": MAX_SEARCH})
    elif text["q"]:
        values["text"] = text["q"]
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
            choices = enumerate_items(f"{label}（{kind}）" for kind, label in open_work.KINDS)
            problems.append(
                _("类别“%(value)s”无效，可选：%(choices)s。")
                % {"value": text["kind"], "choices": choices}
            )
    if text["status"]:
        if text["status"] in STATUSES:
            values["status"] = text["status"]
        else:
            choices = enumerate_items(f"{label}（{key}）" for key, label in STATUSES.items())
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
        # not an application waiting for its applicant or a third party: it has no date yet
        self.undated += item.missing_year is not None and not item.overdue


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


def searched(items, text):
    """The items whose number, title or (a proposal's) proposer holds `text`, whatever its
    case: 213 and 第0213号 find 第0213号; 8号 finds 湛府办〔2026〕8号. Proposers are asked of
    the database in one query (icontains, the same on SQLite and PostgreSQL)."""
    wanted = text.casefold()
    number = PROPOSAL_NUMBER.fullmatch(text)
    ending = f"第{int(number.group(1)):04d}号" if number else None
    shares = [item.object_id for item in items if item.source == Source.PROPOSAL]
    by_proposer = set(
        Assignment.objects.filter(
            pk__in=shares, proposal__proposers__name__icontains=text
        ).values_list("pk", flat=True)
    )
    return [
        item
        for item in items
        if wanted in item.label.casefold()
        or wanted in item.title.casefold()
        or (ending and item.source == Source.PROPOSAL and item.label.endswith(ending))
        or (item.source == Source.PROPOSAL and item.object_id in by_proposer)
    ]


@dataclass(frozen=True)
class Board:
    summary: Summary  # of every open item in reach of the unit and kind filters
    matching: list  # the items meeting every filter, for the page to page through


def board(scope, filters, today):
    """What the page shows for a person with `scope` (ALL or a set of unit pks); the page and
    its export both read it, so a download never holds an item the page would not show."""
    units = None if scope == ALL else set(scope)
    if filters.unit is not None:
        units = {filters.unit.pk}
    kinds = [filters.kind] if filters.kind else None
    found = open_work.open_items(today, units=units, kinds=kinds)
    matching = with_status(found, filters.status, filters.within)
    if filters.text:
        matching = searched(matching, filters.text)
    return Board(summary=summarise(found, filters.within), matching=matching)


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
