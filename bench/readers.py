"""Readers near static speed? The portal through the production stack against the static
export's files, at 16 concurrent readers.

    .venv/bin/python bench/readers.py                  # 100,000 publications, ~12 minutes
    .venv/bin/python bench/readers.py --database-url postgres://postgres@127.0.0.1/bench
    .venv/bin/python bench/readers.py --items 20000    # quicker
    .venv/bin/python bench/readers.py --smoke          # 300 publications, about a minute

1. Fills a fresh SQLite file (or `--database-url`'s PostgreSQL database, emptied: as
   deployed) with live publications, bulk-created as bench/publication.py does (`fill`):
   first `--export-items` of them, from which the static export is made once
   (`StaticExport(...).rebuild()`: it crawls every item page, so a crawl of 100,000 would be
   the benchmark), then the rest up to `--items`, then ANALYZE. A static file costs the same
   whatever the database holds; Django's pages are measured on the full database.
2. Starts gunicorn as deployed (deploy/gunicorn.conf.py; production settings: DEBUG off, the
   shared cache in Redis at 127.0.0.1:6379, a database number of its own, emptied first)
   and one nginx (a minimal config in the work folder) with two servers: the export's
   `current` tree as plain files, and the production front of deploy/nginx.conf: the
   export first (try_files, the same $export_root rule: no query string), else Django
   through the micro-cache, deploy/nginx-cache.conf included as it is.
3. For home, a list, an item page, the Atom feed, the API, and two URLs the export does not
   hold (a list's page 2, the API with a filter): `wrk` with 16 connections for `--seconds`
   each through the front, against Django directly, and against the same page's static file
   (for a query string: the file of the page without it): requests per second and p95; then
   one connection at a time: the medians. The goal printed beside the ratio: the front's
   p95 at most 3 × the file's; Django's own ratio beside it. `served` says what answered
   through the front to a reader who follows another: the export's file or the
   micro-cache (HIT). Last, the same gunicorn serving a WSGI app that answers at once
   (`floor`): what gunicorn itself costs, against robots.txt: why Django alone stays far
   from 3 ×.
4. Where one warm request's time goes, in this process: the whole stack (test client), the
   state query alone, the cache read alone.

Figures only, nothing asserted; the run fails (non-zero) when a server does not start, an
answer is not a 200, or wrk reports errors. Needs nginx (nginx-light), wrk and a local Redis.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.publication import fill, free_port, stop, wait_for  # noqa: E402

REDIS_DB = 11  # emptied at the start: no one else's
URLS = {
    "home": "/",
    "list /policies/": "/policies/",
    "item page": None,  # the newest exported policy
    "Atom feed": "/feeds/all.atom",
    "API page 1": "/api/publications/",
    "list page 2": "/policies/?page=2",  # not in the export: Django, micro-cached
    "API ?kind=policy": "/api/publications/?kind=policy",
}
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %d %.1f %.1f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), errors))
end
"""
NGINX_CONF = """
{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path {work}/nginx-body;
  proxy_temp_path {work}/nginx-proxy;
  fastcgi_temp_path {work}/nginx-fastcgi;
  uwsgi_temp_path {work}/nginx-uwsgi;
  scgi_temp_path {work}/nginx-scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    index index.html index.json;
  }}
  # the production front (deploy/nginx.conf, less TLS and limits): the export, else Django
  proxy_cache_path {work}/micro-cache levels=1:2 keys_zone=micro:10m max_size=256m
                   inactive=60s use_temp_path=off;
  include {deploy}/nginx-cache.conf;
  map "$args|$cookie_django_language|$http_accept_language" $export_root {{
    default          /nonexistent;
    "~^\\|zh-hans\\|"  {root};
    "~^\\|\\|(zh|$)"   {root};
  }}
  upstream django {{
    server 127.0.0.1:{django_port};
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{front_port};
    location / {{
      root $export_root;
      try_files $uri ${{uri}}index.html ${{uri}}index.json $uri.html @django;
    }}
    location @django {{
      proxy_pass http://django;
      proxy_cache micro;
      include {deploy}/nginx-proxy.conf;
      add_header X-Cache-Status $upstream_cache_status always;
    }}
  }}
}}
"""


def configure(workdir, cache_url, database_url):
    os.chdir(ROOT)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DEBUG="false",  # no debug bookkeeping per query or template
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        GONGKAI_VAR_DIR=str(workdir),
        LOG_LEVEL="WARNING",
        CACHE_URL=cache_url,
        STATIC_EXPORT_ROOT="",  # exported once below, by hand
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if database_url:  # someone's own database: emptied
        call_command("flush", verbosity=0, interactive=False)
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")


def floor(environ, start_response):
    """gunicorn's own cost: a WSGI app that answers at once."""
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3")])
    return [b"ok\n"]


def export(root):
    """The static export of what is stored now; its URL → file map when it gives one."""
    from web.portal.export import StaticExport

    result = StaticExport("bench", ROOT=root).rebuild()
    print(f"  static export: {result}")
    return getattr(result, "files", {})


def static_file(tree, files, path):
    """The export's file for `path`, relative to its tree."""
    if path in files:
        return str(files[path])
    stem = path.strip("/")
    for candidate in [stem, *(f"{stem}/index.{ext}" for ext in ("html", "json", "xml"))]:
        if candidate and (tree / candidate).is_file():
            return candidate
    candidates = sorted((tree / stem).glob("index.*")) if stem else [tree / "index.html"]
    if candidates and candidates[0].is_file():
        return str(candidates[0].relative_to(tree))
    raise SystemExit(f"the export has no file for {path}")


def start_gunicorn(workdir, port, cache_url, args, app="web.wsgi"):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "web.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_URL": cache_url,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        # one address asks thousands of times: the limits would measure the 429 page
        "RATE_LIMIT_FEEDS": "100000000/m",
        "RATE_LIMIT_API": "100000000/m",
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    if args.no_page_cache:
        env["PORTAL_PAGE_CACHE_SECONDS"] = "0"
    log = open(workdir / f"gunicorn-{port}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "deploy/gunicorn.conf.py", app],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def start_nginx(workdir, port, tree, front_port, django_port):
    conf = workdir / "nginx.conf"
    # as root, nginx's workers would run as nobody, who may not read the 0700 work folder
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(
        NGINX_CONF.format(
            user=user, work=workdir, port=port, root=tree, front_port=front_port,
            django_port=django_port, deploy=ROOT / "deploy",
        )
    )  # fmt: skip
    return subprocess.Popen(
        ["nginx", "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def check(url):
    import httpx

    response = httpx.get(url, timeout=30)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return response


def wrk(url, connections, seconds, script):
    """(requests a second, p50 ms, p95 ms) of `connections` readers for `seconds`."""
    out = subprocess.run(
        ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s",
         "--timeout", "30s", "-s", str(script), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    found = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)", out)
    if not found:
        raise SystemExit(f"wrk said nothing usable for {url}:\n{out}")
    requests, micros, p50, p95, errors = found.groups()
    if int(errors):
        raise SystemExit(f"{url}: {errors} errors under load\n{out}")
    return int(requests) / (int(micros) / 1e6), float(p50) / 1000, float(p95) / 1000


def served(url):
    """What answers a reader of `url` through the front who follows another one: the
    export's file, or the micro-cache (its verdict, HIT when the first one kept a copy)."""
    check(url)
    status = check(url).headers.get("X-Cache-Status")
    return f"cache {status}" if status else "export"


def medians(alone):
    return " / ".join("-" if ms is None else f"{ms:.2f}" for ms in alone)


class Load:
    HEADER = (
        f"   {'URL':<18}{'served':<11}{'front req/s':>12}{'p95':>9}{'Django req/s':>13}"
        f"{'p95':>10}{'file req/s':>11}{'p95':>8}{'front÷file':>11}{'Django÷file':>12}"
        "   one at a time (median): front / Django / file"
    )

    def __init__(self, readers, seconds, script):
        self.readers, self.seconds, self.script = readers, seconds, script

    def measure(self, urls):
        """(req/s, p95) of each URL under load, then each one's median alone."""
        for url in urls:
            for _ in range(20 if self.seconds >= 5 else 4):  # the workers have it in hand
                check(url)
            if self.seconds >= 5:
                wrk(url, self.readers, self.seconds // 5, self.script)
        loaded = [wrk(url, self.readers, self.seconds, self.script) for url in urls]
        alone = [  # not in a smoke run: the same code, a second more per URL and server
            wrk(url, 1, self.seconds // 2, self.script)[1] if self.seconds >= 2 else None
            for url in urls
        ]
        return [(rps, p95) for rps, _, p95 in loaded], alone

    def compare(self, name, front, django, file):
        """Prints a row of the table; whether the front meets the p95 goal."""
        (front_rps, front_p95), (rps, p95), (file_rps, file_p95) = (
            loaded := self.measure([front, django, file])
        )[0]
        how = served(front)
        ratio, django_ratio = front_p95 / file_p95, p95 / file_p95
        mark = "" if ratio <= 3 else " ✗"
        alone = medians(loaded[1])
        print(f"   {name:<18}{how:<11}{front_rps:>12.0f}{front_p95:>7.2f}ms{rps:>13.0f}"
              f"{p95:>8.1f}ms{file_rps:>11.0f}{file_p95:>6.2f}ms{ratio:>9.1f}{mark:2}"
              f"{django_ratio:>12.1f}   {alone} ms")  # fmt: skip
        return not mark

    def floor(self, floor, file):
        """gunicorn answering at once, against a small file: the least Django's row can be."""
        (rps, p95), (file_rps, file_p95) = (loaded := self.measure([floor, file]))[0]
        print(f"   {'gunicorn floor*':<18}{'':<11}{'':>12}{'':>9}{rps:>13.0f}{p95:>8.1f}ms"
              f"{file_rps:>11.0f}{file_p95:>6.2f}ms{'':>11}{p95 / file_p95:>12.1f}"
              f"   - / {medians(loaded[1])} ms")  # fmt: skip


def breakdown(path, repeat):
    """Medians in ms of one warm request of `path` in this process: the whole stack, the
    state query, the cache read."""
    from django.core.cache import caches
    from django.test import Client

    from web.portal.conditional import site

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)

    def median(call):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    return {
        "whole stack (test client)": median(lambda: client.get(path)),
        "state query (Max changed_at)": median(site),
        "shared cache read (one key)": median(lambda: caches["shared"].get("bench:absent")),
    }


def main():
    from bench.common import with_smoke

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--export-items", type=int, default=300)
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10, help="under load, per URL and server")
    parser.add_argument("--workers", type=int, help="gunicorn workers (deploy default)")
    parser.add_argument("--threads", type=int, help="gunicorn threads (deploy default)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database to empty and use (as deployed; default: a SQLite file, "
        "which opens a connection per request)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="gunicorn with PORTAL_PAGE_CACHE_SECONDS=0: every page rendered, for comparison",
    )
    parser.add_argument("--keep", action="store_true")
    args = with_smoke(
        parser,
        {"items": 300, "export_items": 60, "seconds": 1},
        "300 publications, 60 exported, 1 s per URL and server",
    )
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed (deploy/system-packages.sh)")

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    cache_url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    servers = []
    try:
        configure(workdir, cache_url, args.database_url)
        from django.core.cache import caches

        caches["shared"].clear()
        started = time.perf_counter()
        fill(args.export_items)
        print(f"1. {args.export_items:,} live publications, exported:")
        files = export(workdir / "export")
        tree = (workdir / "export" / "current").resolve()
        fill(args.items)
        from django.db import connection

        with connection.cursor() as cursor:
            # as autovacuum soon would after a bulk load: without it PostgreSQL read one
            # item's state through the index on kind, 50,000 rows (15-30 ms instead of 1)
            cursor.execute("ANALYZE")
        print(f"   filled up to {args.items:,} in {time.perf_counter() - started:.0f} s")

        from publications.models import Kind, Publication

        exported = Publication.objects.filter(
            kind=Kind.POLICY, source_id__lt=2_000_000 + args.export_items
        ).order_by("-source_id")
        URLS["item page"] = f"/policies/{exported[0].source_id}/"

        django_port, nginx_port, front_port = free_port(), free_port(), free_port()
        servers.append(start_gunicorn(workdir, django_port, cache_url, args))
        servers.append(start_nginx(workdir, nginx_port, tree, front_port, django_port))
        django, static = f"http://127.0.0.1:{django_port}", f"http://127.0.0.1:{nginx_port}"
        front = f"http://127.0.0.1:{front_port}"
        wait_for(f"{django}/robots.txt", 60)
        wait_for(f"{static}/robots.txt", 30)
        script = workdir / "p95.lua"
        script.write_text(WRK_SCRIPT)

        print(f"\n2. {args.readers} readers for {args.seconds} s each: gunicorn "
              f"(deploy/gunicorn.conf.py{', workers ' + str(args.workers) if args.workers else ''}"
              f"{', threads ' + str(args.threads) if args.threads else ''}"
              f"{', NO page cache' if args.no_page_cache else ''}): through nginx (export "
              "first, micro-cache, then gunicorn), Django directly, the static file")  # fmt: skip
        print(Load.HEADER)
        load = Load(args.readers, args.seconds, script)
        missed = [
            name
            for name, path in URLS.items()
            if not load.compare(
                name,
                front + path,
                django + path,
                f"{static}/{static_file(tree, files, path.partition('?')[0])}",
            )  # fmt: skip
        ]
        stop(servers.pop(0))  # the portal's gunicorn: the floor below has the CPU to itself
        floor_port = free_port()
        servers.append(
            start_gunicorn(workdir, floor_port, cache_url, args,
                           app="bench.readers:floor")
        )  # fmt: skip
        wait_for(f"http://127.0.0.1:{floor_port}/", 60)
        load.floor(f"http://127.0.0.1:{floor_port}/", f"{static}/robots.txt")
        print("   * the same gunicorn serving a WSGI app that answers at once, vs robots.txt:")
        print("     Python behind gunicorn costs about that ratio before Django does anything,")
        print("     so Django directly stays far from 3 x; the goal is the front's column.")
        print("   file: for a query string, the export's file of the page without it")
        if missed:
            print(f"   goal (front p95 ≤ 3 × the file's) MISSED for: {', '.join(missed)}")
        else:
            print("   goal (front p95 ≤ 3 × the file's) met for every URL")

        print("\n3. one warm request of / in this process (medians):")
        for what, ms in breakdown("/", 50 if args.seconds < 5 else 500).items():
            print(f"   {what:<32}{ms:>7.3f} ms")
    finally:
        for server in servers:
            stop(server)
        if args.keep:
            print(f"\nkept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
