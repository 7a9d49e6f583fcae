"""Due dates counted again when a year's holiday schedule is entered or corrected.

Until the State Council's notice for a year is entered, dates in it are counted with the
statutory holidays and marked 暂定 (`base.workdays`). When the schedule arrives — a pasted
notice, the admin, `seed_calendar` — `schedule_changed` is sent inside that transaction and
`recompute` counts every open due date that could have gone through the year again:

- each open share's reply date (`proposals.rules.counted_dues`: from its assignment, or from
  the dissatisfied feedback in a second round; a date a person extended is kept);
- each co-unit's opinion date, and each open interpretation step's deadline, which are
  counted on the fly and so only reported;
- the flows' overdue timers follow the new dates.

Each move is audited (before, after, why), kept for the supervision board (MovedDueDate),
and told once to each person who holds the work or leads its unit. Closed work keeps its
dates. The work is a fixed handful of queries plus batched writes, whatever the number of
items (bench/calendar_recompute.py).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.dispatch import Signal
from django.utils import translation
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base import audit
from base.workdays.deadlines import WorkingCalendar, due_label, end_of
from interpretation import rules as interpretation_rules
from interpretation.models import PolicyDocument
from proposals import rules as proposal_rules
from proposals.models import Assignment, AssignmentRole
from supervision import items as open_work
from supervision.models import Due, MovedDueDate, Notice, Source, Stage
from supervision.people import Directory
from supervision.reminders import recipients
from workflows import catalogue
from workflows.interpretation.flows import InterpretationFlow
from workflows.models import open_tasks

CHUNK = 2000  # rows per write: well within SQLite's and PostgreSQL's parameter limits
# sent after each person's notice is written, inside the transaction: told={person id:
# [(item, Move)]}, why; the e-mails and robots of notifications/ follow it
dates_moved = Signal()


@dataclass
class Move:
    source: str  # Source
    object_id: int  # the Assignment's or the open Task's pk
    due: str  # Due
    before: date
    after: date
    subject: object  # what the audit record is about
    provisional: bool  # the new date still goes through a provisional year
    was_provisional: bool = True


def recompute(years, before, actor, today=None):
    """Counts the open due dates again after `years` changed from `before`; the Moves."""
    with translation.override(settings.LANGUAGE_CODE):
        now, then = WorkingCalendar(), WorkingCalendar(before=before)
        since = date(min(years), 1, 1)
        why = _("%(years)s年节假日安排已录入或更正") % {"years": "、".join(map(str, years))}
        moves = reply_moves(since, now) + opinion_moves(since, now, then) + step_moves(now, then)
        for move in moves:
            move.was_provisional = then.is_provisional(move.before)
        if moves:
            store(moves, why, actor, today)
    return moves


def store(moves, why, actor, today):
    reschedule_timers(moves)
    MovedDueDate.objects.bulk_create(
        [
            MovedDueDate(
                source=m.source,
                object_id=m.object_id,
                due=m.due,
                before=m.before,
                after=m.after,
                why=why,
            )
            for m in moves
        ],  # fmt: skip
        batch_size=CHUNK,
    )
    audit.record_many(
        actor,
        "workdays.due_moved",
        [
            (
                m.subject,
                {
                    "due": m.due,
                    "before": m.before.isoformat(),
                    "after": m.after.isoformat(),
                    "why": why,
                },
            )
            for m in moves
        ],  # fmt: skip
    )
    notify(moves, why, today)


def open_shares(since):
    return Assignment.objects.live().owing().filter(due_on__gte=since)


def reply_moves(since, now):
    """Shares whose stored reply date the rules now put elsewhere; the new dates stored."""
    shares = open_shares(since)
    dues = proposal_rules.counted_dues(shares, now)
    moves, by_date = [], defaultdict(list)
    for share in shares.select_related("proposal", "unit"):
        deadline = dues.get(share.pk)
        if deadline is None or deadline.due == share.due_on:
            continue
        moves.append(Move(Source.PROPOSAL, share.pk, Due.REPLY, share.due_on, deadline.due,
                          share, bool(deadline.provisional)))  # fmt: skip
        by_date[deadline.due].append(share.pk)
    for due, pks in by_date.items():
        for start in range(0, len(pks), CHUNK):
            Assignment.objects.filter(pk__in=pks[start : start + CHUNK]).update(due_on=due)
    return moves


def opinion_moves(since, now, then):
    """Co-units still owing their opinion whose one-month date moved (counted on the fly)."""
    shares = open_shares(since - timedelta(days=62)).filter(role=AssignmentRole.CO)
    moves = []
    for share in shares.select_related("proposal", "unit"):
        old, new = proposal_rules.opinion_due(share, then), proposal_rules.opinion_due(share, now)
        if old.due != new.due and new.due >= since:
            moves.append(Move(Source.PROPOSAL, share.pk, Due.OPINION, old.due, new.due, share,
                              bool(new.provisional)))  # fmt: skip
    return moves


def step_moves(now, then):
    """Open interpretation steps whose working-day deadline moved (counted on the fly)."""
    tasks = list(
        open_tasks(catalogue.steps(InterpretationFlow)).values_list(
            "pk", "flow_task", "created", "process__artifact_object_id"
        )
    )
    documents = PolicyDocument.objects.in_bulk({document for *_rest, document in tasks})
    moves = []
    for pk, node, created, document in tasks:
        old = interpretation_rules.step_deadline(node.name, created, then)
        new = interpretation_rules.step_deadline(node.name, created, now)
        if old.due != new.due and document in documents:
            moves.append(Move(Source.INTERPRETATION, pk, Due.STEP, old.due, new.due,
                              documents[document], bool(new.provisional)))  # fmt: skip
    return moves


def reschedule_timers(moves):
    """The flows' overdue timers still waiting fire at the end of the new dates: a share's
    timers hang on the tasks its branch seeded, a step's on the step's own task."""
    share_type = ContentType.objects.get_for_model(Assignment)
    waiting = Task.objects.filter(flow_task_type="TIMER", status=STATUS.SCHEDULED)
    by_moment = defaultdict(list)
    replies = {m.object_id: m.after for m in moves if m.due == Due.REPLY}
    steps = {m.object_id: m.after for m in moves if m.due == Due.STEP}
    for wanted, key, match in (
        (replies, "previous__seed_object_id", Q(previous__seed_content_type=share_type)),
        (steps, "previous", Q()),
    ):
        ids = list(wanted)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            found = waiting.filter(match, **{f"{key}__in": chunk}).values_list("pk", key)
            for pk, host in found:
                by_moment[end_of(wanted[host])].append(pk)
    for moment, pks in by_moment.items():
        Task.objects.filter(pk__in=pks).update(scheduled=moment)


def notify(moves, why, today=None):
    """One notice per person: the holder (or those who may take the work) and the unit's
    leader, listing every date of theirs that moved."""
    directory = Directory()
    items = {
        (item.source, item.object_id): item
        for item in open_work.open_items(today, directory=directory)
    }
    told = defaultdict(list)
    for move in moves:
        item = items.get((move.source, move.object_id))
        if item is None:
            continue
        for member, _audience in recipients(item, Stage.BEFORE, directory):
            told[member.pk].append((item, move))
    Notice.objects.bulk_create(
        [
            Notice(recipient_id=pk, title=title_of(found), body=body_of(found, why))
            for pk, found in told.items()
        ],  # fmt: skip
        batch_size=CHUNK,
    )
    dates_moved.send(sender=Notice, told=dict(told), why=why)


def title_of(found):
    return _("期限调整：%(count)d项工作的期限已按节假日安排重新计算") % {"count": len(found)}


def body_of(found, why):
    lines = [_("因%(why)s，以下期限已重新计算：") % {"why": why}]
    for item, move in found:
        lines.append(
            _("%(label)s《%(title)s》（%(unit)s）%(due)s由%(before)s改为%(after)s。")
            % {
                "label": item.label,
                "title": item.title,
                "unit": item.unit_name,
                "due": Due(move.due).label,
                "before": due_label(move.before, move.was_provisional),
                "after": due_label(move.after, move.provisional),
            }
        )
    return "\n".join(lines)


def on_schedule_changed(sender, years, before, actor, **kwargs):
    return recompute(years, before, actor)
