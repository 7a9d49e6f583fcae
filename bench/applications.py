"""依申请公开 at 20,000 applications a year (a large city's), against 2,000 in the same run:
the supervision board's application rows, tables 三 and 四 of the annual report counted from
the records, and the 主动公开 candidates.

The year is bulk-created (bulk_create, no flows) for the government office, the organ of the
demo: applications received from 1 January to the day before NOW, of every applicant kind
(自然人 60 %), 90 % answered within 40 days in one of the answer categories, a reconsideration
or lawsuit for 2 % of the answers, 5 % of the answers proposing active publication. Their
subjects: 80 % the applicant's own, 20 % one of a thousand subjects asked for as Zipf's law
has it (the first some 500 times at 20,000). `--open` of them (5 %, received in the last four
weeks) are handled through the real flow (workflows.applications.services.start) and wait at
确认收到申请, so that each is a row of the board. The clock stands at Monday 16 November
2026, 08:00 Asia/Shanghai (time_machine, ticking).

Measured for each size, as the government office's openness reviewer (公开审查员):

- the supervision board filtered to 依申请公开 (GET /staff/supervision/board/?kind=apply)
  over HTTP with django.test.Client: median and p95 of `--repeat` requests after `--warmup`,
  SQL queries;
- `requests_table` (table 三) and `appeals_table` (table 四) alone, and table 三's page under
  the annual report's parts (the counted table, read-only);
- `applications.proactive.candidates` alone, and its staff page.

Table 三 must balance in every column and count every application of the year: otherwise the
benchmark exits non-zero, as it does on an HTTP status other than 200. Goals: the board
within 1 s and table 三 within 0.5 s at 20,000. Figures only: nothing is asserted of them.

    .venv/bin/python bench/applications.py                 # from the project root, ~3 minutes
    .venv/bin/python bench/applications.py --large 8000    # a quick check

The database is a fresh SQLite file in a temporary directory (removed afterwards unless
--keep).
"""

import argparse
import hashlib
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database, p95, with_smoke  # noqa: E402

NOW = datetime(2026, 11, 16, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
YEAR = 2026
BOARD = "/staff/supervision/board/?kind=apply"
PARTS = f"/staff/reports/annual/parts/requests/?year={YEAR}"
CANDIDATES = "/staff/applications/proactive/"
GOALS = {"board": 1.0, "三": 0.5}
KIND_WEIGHTS = [60, 14, 5, 5, 10, 6]


class Failed(Exception):
    """The benchmark's own flow failed (a status, an unbalanced table): exit non-zero."""


POOL = [f"湛江市2026年第{k}类政府信息（归类{k}）" for k in range(1, 1001)]
POOL_WEIGHTS = [1 / k for k in range(1, 1001)]


def subject_of(rng, n):
    """Most applications (80 %) ask for something of their own; the others for one of a
    thousand subjects, the k-th asked for about 1/k as often as the first (Zipf)."""
    if rng.random() < 0.8:
        return f"申请人所需的第{n}项政府信息"
    return rng.choices(POOL, POOL_WEIGHTS)[0]


def fill(organ, stored, to, args, seed):
    """Bulk-creates applications up to `to` (`args.open` of the new ones left open and
    started through the flow); returns how many are stored."""
    from django.db import transaction

    from applications.categories import APPLICANT_KINDS, result_lines
    from applications.models import AnswerCategory, Application, ReceiptSerial, Remedy
    from workflows.applications.services import start

    rng = random.Random(seed)
    kinds = [kind for kind, _label in APPLICANT_KINDS]
    categories = list(AnswerCategory.objects.filter(code__in=[c for c, _l in result_lines()]))
    first, days = date(YEAR, 1, 1), (TODAY - date(YEAR, 1, 1)).days
    to_open, started = [], time.perf_counter()
    for batch_start in range(stored, to, args.batch):
        rows, remedies = [], []
        for n in range(batch_start, min(to, batch_start + args.batch)):
            opened = rng.random() < args.open
            received = (
                TODAY - timedelta(days=rng.randrange(1, 28))
                if opened
                else first + timedelta(days=rng.randrange(days))
            )
            answered = None
            if not opened and rng.random() < 0.9:
                answered = min(TODAY, received + timedelta(days=rng.randrange(1, 40)))
            rows.append(
                Application(
                    organ=organ,
                    receipt_number=f"{organ.short_name or organ.name}依申〔{YEAR}〕{n + 1}号",
                    status_digest=hashlib.sha256(f"bench-{n}".encode()).hexdigest(),
                    applicant_kind=rng.choices(kinds, KIND_WEIGHTS)[0],
                    name="申请人",
                    phone="13800000000",
                    description="所需政府信息的描述",
                    provision="electronic",
                    collection="email",
                    channel="online",
                    submitted_on=received,
                    received_on=received,
                    answered_on=answered,
                    category=rng.choice(categories) if answered else None,
                    subject=subject_of(rng, n),
                    propose_active=bool(answered) and rng.random() < 0.05,
                )
            )
        with transaction.atomic():
            made = Application.objects.bulk_create(rows)
            for application in made:
                if application.answered_on and rng.random() < 0.02:
                    filed = application.answered_on + timedelta(days=rng.randrange(5, 60))
                    if filed <= TODAY:
                        remedies.append(
                            Remedy(
                                application=application,
                                kind=rng.choice(["review", "direct", "after_review"]),
                                filed_on=filed,
                                result=rng.choice(["upheld", "corrected", "other", "pending"]),
                            )
                        )
            Remedy.objects.bulk_create(remedies)
        to_open += [
            a for a in made if a.answered_on is None and a.received_on >= TODAY - timedelta(28)
        ]
    ReceiptSerial.objects.update_or_create(organ=organ, year=YEAR, defaults={"last": to})
    bulk = time.perf_counter() - started
    started = time.perf_counter()
    for application in to_open:
        start(application)
    flows = time.perf_counter() - started
    print(
        f"  + {to - stored:,} applications in {bulk:.1f} s (bulk); "
        f"{len(to_open):,} started through the flow in {flows:.1f} s"
    )
    return to


def timed(call, repeat):
    """(median, p95) seconds of `repeat` calls, and the last result."""
    seconds, result = [], None
    for _n in range(repeat):
        started = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), p95(seconds), result


def page(client, url, args):
    """(median, p95, queries, bytes) of GET `url`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise Failed(f"GET {url}: HTTP {response.status_code}")
        return response

    for _n in range(args.warmup):
        get()
    median, high, response = timed(get, args.repeat)
    with CaptureQueriesContext(connection) as queries:
        get()
    return median, high, len(queries), len(response.content)


def check_balance(table, expected_new):
    """Table 三's own check (勾稽关系) per column, and every application of the year counted."""
    from applications.categories import result_lines

    cells = table["cells"]
    for column in range(len(cells["new"])):
        done = sum(cells[code][column] for code, _label in result_lines())
        came = cells["new"][column] + cells["carried"][column]
        if came != done + cells["carried_over"][column]:
            raise Failed(f"table 三 does not balance in column {column}")
    if sum(cells["new"]) != expected_new:
        raise Failed(f"table 三 counts {sum(cells['new'])} new, {expected_new} were received")


def measure(client, organ, args):
    from applications import proactive
    from applications.annual_tables import appeals_table, requests_table
    from applications.models import Application

    figures = {}
    figures["board"], figures["board p95"], figures["board queries"], size = page(
        client, BOARD, args
    )
    figures["board KiB"] = size / 1024
    from supervision import items

    if getattr(items, "APPLICATION", None):  # the board lists the applications' open steps
        listed = client.get(BOARD).content.decode()
        if f"依申〔{YEAR}〕" not in listed:
            raise Failed("the board lists no open application")
    median, high, table = timed(lambda: requests_table(organ, YEAR), args.repeat)
    figures["三"], figures["三 p95"] = median, high
    check_balance(table, Application.objects.filter(received_on__year=YEAR).count())
    figures["四"], figures["四 p95"], _four = timed(lambda: appeals_table(organ, YEAR), args.repeat)
    figures["三 page"], figures["三 page p95"], figures["三 page queries"], _size = page(
        client, PARTS, args
    )
    median, high, found = timed(lambda: proactive.candidates(organ), args.repeat)
    figures["candidates"], figures["candidates p95"] = median, high
    figures["candidates listed"] = len(found)
    figures["candidates page"], figures["candidates page p95"], _q, _s = page(
        client, CANDIDATES, args
    )
    return figures


ROWS = [
    ("board ?kind=apply median ms", "board", 1000),
    ("board p95 ms", "board p95", 1000),
    ("board SQL queries", "board queries", 1),
    ("board KiB", "board KiB", 1),
    ("requests_table (三) median ms", "三", 1000),
    ("requests_table p95 ms", "三 p95", 1000),
    ("appeals_table (四) median ms", "四", 1000),
    ("appeals_table p95 ms", "四 p95", 1000),
    ("三's parts page median ms", "三 page", 1000),
    ("三's parts page p95 ms", "三 page p95", 1000),
    ("三's parts page SQL queries", "三 page queries", 1),
    ("candidates() median ms", "candidates", 1000),
    ("candidates() p95 ms", "candidates p95", 1000),
    ("subjects listed (≥3 times)", "candidates listed", 1),
    ("candidates page median ms", "candidates page", 1000),
    ("candidates page p95 ms", "candidates page p95", 1000),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=2000, help="baseline applications")
    parser.add_argument("--large", type=int, default=20000, help="applications a year")
    parser.add_argument("--open", type=float, default=0.05, help="share left open (flow)")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    args = with_smoke(
        parser, {"small": 100, "large": 400, "repeat": 3, "warmup": 1}, "100 vs 400 applications"
    )

    with fresh_database(args.keep, NOW, people=True):
        from django.test import Client
        from django.test.utils import setup_test_environment

        from base.organisation.models import Person, Unit, UnitKind

        setup_test_environment()
        organ = Unit.objects.get(kind=UnitKind.GOVERNMENT_OFFICE, parent_unit=None)
        client = Client()
        client.force_login(Person.objects.get(username="reviewer"))
        results, stored = {}, 0
        try:
            for size, seed in ((args.small, 1), (args.large, 2)):
                print(f"\nfilling to {size:,} applications")
                stored = fill(organ, stored, size, args, seed)
                results[size] = measure(client, organ, args)
        except Failed as failure:
            print(f"FAILED: {failure}")
            return 1

        small, large = results[args.small], results[args.large]
        print(f"\nas the office's openness reviewer ({args.repeat} runs each)")
        print(f"{'':32}{args.small:>10,}{args.large:>10,}{'ratio':>8}")
        for label, key, scale in ROWS:
            a, b = small[key] * scale, large[key] * scale
            fmt = "{:.0f}" if scale == 1000 or key.endswith("KiB") else "{}"
            print(f"{label:32}{fmt.format(a):>10}{fmt.format(b):>10}{b / a if a else 0:>8.2f}")
        for key, goal in GOALS.items():
            mark = "✓" if large[f"{key} p95"] <= goal else "✗"
            print(f"goal: {key} p95 at {args.large:,} ≤ {goal} s {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
