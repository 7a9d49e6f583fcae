"""统计与报告 with 15,000 suggestions and proposals of one year stored (a national-scale year),
against a baseline of 1,500 in the same run.

The year is bulk-created (bulk_create, no flows): items of 2026 spread over 40 units, each
assigned to a lead unit (10 % split between two units, a quarter with a co-unit), 85 % of the
replying shares replied (a tenth of them late), with their letters, result classes, feedback
(5 % dissatisfied and handled again), disclosure decisions; as many finished viewflow tasks as
the flow leaves (assignment, sign-for, contact, draft, three reviews, feedback, disclosure:
about nine per item); and one approved policy package per ten items with its five review
tasks. The clock stands at Friday 20 November 2026, 10:00 Asia/Shanghai (time_machine,
ticking).

Measured for each size, as the proposal office's clerk (every unit):

- the statistics page (GET /staff/reports/statistics/?year=2026) over HTTP with
  django.test.Client: median and p95 of `--repeat` requests after `--warmup`, SQL queries;
  and the frame of working days per step that the page loads after it (…/steps/), which
  reads every finished task of the year;
- `reports.tables.compute` alone (as the page calls it, without the steps), and the .xlsx
  download (with them);
- the annual report: the PDF rendered afresh each time (`annual.report_pdf_uncached`, the
  content-hash cache bypassed), median and p95 of `--pdf-repeat` renders, and the HTML
  preview page;
- the portal's public statistics (/replies/statistics/) as an anonymous visitor: the first
  visitor after a change (the cache emptied before each request) and the next ones.

Goals: the statistics page within 1 s and the report within 10 s at 15,000 stored. Figures
only: nothing is asserted.

    .venv/bin/python bench/report_statistics.py               # from the project root
    .venv/bin/python bench/report_statistics.py --large 5000  # a quick check

The database is a fresh SQLite file in a temporary directory (removed afterwards unless
--keep); `--database-url postgres://...` runs on an existing PostgreSQL database instead,
which it migrates and then empties (`flush`): give it a database of its own.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database, p95, with_smoke  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
YEAR = 2026
STATISTICS = "/staff/reports/statistics/"
ANNUAL = "/staff/reports/annual/"
XLSX = "/staff/reports/statistics/statistics.xlsx"
STEPS = "/staff/reports/statistics/steps/"
PUBLIC = "/replies/statistics/"  # the portal's yearly figures
GOALS = {"statistics": 1.0, "report": 10.0}
UNITS = 40
BRANCH_STEPS = ["sign_for", "contact", "draft_reply", "check", "leader", "sign", "feedback",
                "disclose"]  # fmt: skip
PACKAGE_STEPS = ["draft", "sign_off", "openness_review", "legal_review", "issue"]


def aware(day, hour=10, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


class Year:
    """The bulk generator: units and people once, then items in batches."""

    def __init__(self, seed):
        from django.contrib.contenttypes.models import ContentType

        from base.organisation.demo import load_units_and_people
        from base.organisation.models import Person, Unit, UnitKind
        from proposals.models import Assignment, Proposal, ResultClass
        from tests.factories import PersonFactory

        load_units_and_people()
        for number in range(Unit.objects.count(), UNITS):
            Unit.objects.get_or_create(
                name=f"测试市第{number}局", defaults={"kind": UnitKind.DEPARTMENT, "rank": 200}
            )
        self.units = list(Unit.objects.exclude(kind=UnitKind.PROPOSAL_OFFICE))
        self.rng = random.Random(seed)
        self.clerk = Person.objects.get(username="clerk")
        self.classes = list(ResultClass.objects.filter(is_active=True))
        self.drafters = {}
        for unit in self.units:
            drafter = Person.objects.filter(unit=unit).first()
            self.drafters[unit.pk] = drafter or PersonFactory(
                username=f"bench-{unit.pk}", unit=unit
            )
        self.proposal_type = ContentType.objects.get_for_model(Proposal)
        self.share_type = ContentType.objects.get_for_model(Assignment)
        self.next_number = {"npc": 1, "cppcc": 1}

    def add(self, count):
        from interpretation.models import Interpretation, PolicyDocument
        from proposals.models import (
            Assignment,
            Disclosure,
            Feedback,
            Proposal,
            ReplyLetter,
        )

        rng = self.rng
        proposals = []
        for _n in range(count):
            kind = "npc" if rng.random() < 0.6 else "cppcc"
            number = self.next_number[kind]
            self.next_number[kind] += 1
            proposals.append(
                Proposal(
                    kind=kind,
                    term=15 if kind == "npc" else 13,
                    session=5,
                    number=number,
                    title=f"关于推进第{number}项工作的{'建议' if kind == 'npc' else '提案'}",
                    body="建议进一步加强有关工作。",
                    submitted_on=date(YEAR, 1, rng.randint(5, 20)),
                    key_item=rng.random() < 0.05,
                )
            )
        proposals = Proposal.objects.bulk_create(proposals, batch_size=2000)
        shares, plans = [], []
        for proposal in proposals:
            assigned = aware(date(YEAR, 2, 10) if proposal.kind == "npc" else date(YEAR, 3, 3))
            due = (assigned + timedelta(days=91)).date()
            units = rng.sample(self.units, 3)
            split = rng.random() < 0.1
            roles = [("split", units[0]), ("split", units[1])] if split else [("lead", units[0])]
            if not split and rng.random() < 0.25:
                roles.append(("co", units[1]))
            for role, unit in roles:
                share = Assignment(
                    proposal=proposal,
                    unit=unit,
                    role=role,
                    assigned_at=assigned,
                    due_on=due,
                    state="signed",
                    signed_at=assigned + timedelta(days=2),
                )
                shares.append(share)
                plans.append(role != "co" and rng.random() < 0.85)
        shares = Assignment.objects.bulk_create(shares, batch_size=2000)
        letters, replied = [], []
        for share, replies in zip(shares, plans, strict=True):
            if not replies:
                continue
            late = rng.random() < 0.1
            sent = aware(
                share.due_on + timedelta(days=rng.randint(1, 20) if late else -rng.randint(5, 60)),
                15,
            )
            share.state, share.replied_at = "replied", sent
            replied.append(share)
            letters.append(
                ReplyLetter(
                    assignment=share,
                    round=1,
                    number=f"湛函〔{YEAR}〕{share.pk}号",
                    title="答复",
                    result_class=rng.choice(self.classes),
                    body="答复正文。",
                    sent_at=sent,
                )
            )
        Assignment.objects.bulk_update(replied, ["state", "replied_at"], batch_size=2000)
        letters = ReplyLetter.objects.bulk_create(letters, batch_size=2000)
        feedback, decisions, again = [], [], []
        for letter in letters:
            roll = rng.random()
            if roll < 0.1:
                continue
            satisfaction = (
                "dissatisfied" if roll < 0.15 else "satisfied" if roll < 0.75 else "basically"
            )
            feedback.append(  # one per item the letter answers: here, its share's item
                Feedback(
                    letter=letter,
                    proposal_id=letter.assignment.proposal_id,
                    satisfaction=satisfaction,
                    comment="",
                )
            )
            if satisfaction == "dissatisfied":
                again.append(
                    ReplyLetter(
                        assignment=letter.assignment,
                        round=2,
                        number=f"湛函〔{YEAR}〕{letter.assignment_id}-2号",
                        result_class=letter.result_class,
                        body="第二次答复。",
                        sent_at=letter.sent_at + timedelta(days=50),
                    )
                )
                continue
            if rng.random() < 0.8:
                decision = rng.choice(["full", "full", "full", "partial", "none"])
                decisions.append(
                    Disclosure(
                        letter=letter,
                        decision=decision,
                        reason="依照规定作出公开决定。",
                        released_body="节录。" if decision == "partial" else "",
                        decided_by=self.clerk,
                    )
                )
        Feedback.objects.bulk_create(feedback, batch_size=2000)
        Disclosure.objects.bulk_create(decisions, batch_size=2000)
        ReplyLetter.objects.bulk_create(again, batch_size=2000)
        self.add_tasks(proposals, shares, plans)

        documents = []
        for number in range(count // 10):
            unit = rng.choice(self.units)
            documents.append(
                PolicyDocument(
                    title=f"关于做好第{number}项工作的通知",
                    number=f"湛规〔{YEAR}〕{rng.getrandbits(40)}号",
                    issuing_body=unit.name,
                    doc_type=rng.choice(["regulation", "normative", "normative", "other"]),
                    drafting_unit=unit,
                    drafter=self.drafters[unit.pk],
                    livelihood=rng.random() < 0.3,
                    approved_at=aware(date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 300))),
                    repealed_on=date(YEAR, 10, 1) if rng.random() < 0.05 else None,
                )
            )
        documents = PolicyDocument.objects.bulk_create(documents, batch_size=2000)
        Interpretation.objects.bulk_create(
            [
                Interpretation(
                    document=document,
                    forms=rng.sample(["text", "graphic", "qa", "video", "press", "article"], 2),
                    approved_at=document.approved_at,
                )
                for document in documents
            ],
            batch_size=2000,
        )
        self.add_package_tasks(documents)

    def add_tasks(self, proposals, shares, plans):
        from viewflow.workflow.fields import get_task_ref
        from viewflow.workflow.models import Task

        from workflows.models import ProposalProcess
        from workflows.proposals.flows import ProposalFlow

        processes = ProposalProcess.objects.bulk_create(
            [
                ProposalProcess(
                    flow_class=ProposalFlow,
                    status="DONE",
                    artifact_content_type=self.proposal_type,
                    artifact_object_id=proposal.pk,
                )
                for proposal in proposals
            ],
            batch_size=2000,
        )
        process_of = {process.artifact_object_id: process for process in processes}
        refs = {step: get_task_ref(getattr(ProposalFlow, step)) for step in BRANCH_STEPS}
        assign = get_task_ref(ProposalFlow.assign)
        tasks = []
        for proposal in proposals:
            start = aware(date(YEAR, 2, 3), 9)
            tasks.append(self.task(process_of[proposal.pk], assign, start, 5))
        for share, replies in zip(shares, plans, strict=True):
            if not replies:
                continue
            moment = share.assigned_at
            for step in BRANCH_STEPS:
                days = self.rng.randint(0, 12)
                tasks.append(
                    self.task(process_of[share.proposal_id], refs[step], moment, days, share)
                )
                moment += timedelta(days=days, hours=1)
        Task.objects.bulk_create(tasks, batch_size=5000)

    def add_package_tasks(self, documents):
        from django.contrib.contenttypes.models import ContentType
        from viewflow.workflow.fields import get_task_ref
        from viewflow.workflow.models import Task

        from interpretation.models import PolicyDocument
        from workflows.interpretation.flows import InterpretationFlow
        from workflows.models import InterpretationProcess

        kind = ContentType.objects.get_for_model(PolicyDocument)
        processes = InterpretationProcess.objects.bulk_create(
            [
                InterpretationProcess(
                    flow_class=InterpretationFlow,
                    status="DONE",
                    artifact_content_type=kind,
                    artifact_object_id=document.pk,
                )
                for document in documents
            ],
            batch_size=2000,
        )
        tasks = []
        for document, process in zip(documents, processes, strict=True):
            moment = document.approved_at - timedelta(days=20)
            for step in PACKAGE_STEPS:
                days = self.rng.randint(0, 4)
                ref = get_task_ref(getattr(InterpretationFlow, step))
                tasks.append(self.task(process, ref, moment, days))
                moment += timedelta(days=days, hours=1)
        Task.objects.bulk_create(tasks, batch_size=5000)

    def task(self, process, ref, created, days, seed=None):
        from viewflow.workflow.models import Task

        extra = {}
        if seed is not None:
            extra = {"seed_content_type": self.share_type, "seed_object_id": seed.pk}
        return Task(
            process=process,
            flow_task=ref,
            flow_task_type="HUMAN",
            status="DONE",
            created=created,
            finished=created + timedelta(days=days, hours=2),
            **extra,
        )


def timed(function, repeat, warmup=0):
    """(median, p95) wall-clock seconds and the median CPU seconds of this process (which
    runs SQLite too): on a busy machine the CPU time says what the code costs."""
    for _n in range(warmup):
        function()
    seconds, cpu = [], []
    for _n in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(seconds), p95(seconds), statistics.median(cpu)


def measure(client, args):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reports import annual, tables
    from reports.sources import Scope
    from reports.step_times import steps

    def page(url, **query):
        response = client.get(url, {"year": YEAR, **query})
        assert response.status_code == 200, (url, response.status_code)
        return response

    found = {}
    found["page"] = timed(lambda: page(STATISTICS), args.repeat, args.warmup)
    with CaptureQueriesContext(connection) as queries:
        page(STATISTICS)
    found["queries"] = len(queries)
    scope = Scope(YEAR)
    found["steps"] = timed(lambda: page(STEPS), max(3, args.repeat // 2))
    found["compute"] = timed(lambda: tables.compute(scope, with_steps=False), args.repeat)
    found["xlsx"] = timed(lambda: page(XLSX), max(3, args.repeat // 3))
    found["preview"] = timed(lambda: page(ANNUAL), max(3, args.repeat // 3))
    computed = tables.compute(scope, with_steps=False)
    found["pdf_only"] = timed(lambda: annual.report_pdf_uncached(computed), args.pdf_repeat, 1)
    found["report"] = timed(
        lambda: annual.report_pdf_uncached(tables.compute(scope, with_steps=False)),
        args.pdf_repeat,
    )
    public = Client()  # an anonymous visitor of the portal

    def public_page(fresh):
        if fresh:
            cache.clear()  # as the first visitor after a change
        assert public.get(PUBLIC).status_code == 200

    found["public_fresh"] = timed(lambda: public_page(True), max(3, args.repeat // 2))
    found["public"] = timed(lambda: public_page(False), args.repeat, 1)
    found["received"] = computed.counts["proposals.received"]
    found["tasks"] = sum(step.tasks for step in steps(scope))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1500, help="baseline items stored")
    parser.add_argument("--large", type=int, default=15000, help="items stored")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--pdf-repeat", type=int, default=3)
    parser.add_argument("--database-url", help="a PostgreSQL database of your own")
    parser.add_argument("--keep", action="store_true")
    args = with_smoke(
        parser,
        {"small": 50, "large": 200, "repeat": 2, "warmup": 1, "pdf_repeat": 1},
        "50 vs 200 items, 2 requests each",
    )

    with fresh_database(args.keep, NOW, database_url=args.database_url, vendor=True):
        from django.test import Client
        from django.test.utils import setup_test_environment

        from base.organisation.models import Person
        from proposals.models import Assignment, Proposal

        setup_test_environment()  # the test client's host is allowed
        results, stored = {}, 0
        year = None
        for size in (args.small, args.large):
            started = time.perf_counter()
            year = year or Year(seed=2026)
            year.add(size - stored)
            stored = size
            from viewflow.workflow.models import Task

            print(
                f"\nfilled to {Proposal.objects.count():,} items "
                f"({Assignment.objects.count():,} shares, {Task.objects.count():,} tasks) "
                f"in {time.perf_counter() - started:.1f} s"
            )
            client = Client()
            client.force_login(Person.objects.get(username="clerk"))
            results[size] = measure(client, args)

        small, large = results[args.small], results[args.large]
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"\n统计与报告 as the proposal office's clerk, year {YEAR} "
              f"({os.cpu_count()} CPUs, load average {load})")  # fmt: skip
        print(f"{'':34}{args.small:>12,}{args.large:>12,}{'ratio':>8}")
        rows = [
            ("items counted", "received", None),
            ("finished tasks counted", "tasks", None),
            ("statistics page median ms", "page", 0),
            ("statistics page p95 ms", "page", 1),
            ("statistics page CPU ms", "page", 2),
            ("SQL queries (page)", "queries", None),
            ("steps frame median ms", "steps", 0),
            ("steps frame CPU ms", "steps", 2),
            ("compute() median ms", "compute", 0),
            ("compute() CPU ms", "compute", 2),
            (".xlsx download median ms", "xlsx", 0),
            ("report preview page median ms", "preview", 0),
            ("report PDF render median ms", "pdf_only", 0),
            ("report (compute+PDF) median ms", "report", 0),
            ("report (compute+PDF) p95 ms", "report", 1),
            ("report (compute+PDF) CPU ms", "report", 2),
            ("public statistics, first visitor ms", "public_fresh", 0),
            ("public statistics, kept ms", "public", 0),
        ]
        for label, key, index in rows:
            a, b = small[key], large[key]
            if index is not None:
                a, b = a[index] * 1000, b[index] * 1000
                text = f"{a:>12.0f}{b:>12.0f}"
            else:
                text = f"{a:>12,}{b:>12,}"
            print(f"{label:34}{text}{b / a if a else 0:>8.2f}")
        for name, key in (("statistics", "page"), ("report", "report")):
            seconds = large[key][1]
            mark = "✓" if seconds <= GOALS[name] else "✗"
            print(f"goal: {name} p95 at {args.large:,} stored ≤ {GOALS[name]:.0f} s: "
                  f"{seconds:.2f} s {mark}")  # fmt: skip


if __name__ == "__main__":
    main()
