"""The static export: the public portal as a tree of files that a plain web server serves.

A whole-tree sync target (`publications.targets`): `rebuild()` crawls the portal in-process
through Django's full middleware stack, as an anonymous reader at `PUBLIC_BASE_URL` would
see it, and writes every page, file, feed and sitemap it reaches:

- it starts from the home page, the two lists, the feeds, the sitemap, robots.txt and the
  API, and follows every same-site link (href, src, srcset and CSS url() in HTML and CSS;
  locations and links in sitemaps and feeds; URLs in the API's JSON), by GET only;
- it never follows the staff site, the administration, a proposer's feedback link, nor a
  query string, except the API's pagination (`?page=N`);
- only 200 answers are written; a redirect is followed; a 5xx stops the export;
- `/x/` is written as `x/index.html` (`index.json`, `index.xml`... for other types), a path
  with an extension as itself, a path without one with the extension of its type; page N of
  the API, `/api/publications/?page=N`, is `api/publications/page-N.json`, and the `next`
  and `previous` links of the exported API pages point to those files, since a plain web
  server ignores query strings;
- static files (`STATIC_URL`) are copied from the static files storage or the finders.

The tree is written to `ROOT/releases/<timestamp>/` and published by replacing the symlink
`ROOT/current` (a relative link, made beside it and renamed over it with `os.replace`): a
reader sees the old tree or the new one, never half of one. A failed crawl leaves the old
tree as it was. The newest `KEEP` releases stay, for readers still inside an old one and for
going back by hand; older ones are deleted.

Options (`settings.PUBLICATION_TARGETS`): `ROOT` (required), `MAX_PAGES` (the crawl stops
with an error past it), `KEEP`, `BASE_URL` (default `PUBLIC_BASE_URL`), `LOCK_TIMEOUT`.
"""

import errno
import fcntl
import json
import logging
import mimetypes
import os
import posixpath
import re
import secrets
import shutil
import time
import xml.etree.ElementTree as ElementTree
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections, connection, transaction
from django.http.request import split_domain_port, validate_host

from base.organisation.models import Unit
from publications.models import Kind, Publication
from publications.targets import Retry, Target
from web.limits import INTERNAL

log = logging.getLogger(__name__)

START = (
    "/",
    "/policies/",
    "/replies/",
    "/feeds/all.atom",
    "/feeds/all.rss",
    "/sitemap.xml",
    "/robots.txt",
    "/api/publications/",
    "/api/openapi.json",
)
NOT_FOLLOWED = ("/staff/", "/admin/", "/feedback/", "/i18n/")
API = "/api/"
MAX_PAGES = 20_000
KEEP = 3
LOCK_TIMEOUT = 900

# The extension a path without one gets, and the name of a directory's index file.
EXTENSIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/json": ".json",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/atom+xml": ".atom",
    "application/rss+xml": ".rss",
    "text/plain": ".txt",
    "text/css": ".css",
}
REDIRECTS = {301, 302, 303, 307, 308}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
LINK_KEYS = {"url", "href", "link", "next", "previous"}


class ExportError(Retry):
    """The export could not be made; the tree readers see is the previous one. (A `Retry`:
    the pipeline records the message for staff and the next sweep tries again.)"""


@dataclass
class Result:
    release: Path
    files: dict = field(default_factory=dict)  # URL (path, with ?page=N) → file in the tree
    broken: list = field(default_factory=list)  # (URL, status, the page linking it)
    fetched: int = 0
    bytes: int = 0
    seconds: float = 0.0

    def __str__(self):
        return (
            f"{len(self.files)} files, {self.bytes:,} bytes from {self.fetched} requests "
            f"in {self.seconds:.1f} s → {self.release}"
        )


class StaticExport(Target):
    whole_tree = True

    def __init__(
        self,
        name,
        ROOT,
        MAX_PAGES=MAX_PAGES,
        KEEP=KEEP,
        BASE_URL=None,
        LOCK_TIMEOUT=LOCK_TIMEOUT,
        **options,
    ):
        super().__init__(name, **options)
        self.root = Path(ROOT)
        self.max_pages = int(MAX_PAGES)
        self.keep = max(1, int(KEEP))
        self.base_url = BASE_URL
        self.lock_timeout = LOCK_TIMEOUT

    def rebuild(self):
        started = time.monotonic()
        releases = self.root / "releases"
        releases.mkdir(parents=True, exist_ok=True)
        with locked(self.root / ".lock", self.lock_timeout):
            name = release_name(releases)
            building = releases / f".building-{name}"
            building.mkdir()
            try:
                crawl = Crawl(self.base_url or settings.PUBLIC_BASE_URL, self.max_pages)
                with snapshot():
                    result = crawl.run(building)
                building.rename(releases / name)
            except BaseException:
                shutil.rmtree(building, ignore_errors=True)
                raise
            swap(self.root, f"releases/{name}")
            prune(releases, self.keep)
        result.release = releases / name
        result.seconds = time.monotonic() - started
        log.info("static export (%s): %s", self.name, result)
        for url, status, referrer in result.broken:
            log.warning("static export: %s answered %s (linked from %s)", url, status, referrer)
        return result

    @property
    def current(self):
        """The tree readers see now, or None before the first export."""
        link = self.root / "current"
        return link.resolve() if link.is_symlink() else None


class Crawl:
    def __init__(self, base_url, limit):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ExportError(f"the export's base URL {base_url!r} is not an http(s) URL")
        self.scheme, self.host = parts.scheme, parts.netloc
        self.prefix = parts.path.rstrip("/")
        self.origin = f"{self.scheme}://{self.host}{self.prefix}"
        self.limit = limit
        domain, _port = split_domain_port(self.host)
        allowed = settings.ALLOWED_HOSTS
        if settings.DEBUG and not allowed:
            allowed = [".localhost", "127.0.0.1", "[::1]"]
        if not domain or not validate_host(domain, allowed):
            raise ExportError(
                f"the export asks for the portal as {self.host!r} (PUBLIC_BASE_URL), "
                f"which ALLOWED_HOSTS does not allow: add {domain!r} to it"
            )

    def client(self):
        from django.test import Client  # the full middleware stack, without a socket

        return Client(
            HTTP_HOST=self.host,
            HTTP_ACCEPT_LANGUAGE=settings.LANGUAGE_CODE,
            HTTP_USER_AGENT="Gongkai static export",
            **{INTERNAL: True},  # the public rate limits are for readers, not for us
        )

    def run(self, tree):
        self.tree = tree
        self.result = Result(release=tree)
        self.written = {}  # file → URL, to refuse a second URL for the same file
        self.queue = deque()
        self.seen = set()
        self.browser = self.client()
        starts = [*START, *extra_starts()]
        for path in starts:
            self.add((path, None), referrer=None)
        while self.queue:
            (path, page), referrer = self.queue.popleft()
            if self.result.fetched >= self.limit:
                raise ExportError(
                    f"the export stopped at its limit of {self.limit} requests (MAX_PAGES) "
                    f"with {len(self.queue) + 1} URLs still to fetch; the portal links more "
                    "pages than expected: raise MAX_PAGES if that is right"
                )
            self.result.fetched += 1
            if path.startswith(settings.STATIC_URL) and settings.STATIC_URL.startswith("/"):
                self.copy_static(path, referrer)
            else:
                self.fetch(path, page, referrer)
        if "/" not in self.result.files:
            raise ExportError("the portal's home page was not exported")
        return self.result

    # the queue ----------------------------------------------------------------------
    def add(self, key, referrer):
        if key not in self.seen:
            self.seen.add(key)
            self.queue.append((key, referrer))

    def follow(self, links, page_url):
        for link in links:
            key = self.local(urljoin(page_url, link.strip()))
            if key:
                self.add(key, referrer=page_url)

    def local(self, url):
        """(path, page) for a same-site URL the export follows, else None."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != self.host.lower():
            return None
        path = parts.path or "/"
        if self.prefix:
            if path != self.prefix and not path.startswith(self.prefix + "/"):
                return None
            path = path[len(self.prefix) :] or "/"
        path = canonical(path)
        if path is None or path.startswith(NOT_FOLLOWED):
            return None
        if not parts.query:
            return path, None
        if not path.startswith(API):
            return None
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        if len(pairs) != 1 or pairs[0][0] != "page" or not re.fullmatch(r"[0-9]{1,9}", pairs[0][1]):
            return None
        number = int(pairs[0][1])
        if number < 1:
            return None
        return path, (None if number == 1 else number)

    def url(self, path, page=None):
        return f"{self.origin}{path}" + (f"?page={page}" if page else "")

    # fetching -----------------------------------------------------------------------
    def fetch(self, path, page, referrer):
        url = self.url(path, page)
        self.browser.cookies.clear()  # every page as a first visit
        try:
            response = self.browser.get(path, {"page": page} if page else {}, secure=self.secure)
        except Exception as error:  # a view's own error, re-raised by the test client
            raise ExportError(f"{url} failed: {type(error).__name__}: {error}") from error
        try:
            status = response.status_code
            if status >= 500:
                raise ExportError(f"{url} answered {status}: the export keeps the previous tree")
            if path == "/" and not page and status != 200:
                raise ExportError(home_trouble(url, status, response.headers.get("Location")))
            if status in REDIRECTS:
                self.follow([response.headers.get("Location", "")], url)
                return
            if status != 200:
                if referrer is not None:
                    self.result.broken.append((url, status, referrer))
                return
            content_type = response.headers.get("Content-Type", "application/octet-stream")
            kind = content_type.split(";", 1)[0].strip().lower()
            name = file_name(path, page, kind)
            if response.streaming:
                self.save(name, url, response.streaming_content)
                return
            body = response.content
            charset = response.charset or "utf-8"
            if kind in ("text/html", "application/xhtml+xml"):
                self.follow(html_links(body.decode(charset, "replace")), url)
            elif kind == "text/css":
                self.follow(css_links(body.decode(charset, "replace")), url)
            elif kind.endswith(("/xml", "+xml")):
                self.follow(xml_links(body), url)
            elif kind.endswith(("/json", "+json")):
                body = self.json_page(path, body, url, kind)
            self.save(name, url, [body])
        finally:
            if response.streaming:
                close_quietly(response)

    @property
    def secure(self):
        return self.scheme == "https"

    def json_page(self, path, body, url, kind):
        try:
            data = json.loads(body)
        except ValueError:
            return body
        self.follow(json_links(data, self.origin), url)
        if not (path.startswith(API) and isinstance(data, dict)):
            return body
        # A plain web server ignores `?page=N`: the exported pages link the files instead.
        changed = False
        for key in ("next", "previous"):
            link = data.get(key)
            target = self.local(urljoin(url, link)) if isinstance(link, str) else None
            if target:
                data[key] = self.origin + "/" + quote(file_name(*target, kind))
                changed = True
        return json.dumps(data, ensure_ascii=False).encode() if changed else body

    def copy_static(self, path, referrer):
        from django.contrib.staticfiles import finders
        from django.contrib.staticfiles.storage import staticfiles_storage

        name = unquote(path[len(settings.STATIC_URL) :])
        source = None
        try:
            if staticfiles_storage.exists(name):
                source = staticfiles_storage.path(name)
        except (NotImplementedError, ValueError, OSError):
            source = None
        source = source or finders.find(name)
        url = self.url(path)
        if not source:
            self.result.broken.append((url, 404, referrer))
            return
        content = Path(source).read_bytes()
        if name.endswith(".css"):
            self.follow(css_links(content.decode("utf-8", "replace")), url)
        self.save(unquote(path).lstrip("/"), url, [content])

    def save(self, name, url, chunks):
        key = url.removeprefix(self.origin) or "/"
        if name in self.written:
            log.warning("static export: %s and %s both map to %s", self.written[name], key, name)
            return
        target = self.tree / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as out:
                for chunk in chunks:
                    out.write(chunk)
                    self.result.bytes += len(chunk)
        except OSError as error:
            if error.errno not in (errno.EEXIST, errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG):
                raise
            log.warning("static export: %s not written as %s (%s)", key, name, error.strerror)
            return
        self.written[name] = key
        self.result.files[key] = name


def close_quietly(response):
    """Closes a streamed file as the test client does: without `close_old_connections`,
    which would close the database connection (and a snapshot's transaction) mid-crawl."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def home_trouble(url, status, location):
    message = f"the portal's home page {url} answered {status}"
    if location:
        message += f" (to {location})"
    if location and location.startswith("https://") and url.startswith("http://"):
        message += ": the site redirects to HTTPS, so PUBLIC_BASE_URL must start with https://"
    return message


# URLs and file names ------------------------------------------------------------------
def canonical(path):
    """One spelling of a path (percent-encoded UTF-8), or None for one the tree cannot hold
    (dot segments, empty segments, NUL)."""
    decoded = unquote(path)
    segments = decoded.split("/")[1:]
    inner = segments[:-1] if decoded.endswith("/") else segments
    if not decoded.startswith("/") or "\x00" in decoded:
        return None
    if any(segment in ("", ".", "..") for segment in inner):
        return None
    return quote(decoded, safe="/:@!$&'()*+,;=~")


def extension(kind):
    return EXTENSIONS.get(kind) or mimetypes.guess_extension(kind) or ".bin"


def file_name(path, page, kind):
    """Where a URL is written in the tree (a relative POSIX path)."""
    decoded = unquote(path)
    if decoded.endswith("/"):
        directory = decoded.strip("/")
        name = f"page-{page}{extension(kind)}" if page else f"index{extension(kind)}"
        return posixpath.join(directory, name) if directory else name
    directory, last = posixpath.split(decoded.lstrip("/"))
    stem, suffix = posixpath.splitext(last)
    if not suffix:
        stem, suffix = last, extension(kind)
    name = f"{stem}.page-{page}{suffix}" if page else f"{stem}{suffix}"
    return posixpath.join(directory, name) if directory else name


def extra_starts():
    """Feeds nothing may link to: one per kind, one per unit that has public items."""
    paths = [f"/feeds/{kind}.{format}" for kind in Kind.values for format in ("atom", "rss")]
    units = (
        Unit.objects.filter(publication__in=Publication.objects.public())
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    paths += [f"/feeds/units/{pk}.{format}" for pk in units for format in ("atom", "rss")]
    return paths


# links in what the portal answers -----------------------------------------------------
class HtmlLinks(HTMLParser):
    ATTRIBUTES = {"href", "src", "poster", "data"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.base, self.in_style = [], None, False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        for name, value in attrs:
            if not value:
                continue
            if name in self.ATTRIBUTES:
                self.links.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.links += [c.split()[0] for c in value.split(",") if c.strip()]
            elif name == "style":
                self.links += css_links(value)
        content = values.get("content") or ""
        if tag == "meta" and content.startswith(("http://", "https://")):
            self.links.append(content)  # og:image, og:url: absolute by rule
        if tag == "style":
            self.in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.links += css_links(data)


def html_links(text):
    parser = HtmlLinks()
    parser.feed(text)
    parser.close()
    if parser.base:
        return [urljoin(parser.base, link) for link in parser.links]
    return parser.links


def css_links(text):
    return [match.group(2) or match.group(4) for match in CSS_URL.finditer(text)]


def xml_links(body):
    """Sitemaps (<loc>) and feeds (<link> of RSS, link/@href of Atom, enclosures)."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        log.warning("static export: unreadable XML (%s)", error)
        return []
    links = []
    for element in root.iter():
        links += [element.attrib[a] for a in ("href", "url", "src") if element.attrib.get(a)]
        local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if local in ("loc", "link") and element.text and element.text.strip():
            links.append(element.text.strip())
    return links


def json_links(data, origin):
    """Absolute URLs of the site anywhere, and site paths under the keys that hold links."""
    links = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            linkish = key in LINK_KEYS or key.endswith("_url")
            if value.startswith(origin + "/") or (linkish and value.startswith("/")):
                links.append(value)

    walk(data)
    return links


# the tree on disk -----------------------------------------------------------------------
@contextmanager
def locked(path, timeout):
    """One export of a ROOT at a time (two pipeline runs may overlap)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ExportError(
                        f"another export of {path.parent} has held {path} for {timeout} s"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def snapshot():
    """On PostgreSQL the whole crawl reads one snapshot (REPEATABLE READ), so that a list and
    the pages it links agree even when a publication lands mid-crawl. SQLite has one writer
    at a time and the crawl must not hold its lock: it reads as it goes."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def release_name(releases):
    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    while (releases / name).exists() or (releases / f".building-{name}").exists():
        time.sleep(0.001)
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return name


def swap(root, relative):
    """Points ROOT/current at the new release in one rename: a new symlink beside it, then
    `os.replace`, which is atomic on POSIX."""
    link = root / "current"
    if link.exists() and not link.is_symlink():
        raise ExportError(f"{link} is not a symlink: move it away, the export manages it")
    temporary = root / f".current-{os.getpid()}-{secrets.token_hex(4)}"
    os.symlink(relative, temporary)
    try:
        os.replace(temporary, link)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    directory = os.open(root, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def prune(releases, keep):
    """Deletes releases older than the newest `keep`, and any tree a dead export left."""
    current = (releases.parent / "current").resolve()
    finished = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in finished[:-keep]:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)
    for leftover in releases.glob(".building-*"):
        shutil.rmtree(leftover, ignore_errors=True)
