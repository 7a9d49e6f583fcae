"""The supervision board (督办台) with 15,000 suggestions and proposals stored, against a
baseline of 1,500 in the same run.

The data is tests/supervision/world.py's generated year, bulk-created: items assigned from
January to September 2026 to one lead unit and up to two co-units (or split between two),
`--open` of them (10 %) still open at every kind of step, the rest replied with their
opinions and `--history` finished viewflow tasks each (as a finished flow leaves them); and
one policy package per ten items, the same share of them open at a review step. The clock
stands at Monday 16 November 2026, 08:00 Asia/Shanghai (time_machine, ticking).

Measured, for each size: the board page as the proposal office's clerk sees it (every unit,
page 1 of the rows, all summaries) over HTTP with django.test.Client, `--repeat` times after
`--warmup` unmeasured requests: median and p95 milliseconds (wall clock and CPU), SQL
queries, and `supervision.items.open_items` alone. With `--same-open` the 13,500 items added
for the large size are all finished, so the open work stays that of the baseline and only
the stored history grows. Then the daily reminders run (`send_due`) once on the
large data, for information. The goal: the board within 1 s at 15,000 stored. Figures only:
nothing is asserted.

    .venv/bin/python bench/supervision.py                  # from the project root, ~5 minutes
    .venv/bin/python bench/supervision.py --large 5000     # a quick check, ~2 minutes
    .venv/bin/python bench/supervision.py --same-open      # only the history grows

The database is a fresh SQLite file in a temporary directory (removed afterwards unless
--keep).
"""

import argparse
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database, p95, with_smoke  # noqa: E402

TODAY = date(2026, 11, 16)
NOW = datetime(2026, 11, 16, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
URL = "/staff/supervision/board/"
GOAL_SECONDS = 1.0


def grow(to, stored, args, seed, closed):
    """Adds items until `to` are stored, `closed` of them finished; prints how long it took
    and what is open."""
    from proposals.models import Proposal
    from tests.supervision import world

    count = to - stored
    started = time.perf_counter()
    made = world.build(
        TODAY,
        proposals=count,
        packages=count // 10,
        seed=seed,
        closed=closed,
        history=args.history,
    )
    seconds = time.perf_counter() - started
    print(
        f"  + {count:,} items and {count // 10:,} packages in {seconds:.1f} s "
        f"({count / seconds:,.0f} items/s); {len(made.items):,} open items among them"
    )
    return Proposal.objects.count()


def measure(client, args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from supervision.items import open_items

    for _n in range(args.warmup):
        assert client.get(URL).status_code == 200
    pages, cpu = [], []
    for _n in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(URL)
        pages.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    alone = []
    for _n in range(max(3, args.repeat // 3)):
        started = time.perf_counter()
        found = open_items(TODAY)
        alone.append(time.perf_counter() - started)
    return {
        "median": statistics.median(pages),
        "p95": p95(pages),
        "cpu": statistics.median(cpu),
        "queries": len(queries),
        "items": len(found),
        "open_items": statistics.median(alone),
        "bytes": len(response.content),
    }


def counts():
    from viewflow.workflow.models import Task

    from proposals.models import Assignment, Proposal

    return Proposal.objects.count(), Assignment.objects.count(), Task.objects.count()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1500, help="baseline items stored")
    parser.add_argument("--large", type=int, default=15000, help="items stored")
    parser.add_argument("--open", type=float, default=0.1, help="share of items still open")
    parser.add_argument("--history", type=int, default=10, help="done tasks per finished item")
    parser.add_argument(
        "--same-open",
        action="store_true",
        help="the items added for the large size are all finished: as much open work as the "
        "baseline, ten times the history",
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    args = with_smoke(
        parser, {"small": 50, "large": 200, "repeat": 3, "warmup": 1}, "50 vs 200 items"
    )

    with fresh_database(args.keep, NOW):
        from django.test import Client
        from django.test.utils import setup_test_environment

        from base.organisation.models import Person
        from supervision.reminders import send_due

        setup_test_environment()  # e-mails go to a list in memory
        results = {}
        stored = 0
        for size, seed in ((args.small, 1), (args.large, 2)):
            print(f"\nfilling to {size:,} items")
            finished = 1.0 if args.same_open and size == args.large else 1 - args.open
            stored = grow(size, stored, args, seed, finished)
            client = Client()
            client.force_login(Person.objects.get(username="clerk"))
            items, shares, tasks = counts()
            print(f"  stored: {items:,} items, {shares:,} shares, {tasks:,} viewflow tasks")
            results[size] = measure(client, args)

        small, large = results[args.small], results[args.large]
        print(f"\nboard page as the proposal office's clerk ({args.repeat} requests each)")
        print(f"{'':28}{args.small:>12,}{args.large:>12,}{'ratio':>8}")
        rows = [
            ("open items", "items", "{:,}"),
            ("page median ms", "median", "{:.0f}"),
            ("page p95 ms", "p95", "{:.0f}"),
            ("page CPU median ms", "cpu", "{:.0f}"),
            ("SQL queries", "queries", "{}"),
            ("open_items() median ms", "open_items", "{:.0f}"),
            ("page KiB", "bytes", "{:.0f}"),
        ]
        for label, key, fmt in rows:
            a, b = small[key], large[key]
            if key in ("median", "p95", "cpu", "open_items"):
                a, b = a * 1000, b * 1000
            if key == "bytes":
                a, b = a / 1024, b / 1024
            print(f"{label:28}{fmt.format(a):>12}{fmt.format(b):>12}{b / a if a else 0:>8.2f}")
        mark = "✓" if large["p95"] <= GOAL_SECONDS else "✗"
        print(f"goal: p95 at {args.large:,} stored ≤ {GOAL_SECONDS:.0f} s {mark}")
        per_item = [r["median"] / r["items"] * 1e6 for r in (small, large)]
        print(f"µs per open item (page median): {per_item[0]:.0f} vs {per_item[1]:.0f}")

        from django.core import mail

        started = time.perf_counter()
        summary = send_due(TODAY)
        print(
            f"\nreminders run at {args.large:,} stored: {time.perf_counter() - started:.1f} s, "
            f"{summary['created']:,} reminders, {len(mail.outbox):,} e-mails"
        )
        started = time.perf_counter()
        again = send_due(TODAY)
        print(f"second run: {time.perf_counter() - started:.1f} s, {again['created']} new")


if __name__ == "__main__":
    main()
