"""The publish pipeline: outbox → render → sync every target → record → refresh.

    claim pending deliveries (a lease per worker)
      → render what their versions need (the infographic, the public reply letter)
      → the portal: each publication's events in order, a batch of publications per task,
        retried with exponential backoff and jitter
      → then, side by side, every pushing target (in the same way) and each whole-tree
        target (the static export: the pages the batch touches, rewritten from what the
        portal now shows), so that a push never waits behind the export
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


@task(name="update-tree")
@closing_connection
def update_tree(target_name, delivery_ids, worker):
    deliveries.update_tree(target_name, delivery_ids, worker)


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


def submit(chains, worker):
    return [
        with_retries(deliver).submit(batch, worker)
        for batch in batches(chains, settings.PUBLICATION_WORKERS)
    ]


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
        for future in submit(by_target.pop(targets.PORTAL, []), worker):
            future.wait()  # what the others send or rewrite is what the portal shows
        futures = []
        for name, chains in by_target.items():
            if targets.get(name).whole_tree:
                ids = [pk for chain in chains for pk in chain]
                futures.append(with_retries(update_tree).submit(name, ids, worker))
            else:
                futures += submit(chains, worker)
        for future in futures:
            future.wait()
    finally:
        deliveries.release(worker)
    summary = deliveries.summary(claimed)
    log.info("publish: %s", summary)
    return summary


@flow(name="rebuild-export")
def rebuild_export():
    """Every whole-tree target made again from nothing: what an update cannot see (a new
    release's templates, a unit renamed) is healed every night. Deliveries go on meanwhile:
    the crawl does not hold their lock (web/portal/export.py)."""
    for target in targets.configured().values():
        if target.whole_tree:
            get_run_logger().info("rebuild-export: %s", target.rebuild())
