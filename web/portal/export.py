"""The static export: the public portal as a tree of files that a plain web server serves
(deploy/nginx.conf serves it first and falls back to Django). A sync target
(`publications.targets`) that holds the whole site, kept current in two ways:

- `update(publications)`, what each delivery does: the pages the change touches
  (web/portal/export_scope.py) are fetched again, with whatever new they link (a version's
  files), into a staging folder beside the live tree, then moved into it one rename each
  (atomic on POSIX: a reader gets the old file or the new one, never half of one). What is
  no longer public goes first; then the new files, the items' pages, and last the lists, so
  that no list links a page the tree does not have yet. A delivery of one publication costs
  about twenty pages whatever the size of the site.
- `rebuild()`, the whole portal (`manage.py export_site`, the nightly `rebuild-export`
  pipeline, and the first delivery when there is no tree yet): crawled into
  `ROOT/releases/<timestamp>/` without holding the deliveries' lock, so they go on meanwhile
  and note what they changed in `ROOT/journal.jsonl`; then, under the lock, those changes are
  fetched again into the new tree and the symlink `ROOT/current` is replaced in one step.
  The newest `KEEP` releases stay, for going back by hand.

A failed update or rebuild leaves the tree readers see as it was (the last good one) and
writes `ROOT/status.json`, which the publication desk shows as an alert; a failed update is
retried as an update, never as a whole crawl. When the first tree of a ROOT could not be
made, no delivery tries again for `RETRY_FIRST_AFTER` seconds.

Options (`settings.PUBLICATION_TARGETS`): `ROOT` (required), `MAX_PAGES` (a crawl stops with
an error past it; 0, the default, scales it with the site), `KEEP`, `BASE_URL` (default
`PUBLIC_BASE_URL`), `LOCK_TIMEOUT`, `RETRY_FIRST_AFTER`.
"""

import fcntl
import json
import logging
import os
import secrets
import shutil
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from publications.models import Publication
from publications.targets import Target
from web.portal import export_scope
from web.portal.crawl import Crawl, ExportError, files_of, snapshot

log = logging.getLogger(__name__)

MAX_PAGES = 0  # scaled to the site: PAGES_PER_ITEM a public item, at least MIN_PAGES
MIN_PAGES, PAGES_PER_ITEM = 20_000, 10
KEEP = 3
LOCK_TIMEOUT = 900
RETRY_FIRST_AFTER = 900


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
        RETRY_FIRST_AFTER=RETRY_FIRST_AFTER,
        **options,
    ):
        super().__init__(name, **options)
        self.root = Path(ROOT)
        self.max_pages = int(MAX_PAGES)
        self.keep = max(1, int(KEEP))
        self.base_url = BASE_URL
        self.lock_timeout = LOCK_TIMEOUT
        self.retry_first_after = RETRY_FIRST_AFTER

    @property
    def current(self):
        """The tree readers see now, or None before the first export."""
        link = self.root / "current"
        return link.resolve() if link.is_symlink() else None

    def crawl(self):
        return Crawl(self.base_url or settings.PUBLIC_BASE_URL, self.limit())

    def limit(self):
        """A crawl that fetches more than this has lost its way (a link that makes links)."""
        if self.max_pages:
            return self.max_pages
        return max(MIN_PAGES, PAGES_PER_ITEM * Publication.objects.public().count())

    # a delivery ---------------------------------------------------------------------
    def update(self, publications):
        """Brings the tree readers see up to date with a change to `publications`."""
        publications = list(publications)
        if self.current is None:
            self.first_tree()
            return None
        started = time.monotonic()
        try:
            with locked(self.root / ".lock", self.lock_timeout):
                result = self.refresh(self.current, publications)
                self.note(publications)
        except (ExportError, OSError) as error:
            self.record("update", error)
            raise
        result.seconds = time.monotonic() - started
        self.record("update", result=result)
        log.info("static export (%s): update of %d items: %s", self.name, len(publications), result)
        return result

    def refresh(self, tree, publications):
        """Fetches what `publications` touch again and moves it into `tree`."""
        scope = export_scope.touched(publications)
        stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.root))
        try:
            with snapshot():
                result = self.crawl().refresh(stage, tree, scope.paths, scope.lists)
            for path in result.gone:
                remove(tree, files_of(tree, path))
            for publication in publications:
                if not is_public(publication):
                    remove(tree, [tree / export_scope.file_folder(publication)])
            listed = set(scope.paths)
            found = [path for path in result.files if path not in listed]
            for path in [*found, *scope.items, *scope.lists]:
                if path in result.files:
                    move(stage / result.files[path], tree / result.files[path])
            for publication in publications:
                if is_public(publication):
                    remove(tree, older_versions(tree, publication))
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        result.release = tree
        return result

    def first_tree(self):
        """No tree yet: this delivery makes the first one, unless a first attempt failed
        lately (a whole crawl per delivery would only fail again, slowly)."""
        status = self.status()
        if status and not status["ok"] and status["what"] == "rebuild":
            failed = datetime.fromisoformat(status["at"])
            if (timezone.now() - failed).total_seconds() < self.retry_first_after:
                raise ExportError(
                    f"the first export of {self.root} failed at {status['at']} "
                    f"({status['error']}); it is tried again {self.retry_first_after} s "
                    "later, or at once by `manage.py export_site`"
                )
        self.rebuild()

    # the whole site -----------------------------------------------------------------
    def rebuild(self):
        started, since = time.monotonic(), time.time()
        releases = self.root / "releases"
        releases.mkdir(parents=True, exist_ok=True)
        try:
            with locked(self.root / ".rebuild-lock", self.lock_timeout):
                name = release_name(releases)
                building = releases / f".building-{name}"
                building.mkdir()
                try:
                    with snapshot():
                        result = self.crawl().run(building)
                    with locked(self.root / ".lock", self.lock_timeout):
                        meanwhile = self.noted_since(since)
                        if meanwhile:
                            self.refresh(building, meanwhile)
                        building.rename(releases / name)
                        swap(self.root, f"releases/{name}")
                        (self.root / "journal.jsonl").unlink(missing_ok=True)
                        prune(self.root, self.keep)
                except BaseException:
                    shutil.rmtree(building, ignore_errors=True)
                    raise
        except (ExportError, OSError) as error:
            self.record("rebuild", error)
            raise
        result.release = releases / name
        result.seconds = time.monotonic() - started
        self.record("rebuild", result=result)
        log.info("static export (%s): %s", self.name, result)
        for url, status, referrer in result.broken:
            log.warning("static export: %s answered %s (linked from %s)", url, status, referrer)
        return result

    # what deliveries changed while a rebuild crawled ----------------------------------
    def note(self, publications):
        line = {"at": time.time(), "items": [[p.kind, p.source_id] for p in publications]}
        with open(self.root / "journal.jsonl", "a", encoding="utf-8") as journal:
            journal.write(json.dumps(line) + "\n")

    def noted_since(self, moment):
        path = self.root / "journal.jsonl"
        if not path.exists():
            return []
        keys = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if entry["at"] >= moment:
                keys.update((kind, source_id) for kind, source_id in entry["items"])
        if not keys:
            return []
        match = Q()
        for kind, source_id in keys:
            match |= Q(kind=kind, source_id=source_id)
        return list(Publication.objects.filter(match).select_related("companion", "live"))

    # what the publication desk shows --------------------------------------------------
    def record(self, what, error=None, result=None):
        previous = self.status() or {}
        now = timezone.now().isoformat()
        status = {
            "ok": error is None,
            "what": what,
            "at": now,
            "error": str(error)[:2000] if error else "",
            "last_good": now if error is None else previous.get("last_good"),
            "pages": result.fetched if result else None,
            "seconds": round(result.seconds, 3) if result else None,
        }
        if error is not None:
            log.error("static export (%s): %s failed: %s", self.name, what, error)
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.root / f".status-{secrets.token_hex(4)}"
        temporary.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, self.root / "status.json")

    def status(self):
        """The outcome of the last update or rebuild, or None before the first."""
        try:
            return json.loads((self.root / "status.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def trouble(self):
        status = self.status()
        return status if status and not status["ok"] else None


def is_public(publication):
    return publication.live_id is not None and publication.withdrawn_at is None


def older_versions(tree, publication):
    folder = tree / export_scope.file_folder(publication)
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.name != f"v{publication.live.number}"]


# the tree on disk -----------------------------------------------------------------------
def move(source, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def remove(tree, paths):
    """Deletes files and folders of `tree`, then the folders they leave empty."""
    for path in paths:
        if not path.exists():
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        parent = path.parent
        while parent != tree and parent.is_relative_to(tree) and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


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


def prune(root, keep):
    """Deletes releases older than the newest `keep`, and what a dead export left (run under
    both locks: no other export is writing)."""
    releases = root / "releases"
    current = (root / "current").resolve()
    finished = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in finished[:-keep]:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)
    for leftover in [*releases.glob(".building-*"), *root.glob(".staging-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
