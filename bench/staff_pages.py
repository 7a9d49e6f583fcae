"""Every staff page on the demo, as every demo role: the slowest ten, against the health check
measured in the same run.

The demo is loaded as `make run` loads it (`manage.py load_demo`) on a fresh SQLite file.
Then each demo person signs in and walks the staff site from its home (我的待办), following
every link under /staff/ that the pages show them (menus, lists, task pages, item pages),
breadth first, up to `--pages` pages each; files, exports and the sign-out link are left
alone. Each page is asked `--repeat` times after one unmeasured request, over
django.test.Client, so the time is the server's alone (no network, no browser): median
milliseconds and SQL queries. The budget is 300 ms a page; the figures are not judged, but a
page shown as a link that answers 4xx (or a 500, an exception) ends the run with an error.

    .venv/bin/python bench/staff_pages.py             # ~2 minutes
    .venv/bin/python bench/staff_pages.py --smoke     # every role, 8 pages each, ~25 s
"""

import argparse
import statistics
import sys
import time
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database, with_smoke  # noqa: E402

BUDGET_MS = 300
HOST = "127.0.0.1"
ROLES = ["drafter", "leader", "reviewer", "legal", "issuer", "clerk", "handler", "checker",
         "deputy", "director", "mz-clerk"]  # fmt: skip
LEFT_ALONE = ("/logout", "/export", ".xlsx", "/attachments/", "/infographic/", "/letter",
              "/pdf", "/template", "/download")  # fmt: skip


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.found.append(href)


def links(page_url, html):
    parser = Links()
    parser.feed(html)
    for href in parser.found:
        url = urljoin(page_url, href.split("#")[0])
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != HOST:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/staff/") and not any(part in path for part in LEFT_ALONE):
            yield path


def timed(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # unmeasured: the first request warms the caches
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    return response, statistics.median(times), len(queries)


def walk(username, pages, repeat):
    """[(url, status, median ms, queries)] of the pages `username` reaches from home."""
    from django.test import Client

    from base.organisation.models import Person

    client = Client(HTTP_HOST=HOST)
    client.force_login(Person.objects.get(username=username))
    home = client.get("/staff/", follow=True).redirect_chain[-1][0]
    seen, queue, measured = {home}, deque([home]), []
    while queue and len(measured) < pages:
        url = queue.popleft()
        response, median, queries = timed(client, url, repeat)
        measured.append((url, response.status_code, median, queries))
        found = []
        if response.status_code in (301, 302):
            found = links(url, f'<a href="{response["Location"]}">')
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            found = links(url, response.content.decode())
        for link in found:
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return measured


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=40, help="pages per role (40)")
    parser.add_argument("--repeat", type=int, default=3, help="measured requests a page (3)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = with_smoke(parser, {"pages": 8, "repeat": 1}, "8 pages a role, 1 request each")
    roles = ROLES

    with fresh_database(args.keep):
        from io import StringIO

        from django.core.management import call_command
        from django.test import Client

        started = time.perf_counter()
        call_command("load_demo", stdout=StringIO())
        print(f"load_demo: {time.perf_counter() - started:.1f} s")
        _response, baseline, _queries = timed(
            Client(HTTP_HOST=HOST), "/healthz", max(args.repeat, 5)
        )
        print(f"baseline /healthz: {baseline:.1f} ms")

        rows, refused = [], []
        for username in roles:
            measured = walk(username, args.pages, args.repeat)
            rows += [(username, *row) for row in measured]
            errors = [url for url, status, *_ in measured if status >= 400]
            refused += [(username, url) for url in errors]
            print(
                f"{username:<9} {len(measured):>3} pages"
                + (f"; refused: {errors}" if errors else "")
            )

        over = [row for row in rows if row[3] > BUDGET_MS]
        print(f"\n{len(rows)} pages; over {BUDGET_MS} ms: {len(over)}; slowest ten:")
        print(f"{'role':<9} {'ms':>7} {'× base':>7} {'SQL':>4}  page")
        for username, url, status, median, queries in sorted(rows, key=lambda r: -r[3])[:10]:
            ratio = median / baseline
            print(f"{username:<9} {median:>7.1f} {ratio:>7.1f} {queries:>4}  {url} ({status})")
    if refused:  # a link the staff site shows its own user that leads nowhere is a defect
        raise SystemExit(f"{len(refused)} pages shown as links were refused: {refused}")


if __name__ == "__main__":
    main()
