"""Every benchmark in bench/, one after the other, in its small `--smoke` run.

    .venv/bin/python -m bench.smoke              # all of them (make bench-smoke)
    .venv/bin/python -m bench.smoke notices      # some of them, by name

The benchmarks are found here, not listed: every bench/*.py that runs as a script (it has
`if __name__ == "__main__"`), so a new one is run from the day it is added, and one without
`--smoke` fails. Each one's figures are printed as it prints them and are never judged; what
fails the run is a benchmark whose own flow fails: a non-zero exit (an unexpected HTTP
status, an exception, a missing output) or no end within the time limit. At the end, each
one's wall time and outcome.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LIMIT = 180  # seconds for one smoke run: a run meant to take seconds that takes this is stuck


def benchmarks():
    return sorted(
        path
        for path in BENCH.glob("*.py")
        if path != Path(__file__).resolve()
        and 'if __name__ == "__main__":' in path.read_text(encoding="utf-8")
    )


def run(path, limit):
    """The benchmark's exit status (None when it had to be stopped) and its wall time."""
    started = time.perf_counter()
    # its own process group, so that a stuck one is stopped with the servers it started
    process = subprocess.Popen(
        [sys.executable, str(path), "--smoke"], cwd=ROOT, start_new_session=True
    )
    try:
        status = process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 15)
        process.wait()
        status = None
    return status, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these (file names without .py)")
    parser.add_argument("--limit", type=int, default=LIMIT, help=f"seconds each ({LIMIT})")
    args = parser.parse_args()
    found = benchmarks()
    unknown = set(args.names) - {path.stem for path in found}
    if unknown:
        raise SystemExit(f"no such benchmark: {', '.join(sorted(unknown))}")
    chosen = [path for path in found if not args.names or path.stem in args.names]

    results = []
    for path in chosen:
        print(f"\n===== bench/{path.name} --smoke", flush=True)
        status, seconds = run(path, args.limit)
        results.append((path.name, status, seconds))

    print("\n===== benchmarks, smoke runs")
    for name, status, seconds in results:
        outcome = (
            "ok"
            if status == 0
            else f"FAILED (exit {status})"
            if status is not None
            else f"FAILED (stopped after {args.limit} s)"
        )
        print(f"{name:<28}{seconds:>8.1f} s  {outcome}")
    total = sum(seconds for _, _, seconds in results)
    failed = [name for name, status, _ in results if status != 0]
    print(f"{'total':<28}{total:>8.1f} s  {len(failed)} failed of {len(results)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
