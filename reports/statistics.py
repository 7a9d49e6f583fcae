"""The year's figures of openness work, per unit or for all units, as plain functions.

A figure counts the records of one *source* that meet its condition:

- ``proposals``: the suggestions and proposals received in the year, that is whose 提出日期
  (or, when none was entered, whose registration) falls in it; with a unit, the items the
  unit has a live share of, in any role;
- ``shares``: the replying shares (lead or split units; co-units give opinions, not replies)
  of those items, each with what its letters say: the result class of the latest letter sent,
  the proposer's latest feedback, the disclosure decision, whether it was handled again;
- ``documents``: the policy documents approved for publication in the year, with their
  interpretations; with a unit, the documents it drafted;
- ``register``: every 规章 and 行政规范性文件 ever approved, for the table of section 二 of
  the annual report (issued, repealed and in force in the year);
- ``tasks``: the human steps of both flows finished in the year, with the working days each
  took (``base.workdays``): the day a task opened is not counted, the day it was done is.

The condition is a Q object for every source but ``shares``, whose condition is a predicate
over `ShareRow`s: what a share's letters say takes one correlated subquery per share and per
fact in SQL, which SQLite re-runs for every figure (seconds at 15,000 items), while four plain
queries and a pass in Python give every share's facts at once. Either way ``count`` counts a
figure and ``items`` lists the records behind it with the very same condition, so every number
on a page, in the spreadsheet or in the report can be checked item by item.

Figures about the state of things (replied, overdue, feedback) are as of the day they are
computed (``Scope.today``): the report says so.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, CharField, Count, ExpressionWrapper, F, Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.organisation.models import Unit
from base.workdays.deadlines import CalendarMissingYear, WorkingCalendar
from interpretation.models import Disclosure, DocumentType, InterpretationForm, PolicyDocument
from proposals.models import (
    Assignment,
    AssignmentRole,
    DisclosureDecision,
    Feedback,
    Kind,
    Proposal,
    ReplyLetter,
    ResultClass,
    Satisfaction,
)
from proposals.models import Disclosure as ReplyDisclosure

# The Regulations on Open Government Information (政府信息公开条例) took effect on 1 May 2008;
# the first annual reports are for 2008.
FIRST_YEAR = 2008
PROPOSALS, SHARES, DOCUMENTS, REGISTER, TASKS = (
    "proposals",
    "shares",
    "documents",
    "register",
    "tasks",
)
STEP = "step:"  # a tasks figure: step:<viewflow task reference>
TASK_REF = re.compile(r"[a-z_][a-z0-9_]*/[A-Za-z0-9_.]{1,200}")
HUMAN = "HUMAN"
REPORTED_TYPES = (DocumentType.REGULATION, DocumentType.NORMATIVE)


class BadInput(ValueError):
    """A year, unit or figure that cannot be used; `message` is for the reader, in Chinese."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def shown(value, limit=20):
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def parse_year(value, today=None):
    """The year of `value` (a string or number), between 2008 and this year."""
    text = str(value if value is not None else "").strip()
    last = (today or timezone.localdate()).year
    if not text:
        raise BadInput(_("请填写年份。"))
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise BadInput(
            _("年份“%(value)s”无效，应为四位数字，如 %(year)d。")
            % {"value": shown(text), "year": last}
        )
    year = int(text)
    if year < FIRST_YEAR:
        raise BadInput(
            _("%(year)d年早于《政府信息公开条例》施行（2008年），没有可统计的年度；"
              "请选择%(first)d年至%(last)d年。")
            % {"year": year, "first": FIRST_YEAR, "last": last}
        )  # fmt: skip
    if year > last:
        raise BadInput(
            _("%(year)d年尚未到来，没有可统计的数据；请选择%(first)d年至%(last)d年。")
            % {"year": year, "first": FIRST_YEAR, "last": last}
        )
    return year


def parse_unit(value):
    """The Unit whose id `value` is, None for an empty value."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    unit = None
    if re.fullmatch(r"[0-9]{1,9}", text):
        unit = Unit.objects.filter(pk=int(text)).first()
    if unit is None:
        raise BadInput(_("单位“%(value)s”不存在。") % {"value": shown(text)})
    return unit


def find_unit(name):
    """A Unit by its full or short name (the command line's way of naming one)."""
    unit = Unit.objects.filter(Q(name=name) | Q(short_name=name)).first()
    if unit is None:
        raise BadInput(_("单位“%(value)s”不存在。") % {"value": shown(name, 40)})
    return unit


@dataclass(frozen=True)
class Scope:
    year: int
    unit: Unit | None = None
    today: date = field(default_factory=timezone.localdate)

    @property
    def first_day(self):
        return date(self.year, 1, 1)

    @property
    def last_day(self):
        return date(self.year, 12, 31)

    @property
    def start(self):
        return timezone.make_aware(datetime(self.year, 1, 1))

    @property
    def end(self):
        return timezone.make_aware(datetime(self.year + 1, 1, 1))

    def for_unit(self, unit):
        return replace(self, unit=unit)


# ---------------------------------------------------------------------------------------------
# sources


def received_in(scope, prefix=""):
    """An item counts in the year of its 提出日期; without one, of its registration."""
    return Q(**{f"{prefix}submitted_on__year": scope.year}) | Q(
        **{
            f"{prefix}submitted_on__isnull": True,
            f"{prefix}created_at__gte": scope.start,
            f"{prefix}created_at__lt": scope.end,
        }
    )


def proposal_source(scope):
    items = Proposal.objects.filter(received_in(scope))
    if scope.unit is not None:
        mine = Assignment.objects.live().filter(unit=scope.unit).values("proposal_id")
        items = items.filter(pk__in=mine)
    return items


def share_source(scope):
    """The replying shares of the scope, as a query set (the records behind `ShareRow`s)."""
    shares = (
        Assignment.objects.live()
        .exclude(role=AssignmentRole.CO)
        .filter(received_in(scope, "proposal__"))
    )
    if scope.unit is not None:
        shares = shares.filter(unit=scope.unit)
    return shares


def document_source(scope):
    documents = PolicyDocument.objects.filter(
        approved_at__gte=scope.start, approved_at__lt=scope.end
    )
    if scope.unit is not None:
        documents = documents.filter(drafting_unit=scope.unit)
    return documents


def register_source(scope):
    documents = PolicyDocument.objects.filter(
        doc_type__in=REPORTED_TYPES, approved_at__isnull=False
    )
    if scope.unit is not None:
        documents = documents.filter(drafting_unit=scope.unit)
    return documents


def task_source(scope):
    tasks = Task.objects.filter(
        flow_task_type=HUMAN,
        status=STATUS.DONE,
        finished__gte=scope.start,
        finished__lt=scope.end,
    )
    if scope.unit is not None:
        # a proposal branch's steps carry the unit's share as their seed; a policy package's
        # steps belong to the drafting unit's document
        shares = Assignment.objects.filter(unit=scope.unit).values("pk")
        documents = PolicyDocument.objects.filter(drafting_unit=scope.unit).values("pk")
        tasks = tasks.filter(
            Q(
                seed_content_type=ContentType.objects.get_for_model(Assignment),
                seed_object_id__in=shares,
            )
            | Q(
                process__artifact_content_type=ContentType.objects.get_for_model(PolicyDocument),
                process__artifact_object_id__in=documents,
            )
        )
    return tasks


QUERY_SETS = {
    PROPOSALS: proposal_source,
    DOCUMENTS: document_source,
    REGISTER: register_source,
    TASKS: task_source,
}


class ShareRow(NamedTuple):
    """A replying share and what its letters say, as the figures read it (a tuple: there are
    tens of thousands of them in a national-scale year)."""

    pk: int
    unit_id: int
    unit_rank: int
    kind: str
    number: int
    due_on: date
    replied_on: date | None  # the local day of `replied_at`
    sent_round: int | None  # the latest round whose letter was sent
    result_code: str | None  # that letter's result class
    satisfaction: str | None  # the proposer's feedback on the latest letter that has one
    decision: str | None  # the disclosure decision on the latest letter that has one
    handled_again: bool  # a letter of round 2 or later exists

    @property
    def order(self):
        return (self.kind != Kind.NPC, self.number, self.unit_rank, self.pk)


def share_rows(scope):
    """Every replying share of the scope with its facts: four queries, whatever the number."""
    # no query here is ordered: the models' default orderings would join and sort for nothing
    shares = share_source(scope).order_by()
    ids = shares.values("pk")
    sent = ExpressionWrapper(Q(sent_at__isnull=False), output_field=BooleanField())
    codes = dict(ResultClass.objects.values_list("pk", "code"))
    letters = defaultdict(list)
    for share, round_, result, was_sent in (
        ReplyLetter.objects.filter(assignment__in=ids)
        .order_by()
        .annotate(was_sent=sent)
        .values_list("assignment_id", "round", "result_class_id", "was_sent")
    ):
        letters[share].append((round_, codes.get(result), was_sent))
    satisfaction = latest_by_round(
        Feedback.objects.filter(letter__assignment__in=ids)
        .order_by()
        .values_list("letter__assignment_id", "letter__round", "satisfaction")
    )
    decision = latest_by_round(
        ReplyDisclosure.objects.filter(letter__assignment__in=ids)
        .order_by()
        .values_list("letter__assignment_id", "letter__round", "decision")
    )
    ranks = dict(Unit.objects.values_list("pk", "rank"))
    local = LocalDays(scope.year)
    text = CharField()
    dates = {}  # due dates as text -> date: a few hundred distinct ones
    rows = []
    for pk, unit_id, kind, number, due_on, replied in shares.annotate(
        due_text=Cast("due_on", output_field=text), replied=local.text("replied_at")
    ).values_list("pk", "unit_id", "proposal__kind", "proposal__number", "due_text", "replied"):
        mine = letters.get(pk, ())
        last_sent = max(((r, code) for r, code, was_sent in mine if was_sent), default=None)
        if due_on not in dates:
            dates[due_on] = date.fromisoformat(due_on[:10])
        rows.append(
            ShareRow(
                pk,
                unit_id,
                ranks[unit_id],
                kind,
                number,
                dates[due_on],
                local(replied) if replied else None,
                last_sent[0] if last_sent else None,
                last_sent[1] if last_sent else None,
                satisfaction.get(pk),
                decision.get(pk),
                any(r >= 2 for r, _code, _sent in mine),
            )
        )
    return rows


class LocalDays:
    """Local dates of stored UTC times read as text, converted once per distinct hour (or
    minute, where the local time zone is not a whole number of hours from UTC): Django's
    time zone functions run per row, and on SQLite in Python. Both backends give a stored
    UTC time as text ("2026-03-03 01:30:00" on SQLite, "…+00" on PostgreSQL, whose sessions
    Django keeps in UTC)."""

    def __init__(self, year):
        self.zone = timezone.get_current_timezone()
        moments = [datetime(year, month, 1, tzinfo=UTC) for month in range(1, 13)]
        whole = all(
            m.astimezone(self.zone).utcoffset().total_seconds() % 3600 == 0 for m in moments
        )
        self.length = 13 if whole else 16
        self.days = {}

    def text(self, field_name):
        """The expression of a datetime field as text to the hour (or minute)."""
        return Substr(Cast(field_name, output_field=CharField()), 1, self.length)

    def __call__(self, stamp):
        if stamp not in self.days:
            minute = int(stamp[14:16]) if self.length == 16 else 0
            moment = datetime(
                int(stamp[:4]), int(stamp[5:7]), int(stamp[8:10]), int(stamp[11:13]), minute,
                tzinfo=UTC,
            )  # fmt: skip
            self.days[stamp] = moment.astimezone(self.zone).date()
        return self.days[stamp]


def latest_by_round(rows):
    """{share: value} from (share, round, value) rows: the value of the highest round."""
    found = {}
    for share, _round, value in sorted(rows, key=lambda row: (row[0], row[1])):
        found[share] = value
    return found


# ---------------------------------------------------------------------------------------------
# figures


@dataclass(frozen=True)
class Figure:
    key: str
    source: str
    label: str
    condition: Q = field(default_factory=Q)  # query-set sources
    test: Callable | None = None  # the shares source: a predicate over ShareRow


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
    ]
    found += [
        Figure(
            f"shares.result_{c.code}",
            SHARES,
            f"{c.code}类（{c.label}）",
            test=is_("result_code", c.code),
        )
        for c in classes
    ]
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
    for value, label in [(t.value, t.label) for t in REPORTED_TYPES]:
        kind = Q(doc_type=value)
        found += [
            Figure(f"register.{value}_issued", REGISTER, _("%s：本年制发") % label, kind & issued),
            Figure(
                f"register.{value}_repealed", REGISTER, _("%s：本年废止") % label, kind & repealed
            ),
            Figure(
                f"register.{value}_in_force", REGISTER, _("%s：现行有效") % label, kind & in_force
            ),
        ]
    return {figure.key: figure for figure in found}


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
    """按时答复率: replied on time, of the replies given."""
    return ratio(counts["shares.on_time"], counts["shares.replied"])


def figure_text(value, format="count"):
    """A figure as the tables, the report and the portal write it."""
    if value is None:
        return "—"
    if format == "percent":
        return f"{value * 100:.1f}%"
    if format == "days":
        return f"{float(value):.1f}"
    return str(value)


# ---------------------------------------------------------------------------------------------
# working days per step


class WorkdayIndex:
    """Working days between two dates from per-year running totals: the first day is not
    counted, the last one is (a task opened and done on one day took 0 working days)."""

    def __init__(self):
        self.calendar = WorkingCalendar()
        self.years = {}
        self.ordinals = {}

    def _running(self, year):
        if year not in self.years:
            try:
                day, total, totals = date(year, 1, 1), 0, []
                while day.year == year:
                    total += self.calendar.is_working_day(day)
                    totals.append(total)
                    day += timedelta(days=1)
                self.years[year] = totals
            except CalendarMissingYear:
                self.years[year] = None
        return self.years[year]

    @property
    def known_years(self):
        return [year for year, totals in self.years.items() if totals is not None]

    def ordinal(self, day, base):
        """Working days from 31 December of `base - 1` through `day`; None when the calendar
        lacks a year on the way."""
        key = (day, base)
        if key not in self.ordinals:
            self.ordinals[key] = self._ordinal(day, base)
        return self.ordinals[key]

    def _ordinal(self, day, base):
        years = range(min(base, day.year), max(base, day.year) + 1)
        if any(self._running(year) is None for year in years):
            return None
        through = self.years[day.year][day.timetuple().tm_yday - 1]
        if day.year >= base:
            return through + sum(self.years[year][-1] for year in range(base, day.year))
        return through - sum(self.years[year][-1] for year in range(day.year, base))

    def between(self, first, last):
        """Working days after `first` up to and including `last`, or None."""
        if last < first:
            return 0
        start, end = self.ordinal(first, first.year), self.ordinal(last, first.year)
        return None if start is None or end is None else end - start


def working_days(index, task):
    return index.between(timezone.localdate(task.created), timezone.localdate(task.finished))


@dataclass(frozen=True)
class Step:
    key: str  # step:<reference>
    flow: str
    title: str
    tasks: int
    average: float | None  # None: the calendar lacks a year some task touches
    longest: int | None
    missing_years: tuple = ()


def step_node(reference):
    """The flow node of a stored task reference, or None."""
    from viewflow.workflow.fields import import_task_by_ref

    try:
        return import_task_by_ref(reference)
    except Exception:  # a flow or step renamed since: the figure keeps its raw name
        return None


def flow_order(flow_class):
    """{node name: position} along the flow, breadth first from its start."""
    flow = flow_class.instance
    pending = [node for node in flow.nodes() if not list(node._incoming())]
    order = {}
    while pending:
        node = pending.pop(0)
        if node.name in order:
            continue
        order[node.name] = len(order)
        pending.extend(edge.dst for edge in node._outgoing())
    return order


def grouped_by_hour(tasks, local):
    """(reference, opened, done, count): the tasks grouped by step and by the UTC hour they
    were opened and done (`LocalDays.text`): one scan of the task table, no time zone function
    per row, and far fewer groups than tasks."""
    return (
        tasks.order_by()
        .annotate(
            reference=Cast("flow_task", output_field=CharField()),
            opened=local.text("created"),
            done=local.text("finished"),
        )
        .values_list("reference", "opened", "done")
        .annotate(n=Count("pk"))
    )


def steps(scope):
    """Per human step of both flows: the tasks finished in the year, their average and longest
    working days, in the order of the flows."""
    index, local_day = WorkdayIndex(), LocalDays(scope.year)
    counted, totals, longest = defaultdict(int), defaultdict(int), {}
    missing = defaultdict(set)
    for reference, opened, done, n in grouped_by_hour(task_source(scope), local_day):
        first, last = local_day(opened), local_day(done)
        counted[reference] += n
        start, end = index.ordinal(first, scope.year), index.ordinal(last, scope.year)
        if start is None or end is None:
            missing[reference].update({first.year, last.year} - set(index.known_years))
            continue
        spent = max(end - start, 0)
        totals[reference] += n * spent
        longest[reference] = max(longest.get(reference, 0), spent)
    nodes = {reference: step_node(reference) for reference in counted}
    orders = {}

    def position(reference):
        node = nodes[reference]
        if node is None:
            return ("~", 0, reference)
        flow = node.flow_class
        if flow not in orders:
            orders[flow] = flow_order(flow)
        return (f"{flow.__module__}.{flow.__name__}", orders[flow].get(node.name, 0), reference)

    result = []
    for reference in sorted(counted, key=position):
        node = nodes[reference]
        result.append(
            Step(
                key=STEP + reference,
                flow=str(node.flow_class.process_title) if node else "",
                title=str(node.task_title) if node else reference,
                tasks=counted[reference],
                average=None if missing[reference] else totals[reference] / counted[reference],
                longest=None if missing[reference] else longest[reference],
                missing_years=tuple(sorted(missing[reference])),
            )
        )
    return result


# ---------------------------------------------------------------------------------------------
# the public column's yearly summary


PUBLIC_KEYS = [
    "proposals.received",
    "proposals.npc",
    "proposals.cppcc",
    "shares.all",
    "shares.replied",
    "shares.on_time",
    "shares.satisfied",
    "shares.basically",
    "shares.dissatisfied",
    "shares.disclosed_full",
    "shares.disclosed_partial",
]


def years_with_proposals(today=None):
    """The years some item was received in, newest first."""
    from django.db.models.functions import ExtractYear

    last = (today or timezone.localdate()).year
    submitted = Proposal.objects.filter(submitted_on__isnull=False).annotate(
        year=ExtractYear("submitted_on")
    )
    registered = Proposal.objects.filter(submitted_on__isnull=True).annotate(
        year=ExtractYear("created_at")
    )
    years = set(submitted.values_list("year", flat=True).distinct()) | set(
        registered.values_list("year", flat=True).distinct()
    )
    return sorted((y for y in years if FIRST_YEAR <= y <= last), reverse=True)


def yearly_summary(today=None):
    """[(year, {key: count})] of aggregate figures only: what the public column may show."""
    today = today or timezone.localdate()
    result = []
    for year in years_with_proposals(today):
        scope = Scope(year, today=today)
        found = figures(scope)
        result.append((year, count_figures(scope, [found[key] for key in PUBLIC_KEYS])))
    return result
