"""ETag and Last-Modified for every public response, and 304 for a reader who has it.

A reader (browser, feed reader, harvester) revalidates on every visit (`no-cache`), so a
withdrawal is never served from a cache; the answer is usually a 304 from two cheap queries.

- `site`: for lists, feeds, the API and the sitemap. Last-Modified and the ETag are the
  newest time anything public changed (`Publication.changed_at`: set whenever the portal
  target points an item at a version or it is withdrawn, so a version delivered after a
  newer one still changes it).
- `item`: for one item's page, from its own row and its companion's.
- `static`: the OpenAPI description and robots.txt, which change only with the code.

Every ETag names the language (titles and labels are translated) and the code release, so
a deploy that changes a template is not hidden behind 304s. Pages carry nothing personal (no
CSRF token), so one ETag serves every reader.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cache, wraps
from pathlib import Path

from django.db import connection
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from publications.models import Publication
from web.portal import page_cache

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class State:
    tag: str
    changed: datetime | None


@cache
def release():
    """A digest of the portal's code, templates and translations, computed once per
    process: identical for every worker running the same release."""
    digest = hashlib.sha256()
    patterns = ["web/portal/*.py", "web/templates/portal/*.html", "locale/*/LC_MESSAGES/*.mo"]
    for path in sorted(p for pattern in patterns for p in ROOT.glob(pattern)):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def site(request=None, *args, **kwargs):
    """The state of everything public: the latest moment an item went live, changed or was
    withdrawn (`Publication.changed_at`, indexed: one index lookup)."""
    changed = newest_change()
    return State(str(changed.timestamp()) if changed else "0", changed)


def newest_change():
    """Max(`Publication.changed_at`), asked on every public request: the query is compiled
    once per process (building it took as long as running it, measured), and the value
    converted as the ORM converts it."""
    sql, params, expression = newest_change_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    value = row[0] if row else None
    converters = connection.ops.get_db_converters(expression)
    for convert in converters + expression.get_db_converters(connection):
        value = convert(value, expression, connection) if value is not None else None
    return value


@cache
def newest_change_query(vendor):
    newest = Publication.objects.filter(changed_at__isnull=False).order_by("-changed_at")
    sql, params = newest.values_list("changed_at")[:1].query.sql_with_params()
    column = Publication._meta.get_field("changed_at").get_col(Publication._meta.db_table)
    return sql, params, column


def item(request, kind, source_id):
    """One item's page depends on its live version and its companion's, and on its own
    `changed_at` (also set when its 政府信息公开目录 entry is filed anew)."""
    rows = list(
        Publication.objects.public()
        .filter(kind=kind, source_id=source_id)
        .values_list(
            "live_id",
            "live__published_at",
            "companion__live_id",
            "companion__withdrawn_at",
            "companion__live__published_at",
            "changed_at",
        )
    )
    if not rows:
        return None  # the view answers 404
    live, published, companion, companion_withdrawn, companion_published, changed = rows[0]
    if companion_withdrawn is not None:
        companion = companion_published = None
    moments = [
        moment
        for moment in (published, companion_published, companion_withdrawn, changed)
        if moment
    ]
    stamp = changed.timestamp() if changed else ""
    return State(f"{live}-{companion}-{companion_withdrawn}-{stamp}", max(moments))


def static(request, *args, **kwargs):
    return State("static", None)


def conditional(state):
    """Answers 304 when the reader's copy is current, and otherwise adds the validators to
    a successful answer, kept for the next reader under the same fingerprint
    (web/portal/page_cache.py). `state(request, *args, **kwargs)` returns a `State`, or None
    when there is nothing to validate (the view then answers, usually 404)."""

    def decorator(view):
        kind = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def inner(request, *args, **kwargs):
            current = state(request, *args, **kwargs)
            if current is None:
                return view(request, *args, **kwargs)
            tag = fingerprint(current)
            etag = quote_etag(tag)
            changed = int(current.changed.timestamp()) if current.changed else None
            response = get_conditional_response(request, etag=etag, last_modified=changed)
            if response is None:
                response = page_cache.read(request, tag, kind)
            if response is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response
                page_cache.keep(request, tag, kind, response)
            response.headers["ETag"] = etag
            if changed:
                response.headers["Last-Modified"] = http_date(changed)
            patch_cache_control(response, no_cache=True)
            return response

        return inner

    return decorator


def fingerprint(current):
    parts = [current.tag, release(), get_language() or ""]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def item_of(kind):
    """The `item` state of a view that serves one kind at `<int:source_id>`."""

    def state(request, source_id, **kwargs):
        return item(request, kind, source_id)

    return state
