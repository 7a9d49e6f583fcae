"""How fast does a spreadsheet of 2,000 suggestions and proposals go in?

A generated spreadsheet (the columns of demo/proposals-2026.csv, units from the demo) is
imported through workflows.proposals.services.import_and_register, which checks every row,
stores the items and starts one proposal flow per item, all in one transaction. This is done
for a .csv and for an .xlsx file (different sessions, so both create every row), each timed
and its SQL queries counted. The baseline, measured in the same run on the same bytes, is
proposals.importing.read_table alone (reading the file, no checks, no database); the ratio
says how much of an import is more than parsing. Finally the .csv is imported again: it must
create nothing, and the time that takes is printed. Figures only: nothing is asserted.

    .venv/bin/python bench/proposal_import.py              # from the project root
    .venv/bin/python bench/proposal_import.py --rows 300   # a quick check

The database is a fresh SQLite file in a temporary directory (removed afterwards unless
--keep). The clock stands at 2026-03-02 09:00 Asia/Shanghai (time_machine, ticking), because
the holiday calendar covers years up to 2026 only.
"""

import argparse
import csv
import gc
import io
import re
import statistics
import sys
import time
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database, with_smoke  # noqa: E402

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
HEADERS = (
    "类别,届,次,编号,标题,内容,领衔人,附议人,联系电话,通讯地址,邮政编码,分类,重点,同意公开,"
    "提出日期,建议主办单位,建议会办单位,办理方式"
).split(",")
TOPICS = [
    ("教育", "中小学学位", "科学编制学校布局规划，加快新建、改扩建一批公办学校"),
    ("民政", "社区居家养老服务", "推进街道综合养老服务中心建设，加大助餐助浴补贴"),
    ("住房城乡建设", "老旧小区改造", "将加装电梯纳入老旧小区改造统筹推进，简化审批"),
    ("交通", "主干道交通组织", "优化信号灯配时，合理调整公交港湾式停靠站布局"),
    ("财政", "惠企资金兑付", "推行惠企政策免申即享，缩短资金拨付时限"),
    ("营商环境", "政务服务一网通办", "扩大全程网办事项范围，推行帮办代办服务"),
]
SURNAMES = "陈林黄梁李吴张杨何邓郑周"
GIVEN = ["志强", "美华", "建国", "振华", "秀英", "伟明", "国栋", "丽娟", "海涛", "晓东"]


# --------------------------------------------------------------------------------------------
# shared with proposal_flow.py


class Queries:
    """Counts the SQL statements run on the default connection, by statement (Django's SQL
    with its %s placeholders), cheaply enough for tens of thousands. CaptureQueriesContext
    keeps at most 9,000 queries (connection.queries_log), too few here."""

    def __init__(self):
        self.by_sql = Counter()

    def __call__(self, execute, sql, params, many, context):
        self.by_sql[sql] += 1
        return execute(sql, params, many, context)

    @property
    def count(self):
        return self.by_sql.total()

    @contextmanager
    def counting(self):
        from django.db import connection

        with connection.execute_wrapper(self):
            yield self


@contextmanager
def measured():
    """Yields a dict that gets `seconds` and `queries` (a Queries) of the block. Django's
    debug cursor is off meanwhile (DEBUG=False) so that it does not log every query."""
    from django.test.utils import override_settings

    figures = {"queries": Queries()}
    gc.collect()
    with override_settings(DEBUG=False), figures["queries"].counting():
        started, cpu = time.perf_counter(), time.process_time()
        yield figures
        figures["seconds"] = time.perf_counter() - started
        figures["cpu"] = time.process_time() - cpu


SAVEPOINT = re.compile(r'"s\d+_x\d+"')
IN_LIST = re.compile(r"\((?:%s, )+%s\)")


def shape(sql):
    """A statement with savepoint names and IN-lists folded, so that the same query for
    another row or batch compares equal."""
    return IN_LIST.sub("(%s, ...)", SAVEPOINT.sub('"s?"', sql))


def handling_units():
    """The units that handle items (departments and districts), as the assign form lists
    them."""
    from proposals.forms import handling_units

    return list(handling_units())


def row(n, units, *, session=5, co_units=None, handling="主办", kind=None, as_date=False):
    """One spreadsheet row (a dict over HEADERS) for item number `n`."""
    category, topic, ask = TOPICS[n % len(TOPICS)]
    lead = units[n % len(units)]
    if co_units is None:
        co_units = (n // len(units)) % 3  # 0, 1 or 2 co-units
    co = [units[(n + 1 + k) % len(units)] for k in range(co_units)]
    proposers = [
        SURNAMES[(n + k) % len(SURNAMES)] + GIVEN[(n + 3 * k) % len(GIVEN)]
        for k in range(1 + n % 4)
    ]
    submitted = date(2026, 1, 8) + timedelta(days=n % 5)
    return {
        "类别": kind or ("人大建议" if n % 2 else "政协提案"),
        "届": "15",
        "次": str(session),
        "编号": str(n),
        "标题": f"关于进一步做好{lead.short_name}{topic}工作的建议（第{n}件）",
        "内容": f"近年来{lead.short_name}{topic}方面仍存在短板，群众反映较多。建议：一是{ask}；"
        f"二是建立跟踪问效机制；三是加大宣传力度，及时公开办理进展。" * 2,
        "领衔人": proposers[0],
        "附议人": "、".join(proposers[1:]),
        "联系电话": f"138{n:08d}",
        "通讯地址": f"赤坎区中山一路{n % 200 + 1}号",
        "邮政编码": "524033",
        "分类": category,
        "重点": "是" if n % 10 == 0 else "否",
        "同意公开": "是",
        "提出日期": submitted if as_date else submitted.isoformat(),
        "建议主办单位": lead.name,
        "建议会办单位": "、".join(unit.name for unit in co),
        "办理方式": handling if co else "主办",
    }


def csv_bytes(rows):
    """UTF-8 with a BOM, as Excel saves "CSV UTF-8"."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for values in rows:
        writer.writerow([values[name] for name in HEADERS])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for values in rows:
        sheet.append([values[name] for name in HEADERS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def clerk():
    from base.organisation.models import Person

    return Person.objects.get(username="clerk")


# --------------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000, help="rows per file (default 2000)")
    parser.add_argument(
        "--parse-repeat", type=int, default=3, help="read_table runs per file; median (default 3)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    return with_smoke(parser, {"rows": 100, "parse_repeat": 1}, "100 rows per file")


def main():
    args = parse_args()
    with fresh_database(args.keep, NOW, people=True):
        run(args)


def run(args):
    from proposals.importing import read_table
    from proposals.models import Proposal
    from workflows.models import ProposalProcess
    from workflows.proposals.flows import ProposalFlow
    from workflows.proposals.services import import_and_register

    units = handling_units()
    person = clerk()
    files = {
        "csv": csv_bytes(row(n, units, session=5) for n in range(1, args.rows + 1)),
        "xlsx": xlsx_bytes(row(n, units, session=6, as_date=True) for n in range(1, args.rows + 1)),
    }
    results = {}
    for fmt, data in files.items():
        name = f"proposals-{fmt}.{fmt}"
        parse_seconds = []
        for _ in range(args.parse_repeat):
            gc.collect()
            started = time.perf_counter()
            headers, rows = read_table(name, data)
            parse_seconds.append(time.perf_counter() - started)
        assert len(rows) == args.rows, (fmt, len(rows))
        with timed_flow_starts(ProposalFlow) as starts, measured() as figures:
            result = import_and_register(name, data, person)
        assert result.created == args.rows, (fmt, result.created)
        results[fmt] = {
            "bytes": len(data),
            "parse": statistics.median(parse_seconds),
            "seconds": figures["seconds"],
            "cpu": figures["cpu"],
            "queries": figures["queries"],
            "starts": starts,
        }
        print(f"imported {fmt}: {result.created} items created, {result.skipped} skipped")

    with measured() as again:
        result = import_and_register("proposals-csv-again.csv", files["csv"], person)
    # the same rows in a file with another digest (a blank line more): read, checked and
    # compared with the stored items, every row skipped
    with measured() as same_rows:
        skipped = import_and_register("proposals-csv-edited.csv", files["csv"] + b"\r\n", person)
    stored = Proposal.objects.count(), ProposalProcess.objects.count()

    print(f"\nImporting {args.rows:,} rows through import_and_register, SQLite\n")
    head = (
        f"{'format':<8}{'size':>9}{'seconds':>9}{'cpu s':>7}{'rows/s':>8}{'queries':>9}"
        f"{'q/row':>7}{'starts s':>10}{'parse s':>9}{'ratio':>8}"
    )
    print(head)
    print("-" * len(head))
    for fmt, r in results.items():
        print(
            f"{fmt:<8}{r['bytes'] / 1024:>7.0f}kB{r['seconds']:>9.2f}{r['cpu']:>7.2f}"
            f"{args.rows / r['seconds']:>8.0f}{r['queries'].count:>9,}"
            f"{r['queries'].count / args.rows:>7.1f}{r['starts']['seconds']:>10.2f}"
            f"{r['parse']:>9.3f}{r['seconds'] / r['parse']:>8.1f}"
        )
    print(
        "\nseconds: the whole import_and_register call (read, check, store, start the flows, "
        "commit);\nstarts s: of which inside ProposalFlow.start.run (one flow per item); "
        f"parse s: read_table alone\non the same bytes (median of {args.parse_repeat}), the "
        "baseline; ratio: seconds / parse s."
    )
    print(
        f"\nthe .csv again: already_imported={result.already_imported}, "
        f"created {result.created}, {again['seconds'] * 1000:.1f} ms, "
        f"{again['queries'].count} queries (the file's digest is known)"
    )
    print(
        f"the same rows with a blank line added: created {skipped.created}, skipped "
        f"{skipped.skipped:,}, {same_rows['seconds']:.2f} s, {same_rows['queries'].count} "
        f"queries (read, checked, compared with the stored items)"
    )
    print(f"stored afterwards: {stored[0]:,} items, {stored[1]:,} flows")
    per_row("csv", results["csv"]["queries"], args.rows)


def per_row(label, queries, rows):
    """The statements of an import by shape, with how many of each a row costs."""
    shapes = Counter()
    for sql, count in queries.by_sql.items():
        shapes[shape(sql)] += count
    print(f"\nstatements of the {label} import by shape (per row, total, statement):")
    for sql, count in shapes.most_common():
        print(f"  {count / rows:>5.2f} {count:>7,}  {sql[:110]}")


@contextmanager
def timed_flow_starts(flow_class):
    """Times the calls of flow_class.start.run inside the block (one per new item)."""
    node = flow_class.start
    figures = {"seconds": 0.0, "calls": 0}
    original = node.run

    def run(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            figures["seconds"] += time.perf_counter() - started
            figures["calls"] += 1

    node.run = run
    try:
        yield figures
    finally:
        del node.run


if __name__ == "__main__":
    main()
