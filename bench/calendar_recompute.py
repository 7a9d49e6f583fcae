"""Recomputing open due dates when next year's holiday schedule is entered: 15,000 open
shares against a baseline of 1,500 in the same run, and each against a plain loop.

The shares are assigned on working days from 2 to 13 November 2026 (the clock stands at 16
November), so their three-month due dates fall in February 2027, counted provisionally; each has the
human task its branch waits at and the overdue timer hanging on it, as the flow leaves them.
Then the (invented) 2027 notice of tests/base/notices/2027-example.txt is entered: its 春节
of 5–12 February with Sunday 14 February worked moves every date that fell on 9–12 February.

Measured for each size, each in a transaction rolled back afterwards so that both run on the
same data:
- `enter_notice`: the product's path (`supervision.due_dates.recompute`), with the audit
  rows, the board's MovedDueDate rows, the timers and one notice per person;
- a plain loop: for each open share, `proposals.rules.deadline` again, then save, the
  timers and an audit record one share at a time.
Printed: seconds, SQL queries, queries per item, dates moved, and the ratios. The goal:
the product's query count does not grow with the number of items. Figures only.

    .venv/bin/python bench/calendar_recompute.py              # ~2 minutes
    .venv/bin/python bench/calendar_recompute.py --smoke      # 150 and 600 items, seconds
"""

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database  # noqa: E402
from bench.supervision import NOW  # noqa: E402  (the clock stands where the board's does)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOTICE = Path(__file__).resolve().parent.parent / "tests/base/notices/2027-example.txt"
UNITS = [
    "湛江市教育局",
    "湛江市民政局",
    "湛江市财政局",
    "湛江市住房和城乡建设局",
    "湛江市发展和改革局",
]


class Rollback(Exception):
    pass


def grow(to, rng):
    """Adds open shares (one per item), each with its waiting task and timer, up to `to`."""
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from base.organisation.models import Unit
    from base.workdays.deadlines import WorkingCalendar, add_months, end_of
    from proposals.models import Assignment, AssignmentRole, AssignmentState, Kind, Proposal
    from workflows.models import ProposalProcess
    from workflows.proposals.flows import ProposalFlow

    have = Proposal.objects.count()
    units = list(Unit.objects.filter(name__in=UNITS))
    calendar = WorkingCalendar()
    days = [date(2026, 11, 2) + timedelta(n) for n in range(12)]
    days = [day for day in days if calendar.is_working_day(day)]
    items = Proposal.objects.bulk_create(
        [
            Proposal(
                kind=Kind.NPC,
                term=15,
                session=1 + (have + n) // 9999,  # 编号 runs 1 to 9999 within a session
                number=(have + n) % 9999 + 1,
                title=f"关于第{have + n + 1}项民生实事的建议",
                body="内容",
            )
            for n in range(to - have)
        ],  # fmt: skip
        batch_size=1000,
    )
    shares, processes = [], []
    for proposal in items:
        assigned = rng.choice(days)
        at = datetime(assigned.year, assigned.month, assigned.day, 10, tzinfo=SHANGHAI)
        shares.append(
            Assignment(
                proposal=proposal,
                unit=rng.choice(units),
                role=AssignmentRole.LEAD,
                state=AssignmentState.SIGNED,
                assigned_at=at,
                due_on=add_months(assigned, 3, calendar).due,
            )  # fmt: skip
        )
        processes.append(ProposalProcess(flow_class=ProposalFlow, artifact=proposal, status="NEW"))
    shares = Assignment.objects.bulk_create(shares, batch_size=1000)
    processes = ProposalProcess.objects.bulk_create(processes, batch_size=1000)
    share_type = ContentType.objects.get_for_model(Assignment)
    waiting = Task.objects.bulk_create(
        [
            Task(
                process=process,
                flow_task=ProposalFlow.contact,
                flow_task_type="HUMAN",
                status=STATUS.NEW,
                seed_content_type=share_type,
                seed_object_id=share.pk,
            )
            for process, share in zip(processes, shares, strict=True)
        ],  # fmt: skip
        batch_size=1000,
    )
    timers = Task.objects.bulk_create(
        [
            Task(
                process=task.process,
                flow_task=ProposalFlow.contact__timeout,
                flow_task_type="TIMER",
                status=STATUS.SCHEDULED,
                scheduled=end_of(share.due_on),
            )
            for task, share in zip(waiting, shares, strict=True)
        ],  # fmt: skip
        batch_size=1000,
    )
    Task.previous.through.objects.bulk_create(
        [
            Task.previous.through(from_task_id=timer.pk, to_task_id=task.pk)
            for timer, task in zip(timers, waiting, strict=True)
        ],  # fmt: skip
        batch_size=1000,
    )


def product(notice):
    from base.workdays.schedule import enter_notice

    return enter_notice(notice, "bench")


def plain_loop(notice):
    """What the recomputation would be written as without thought for the database."""
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from base import audit
    from base.workdays.deadlines import end_of
    from base.workdays.models import CalendarDay, CalendarYear
    from proposals import rules
    from proposals.models import Assignment

    year = CalendarYear.objects.create(year=notice.year, source=notice.source)
    CalendarDay.objects.bulk_create(
        CalendarDay(year=year, date=d.date, kind=d.kind, name=d.name) for d in notice.days
    )
    share_type = ContentType.objects.get_for_model(Assignment)
    moved = 0
    for share in Assignment.objects.live().owing().filter(due_on__gte=date(notice.year, 1, 1)):
        due = rules.deadline(share.proposal.kind, share.assigned_at).due
        if due == share.due_on:
            continue
        before, share.due_on = share.due_on, due
        share.save(update_fields=["due_on"])
        Task.objects.filter(
            flow_task_type="TIMER", status=STATUS.SCHEDULED,
            previous__seed_content_type=share_type, previous__seed_object_id=share.pk,
        ).update(scheduled=end_of(due))  # fmt: skip
        audit.record("bench", "workdays.due_moved", share, before=str(before), after=str(due))
        moved += 1
    return moved


def measure(run, notice):
    from django.db import connection, transaction

    result, queries = {}, []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    try:
        with transaction.atomic(), connection.execute_wrapper(count):
            started = time.perf_counter()
            result["moved"] = run(notice)
            result["seconds"] = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    result["queries"] = len(queries)
    return result


def report(size, mine, loop):
    print(
        f"{size:>7,} open shares: entered in {mine['seconds']:.2f} s, {mine['queries']} queries "
        f"({mine['queries'] / size:.4f} per item), {mine['moved']:,} dates moved | plain loop "
        f"{loop['seconds']:.2f} s, {loop['queries']:,} queries ({loop['queries'] / size:.2f} per "
        f"item) | time ratio {mine['seconds'] / loop['seconds']:.2f}, query ratio "
        f"{mine['queries'] / loop['queries']:.4f}"
    )
    if mine["moved"] != loop["moved"]:
        raise SystemExit(f"the two ways moved different numbers of dates: {mine} {loop}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1500)
    parser.add_argument("--large", type=int, default=15000)
    parser.add_argument("--smoke", action="store_true", help="150 and 600 items")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sizes = (150, 600) if args.smoke else (args.small, args.large)
    with fresh_database(args.keep, NOW):
        from base.organisation.demo import load_units_and_people
        from base.workdays.notice import read_notice

        load_units_and_people()
        notice = read_notice(NOTICE.read_text(encoding="utf-8"))
        rng, figures = random.Random(2027), {}
        for size in sizes:
            grow(size, rng)
            figures[size] = (measure(product, notice),
                             measure(plain_loop, notice))  # fmt: skip
            report(size, *figures[size])
        small, large = (figures[size][0] for size in sizes)
        queries, seconds = (large[k] / small[k] for k in ("queries", "seconds"))
        print(f"growth {sizes[0]:,} → {sizes[1]:,}: queries ×{queries:.2f}, seconds ×{seconds:.2f}")


if __name__ == "__main__":
    main()
