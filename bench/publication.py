"""Publishing: how fast does an approval reach the site, what does syncing 1,000 cost, and do
the portal, feeds and API stay fast with 100,000 publications?

    .venv/bin/python bench/publication.py                      # ~6 minutes
    .venv/bin/python bench/publication.py --large 20000 --arrivals 5   # a quick check
    .venv/bin/python bench/publication.py --skip sync large    # approval → arrival only
    .venv/bin/python bench/publication.py --skip export        # without the static export

1. Approval to arrival: a local Prefect server (`prefect server start`, SQLite, its own
   PREFECT_HOME) and `python -m web.pipelines` run as in `make run`; a test
   receiver (tests/pipelines/receiver.py) listens on 127.0.0.1. Each of N approvals is the
   transaction an approval commits (`publications.outbox.publish`); after the commit the web
   app asks Prefect for a run (`workflows.pipelines.trigger`). Timed: commit → the receiver
   has stored the version. Median and max.
2. Syncing 1,000 publications: one `publish` flow run in this process (real Prefect server)
   delivering 1,000 versions to the portal and the receiver; the baseline, in the same run, is
   the same 2,000 deliveries by a plain loop over the targets' `deliver` (no Prefect, no
   leases, no delivery records).
3. Portal, feed and API latency with SMALL and LARGE publications stored (bulk-created, all
   live), with Django's test client: median and p95 of R requests per page, and the ratio
   LARGE ÷ SMALL (goal ≤ 1.5).
4. Requests per second on /feeds/all.atom under ApacheBench (`ab`, package apache2-utils)
   against gunicorn (production settings, 4 workers) on the LARGE database.
5. The static export at LARGE (web/portal/export.py, under the temporary directory). Its
   first tree is a whole `rebuild()` made while only SMALL publications are stored (5a): a
   whole crawl of 100,000 items' pages would take about an hour. After the fill, N approvals
   with the export off (the baseline: push arrival), then placeholder pages for the items
   the tree lacks (as a rebuild at LARGE would have left it), then N approvals with it on,
   through one served pipeline. Timed from the commit: the receiver has it, and the item's
   page is in ROOT/current with the home page there listing its title; and from
   ROOT/status.json, the export's requests and seconds for each delivery. An approval that
   does not reach the receiver or the exported site within 180 s ends the run with an error.

Figures only; nothing is asserted. The database is a fresh SQLite file in a temporary
directory (removed afterwards unless --keep). Sections 1–4 leave the export out.
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=120):
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 400:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def configure(workdir, receiver_url, prefect_api):
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        # production mode, as the portal runs: no debug bookkeeping per query or template
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SECURE_SSL_REDIRECT="false",
        # as `make run` serves the deployments (deploy/run-local.sh)
        PREFECT_RUNNER_POLL_FREQUENCY=os.environ.get("PREFECT_RUNNER_POLL_FREQUENCY", "2"),
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        GONGKAI_VAR_DIR=str(workdir),
        LOG_LEVEL="WARNING",
        PREFECT_API_URL=prefect_api,
        SITE_PUSH_URL=receiver_url,
        SITE_PUSH_SECRET=SECRET,
        PREFECT_LOGGING_LEVEL="WARNING",
        STATIC_EXPORT_ROOT="",  # sections 1–4 leave the export out; 5 turns it on
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def start_prefect(workdir):
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(workdir / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": "",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/prefect"), "server", "start", "--host", "127.0.0.1",
         "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    api = f"http://127.0.0.1:{port}/api"
    started = time.perf_counter()
    wait_for(f"{api}/health")
    print(f"Prefect server up in {time.perf_counter() - started:.1f} s at {api}")
    return server, api


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, 15)
        process.wait(30)


def unit():
    from base.organisation.models import Unit, UnitKind

    return Unit.objects.get_or_create(name="市基准测试局", kind=UnitKind.DEPARTMENT)[0]


def approve(n, title):
    """The transaction an approval commits: a new policy, numbered `n`, queued for every
    target configured in this process."""
    from django.db import transaction

    from publications import outbox
    from publications.models import Kind

    with transaction.atomic():
        version = outbox.publish(
            Kind.POLICY, 900_000 + n, unit(), title=title, body="正文", actor="bench"
        )
    return version.publication


def serve_pipelines(workdir, api, **env):
    """`python -m web.pipelines` as `make run` serves it, with `env` on top of ours; returns
    once its deployment answers (a first approval then shows it is polling)."""
    log = open(workdir / "serve.log", "a")  # noqa: SIM115
    serve = subprocess.Popen(
        [sys.executable, "-m", "web.pipelines"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", **env},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    wait_for(f"{api}/deployments/name/publish/publish")
    return serve


def arrival_times(receiver, count, first=0):
    """Commit of an approval → stored at the receiver, through the served deployment; the
    items are numbered from `first` (each approval must be new to be sent at all)."""
    times = []
    for n in range(first, first + count):
        key = f"{approve(n, f'到达测试{n}').key}-v1"
        committed = time.perf_counter()
        while key not in receiver.stored:
            time.sleep(0.02)
            if time.perf_counter() - committed > 180:
                raise SystemExit(f"{key} never arrived")
        times.append(time.perf_counter() - committed)
    return times


def sync_thousand(receiver, count):
    from publications import outbox, targets
    from publications.models import Delivery, Event, Kind
    from workflows.pipelines.publish import publish

    owner = unit()
    started = time.perf_counter()
    for n in range(count):
        outbox.publish(Kind.POLICY, n + 1, owner, title=f"同步测试{n}", body="正文" * 50, actor="b")
    queued = time.perf_counter() - started
    before = len(receiver.arrivals)
    started = time.perf_counter()
    summary = publish()
    pipeline = time.perf_counter() - started
    arrived = len(receiver.arrivals) - before

    portal, push = targets.get(targets.PORTAL), targets.get("site")
    events = list(Event.objects.select_related("publication__unit", "version")[:count])
    receiver.stored.clear()  # the baseline sends the same keys again: let them be stored
    started = time.perf_counter()
    for event in events:  # the same deliveries: to the portal and to the site
        portal.deliver(event)
        push.deliver(event)
    bare = time.perf_counter() - started
    pending = Delivery.objects.filter(state="pending").count()
    return queued, pipeline, bare, summary, arrived, pending


def sync(receiver, count):
    queued, pipeline, bare, summary, arrived, pending = sync_thousand(receiver, count)
    print(f"  writing the outbox: {queued:.1f} s ({count / queued:.0f} a second)")
    print(f"  publish flow run: {pipeline:.1f} s ({count / pipeline:.0f} versions a "
          f"second), {summary}, arrived {arrived}, still pending {pending}")  # fmt: skip
    print(f"  baseline, the same deliveries in a plain loop: {bare:.1f} s; "
          f"ratio {pipeline / bare:.2f}")  # fmt: skip
    if arrived != count or pending or summary.get("failed"):
        raise SystemExit(f"the publish run left {count - arrived} of {count} unarrived")


def fill(total, batch=5000):
    """Bulk-created live publications up to `total`, half policies and half replies."""
    import hashlib
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from publications.models import Kind, Publication, Version

    owner = unit()
    existing = Publication.objects.filter(source_id__gte=2_000_000).count()
    now = timezone.now()
    body = "根据有关规定，现就有关事项答复如下。" * 20
    for start in range(existing, total, batch):
        with transaction.atomic():
            kinds = [
                Kind.POLICY if n % 2 else Kind.REPLY
                for n in range(start, min(total, start + batch))
            ]
            publications = Publication.objects.bulk_create(
                Publication(kind=kind, source_id=2_000_000 + start + i, unit=owner, changed_at=now)
                for i, kind in enumerate(kinds)
            )
            versions = Version.objects.bulk_create(
                Version(
                    publication=p, number=1, title=f"批量发布第{p.source_id}号", summary="摘要",
                    body=body, search_text=f"批量发布第{p.source_id}号 {body}",
                    content_hash=hashlib.sha256(str(p.source_id).encode()).hexdigest(),
                    published_at=now - timedelta(minutes=p.source_id % 100_000),
                    fields={"number": f"湛测〔2026〕{p.source_id}号"} if p.kind == Kind.POLICY
                    else {"proposal_number": f"人大建议第{p.source_id % 10000:04d}号", "round": 1},
                )
                for p in publications
            )  # fmt: skip
            for publication, version in zip(publications, versions, strict=True):
                publication.live = version
            Publication.objects.bulk_update(publications, ["live"])


def latency(repeat):
    from django.test import Client

    from publications.models import Kind, Publication

    client = Client(HTTP_HOST="127.0.0.1")
    policy = Publication.objects.filter(kind=Kind.POLICY, live__isnull=False).order_by("-pk")[0]
    reply = Publication.objects.filter(kind=Kind.REPLY, live__isnull=False).order_by("-pk")[0]
    pages = {
        "home": "/",
        "list policies": "/policies/",
        # page 2: full (20 rows) with 100 stored as with 100,000; page 3 would have 10 and 20
        "list replies p.2": "/replies/?page=2",
        "policy detail": f"/policies/{policy.source_id}/",
        "reply detail": f"/replies/{reply.source_id}/",
        "feed all.atom": "/feeds/all.atom",
        "feed reply.rss": "/feeds/reply.rss",
        "API page 1": "/api/publications/",
        "API kind+since p.2": "/api/publications/?kind=policy&since=2026-01-01&page=2",
        "sitemap": "/sitemap.xml",
    }
    figures = {}
    for name, path in pages.items():
        times = []
        for _ in range(repeat + 2):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
        times = sorted(times[2:])  # two warm-ups
        figures[name] = (statistics.median(times), times[int(len(times) * 0.95) - 1])
    return figures


def feed_load(workdir, requests, concurrency):
    if not shutil.which("ab"):
        print("  ab (apache2-utils) is not installed: apt-get install apache2-utils")
        return None
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "web.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        # one address asks thousands of times: the limit would measure the 429 page
        "RATE_LIMIT_FEEDS": "1000000/m",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "web.wsgi", "--workers", "4",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/feeds/all.atom"
        wait_for(url)
        out = subprocess.run(
            ["ab", "-q", "-n", str(requests), "-c", str(concurrency), url],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        rps = float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1))
        failed = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))
        p95 = re.search(r"\s95%\s+(\d+)", out)
        return rps, failed, int(p95.group(1)) if p95 else None
    finally:
        stop(server)


# the static export -----------------------------------------------------------------------
EXPORT_TIMEOUT = 180  # seconds an approval may take to reach the exported site


def exporting(root):
    """The export on in this process, as web/settings.py makes it from STATIC_EXPORT_ROOT:
    an approval committed here queues a delivery to it (the served pipeline is told by
    its environment)."""
    from django.conf import settings
    from django.test import override_settings

    export = {"ENGINE": "web.portal.export.StaticExport", "ROOT": str(root)}
    return override_settings(PUBLICATION_TARGETS={**settings.PUBLICATION_TARGETS, "export": export})


def first_tree(root):
    """A whole rebuild, made now: with SMALL publications stored, because a crawl of
    100,000 items' pages would take about an hour (the rate printed shows how long)."""
    from publications import targets
    from publications.models import Publication

    with exporting(root):
        result = targets.get("export").rebuild()
    return result, Publication.objects.public().count()


def stand_ins(root):
    """A placeholder page in the tree for every public item it lacks (those stored after the
    first tree: the bulk fill, the other sections' approvals), as a rebuild at LARGE would
    have left it. Without them an update fetches every item a touched list links that the
    tree lacks (the first page of a kind's sitemap links 2,000): a catch-up crawl, not the
    delivery being measured."""
    from publications.models import Publication
    from web.portal.crawl import file_name

    tree, written = root / "current", 0
    for publication in Publication.objects.public().only("kind", "source_id").iterator(5000):
        page = tree / file_name(publication.get_absolute_url(), "text/html")
        if not page.exists():
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("<!-- stands in for the page a rebuild would have written -->")
            written += 1
    return written


def export_status(root):
    import json

    try:
        return json.loads((root / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def export_times(receiver, root, count, first):
    """Commit of an approval → (pushed) the receiver has stored it, (exported) its page is in
    ROOT/current and the home page there lists its title; and the export's own figures for
    that delivery from status.json (requests fetched, seconds)."""
    from web.portal.crawl import file_name

    rows = []
    for n in range(first, first + count):
        title = f"导出测试{n}号"
        before = export_status(root)
        publication = approve(n, title)
        committed = time.perf_counter()
        key = f"{publication.key}-v1"
        page = root / "current" / file_name(publication.get_absolute_url(), "text/html")
        home = root / "current" / "index.html"
        pushed = exported = None
        while pushed is None or exported is None:
            elapsed = time.perf_counter() - committed
            if pushed is None and key in receiver.stored:
                pushed = elapsed
            if exported is None and page.exists() and title in home.read_text("utf-8"):
                exported = elapsed
            if elapsed > EXPORT_TIMEOUT:
                where = "the receiver" if pushed is None else "the exported site"
                raise SystemExit(f"{key} did not reach {where} in {EXPORT_TIMEOUT} s")
            time.sleep(0.02)
        # status.json is written after the last rename: wait for this delivery's
        while (status := export_status(root)) == before:
            if time.perf_counter() - committed > EXPORT_TIMEOUT:
                raise SystemExit(f"{key} is exported but status.json never recorded it")
            time.sleep(0.02)
        if not status["ok"] or status["what"] != "update":
            raise SystemExit(f"the export's update for {key} failed: {status}")
        rows.append((pushed, exported, status["pages"], status["seconds"]))
    return rows


def export_section(receiver, workdir, api, root, args, first):
    """Section 5: N approvals at LARGE with the export off (the baseline), then on. One served
    pipeline with the export configured does both: whether an approval is queued for the
    export is decided where it is committed (here), and a run with nothing for the export
    never touches it."""
    print(f"\n5. the static export at {args.large:,}: {args.arrivals} approvals with it off "
          f"(baseline), then {args.arrivals} with it on, the same served pipeline")  # fmt: skip
    serve = serve_pipelines(workdir, api, STATIC_EXPORT_ROOT=str(root))
    try:
        if not args.smoke:  # its first run pays for starting up: not measured
            arrival_times(receiver, 1, first=first)
        off = arrival_times(receiver, args.arrivals, first=first + 1)
        started = time.perf_counter()
        written = stand_ins(root)
        print(f"  {written:,} placeholder pages for the items the first tree lacks, written "
              f"in {time.perf_counter() - started:.0f} s (see stand_ins)")  # fmt: skip
        with exporting(root):
            rows = export_times(receiver, root, args.arrivals, first + 1000)
    finally:
        stop(serve)
    pushed, exported, pages, seconds = (list(column) for column in zip(*rows, strict=True))
    median, top = statistics.median, max
    print(f"   {'':<44}{'median':>9}{'max':>9}")
    print(f"   {'push arrival, export off (baseline)':<44}{median(off):>8.2f}s{top(off):>8.2f}s")
    print(f"   {'push arrival, export on':<44}{median(pushed):>8.2f}s{top(pushed):>8.2f}s"
          f"   ratio {median(pushed) / median(off):.2f} (goal: unchanged)")  # fmt: skip
    print(f"   {'on the exported site (goal median ≤ 5 s)':<44}{median(exported):>8.2f}s"
          f"{top(exported):>8.2f}s")  # fmt: skip
    print(f"   {'export pages a delivery (goal ≤ 50)':<44}{median(pages):>9.0f}{top(pages):>9}")
    print(f"   {'export seconds a delivery':<44}{median(seconds):>8.2f}s{top(seconds):>8.2f}s")


def main():
    sys.path.insert(0, str(ROOT))
    from bench.common import with_smoke

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arrivals", type=int, default=20)
    parser.add_argument("--sync", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--load", type=int, default=2000, help="requests of the feed under ab")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["arrivals", "sync", "large", "export"]
    )
    args = with_smoke(
        parser,
        {"arrivals": 1, "sync": 20, "small": 20, "large": 200, "repeat": 3, "load": 200},
        "1 arrival, 20 synced, portal at 20 vs 200, 3 requests a page",
    )

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    prefect = serve = None
    from tests.pipelines.receiver import Receiver

    receiver = Receiver(SECRET)
    receiver.start()
    try:
        prefect, api = start_prefect(workdir)
        configure(workdir, receiver.url, api)

        started = time.perf_counter()
        fill(args.small)
        print(f"\n3a. portal latency with {args.small:,} live publications")
        results = {args.small: latency(args.repeat)}
        export_root = workdir / "export"
        if "export" not in args.skip and "large" not in args.skip:
            result, items = first_tree(export_root)
            estimate = result.seconds / items * args.large / 60
            print(f"\n5a. the static export's first tree: a whole rebuild now, with {items:,} "
                  f"public items, {result.fetched:,} pages in {result.seconds:.1f} s (at "
                  f"{args.large:,} items this crawl would take ~{estimate:.0f} min, so it is "
                  "made before the fill)")  # fmt: skip

        print(f"\n1. approval → arrival at the receiver, {args.arrivals} approvals "
              f"(runner poll: PREFECT_RUNNER_POLL_FREQUENCY="
              f"{os.environ['PREFECT_RUNNER_POLL_FREQUENCY']} s)")  # fmt: skip
        if "arrivals" in args.skip:
            print("  skipped")
        else:
            serve = serve_pipelines(workdir, api)
            arrival_times(receiver, 1)  # the served deployment is registered and polling
            times = arrival_times(receiver, args.arrivals, first=1)
            print(f"  median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
                  f"max {max(times):.2f} s")  # fmt: skip
            stop(serve)
            serve = None

        print(f"\n2. syncing {args.sync} publications (portal + HTTP push), one publish run")
        if "sync" not in args.skip:
            sync(receiver, args.sync)
        else:
            print("  skipped")
        if "large" in args.skip:
            return

        started = time.perf_counter()
        fill(args.large)
        print(f"\n3b. {args.large:,} bulk-created live publications (+ those of 1 and 2), "
              f"filled in {time.perf_counter() - started:.0f} s")  # fmt: skip
        results[args.large] = latency(args.repeat)
        print(f"\n   {'page':<22}{'median@' + str(args.small):>13}{'p95':>8}"
              f"{'median@' + str(args.large):>16}{'p95':>8}{'ratio':>8}")  # fmt: skip
        for name, (small_median, small_p95) in results[args.small].items():
            large_median, large_p95 = results[args.large][name]
            ratio = large_median / small_median
            mark = "" if ratio <= 1.5 else " ✗ (goal ≤ 1.5)"
            small = f"{small_median * 1000:>11.1f}ms{small_p95 * 1000:>6.1f}ms"
            large = f"{large_median * 1000:>14.1f}ms{large_p95 * 1000:>6.1f}ms"
            print(f"   {name:<22}{small}{large}{ratio:>8.2f}{mark}")

        print(
            f"\n4. /feeds/all.atom under ab -n {args.load} -c 16, gunicorn 4 workers, "
            f"{args.large:,} stored"
        )
        load = feed_load(workdir, args.load, 16)
        if load:
            rps, failed, p95 = load
            print(f"  {rps:.0f} requests a second, {failed} failed, p95 {p95} ms")

        if "export" not in args.skip:
            export_section(receiver, workdir, api, export_root, args, first=10_000)
    finally:
        stop(serve)
        stop(prefect)
        receiver.stop()
        if args.keep:
            print(f"\nkept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
