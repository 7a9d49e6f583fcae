"""Rendered public pages kept in the shared cache (settings.CACHES["shared"]: Redis in
deploy/compose), so that every worker process answers a page another one has rendered with
the state query and one cache read, instead of the page's queries and template.

A page is kept under a key made of everything it depends on:

- the ETag's fingerprint (web/portal/conditional.py): the state of what it shows (the newest
  `Publication.changed_at` for lists, feeds and the API; the item's and its companion's rows
  for an item's page), the code release and the language. Publishing, withdrawing or
  cataloguing anew moves the state, so the next request asks for a key nothing was kept
  under: a withdrawn or superseded page is never served, and the old entries expire;
- the path and the full query string (page, filters, `next` in the language switch);
- what answers it: the view's module and name.

Only what is the same for every reader is kept: 200 answers of GET or HEAD to a reader who
is not logged in, never a streamed file, never an answer that sets a cookie, used the CSRF
token or a CSP nonce, changed the session, says `private` or `no-store`, or carries a CSP or
frame policy of its own. Staff pages never come here: only the public views that
`conditional` validates do.

A kept page is served from inside the view, after the whole middleware: the security
headers, the CSP, the language, the rate limits and the 304s are those of a rendered page.
Profiled at a warm cache (bench/readers.py), the middleware was about a fifth of a request;
the state query and the cache read, made cheaper here and in conditional.py, the rest. A
short-circuit before the middleware would have to redo each of those by hand: not made.

The cache is a speed-up, never a condition: when it fails (Redis down, the table missing)
the page is rendered as if nothing were kept, and the failure is logged.
PORTAL_PAGE_CACHE_SECONDS bounds how long an entry lives (0 turns the cache off).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import redis
from django.http import HttpResponse

log = logging.getLogger(__name__)

PREFIX = "portal:page:"
# `conditional` sets the validators on every answer, and the middleware its own headers
# (CSP, Vary, Content-Language...) on the way out: the view's own headers are what is kept
NOT_KEPT = {"etag", "last-modified", "cache-control", "set-cookie", "expires"}
# what a view's decorators tell the middleware on the response object, not in a header
OWN_POLICY = ("_csp_config", "_csp_ro_config", "xframe_options_exempt")


def seconds():
    return settings.PORTAL_PAGE_CACHE_SECONDS


def key(request, fingerprint, kind):
    query = request.META.get("QUERY_STRING", "")
    parts = [fingerprint, kind, request.path, query]
    return PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def for_everyone(request):
    """Whether the request may be answered from the cache and its answer kept: a reader
    who is not logged in, reading."""
    if not seconds() or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # nobody is logged in without a session; asking `request.user` would read the
        # session, and the answer would then say `Vary: Cookie` to every cache on its way
        return True
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def read(request, fingerprint, kind):
    """The kept answer, or None (nothing kept, not for this request, or the cache failed)."""
    if not for_everyone(request):
        return None
    try:
        kept = caches["shared"].get(key(request, fingerprint, kind))
    except Exception:
        log.warning("portal page cache: read failed, rendering instead", exc_info=True)
        return None
    if kept is None:
        return None
    body, headers = kept
    response = HttpResponse(body)
    for name, value in headers:
        response.headers[name] = value
    return response


def keep(request, fingerprint, kind, response):
    """Keeps the answer when it is the same for every reader."""
    if not (for_everyone(request) and not_for_everyone(request, response) is None):
        return
    headers = [(n, v) for n, v in response.headers.items() if n.lower() not in NOT_KEPT]
    try:
        caches["shared"].set(
            key(request, fingerprint, kind), (response.content, headers), seconds()
        )
    except Exception:
        log.warning("portal page cache: write failed, page not kept", exc_info=True)


def not_for_everyone(request, response):
    """Why the answer may not be kept for every reader, or None when it may."""
    if response.status_code != 200:
        return "not a 200"
    if response.streaming:
        return "streamed"
    if any(word in response.get("Cache-Control", "") for word in ("private", "no-store")):
        return "the view says so"
    if any(name in vars(response) for name in OWN_POLICY):
        return "a policy of its own for the middleware, which a kept copy would lose"
    if response.cookies:
        return "sets a cookie"
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return "uses the CSRF token"
    if getattr(request, "_csp_nonce", None):
        return "uses a CSP nonce"
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return "changes the session"
    return None


class KeptClient(redis.RedisCacheClient):
    """Django's Redis client makes a new `redis.Redis` for every operation; building one
    (its option dictionaries) cost as much as the GET itself on a cached page, measured. One
    per connection pool serves every call: it holds no connection of its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._kept:
            self._kept[pool] = self._client(connection_pool=pool)
        return self._kept[pool]


class RedisCache(redis.RedisCache):
    """The shared cache when CACHE_URL names Redis (web/settings.py): Django's, keeping its
    clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClient
