"""Where the year's figures are counted: the records of each *source*, for a year and one unit
or all units (`Scope`).

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
- ``tasks``: the human steps of both flows finished in the year (the working days each took
  are step_times.py's).

Every source but ``shares`` is a query set (`QUERY_SETS`) that a figure's Q condition
filters. The shares are `ShareRow`s: what a share's letters say takes one correlated subquery
per share and per fact in SQL, which SQLite re-runs for every figure (seconds at 15,000
items), while four plain queries and a pass in Python give every share's facts at once.

Figures about the state of things (replied, overdue, feedback) are as of the day they are
computed (``Scope.today``): the report says so.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, CharField, ExpressionWrapper, F, Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.organisation.models import Unit
from interpretation.models import DocumentType, PolicyDocument
from proposals.models import (
    Assignment,
    AssignmentRole,
    Feedback,
    Kind,
    Proposal,
    ReplyLetter,
    ResultClass,
)
from proposals.models import Disclosure as ReplyDisclosure

PROPOSALS, SHARES, DOCUMENTS, REGISTER, TASKS = (
    "proposals",
    "shares",
    "documents",
    "register",
    "tasks",
)
HUMAN = "HUMAN"
REPORTED_TYPES = (DocumentType.REGULATION, DocumentType.NORMATIVE)


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
        # a merged handling's letter has each merged item's feedback: the share counts once,
        # with its own (main) item's
        Feedback.objects.filter(
            letter__assignment__in=ids, proposal=F("letter__assignment__proposal")
        )
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
