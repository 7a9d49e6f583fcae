"""Publishing survives the website misbehaving and a worker dying: afterwards every version
has arrived exactly once, nothing lost, nothing twice, and the attempts are on record."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

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


def test_a_worker_killed_mid_run_is_finished_by_the_next_sweep(site_target, prefect_server):
    publish_items(3)
    site_target.faults = ["hang"]  # stores the first push, then never answers
    database = settings.DATABASES["default"]
    url = (
        f"sqlite:///{database['NAME']}"
        if connection.vendor == "sqlite"
        else f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url,
        "PREFECT_API_URL": prefect_server,
        "SITE_PUSH_URL": site_target.url,
        "SITE_PUSH_SECRET": SECRET,
        "PUBLICATION_LEASE_SECONDS": "5",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", "from workflows.pipelines.publish import publish; publish()"],
        env=env,
        start_new_session=True,
    )
    assert site_target.got_request.wait(60), "the worker never pushed"
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    site_target.release.set()
    claimed = Delivery.objects.filter(target="site").exclude(claimed_by="")
    assert claimed.exists()  # the dead worker's lease is still there
    # nothing is taken over while the dead worker's lease runs
    assert deliveries.claim("another worker") == []
    time.sleep(5)
    sweep_until_done()
    assert sorted(site_target.arrivals) == [f"policy-{n}-v1" for n in (1, 2, 3)]
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}
