"""The whole proposal flow for 1,000 items, and whether an item costs the same number of
queries with 5,000 others stored.

Every item has one lead unit and two co-units. It is imported (a generated .csv through
workflows.proposals.services.import_and_register, which starts its flow) and then driven
through every step with workflows.proposals.services.do(person, task, act), `act` calling the
proposals.rules / proposals.replies functions that the step's page calls
(workflows/proposals/views.py), as the person the page would require:

    assign (office clerk) → sign_for ×3 (each unit's handling clerk) → opinion ×2 (the
    co-units' handling clerks) → contact, draft_reply (lead unit's handling clerk) → check
    (its reply checker) → leader (its responsible leader) → sign (its unit leader) → send
    (automatic) → feedback, disclose (office clerk) → end

Printed: total seconds, seconds and queries per item, per step. Then the scaling figure:
the queries per item of one more batch (imported and driven through every step) with 100
items already stored and again with 5,000; the goal is a ratio of at most 1.1, and statements
whose count per item differs are listed by shape. Figures only: nothing is asserted.

    .venv/bin/python bench/proposal_flow.py               # from the project root
    .venv/bin/python bench/proposal_flow.py --items 100 --large 1000   # a quick check

The database is a fresh SQLite file in a temporary directory (removed afterwards unless
--keep). The clock stands at 2026-03-02 09:00 Asia/Shanghai (time_machine, ticking), because
the holiday calendar covers years up to 2026 only.
"""

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import flow_state, fresh_database, with_smoke  # noqa: E402
from bench.proposal_import import NOW, clerk, csv_bytes, handling_units, row, shape  # noqa: E402

STEPS = [
    "assign",
    "sign_for",
    "opinion",
    "contact",
    "draft_reply",
    "check",
    "leader",
    "sign",
    "feedback",
    "disclose",
]
# who does a unit's step (tests/workflows/proposal_desk.py's jobs); the office does the rest
JOBS = {
    "sign_for": "clerk",
    "opinion": "clerk",
    "contact": "clerk",
    "draft_reply": "clerk",
    "check": "checker",
    "leader": "deputy",
    "sign": "head",
}
# Where a pre-filled item stops: before this step, weight. Mostly imported and started only,
# which is cheap (~6 ms an item); the rest have assignments, open unit tasks, opinions, a
# drafted letter. The items of the whole-lifecycle run are stored as well, all done.
FILL_MIX = [
    ("assign", 75),  # imported and started, waiting to be assigned
    ("sign_for", 15),  # assigned, the three units have not signed
    ("contact", 5),  # signed and opinions given, the lead unit has not contacted the proposer
    ("check", 5),  # reply drafted and submitted, waiting for the unit's check
]
QUERY_GOAL = 1.1
WARMUP = 5  # items taken through every step before anything is measured
BATCH = 100  # pre-filled items per transaction


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--items", type=int, default=1000, help="items of the whole-lifecycle run (default 1000)"
    )
    parser.add_argument(
        "--small", type=int, default=100, help="items stored for the first batch (default 100)"
    )
    parser.add_argument(
        "--large", type=int, default=5000, help="items stored for the second batch (default 5000)"
    )
    parser.add_argument(
        "--batch", type=int, default=40, help="items of each measured batch (default 40)"
    )
    parser.add_argument(
        "--show-sql", action="store_true",
        help="also print each step's statements per item (by shape) of the lifecycle run",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    return with_smoke(
        parser, {"items": 5, "small": 20, "large": 60, "batch": 3}, "5 items; 20 vs 60 stored"
    )


# --------------------------------------------------------------------------------------------


class Phased:
    """Counts statements by (phase, SQL); the driver sets the phase: a step's name inside
    services.do, "import" for import_and_register, "harness" for its own look-ups."""

    def __init__(self):
        self.phase = "harness"
        self.by = Counter()
        self.ms = defaultdict(float)  # (phase, SQL) -> milliseconds inside the database call

    def __call__(self, execute, sql, params, many, context):
        self.by[self.phase, sql] += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms[self.phase, sql] += (time.perf_counter() - started) * 1000

    def per_phase(self):
        counts = Counter()
        for (phase, _sql), n in self.by.items():
            counts[phase] += n
        return counts

    def shapes(self, exclude=("harness",)):
        counts = Counter()
        for (phase, sql), n in self.by.items():
            if phase not in exclude:
                counts[phase, shape(sql)] += n
        return counts

    def sql_ms(self, exclude=("harness",)):
        """Milliseconds spent in the database per statement shape (all phases together)."""
        ms = defaultdict(float)
        for (phase, sql), spent in self.ms.items():
            if phase not in exclude:
                ms[shape(sql)] += spent
        return ms


class Driver:
    """Imports items and takes them through the flow as the staff pages do."""

    def __init__(self):
        from base.organisation.roles import Role
        from proposals.models import ResultClass
        from tests.factories import PersonFactory

        self.units = handling_units()
        self.clerk = clerk()
        roles = {
            "clerk": Role.HANDLING_CLERK,
            "checker": Role.REPLY_CHECKER,
            "deputy": Role.RESPONSIBLE_LEADER,
            "head": Role.UNIT_LEADER,
        }
        # as tests/workflows/proposal_desk.py's staff(): username u<unit>-<job>
        self.staff = {
            unit.pk: {
                job: PersonFactory(username=f"u{unit.pk}-{job}", unit=unit, roles=[role])
                for job, role in roles.items()
            }
            for unit in self.units
        }
        self.result_class = ResultClass.objects.get(code="A")
        self.counter = Phased()
        self.seconds, self.cpu = defaultdict(float), defaultdict(float)
        self.serial = 0  # item numbers, unique over the run
        self.files = 0
        self.share_units = {}  # assignment pk -> unit pk, for choosing who acts
        self.check_access = False

    # importing

    def import_items(self, count):
        """Imports `count` new items with one lead and two co-units; returns their flows."""
        from workflows.models import ProposalProcess
        from workflows.proposals.flows import ProposalFlow
        from workflows.proposals.services import import_and_register

        first = self.serial + 1
        self.serial += count
        self.files += 1
        rows = [row(n, self.units, session=5, co_units=2) for n in range(first, self.serial + 1)]
        with self.phase("import"):
            result = import_and_register(f"batch-{self.files}.csv", csv_bytes(rows), self.clerk)
        assert result.created == count, result
        return list(
            ProposalProcess.objects.filter(
                flow_class=ProposalFlow, artifact_object_id__in=result.batch.proposals.values("pk")
            ).order_by("pk")
        )

    # the steps

    def take(self, process, stop=None):
        """Takes one item through every step, or up to (not including) step `stop`."""
        for step in STEPS:
            if step == stop:
                return
            getattr(self, step)(process)

    def assign(self, process):
        from proposals import rules
        from proposals.models import Assignment

        def act(task):  # AssignView: the form's initial values are the suggested units
            proposal = task.process.artifact
            co_units = list(proposal.suggested_co_units.all())
            rules.assign(proposal, proposal.suggested_lead_unit, co_units, "lead", self.clerk)

        (task,) = self.tasks(process, "assign")
        self.do("assign", self.clerk, task, act)
        self.share_units.update(
            Assignment.objects.filter(proposal_id=process.artifact_object_id).values_list(
                "pk", "unit_id"
            )
        )

    def sign_for(self, process):
        from proposals import rules

        for task in self.tasks(process, "sign_for"):
            person = self.person(task, "sign_for")
            self.do("sign_for", person, task, lambda t, p=person: rules.sign_for(t.seed, p))

    def opinion(self, process):
        from proposals import rules

        for task in self.tasks(process, "opinion"):
            person = self.person(task, "opinion")
            self.do(
                "opinion", person, task,
                lambda t, p=person: rules.write_opinion(
                    t.seed, "同意主办单位的办理意见，本单位将配合做好相关工作。",
                    f"{p.last_name}{p.first_name} 0759-3100000", p,
                ),
            )  # fmt: skip

    def contact(self, process):
        from django.utils import timezone

        from proposals import rules

        (task,) = self.tasks(process, "contact")
        person = self.person(task, "contact")
        self.do(
            "contact", person, task,
            lambda t: rules.record_contact(
                t.seed, person, method="meeting", contacted_on=timezone.localdate(),
                summary="与代表当面沟通办理思路和进度安排。",
            ),
        )  # fmt: skip

    def draft_reply(self, process):
        from proposals import replies
        from proposals.forms import LetterForm

        (task,) = self.tasks(process, "draft_reply")
        person = self.person(task, "draft_reply")

        def act(t):  # DraftReplyView: the letter form on the current letter, then submit
            letter = replies.current_letter(t.seed)
            form = LetterForm(
                {
                    "number": f"湛函〔2026〕{t.seed_object_id}号",
                    "title": letter.title,
                    "result_class": self.result_class.pk,
                    "body": "代表：\n您提出的建议收悉。现答复如下：一是……二是……\n感谢您的关心。",
                    "signer": "何平",
                    "contact_person": "吴磊",
                    "contact_phone": "0759-3333333",
                    "copy_to": letter.copy_to,
                },
                instance=letter,
            )
            assert form.is_valid(), form.errors
            replies.submit(form.save(), person)

        self.do("draft_reply", person, task, act)

    def _review(self, process, step):
        from proposals import replies

        (task,) = self.tasks(process, step)
        person = self.person(task, step)
        self.do(
            step, person, task,
            lambda t: replies.review(replies.current_letter(t.seed), step, True, "", person),
        )  # fmt: skip

    def check(self, process):
        self._review(process, "check")

    def leader(self, process):
        self._review(process, "leader")

    def sign(self, process):  # the send step runs inside this one
        self._review(process, "sign")

    def feedback(self, process):
        from proposals import replies

        (task,) = self.tasks(process, "feedback")
        self.do(
            "feedback", self.clerk, task,
            lambda t: replies.record_feedback(
                replies.current_letter(t.seed), "satisfied", "", self.clerk
            ),
        )  # fmt: skip

    def disclose(self, process):
        from base.privacy.confidentiality import Checklist
        from proposals import replies

        (task,) = self.tasks(process, "disclose")
        answers = Checklist(state_secret=False, trade_secret=False, personal_privacy=False,
                            process_info=False)  # fmt: skip
        self.do(
            "disclose", self.clerk, task,
            lambda t: replies.disclose(
                replies.current_letter(t.seed), "full", "不涉及国家秘密和个人信息。", "",
                self.clerk, checklist=answers, override_reason="基准测试数据，未逐项处理。",
            ),
        )  # fmt: skip

    # plumbing

    def tasks(self, process, step):
        from workflows.proposals.services import open_tasks

        return list(open_tasks(process, step))

    def person(self, task, step):
        return self.staff[self.share_units[task.seed_object_id]][JOBS[step]]

    def do(self, step, person, task, act):
        from workflows.proposals.services import do

        if self.check_access:  # the page's own check: may this person take and do the task?
            assert task.flow_task.allows(person, task), (step, person.username)
        with self.phase(step):
            do(person, task, act)

    @contextmanager
    def phase(self, name):
        self.counter.phase = name
        started, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - started
            self.cpu[name] += time.process_time() - cpu
            self.counter.phase = "harness"

    @contextmanager
    def measuring(self):
        """Counts the block's queries and times its phases; returns (Phased, seconds)."""
        import gc

        from django.db import connection
        from django.test.utils import override_settings

        self.counter, self.seconds, self.cpu = Phased(), defaultdict(float), defaultdict(float)
        figures = {"counter": self.counter, "seconds": self.seconds, "cpu_phase": self.cpu}
        gc.collect()
        # DEBUG off: Django's debug cursor would log every query (queries_log holds 9,000)
        with override_settings(DEBUG=False), connection.execute_wrapper(self.counter):
            started = time.perf_counter()
            cpu = time.process_time()
            yield figures
            figures["total"] = time.perf_counter() - started
            figures["cpu"] = time.process_time() - cpu
            # whatever was not inside a phase: the harness's look-ups and loops
            self.seconds["harness"] = figures["total"] - sum(self.seconds.values())
            self.cpu["harness"] = figures["cpu"] - sum(self.cpu.values())

    # pre-filling

    def fill(self, count):
        """Adds `count` items, spread over FILL_MIX's stopping points, BATCH per transaction
        (one import file each)."""
        from django.db import transaction
        from django.test.utils import override_settings

        stops = [stop for stop, weight in FILL_MIX for _ in range(weight)]
        done = 0
        with override_settings(DEBUG=False):
            while done < count:
                size = min(BATCH, count - done)
                with transaction.atomic():
                    for k, process in enumerate(self.import_items(size)):
                        stop = stops[((done + k) * 7) % len(stops)]
                        self.take(process, stop)
                done += size


# --------------------------------------------------------------------------------------------


def main():
    args = parse_args()
    with fresh_database(args.keep, NOW, people=True):
        run(args)


def run(args):
    driver = Driver()

    # a few items through every step first, unmeasured (they count among the stored ones),
    # so that the first measured batch does not pay for warming caches and imports; these
    # also check that each step is done by someone its page would let do it
    driver.check_access = True
    with driver.measuring():
        for process in driver.import_items(WARMUP):
            driver.take(process)
    driver.check_access = False
    fill(driver, args.small - WARMUP)
    small = batch(driver, args.batch, args.small)

    print(f"\nthe whole lifecycle of {args.items:,} items; before it, {stored()}")
    with driver.measuring() as main_run:
        processes = driver.import_items(args.items)
        item_ms = []
        for process in processes:
            started = time.perf_counter()
            driver.take(process)
            item_ms.append((time.perf_counter() - started) * 1000)
    report_run(args.items, main_run, processes, item_ms)
    if args.show_sql:
        show_sql(args.items, main_run)

    fill(driver, args.large - stored_count())
    large = batch(driver, args.batch, args.large)
    report_scaling(args, small, large)


def fill(driver, count):
    started = time.perf_counter()
    driver.fill(max(count, 0))
    took = time.perf_counter() - started
    print(
        f"pre-filled {max(count, 0):,} items in {took:.1f} s "
        f"({took / max(count, 1) * 1000:.1f} ms each); {stored()}"
    )


def batch(driver, size, stored_items):
    """One more batch of `size` items imported and taken through every step, measured."""
    with driver.measuring() as figures:
        for process in driver.import_items(size):
            driver.take(process)
    figures["size"] = size
    figures["stored"] = stored_items
    phases = figures["counter"].per_phase()
    print(
        f"measured a batch of {size} items at {stored_items:,} stored: "
        f"{(phases.total() - phases['harness']) / size:.1f} queries per item, "
        f"{figures['total'] / size * 1000:.0f} ms per item"
    )
    return figures


def stored_count():
    from proposals.models import Proposal

    return Proposal.objects.count()


def stored():
    """How many items are stored and where they stand, for the record."""
    from viewflow.workflow.models import Task

    from workflows.models import ProposalProcess

    waiting, done = flow_state(ProposalProcess, STEPS)
    open_ = ", ".join(f"{step} {waiting[step]}" for step in STEPS if waiting[step])
    return (
        f"{stored_count():,} items stored: {done:,} done; open tasks: {open_ or 'none'}; "
        f"{Task.objects.count():,} tasks in all"
    )


# --------------------------------------------------------------------------------------------
# reporting


def report_run(items, figures, processes, item_ms):
    from viewflow.workflow.status import PROCESS

    from workflows.models import ProposalProcess

    done = ProposalProcess.objects.filter(
        pk__in=[p.pk for p in processes], status=PROCESS.DONE
    ).count()
    phases = figures["counter"].per_phase()
    seconds = figures["seconds"]
    measured_q = phases.total() - phases["harness"]
    print(
        f"\nOne import of {items:,} items, then each item through every step, SQLite "
        f"({done:,} of {items:,} flows done at the end)\n"
    )
    head = f"{'phase':<14}{'tasks/item':>11}{'queries/item':>14}{'ms/item':>10}{'share':>8}"
    print(head)
    print("-" * len(head))
    tasks_per_item = {"sign_for": 3, "opinion": 2}
    for name in ["import", *STEPS]:
        print(
            f"{name:<14}{tasks_per_item.get(name, 1) if name != 'import' else '':>11}"
            f"{phases[name] / items:>14.1f}{seconds[name] / items * 1000:>10.1f}"
            f"{seconds[name] / figures['total']:>8.0%}"
        )
    print("-" * len(head))
    steps_s = sum(seconds[name] for name in ["import", *STEPS])
    print(f"{'total':<14}{14:>11}{measured_q / items:>14.1f}{steps_s / items * 1000:>10.1f}")
    print(
        f"{'harness':<14}{'':>11}{phases['harness'] / items:>14.1f}"
        f"{(figures['total'] - steps_s) / items * 1000:>10.1f}"
        "   (finding the open tasks; not in the total)"
    )
    print(
        f"\ntotal {figures['total']:.1f} s wall clock ({figures['cpu']:.1f} s CPU), "
        f"{figures['total'] / items * 1000:.0f} ms per item; import and steps alone "
        f"{steps_s:.1f} s, {steps_s / items * 1000:.0f} ms and {measured_q / items:.1f} queries "
        f"per item\n(sign: includes the automatic send; import: import_and_register, which also "
        f"starts the flow)"
    )
    tenth = max(len(item_ms) // 10, 1)
    print(
        f"ms per item taken through the steps, over the run: first tenth "
        f"{statistics.mean(item_ms[:tenth]):.0f}, "
        f"last tenth {statistics.mean(item_ms[-tenth:]):.0f} "
        f"(median {statistics.median(item_ms):.0f})"
    )


def show_sql(items, figures):
    shapes = figures["counter"].shapes(exclude=())
    for step in ["import", *STEPS, "harness"]:
        print(f"\n{step}: statements per item (by shape)")
        for (phase, sql), n in sorted(shapes.items(), key=lambda kv: -kv[1]):
            if phase == step:
                print(f"  {n / items:6.2f}  {sql[:200]}")


def report_scaling(args, small, large):
    a, b = small["stored"], large["stored"]
    names = ["import", *STEPS]

    def per_item(figures):
        size, phases = figures["size"], figures["counter"].per_phase()
        db_ms = Counter()
        for (phase, _sql), spent in figures["counter"].ms.items():
            db_ms[phase] += spent
        return {
            name: (
                phases[name] / size,
                figures["seconds"][name] / size * 1000,
                figures["cpu_phase"][name] / size * 1000,
                db_ms[name] / size,
            )
            for name in [*names, "harness"]
        }

    x, y = per_item(small), per_item(large)
    print(
        f"\nScaling: a batch of {args.batch} items imported and taken through every step, "
        f"with {a:,} vs {b:,} items stored\n"
    )
    head = (
        f"{'phase':<13}{'queries/item':>17}{'ratio':>7}  {'ms/item':>13}{'ratio':>7}"
        f"  {'cpu ms/item':>13}  {'db ms/item':>13}"
    )
    print(head)
    print(f"{'':<13}{a:>8,}{b:>9,}{'':>7}  {a:>6,}{b:>7,}{'':>7}  {a:>6,}{b:>7,}  {a:>6,}{b:>7,}")
    print("-" * len(head))

    def line(label, p, q):
        print(
            f"{label:<13}{p[0]:>8.2f}{q[0]:>9.2f}{ratio(q[0], p[0]):>7.2f}  "
            f"{p[1]:>6.1f}{q[1]:>7.1f}{ratio(q[1], p[1]):>7.2f}  "
            f"{p[2]:>6.1f}{q[2]:>7.1f}  {p[3]:>6.1f}{q[3]:>7.1f}"
        )

    for name in names:
        line(name, x[name], y[name])
    print("-" * len(head))
    total = [tuple(sum(f[n][i] for n in names) for i in range(4)) for f in (x, y)]
    line("total", *total)
    line("(harness)", x["harness"], y["harness"])
    q_ratio = ratio(total[1][0], total[0][0])
    print(
        f"\nqueries per item: {total[0][0]:.1f} vs {total[1][0]:.1f}, ratio {q_ratio:.2f} "
        f"(goal ≤ {QUERY_GOAL}){'' if q_ratio <= QUERY_GOAL else ' ✗'}; ms: wall clock; "
        f"cpu ms: this process's CPU time;\ndb ms: time inside the database calls "
        f"(execute_wrapper). Import and steps only, the harness's look-ups are apart."
    )

    shapes_a, shapes_b = small["counter"].shapes(), large["counter"].shapes()
    differing = [
        (key, shapes_a[key] / small["size"], shapes_b[key] / large["size"])
        for key in set(shapes_a) | set(shapes_b)
        if abs(shapes_a[key] / small["size"] - shapes_b[key] / large["size"]) > 1e-9
    ]
    if not differing:
        print("\nEvery phase issues the same statements (by shape) per item at both sizes.")
    else:
        print("\nstatements whose count per item differs (phase: small → large, statement):")
        for (phase, sql), p, q in sorted(differing, key=lambda d: d[2] - d[1], reverse=True):
            print(f"  {phase}: {p:.2f} → {q:.2f}  {sql[:400]}")

    ms_a, ms_b = small["counter"].sql_ms(), large["counter"].sql_ms()
    grown = sorted(
        set(ms_a) | set(ms_b),
        key=lambda sql: ms_b[sql] / large["size"] - ms_a[sql] / small["size"],
        reverse=True,
    )
    print("\nstatements whose database time per item grew most (ms per item small → large):")
    for sql in grown[:5]:
        print(f"  {ms_a[sql] / small['size']:6.2f} → {ms_b[sql] / large['size']:6.2f}  {sql[:200]}")


def ratio(large, small):
    return large / small if small else float("nan")


if __name__ == "__main__":
    main()
