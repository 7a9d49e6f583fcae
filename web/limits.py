"""Per-address limits on what the public side lets anyone ask often: search, the API, the
feeds, the proposer's feedback link and the application form with the applicant's status
page (PUBLIC_RATE_LIMITS). Counted in the shared cache
(Redis in a deployment, the database by default), so every worker process counts together;
over the limit the answer is a 429 in the reader's language (`too_many_requests`). nginx
limits the same paths first (deploy/nginx.conf)."""

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from base.organisation.throttle import client_ip

RETRY_AFTER_SECONDS = 60
# set in the WSGI environ of the static export's in-process requests (web/portal/export.py);
# not an HTTP header, so no request from outside can carry it
INTERNAL = "gongkai.internal"


def limited(bucket, method=ratelimit.ALL):
    """Decorates a public view with the limit named `bucket` in PUBLIC_RATE_LIMITS, counting
    the requests of `method` (all by default)."""
    return ratelimit(
        method=method,
        group=f"public:{bucket}",
        key=lambda _group, request: client_ip(request) or "unknown",
        rate=lambda _group, request: (
            None if request.META.get(INTERNAL) else settings.PUBLIC_RATE_LIMITS[bucket]
        ),
        block=True,
    )


def too_many_requests(request, exception=None):
    response = render(request, "portal/429.html", status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
