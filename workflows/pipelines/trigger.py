"""After a commit that queued a publication, the web app asks the Prefect server for a
`publish` run at once instead of waiting for the next minute's sweep.

Two plain HTTP calls to Prefect's REST API with a short timeout, so that the web process never
imports Prefect; when no server is configured or it does not answer, the sweep still comes.

Commits in the same second share one run (an idempotency key per second): a batch of
approvals, an import, asks for one run, not for one run each.

A server on SQLite answers 503 while its database is locked by another write (a runner's poll,
a run changing state): Prefect's own client retries that, and so do we, briefly (about half a
second at most), because a missed request costs the reader up to a minute.
"""

import logging
import os
import time

import httpx
from django.conf import settings
from tenacity import (
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

log = logging.getLogger(__name__)

DEPLOYMENT = "publish/publish"  # flow name / deployment name, as serve.py names it
TIMEOUT = 1.0
BUSY = {429, 502, 503}  # "try again in a moment"


def busy(error):
    return isinstance(error, httpx.HTTPStatusError) and error.response.status_code in BUSY


def request_publish_run(**kwargs):
    return request_run(DEPLOYMENT)


def request_run(deployment):
    """A run of `deployment` ("flow/deployment") at once; its id, or None when no server is
    configured or it does not answer (the deployment's own schedule comes anyway)."""
    api = settings.PREFECT_API_URL.rstrip("/")
    if not api:
        return None
    try:
        return create_run(api, f"after-commit-{int(time.time())}", deployment)
    except (httpx.HTTPError, KeyError, ValueError) as error:
        log.warning("%s run not requested (%s); the next sweep will take it", deployment, error)
        return None


@retry(
    retry=retry_if_exception(busy),
    stop=stop_after_attempt(4),
    wait=wait_exponential_jitter(multiplier=0.05, max=0.3, jitter=0.05),
    reraise=True,
)
def create_run(api, key, deployment=DEPLOYMENT):
    auth = os.environ.get("PREFECT_API_AUTH_STRING", "")  # a protected server: "user:pass"
    login = tuple(auth.split(":", 1)) if ":" in auth else None
    with httpx.Client(base_url=api, timeout=TIMEOUT, auth=login) as client:
        found = client.get(f"/deployments/name/{deployment}")
        found.raise_for_status()
        run = client.post(
            f"/deployments/{found.json()['id']}/create_flow_run", json={"idempotency_key": key}
        )
        run.raise_for_status()
        return run.json()["id"]
