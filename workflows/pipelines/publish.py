"""The publish pipeline: outbox → render → sync every target → record → refresh.

    claim pending deliveries (a lease per worker)
      → render what their versions need (the infographic, the public reply letter)
      → the portal, then every pushing target: each publication's events in order, a batch
        of publications per task, retried with exponential backoff and jitter
      → whole-tree targets (the static export) rebuilt once from what the portal shows
      → release what is left for the next sweep

A sweep runs every minute (`serve.py`); after a commit the web app also asks for a run
(`trigger.py`). Two runs at once are safe: each holds only the deliveries it leased.
"""

import os
import socket
import uuid

from workflows.pipelines import closing_connection, django_setup

django_setup()

from django.conf import settings  # noqa: E402
from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402

from publications import deliveries, targets  # noqa: E402
from workflows.pipelines import rendering  # noqa: E402

BATCH = 50  # publications per delivery task, at most


@task(name="render")
@closing_connection
def render(delivery_ids):
    return rendering.render_for(delivery_ids)


@task(name="deliver")
@closing_connection
def deliver(chains, worker):
    deliveries.deliver_chains(chains, worker)


@task(name="rebuild")
@closing_connection
def rebuild(target_name, delivery_ids, worker):
    deliveries.rebuild(target_name, delivery_ids, worker)


def with_retries(task_):
    return task_.with_options(
        retries=settings.PUBLICATION_RETRIES,
        retry_delay_seconds=exponential_backoff(backoff_factor=settings.PUBLICATION_RETRY_SECONDS),
        retry_jitter_factor=0.5,
    )


def batches(chains, workers):
    """The chains in batches, a task each: a Prefect task costs ~10 ms of bookkeeping, more
    than a delivery, so a thousand chains make ~4 batches per worker thread, not a thousand
    tasks; and at most BATCH, so that a retry waits for few."""
    size = min(BATCH, max(1, -(-len(chains) // (workers * 4))))
    return [chains[start : start + size] for start in range(0, len(chains), size)]


# Prefect's thread pool is unbounded by default: a thousand chains would be a thousand
# threads and as many database connections
@flow(name="publish", task_runner=ThreadPoolTaskRunner(max_workers=settings.PUBLICATION_WORKERS))
def publish():
    log = get_run_logger()
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    claimed = deliveries.claim(worker, limit=settings.PUBLICATION_CLAIM_LIMIT)
    if not claimed:
        return {"claimed": 0}
    try:
        failed_renders = render(claimed)
        waiting = set(failed_renders)
        by_target = deliveries.chains([pk for pk in claimed if pk not in waiting])
        order = sorted(
            by_target, key=lambda name: (name != targets.PORTAL, targets.get(name).whole_tree)
        )
        for name in order:
            if targets.get(name).whole_tree:
                ids = [pk for chain in by_target[name] for pk in chain]
                with_retries(rebuild).submit(name, ids, worker).wait()
                continue
            futures = [
                with_retries(deliver).submit(batch, worker)
                for batch in batches(by_target[name], settings.PUBLICATION_WORKERS)
            ]
            for future in futures:
                future.wait()
    finally:
        deliveries.release(worker)
    summary = deliveries.summary(claimed)
    log.info("publish: %s", summary)
    return summary
