"""Publishing survives the website misbehaving and a worker dying: afterwards every version
has arrived exactly once, nothing lost, nothing twice, and the attempts are on record."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from base.organisation.models import Unit, UnitKind
from publications import deliveries, outbox
from publications.models import Delivery, DeliveryState, Kind
from tests.pipelines.conftest import SECRET

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("prefect_server")]


def run_publish():
    from workflows.pipelines.publish import publish

    return publish()


def publish_items(count):
    unit = Unit.objects.create(name="市测试局", kind=UnitKind.DEPARTMENT)
    return [
        outbox.publish(Kind.POLICY, n, unit, title=f"测试文件{n}", body="正文", actor="test")
        for n in range(1, count + 1)
    ]


def sweep_until_done(limit=15):
    for _ in range(limit):
        run_publish()
        if not Delivery.objects.filter(state=DeliveryState.PENDING).exists():
            return
    raise AssertionError("deliveries still pending after the sweeps")


# 8 worker threads: a task per publication; 1: tasks of two publications each, so that a
# retry meets a batch part delivered, part waiting
@pytest.mark.parametrize("workers", [8, 1], ids=["one-per-task", "batched"])
def test_refusals_errors_timeouts_and_drops_lose_nothing_and_duplicate_nothing(
    site_target, settings, workers
):
    settings.PUBLICATION_WORKERS = workers
    versions = publish_items(8)
    site_target.stop()  # the site is down: connections refused
    run_publish()
    pending = Delivery.objects.filter(target="site", state=DeliveryState.PENDING)
    assert pending.count() == 8
    assert all("ConnectError" in d.last_error for d in pending)
    assert Delivery.objects.filter(target="portal", state=DeliveryState.DELIVERED).count() == 8

    site_target.start()  # back, but unwell for a while
    site_target.faults = ["500", "drop", "slow", "garbage", "500", "slow", "drop", "500"] * 2
    sweep_until_done()
    outbox.withdraw(versions[0].publication, "撤回测试", actor="test")
    site_target.faults = ["500", "drop"]
    sweep_until_done()

    expected = {f"policy-{n}-v1" for n in range(1, 9)}
    published = [key for key in site_target.arrivals if "withdraw" not in key]
    assert sorted(published) == sorted(expected)  # each exactly once
    assert site_target.events("policy-1-") == ["publish", "withdraw"]
    site = Delivery.objects.filter(target="site")
    assert set(site.values_list("state", flat=True)) == {DeliveryState.DELIVERED}
    assert max(site.values_list("attempts", flat=True)) > 1
    assert site_target.posts > len(site_target.arrivals)  # retries happened, stored once


def test_the_site_refusing_a_request_is_recorded_and_not_retried(site_target):
    publish_items(1)
    site_target.secret = b"another secret"  # every signature is wrong: 401
    run_publish()
    delivery = Delivery.objects.get(target="site")
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == 1
    assert "HTTP 401" in delivery.last_error
    assert run_publish() == {"claimed": 0}


def worker_env(site_target, prefect_server, lease):
    database = settings.DATABASES["default"]
    url = (
        f"sqlite:///{database['NAME']}"
        if connection.vendor == "sqlite"
        else f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url,
        "PREFECT_API_URL": prefect_server,
        # a worker rides out the test server's busy moments (503) as a deployed one would
        "PREFECT_CLIENT_MAX_RETRIES": "10",
        "SITE_PUSH_URL": site_target.url,
        "SITE_PUSH_SECRET": SECRET,
        "PUBLICATION_LEASE_SECONDS": str(lease),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def killed_mid_push(site_target, prefect_server, lease=5):
    """Starts a publish run in its own process and kills it (SIGKILL) while it waits for the
    site's answer: its lease on that delivery stays behind (`lease` seconds)."""
    worker = subprocess.Popen(
        [sys.executable, "-c", "from workflows.pipelines.publish import publish; publish()"],
        env=worker_env(site_target, prefect_server, lease),
        start_new_session=True,
    )
    assert site_target.got_request.wait(60), "the worker never pushed"
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    site_target.release.set()


def test_a_worker_killed_mid_run_is_finished_by_the_next_sweep(site_target, prefect_server):
    publish_items(3)
    site_target.faults = ["hang"]  # stores the first push, then never answers
    killed_mid_push(site_target, prefect_server)
    claimed = Delivery.objects.filter(target="site").exclude(claimed_by="")
    assert claimed.exists()  # the dead worker's lease is still there
    # nothing is taken over while the dead worker's lease runs
    assert deliveries.claim("another worker") == []
    time.sleep(5)
    sweep_until_done()
    assert sorted(site_target.arrivals) == [f"policy-{n}-v1" for n in (1, 2, 3)]
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}


def test_nothing_overtakes_the_event_a_dead_worker_held(site_target, prefect_server):
    """v1 is on its way when the worker dies; v2 and a withdrawal follow. The site must never
    see v1 after them: they wait for v1's lease, then all three go in order."""
    (v1,) = publish_items(1)
    site_target.faults = ["hang-unread"]  # v1's push hangs before the site stores it
    killed_mid_push(site_target, prefect_server, lease=30)
    held = Delivery.objects.get(target="site", event__version=v1)
    assert held.claimed_until > timezone.now() + timedelta(seconds=10)
    item = v1.publication
    outbox.publish(
        Kind.POLICY, 1, item.unit, title="测试文件1（修订）", body="新正文", actor="test"
    )
    outbox.withdraw(item, "撤回测试", actor="test")
    run_publish()  # within the dead worker's lease: the portal moves on, the site waits
    assert held.claimed_until > timezone.now(), "the run must happen within the lease"
    assert site_target.arrivals == []
    assert Delivery.objects.filter(target="portal", state=DeliveryState.PENDING).count() == 0
    time.sleep(max(0, (held.claimed_until - timezone.now()).total_seconds()) + 0.5)
    sweep_until_done()
    withdrawal = f"policy-1-withdraw-{last_event(item)}"
    assert site_target.arrivals == ["policy-1-v1", "policy-1-v2", withdrawal]
    sequences = [sequence for _id, sequence, _event in site_target.history]
    assert sequences == sorted(sequences) and site_target.stale == []
    assert site_target.applied == {"policy-1": 3}


def last_event(publication):
    return publication.events.order_by("-pk").values_list("pk", flat=True).first()


def test_a_push_replayed_outside_the_window_is_refused(site_target):
    publish_items(1)
    site_target.now = lambda: time.time() + 600  # the receiver sees the request ten minutes late
    run_publish()
    delivery = Delivery.objects.get(target="site")
    assert delivery.state == DeliveryState.FAILED
    assert "HTTP 401" in delivery.last_error and "replay window" in delivery.last_error


def test_two_worker_processes_deliver_each_event_once_and_in_order(site_target, prefect_server):
    """Two publish workers in their own processes sweep at once, a hundred deliveries a run,
    over a thousand items (on PostgreSQL; a hundred on SQLite's one writer) with second
    versions and withdrawals queued: every event arrives once, each item's in order. (The
    overtaking itself is provoked in the tests above and in tests/publications/test_order.py;
    this one is the same guarantee at scale, with real processes, Prefect and HTTP.)"""
    count = 1000 if connection.vendor == "postgresql" else 100
    versions = publish_items(count)
    for n, version in enumerate(versions):
        item = version.publication
        if n % 3 == 0:
            outbox.withdraw(item, "撤回测试", actor="test")
        elif n % 3 == 1:
            outbox.publish(Kind.POLICY, item.source_id, item.unit, title="修订", body="v2",
                           actor="test")  # fmt: skip
    sweeping = (
        "from workflows.pipelines.publish import publish\nwhile publish()['claimed']:\n    pass\n"
    )
    env = {**worker_env(site_target, prefect_server, lease=120), "PUBLICATION_CLAIM_LIMIT": "100"}
    workers = [
        subprocess.Popen([sys.executable, "-c", sweeping], env=env, start_new_session=True)
        for _ in range(2)
    ]
    for worker in workers:
        assert worker.wait(timeout=600) == 0
    sweep_until_done()
    site = Delivery.objects.filter(target="site")
    assert set(site.values_list("state", flat=True)) == {DeliveryState.DELIVERED}
    assert sorted(site_target.arrivals) == sorted(set(site_target.arrivals))  # each once
    assert len(site_target.arrivals) == site.count()
    seen = {}  # in the order the site stored them: each item's events one after another
    for key in site_target.arrivals:
        item, sequence = site_target.stored[key]["id"], site_target.stored[key]["sequence"]
        assert sequence == seen.get(item, 0) + 1, (key, seen.get(item))
        seen[item] = sequence
    assert site_target.stale == []


@pytest.mark.parametrize("secrets", ["new-secret shared-secret-for-tests", f"{SECRET} old-secret"])
def test_during_a_rotation_either_secret_is_accepted(site_target, secrets):
    """SITE_PUSH_SECRET holds the new and the old secret while the receiver switches: each
    push carries a signature with each, and a receiver holding either one accepts it."""
    from publications.targets.http import Push

    (version,) = publish_items(1)
    event = version.events.get()
    Push("site", URL=site_target.url, SECRET=secrets, TIMEOUT=5).deliver(event)
    assert site_target.arrivals == ["policy-1-v1"]
