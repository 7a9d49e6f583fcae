"""What the benchmarks share: a temporary working folder, Django set up on a fresh database in
it, and small helpers for the figures.

A script run as `.venv/bin/python bench/NAME.py` has bench/ on sys.path, not the project root,
so each one puts the root there before importing this module:

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    from bench.common import fresh_database  # noqa: E402
"""

import os
import shutil
import tempfile
import time
from collections import Counter
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def workspace(keep, prefix="gongkai-bench-", kept="\ndatabase kept: {workdir}/bench.sqlite3"):
    """A temporary folder, removed afterwards unless `keep` (then `kept` is printed)."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield workdir
    finally:
        if keep:
            print(kept.format(workdir=workdir))
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def configure(workdir, database_url=None, *, log_level=None):
    """Settings before django.setup(): the test settings, on a fresh SQLite file in `workdir`
    unless a database URL is given; media, the render cache and the like stay in `workdir`,
    out of var/. LOG_LEVEL is WARNING unless the environment says otherwise; `log_level`
    sets it whatever the environment says."""
    os.chdir(ROOT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["GONGKAI_VAR_DIR"] = str(workdir)
    if log_level:
        os.environ["LOG_LEVEL"] = log_level
    else:
        os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()


@contextmanager
def fresh_database(keep, now=None, *, people=False, database_url=None, vendor=False):
    """A temporary folder with Django set up on a migrated database: a fresh SQLite file
    there, or `database_url` (someone's own database, migrated and then emptied). With
    `people`, the demo units and people are loaded; with `now`, the clock stands there
    (ticking) throughout. Prints the database (with its vendor if `vendor`) and how long the
    set-up took."""
    with workspace(keep) as workdir:
        configure(workdir, database_url)
        from django import db
        from django.core.management import call_command

        with clock(now):
            name = db.connection.settings_dict["NAME"]
            if vendor:
                name = f"{db.connection.vendor} {name}"
            at = f"; clock at {now:%Y-%m-%d %H:%M %Z}" if now else ""
            print(f"database: {name}{at}")
            started = time.perf_counter()
            call_command("migrate", verbosity=0, interactive=False)
            if database_url:  # someone's own database: empty it (and set the defaults again)
                call_command("flush", verbosity=0, interactive=False)
            if people:
                from base.organisation.demo import load_units_and_people

                load_units_and_people()
            done = "migrate and demo people" if people else "migrate"
            print(f"{done}: {time.perf_counter() - started:.1f} s")
            yield workdir


def clock(now):
    """The clock at `now`, ticking (time_machine); no change without one."""
    if now is None:
        return nullcontext()
    import time_machine

    return time_machine.travel(now, tick=True)


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def flow_state(process_model, steps):
    """How many open tasks wait at each of `steps` (a Counter by step name), and how many
    flows of `process_model` are done."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import PROCESS, STATUS

    waiting = Counter(
        node.name
        for node in Task.objects.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED]).values_list(
            "flow_task", flat=True
        )
        if node.name in steps
    )
    return waiting, process_model.objects.filter(status=PROCESS.DONE).count()


def with_smoke(parser, smoke, what):
    """The parser's arguments, with `--smoke`: a small run of the same flow (the sizes in
    `smoke`, an attribute each, replace whatever was given) that finishes in seconds, so that
    CI runs every benchmark and a broken flow shows the day it breaks. `what` says what the
    small run is, for --help."""
    parser.add_argument("--smoke", action="store_true", help=f"a quick run: {what}")
    args = parser.parse_args()
    if args.smoke:
        for name, value in smoke.items():
            setattr(args, name, value)
    return args
