"""Does one package's way through the interpretation flow cost the same with 10 packages in the
database as with 5,000?

The whole flow for ONE package is driven over HTTP with django.test.Client, exactly as
tests/workflows/conftest.py's Desk does it (start → submit draft → leader sign_off →
openness_review → legal_review (doc_type normative) → issue), and for each step the number of
SQL queries and the wall-clock milliseconds are recorded. This is done with 10 packages
already in the database and again with 5,000, and a table compares them per step.

Goals: the query count does not grow with the number of packages (ratio 1.0) and the time
grows by at most 20 % (ratio ≤ 1.2). Figures only: nothing is asserted.

    .venv/bin/python bench/interpretation_flow.py   # from the project root
    .venv/bin/python bench/interpretation_flow.py --sizes 10 1000 --repeat 3 --show-sql

The database is a fresh SQLite file in a temporary directory (removed afterwards unless
--keep). Packages are pre-filled with the real services (workflows.interpretation.services
and the same activations the review page uses), spread over every unit and every step.
"""

import argparse
import gc
import html
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import flow_state, fresh_database, with_smoke  # noqa: E402

STEPS = ["start", "draft", "sign_off", "openness_review", "legal_review", "issue"]
STEP_LABELS = {
    "start": "start",
    "draft": "submit draft",
    "sign_off": "sign_off",
    "openness_review": "openness_review",
    "legal_review": "legal_review",
    "issue": "issue",
}
REVIEWERS = {
    "sign_off": "leader",
    "openness_review": "reviewer",
    "legal_review": "legal",
    "issue": "issuer",
}
QUERY_GOAL = 1.0
TIME_GOAL = 1.2

# Where a pre-filled package ends up: (stopping point, weight). "done" packages went all the
# way through; "returned" ones were sent back once by the openness review and resubmitted.
PREFILL_MIX = [
    ("draft", 15),
    ("sign_off", 20),
    ("openness_review", 10),
    ("legal_review", 5),
    ("issue", 5),
    ("returned", 5),
    ("done", 40),
]
DRAFTERS_PER_UNIT = 3
BATCH = 100


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=int, nargs=2, default=[10, 5000], metavar=("SMALL", "LARGE"),
        help="packages in the database before each measurement (default: 10 5000)",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=5, help="measured flows per size; medians (default 5)"
    )
    parser.add_argument(
        "--show-sql", action="store_true",
        help="also print the slowest queries of steps whose time ratio misses the goal",
    )  # fmt: skip
    parser.add_argument(
        "--requests", action="store_true", help="also print the figures per HTTP request"
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="unmeasured flows before each size (default 2)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    return with_smoke(
        parser, {"sizes": [5, 30], "repeat": 1, "warmup": 1}, "5 vs 30 packages, one flow each"
    )


# --------------------------------------------------------------------------------------------
# pre-filling


class Prefill:
    """Creates packages with the real services, spread over all units and steps."""

    def __init__(self):
        from base.organisation.models import Person, Unit
        from base.organisation.roles import Role
        from tests.factories import PersonFactory

        self.units = list(Unit.objects.order_by("rank"))
        self.drafters, self.leaders = {}, {}
        for unit in self.units:
            drafters = list(Person.objects.filter(unit=unit, groups__name=str(Role.DRAFTER.label)))
            for n in range(len(drafters), DRAFTERS_PER_UNIT):
                drafters.append(
                    PersonFactory(
                        username=f"bench-drafter-{unit.pk}-{n}",
                        unit=unit,
                        last_name="起",
                        first_name=f"草{n}",
                        roles=[Role.DRAFTER],
                    )  # fmt: skip
                )
            self.drafters[unit.pk] = drafters
            leader = Person.objects.filter(
                unit=unit, groups__name=str(Role.UNIT_LEADER.label)
            ).first() or PersonFactory(
                username=f"bench-leader-{unit.pk}", unit=unit,
                last_name="负", first_name="责人", roles=[Role.UNIT_LEADER],
            )  # fmt: skip
            self.leaders[unit.pk] = leader
        self.reviewers = {
            step: Person.objects.get(username=username)
            for step, username in REVIEWERS.items()
            if step != "sign_off"
        }
        self.stops = [stop for stop, weight in PREFILL_MIX for _ in range(weight)]
        self.made = 0

    def fill(self, count):
        """Adds `count` packages, in batches of one transaction each. DEBUG is off meanwhile
        only so that Django does not log every query (about 10 % of the time)."""
        from django.db import transaction
        from django.test.utils import override_settings

        done = 0
        with override_settings(DEBUG=False):
            while done < count:
                with transaction.atomic():
                    for _ in range(min(BATCH, count - done)):
                        self.package()
                        done += 1

    def package(self):
        from interpretation.models import DocumentType, PolicyDocument
        from workflows.interpretation import services
        from workflows.interpretation.demo import INTERPRETATION

        n = self.made
        self.made += 1
        unit = self.units[n % len(self.units)]
        drafter = self.drafters[unit.pk][(n // len(self.units)) % DRAFTERS_PER_UNIT]
        stop = self.stops[(n * 7) % len(self.stops)]  # mixes stops across units
        doc_type = [DocumentType.NORMATIVE, DocumentType.OTHER, DocumentType.REGULATION][n % 3]
        document = PolicyDocument(
            title=f"关于做好第{n}项政务公开工作的通知",
            number=f"{unit.short_name}〔2026〕{n + 1}号",
            issuing_body=unit.name,
            doc_type=doc_type,
            summary=f"部署{unit.short_name}第{n}项政务公开工作。",
            body="各有关单位：……" * 20,
        )
        process = services.start(drafter, document, **INTERPRETATION)
        if stop == "draft":
            return
        services.submit(drafter, process)
        route = ["sign_off", "openness_review"]
        if doc_type != DocumentType.OTHER:
            route.append("legal_review")
        route.append("issue")
        if stop not in route and stop not in ("returned", "done"):
            stop = "issue"  # legal_review is not on an "other" document's route
        if stop == "returned":
            self.review(process, "sign_off", self.leaders[unit.pk])
            self.review(process, "openness_review", self.reviewers["openness_review"], "return")
            services.submit(drafter, process)
            stop = "done"
        for step in route:
            if step == stop:
                return
            person = self.leaders[unit.pk] if step == "sign_off" else self.reviewers[step]
            self.review(process, step, person)

    @staticmethod
    def review(process, step, person, decision="approve"):
        """What the review page does, through the same service: the reviewer takes the task
        and decides on the current version; the openness review's approval comes with the
        confidentiality checklist and the reviewer's decisions on the personal data the
        package prints, as in the demo (workflows.interpretation.demo.take)."""
        from workflows.interpretation import services
        from workflows.interpretation.demo import NOTHING_TO_WITHHOLD, keep_office_numbers

        if decision == "return":
            services.review(person, process, step, decision, "请补充新旧政策差异。")
        elif step == "openness_review":
            keep_office_numbers(person, process.artifact)
            services.review(person, process, step, checklist=NOTHING_TO_WITHHOLD)
        else:
            services.review(person, process, step)


# --------------------------------------------------------------------------------------------
# the measured flow


class Measured:
    """One HTTP request's figures."""

    def __init__(self, label, queries, ms):
        self.label, self.queries, self.ms = label, queries, ms


class Desk:
    """tests/workflows/conftest.py's Desk (its logins, open tasks and URLs), with every HTTP
    request measured. The harness's own look-ups (which task is open) and the logins are not
    part of any figure."""

    def __init__(self):
        from django.test import Client

        from tests.workflows import conftest

        self.client = Client()
        self.desk = conftest.Desk(self.client)

    def request(self, label, method, url, data=None, expect=302):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = getattr(self.client, method)(url, data or {})
            ms = (time.perf_counter() - started) * 1000
        if response.status_code != expect:
            raise RuntimeError(
                f"{label}: {response.status_code}, expected {expect}\n{why(response)}"
            )
        return Measured(label, list(queries.captured_queries), ms)

    def flow(self, number):
        """Runs one package through every step; returns {step: [Measured, ...]}."""
        from django.urls import reverse
        from viewflow.workflow.status import PROCESS, STATUS

        from interpretation.models import PolicyDocument
        from tests.workflows.conftest import CHECKLIST, DOCUMENT, NS, package_data
        from workflows.models import InterpretationProcess

        desk = self.desk
        document = {"number": number}
        steps = {}
        desk.login("drafter")
        steps["start"] = [
            self.request("POST start", "post", reverse(f"{NS}:start:execute"),
                         {**DOCUMENT, **document})
        ]  # fmt: skip
        pk = PolicyDocument.objects.get(issuing_body=DOCUMENT["issuing_body"], number=number).pk
        process_pk = InterpretationProcess.objects.get(artifact_object_id=pk).pk

        task = desk.open_task(process_pk, "draft")
        assert task.status == STATUS.ASSIGNED  # assigned to its drafter: nothing to take
        steps["draft"] = [
            self.request("POST execute", "post", desk.url(task, "execute"),
                         package_data(document=document, submit="1"))
        ]  # fmt: skip

        for step, username in REVIEWERS.items():
            desk.login(username)
            task = desk.open_task(process_pk, step)
            measured = []
            if task.status == STATUS.NEW:
                measured.append(self.request("POST assign", "post", desk.url(task, "assign")))
                task = desk.open_task(process_pk, step)
            measured.append(self.request("GET execute", "get", desk.url(task, "execute"),
                                         expect=200))  # fmt: skip
            data = {"decision": "approve", "comment": ""}
            if step == "openness_review":  # the confidentiality checklist it asks for
                data.update(CHECKLIST)
            measured.append(self.request("POST execute", "post", desk.url(task, "execute"),
                                         data))  # fmt: skip
            steps[step] = measured
        process = InterpretationProcess.objects.get(pk=process_pk)
        approved = PolicyDocument.objects.get(pk=pk).approved_at
        if process.status != PROCESS.DONE or approved is None:  # every step answered, no result
            raise RuntimeError(f"{number}: the flow is {process.status}, approved at {approved}")
        return steps


def why(response):
    """What the page says is wrong (a page that refuses a step answers 200 with its summary of
    problems, web/templates/staff/_form_errors.html), else the start of the page."""
    page = response.content.decode()
    summary = re.search(r'<ul class="form-errors__list">(.*?)</ul>', page, re.S)
    if summary:
        problems = re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)
        return "\n".join("  " + html.unescape(re.sub(r"<[^>]+>", "", p)) for p in problems)
    return page[:2000]


def measure(desk, repeat, warmup, serial):
    """`repeat` measured flows after `warmup` unmeasured ones; returns the list of runs."""
    for _ in range(warmup):  # caches, templates, translations, the interpreter's own
        desk.flow(f"湛府办〔2099〕{next(serial)}号")
    runs = []
    for _ in range(repeat):
        gc.collect()
        runs.append(desk.flow(f"湛府办〔2099〕{next(serial)}号"))
    return runs


# --------------------------------------------------------------------------------------------
# reporting


def step_queries(run, step):
    return sum(len(m.queries) for m in run[step])


def step_ms(run, step):
    return sum(m.ms for m in run[step])


def ratio(large, small):
    return large / small if small else float("inf")


def table(sizes, results):
    small, large = sizes
    head = (
        f"{'step':<18}{'queries@' + str(small):>12}{'queries@' + str(large):>14}{'ratio':>8}"
        f"{'goal':>6}  {'ms@' + str(small):>10}{'ms@' + str(large):>10}{'ratio':>8}{'goal':>7}"
    )
    print(head)
    print("-" * len(head))
    total = {"q": [0, 0], "ms": [0.0, 0.0]}
    flags = []
    for step in STEPS:
        q = [statistics.median(step_queries(r, step) for r in results[s]) for s in sizes]
        ms = [statistics.median(step_ms(r, step) for r in results[s]) for s in sizes]
        for i in range(2):
            total["q"][i] += q[i]
            total["ms"][i] += ms[i]
        line(STEP_LABELS[step], q, ms)
        flags.append((step, ratio(q[1], q[0]), ratio(ms[1], ms[0])))
    print("-" * len(head))
    line("total", total["q"], total["ms"])
    print(
        f"\nqueries: median of {len(results[small])} runs (spread "
        f"{spread(results, sizes)}); ms: median per step of {len(results[small])} runs, "
        f"total = sum of the step medians"
    )
    return flags


def line(label, q, ms):
    q_ratio, ms_ratio = ratio(q[1], q[0]), ratio(ms[1], ms[0])
    q_mark = "" if q_ratio <= QUERY_GOAL else " ✗"
    ms_mark = "" if ms_ratio <= TIME_GOAL else " ✗"
    print(
        f"{label:<18}{q[0]:>12g}{q[1]:>14g}{q_ratio:>8.2f}{QUERY_GOAL:>6.1f}{q_mark:<2}"
        f"{ms[0]:>10.1f}{ms[1]:>10.1f}{ms_ratio:>8.2f}{'≤' + format(TIME_GOAL, '.1f'):>7}{ms_mark}"
    )


def spread(results, sizes):
    """Whether each step's query count was the same in every run of a size."""
    varying = [
        f"{step}@{size}"
        for size in sizes
        for step in STEPS
        if len({step_queries(r, step) for r in results[size]}) > 1
    ]
    return "none: identical in every run" if not varying else "varies in " + ", ".join(varying)


def request_table(sizes, results):
    small, large = sizes
    print(f"\nper request: {'queries':>17}{'ms (median)':>22}")
    for step in STEPS:
        for i, m in enumerate(results[small][0][step]):
            q = [statistics.median(len(r[step][i].queries) for r in results[s]) for s in sizes]
            ms = [statistics.median(r[step][i].ms for r in results[s]) for s in sizes]
            print(
                f"  {STEP_LABELS[step] + ' ' + m.label:<32}{q[0]:>5g}{q[1]:>6g}"
                f"{ms[0]:>10.1f}{ms[1]:>10.1f}"
            )


LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
SAVEPOINT = re.compile(r'"s\d+_x\d+"')


def shape(sql):
    """A query without its literals, so the same query for another row compares equal."""
    sql = SAVEPOINT.sub('"s?"', LITERAL.sub("?", sql))
    return re.sub(r"\(\?(?:, \?)+\)", "(?, ...)", sql)


def query_growth(sizes, results):
    """For each step whose query count grows: the queries that are there only at the large
    size, or more often there (compared by shape, literals removed)."""
    small, large = sizes
    found = False
    for step in STEPS:
        a = Counter(shape(q["sql"]) for m in results[small][-1][step] for q in m.queries)
        b = Counter(shape(q["sql"]) for m in results[large][-1][step] for q in m.queries)
        if a == b:
            continue
        found = True
        print(f"\n{STEP_LABELS[step]}: queries whose count differs ({small} → {large})")
        for sql in sorted(set(a) | set(b), key=lambda s: b[s] - a[s], reverse=True):
            if a[sql] != b[sql]:
                print(f"  {a[sql]} → {b[sql]}: {sql[:600]}")
    if not found:
        print("\nEvery step issues the same queries (by shape) at both sizes.")


def slow_queries(sizes, results, flags):
    small, large = sizes
    for step, _q_ratio, ms_ratio in flags:
        if ms_ratio <= TIME_GOAL:
            continue
        per = {}
        for size in sizes:
            ms = defaultdict(float)
            for run in results[size]:
                for m in run[step]:
                    for q in m.queries:
                        ms[shape(q["sql"])] += float(q["time"]) * 1000 / len(results[size])
            per[size] = ms
        grown = sorted(per[large], key=lambda s: per[large][s] - per[small].get(s, 0))[::-1]
        print(f"\n{STEP_LABELS[step]}: queries that take longer at {large} (mean ms per flow)")
        for sql in grown[:5]:
            print(f"  {per[small].get(sql, 0):7.2f} → {per[large][sql]:7.2f}  {sql[:400]}")


# --------------------------------------------------------------------------------------------


def main():
    args = parse_args()
    with fresh_database(args.keep, people=True):
        from django.conf import settings

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        run(args)


def run(args):
    from itertools import count

    from django import db

    from interpretation.models import PolicyDocument

    sizes = args.sizes
    prefill = Prefill()
    desk = Desk()
    serial = count(1)
    results = {}
    for size in sizes:
        missing = size - PolicyDocument.objects.count()
        started = time.perf_counter()
        prefill.fill(max(missing, 0))
        took = time.perf_counter() - started
        have = PolicyDocument.objects.count()
        print(
            f"pre-filled {max(missing, 0)} packages in {took:.1f} s "
            f"({took / max(missing, 1) * 1000:.1f} ms each); {have} in the database; "
            f"{summary()}"
        )
        db.reset_queries()
        results[size] = measure(desk, args.repeat, args.warmup, serial)
        print(f"measured {args.repeat} flows (after {args.warmup} warm-up) at {size} packages")

    print(
        f"\nOne package through the interpretation flow over HTTP, SQLite, "
        f"{sizes[0]} vs {sizes[1]} packages already in the database\n"
    )
    flags = table(sizes, results)
    if args.requests:
        request_table(sizes, results)
    query_growth(sizes, results)
    if args.show_sql:
        slow_queries(sizes, results, flags)


def summary():
    """Where the packages in the database are, for the record."""
    from workflows.models import InterpretationProcess

    open_tasks, done = flow_state(InterpretationProcess, STEPS)
    waiting = ", ".join(f"{k} {v}" for k, v in sorted(open_tasks.items()))
    return f"done {done}; open tasks: {waiting}"


if __name__ == "__main__":
    main()
