"""The crawl behind the static export (web/portal/export.py): the portal read in-process
through Django's full middleware stack, as an anonymous reader at `PUBLIC_BASE_URL` sees it,
and every answer written as a file.

- A whole crawl starts from the home page, the lists, the feeds, the sitemap, robots.txt
  and the API, and follows every same-site link (href, src, srcset and CSS url() in HTML and
  CSS; locations and links in sitemaps and feeds; URLs in the API's JSON), by GET only.
- A refresh fetches only the pages a change touched (web/portal/export_scope.py), and of
  what they link only what the tree lacks (a new version's files, a new static file).
- It never follows the staff site, the administration, a proposer's feedback link, nor a
  query string: a later page of a list, of the API or of a sitemap shifts with every new
  item and is served by Django (nginx sends every query string there).
- Only 200 answers are written; a redirect is followed; a 5xx stops the crawl; a refresh
  notes the pages that now answer 404 or 410, for the export to remove.
- `/x/` is written as `x/index.html` (`index.json`, `index.xml`... for other types), a path
  with an extension as itself, a path without one with the extension of its type.
- Static files (`STATIC_URL`) are copied from the static files storage or the finders.
"""

import errno
import glob
import json
import logging
import mimetypes
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections, connection, transaction
from django.http.request import split_domain_port, validate_host

from base.organisation.models import Unit
from publications.models import Kind, Publication
from publications.targets import Retry
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
# /apply/: the form carries a CSRF token, and an applicant's status page is theirs alone
NOT_FOLLOWED = ("/staff/", "/admin/", "/feedback/", "/i18n/", "/apply/")

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
GONE = {404, 410}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
LINK_KEYS = {"url", "href", "link", "next", "previous"}


class ExportError(Retry):
    """The export could not be made; the tree readers see is the previous one. (A `Retry`:
    the pipeline records the message for staff and the next sweep tries again.)"""


@dataclass
class Result:
    release: Path
    files: dict = field(default_factory=dict)  # path → file in the tree
    broken: list = field(default_factory=list)  # (URL, status, the page linking it)
    gone: list = field(default_factory=list)  # paths that answered 404 or 410
    fetched: int = 0
    bytes: int = 0
    seconds: float = 0.0

    def __str__(self):
        return (
            f"{len(self.files)} files, {self.bytes:,} bytes from {self.fetched} requests "
            f"in {self.seconds:.1f} s → {self.release}"
        )


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
        """The whole portal, into the empty directory `tree`."""
        self.start(tree, live=None)
        self.crawl([*START, *extra_starts()])
        if "/" not in self.result.files:
            raise ExportError("the portal's home page was not exported")
        return self.result

    def refresh(self, stage, live, paths, lists=()):
        """`paths` again, into the empty directory `stage`, and whatever they link that the
        tree `live` lacks. `result.gone` lists the paths that are no longer public.

        Of what `lists` link, only static files are taken: an item a list names is one of
        `paths` when it changed, and one the tree lacks otherwise (a tree restored from an
        old copy) is the nightly rebuild's to fetch, not one delivery's thousands."""
        self.start(stage, live, lists)
        self.crawl(paths)
        return self.result

    def start(self, tree, live, lists=()):
        self.tree, self.live = tree, live
        self.lists = {self.url(path) for path in lists}
        self.result = Result(release=tree)
        self.written = {}  # file → URL, to refuse a second URL for the same file
        self.queue = deque()
        self.seen = set()
        self.browser = self.client()

    def crawl(self, paths):
        for path in paths:
            self.add(path, referrer=None)
        while self.queue:
            path, referrer = self.queue.popleft()
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
                self.fetch(path, referrer)

    # the queue ----------------------------------------------------------------------
    def add(self, path, referrer):
        if path in self.seen:
            return
        self.seen.add(path)
        if referrer is not None and self.live is not None:
            # a refresh leaves alone what the tree has: a page it touched is in its paths
            if in_tree(self.live, path):
                return
            if referrer in self.lists and not path.startswith(settings.STATIC_URL):
                return
        self.queue.append((path, referrer))

    def follow(self, links, page_url):
        for link in links:
            path = self.local(urljoin(page_url, link.strip()))
            if path:
                self.add(path, referrer=page_url)

    def local(self, url):
        """The path of a same-site URL the export follows, else None."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != self.host.lower():
            return None
        if parts.query:
            return None
        path = parts.path or "/"
        if self.prefix:
            if path != self.prefix and not path.startswith(self.prefix + "/"):
                return None
            path = path[len(self.prefix) :] or "/"
        path = canonical(path)
        if path is None or path.startswith(NOT_FOLLOWED):
            return None
        return path

    def url(self, path):
        return f"{self.origin}{path}"

    # fetching -----------------------------------------------------------------------
    def fetch(self, path, referrer):
        url = self.url(path)
        self.browser.cookies.clear()  # every page as a first visit
        try:
            response = self.browser.get(path, secure=self.secure)
        except Exception as error:  # a view's own error, re-raised by the test client
            raise ExportError(f"{url} failed: {type(error).__name__}: {error}") from error
        try:
            status = response.status_code
            if status >= 500:
                raise ExportError(f"{url} answered {status}: the export keeps the previous tree")
            if path == "/" and status != 200:
                raise ExportError(home_trouble(url, status, response.headers.get("Location")))
            if status in REDIRECTS:
                self.follow([response.headers.get("Location", "")], url)
                return
            if status != 200:
                if status in GONE:
                    self.result.gone.append(path)
                if referrer is not None:
                    self.result.broken.append((url, status, referrer))
                return
            content_type = response.headers.get("Content-Type", "application/octet-stream")
            kind = content_type.split(";", 1)[0].strip().lower()
            name = file_name(path, kind)
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
                self.follow(json_links(body, self.origin), url)
            self.save(name, url, [body])
        finally:
            if response.streaming:
                close_quietly(response)

    @property
    def secure(self):
        return self.scheme == "https"

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


def file_name(path, kind):
    """Where a URL is written in the tree (a relative POSIX path)."""
    decoded = unquote(path)
    if decoded.endswith("/"):
        directory = decoded.strip("/")
        name = f"index{extension(kind)}"
        return posixpath.join(directory, name) if directory else name
    directory, last = posixpath.split(decoded.lstrip("/"))
    if not posixpath.splitext(last)[1]:
        last += extension(kind)
    return posixpath.join(directory, last) if directory else last


def files_of(tree, path):
    """The files of `tree` that hold `path`, whatever its type was (none, or one)."""
    decoded = unquote(path)
    if decoded.endswith("/"):
        directory = tree / decoded.strip("/")
        return sorted(directory.glob("index.*")) if directory.is_dir() else []
    target = tree / decoded.lstrip("/")
    if posixpath.splitext(decoded)[1]:
        return [target] if target.is_file() else []
    return sorted(target.parent.glob(f"{glob.escape(target.name)}.*"))


def in_tree(tree, path):
    return bool(files_of(tree, path))


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


def json_links(body, origin):
    """Absolute URLs of the site anywhere, and site paths under the keys that hold links."""
    try:
        data = json.loads(body)
    except ValueError:
        return []
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
