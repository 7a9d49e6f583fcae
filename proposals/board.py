"""办理进度总览: one row per item with each live share's state and time left.

The proposal office watches every item and a unit its own (`rules.visible_to`); both need to
see at a glance which shares are overdue or nearly due, and what came of the replies. Filter
values come from a page's query string, so they are parsed here and a bad one is reported in
Chinese rather than ignored: an ignored filter would show rows the person did not ask for.

The rows are built from one prefetching query set, whatever their number; working days are
counted with one shared calendar, which reads each year's holidays once.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Case, OuterRef, Prefetch, Q, Subquery, When
from django.utils.translation import gettext as _

from base.organisation.models import Unit
from base.text import enumerate_items
from base.workdays.counting import WorkdayCounter
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Kind,
    Proposal,
    Proposer,
    ReplyLetter,
    ResultClass,
)
from proposals.rules import visible_to
from proposals.sittings import sitting

OVERDUE = "overdue"
# a withdrawn share is no longer anyone's work, so the board neither shows nor filters it
LIVE_STATES = [state for state in AssignmentState if state != AssignmentState.WITHDRAWN]
SESSION = re.compile(r"([0-9]{1,3})-([0-9]{1,3})")
# 0213, 213, 第0213号, 人大建议第0213号: what people type for an item's number
NUMBER = re.compile(r"(?:人大建议|政协提案)?第?\s*([0-9]{1,4})\s*号?")
MAX_SEARCH = 100


@dataclass(frozen=True)
class Filters:
    term: int | None = None
    session: int | None = None
    kind: str = ""
    unit: Unit | None = None
    state: str = ""
    result: ResultClass | None = None
    text: str = ""  # searched in the number, the title and the proposers' names

    @property
    def narrows_shares(self):
        return bool(self.unit or self.state or self.result)


def parse_filters(params):
    """(Filters, problems) from a mapping of strings such as a query string; each value that
    cannot be used gives one Chinese sentence naming it."""
    values, problems = {}, []
    names = ("session", "kind", "unit", "state", "result", "q")
    text = {name: (params.get(name) or "").strip() for name in names}
    if len(text["q"]) > MAX_SEARCH:
        problems.append(_("检索词过长，最多%(max)d个字。") % {"max": MAX_SEARCH})
    elif text["q"]:
        values["text"] = text["q"]
    if text["session"]:
        match = SESSION.fullmatch(text["session"])
        if match:
            values["term"], values["session"] = (int(part) for part in match.groups())
        else:
            problems.append(
                _("届次“%(value)s”无效，应写作“届-次”，如 15-4。") % {"value": text["session"]}
            )
    if text["kind"]:
        if text["kind"] in Kind.values:
            values["kind"] = text["kind"]
        else:
            problems.append(
                _("类别“%(value)s”无效，只能是人大建议（npc）或政协提案（cppcc）。")
                % {"value": text["kind"]}
            )
    if text["unit"]:
        number = re.fullmatch(r"[0-9]{1,9}", text["unit"])
        unit = Unit.objects.filter(pk=int(text["unit"])).first() if number else None
        if unit is None:
            problems.append(_("承办单位“%(value)s”不存在。") % {"value": text["unit"]})
        values["unit"] = unit
    if text["state"]:
        if text["state"] in [*LIVE_STATES, OVERDUE]:
            values["state"] = text["state"]
        else:
            choices = enumerate_items([*(state.label for state in LIVE_STATES), _("已逾期")])
            problems.append(
                _("办理状态“%(value)s”无效，可选：%(choices)s。")
                % {"value": text["state"], "choices": choices}
            )
    if text["result"]:
        result = ResultClass.objects.filter(code=text["result"]).first()
        if result is None:
            problems.append(_("办理结果分类“%(value)s”不存在。") % {"value": text["result"]})
        values["result"] = result
    return Filters(**values), problems


@dataclass(frozen=True)
class Share:
    """One unit's live share as the board shows it."""

    assignment: Assignment
    done: bool
    days_left: int | None  # None: done, or the calendar lacks a year on the way
    calendar_missing: bool
    provisional: bool  # the due date lies in a year counted provisionally (暂定)
    overdue: bool
    due_soon: bool
    letter: ReplyLetter | None  # the latest letter sent

    @property
    def days_late(self):
        """Working days past the due date (0 when it passed over a weekend or holiday)."""
        return -self.days_left if self.overdue and self.days_left is not None else None

    @property
    def opinion_in(self):
        return self.done and self.assignment.role == AssignmentRole.CO

    @property
    def result(self):
        return self.letter.result_class if self.letter else None

    @property
    def satisfaction(self):
        feedback = getattr(self.letter, "feedback", None) if self.letter else None
        return feedback.get_satisfaction_display() if feedback else ""


@dataclass(frozen=True)
class Row:
    proposal: Proposal
    shares: list = field(default_factory=list)

    @property
    def lines(self):
        """One table line per share; an item not yet assigned still gets its line."""
        return self.shares or [None]

    @property
    def sitting(self):
        return sitting(self.proposal.term, self.proposal.session, self.proposal.kind)


def is_done(assignment):
    if assignment.state == AssignmentState.REPLIED:
        return True
    return assignment.role == AssignmentRole.CO and getattr(assignment, "opinion", None) is not None


def latest_sent_result():
    """The result class code of the share's latest sent letter: a draft's class may still
    change in review, and what counts is what the proposer received."""
    letters = ReplyLetter.objects.filter(assignment=OuterRef("pk"), sent_at__isnull=False)
    return Subquery(letters.order_by("-round").values("result_class__code")[:1])


def matching_shares(filters, today):
    """The live shares meeting the share filters: unit, state and result apply together, so
    "市教育局, overdue" means 市教育局's own share is overdue."""
    shares = Assignment.objects.live()
    if filters.unit:
        shares = shares.filter(unit=filters.unit)
    if filters.state == OVERDUE:
        shares = shares.filter(due_on__lt=today).owing()
    elif filters.state:
        shares = shares.filter(state=filters.state)
    if filters.result:
        shares = shares.alias(result_code=latest_sent_result()).filter(
            result_code=filters.result.code
        )
    return shares


def searched(proposals, text):
    """Items whose number, title or a proposer's name holds `text`: 213 and 第0213号 find
    第0213号 by its number; plain icontains, the same on SQLite and PostgreSQL."""
    found = Q(title__icontains=text) | Q(
        pk__in=Proposer.objects.filter(name__icontains=text).values("proposal_id")
    )
    number = NUMBER.fullmatch(text)
    if number:
        found |= Q(number=int(number.group(1)))
    return proposals.filter(found)


def board_proposals(person, filters, today):
    """The items the board lists for `person`, in its order: the page and its export read
    this one query set, so a download never holds an item the page would not show."""
    proposals = visible_to(person, Proposal.objects.all())
    if filters.text:
        proposals = searched(proposals, filters.text)
    if filters.term is not None:
        proposals = proposals.filter(term=filters.term, session=filters.session)
    if filters.kind:
        proposals = proposals.filter(kind=filters.kind)
    if filters.narrows_shares:
        proposals = proposals.filter(pk__in=matching_shares(filters, today).values("proposal_id"))
    letters = (
        ReplyLetter.objects.filter(sent_at__isnull=False)
        .select_related("result_class")
        .prefetch_related("feedbacks")
    )
    shares = (
        Assignment.objects.live()
        .select_related("unit", "opinion")
        .prefetch_related(Prefetch("letters", letters))
    )
    npc_first = Case(When(kind=Kind.NPC, then=0), default=1)
    proposals = proposals.select_related("merged_into").prefetch_related("joined")
    return proposals.prefetch_related(Prefetch("assignments", shares)).order_by(
        npc_first, "-term", "-session", "number"
    )


def share_of(assignment, today, counter):
    """A share as the board shows it; `counter` (a WorkdayCounter from `today`) is shared by
    the whole board."""
    done = is_done(assignment)
    days_left, missing = None, False
    if not done:
        days_left, missing_year = counter.left(assignment.due_on)
        missing = missing_year is not None
    overdue = not done and assignment.due_on < today
    soon = (
        not overdue
        and days_left is not None
        and days_left <= settings.PROPOSAL_REMINDER_WORKING_DAYS
    )
    letters = list(assignment.letters.all())
    return Share(
        assignment=assignment,
        done=done,
        days_left=days_left,
        calendar_missing=missing,
        provisional=not done and counter.calendar.is_provisional(assignment.due_on),
        overdue=overdue,
        due_soon=soon,
        letter=max(letters, key=lambda letter: letter.round, default=None),
    )


def in_reading_order(assignments):
    """The replying units (lead or split) first, then the co-units, each by unit rank."""
    return sorted(assignments, key=lambda a: (a.role == AssignmentRole.CO, a.unit.rank))


def rows_of(proposals, today: date):
    """The board's rows for some of `board_proposals` (a page of them, or all)."""
    counter = WorkdayCounter(today)
    return [
        Row(
            proposal,
            [share_of(a, today, counter) for a in in_reading_order(proposal.assignments.all())],
        )
        for proposal in proposals
    ]


def rows(person, filters, today: date):
    """The board's rows for `person`: every item they may see that meets the filters."""
    return rows_of(board_proposals(person, filters, today), today)
