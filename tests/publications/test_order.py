"""Two workers sweeping the outbox at once, each taking a batch at a time, over items with
several versions and withdrawals queued: at the site, each event arrives exactly once and,
per item, in the order it happened, although one worker's batch ends in the middle of
items whose later events the other worker's batch begins with. On PostgreSQL the workers
really overlap (threads, each with its own connection); on SQLite they take turns at the
database's one writer."""

import random
import threading
import time

import pytest
from django.db import connection

from base.organisation.models import Unit, UnitKind
from publications import deliveries, outbox
from publications.models import Delivery, DeliveryState, Kind
from publications.targets import Target

pytestmark = pytest.mark.django_db(transaction=True)
ARRIVED = []
LOCK = threading.Lock()


class Recorder(Target):
    """A site that notes what arrives; first versions take it longer, so that a worker
    holding later events would overtake one holding first versions if it were let."""

    def deliver(self, event):
        time.sleep(0.02 if event.sequence == 1 else random.random() / 1000)
        with LOCK:
            ARRIVED.append((event.publication_id, event.sequence, event.pk))


def sweep(worker, rounds, errors):
    try:
        for _ in range(rounds):
            claimed = deliveries.claim(worker, limit=40)
            for target, chains in deliveries.chains(claimed).items():
                if target == "site":
                    deliveries.deliver_chains(chains, worker)
            deliveries.Delivery.objects.filter(pk__in=claimed, target="portal").update(
                state=DeliveryState.DELIVERED
            )
            deliveries.release(worker)
    except Exception as error:  # noqa: BLE001 — reported by the test, not lost in a thread
        errors.append(error)
    finally:
        connection.close()


def test_two_workers_deliver_each_event_once_and_in_order(settings):
    settings.PUBLICATION_TARGETS = {"site": {"ENGINE": "tests.publications.test_order.Recorder"}}
    ARRIVED.clear()
    unit = Unit.objects.create(name="市测试局", kind=UnitKind.DEPARTMENT)
    count = 60 if connection.vendor == "postgresql" else 25
    items = [
        outbox.publish(Kind.POLICY, n, unit, title=f"文件{n}", body="v1", actor="t").publication
        for n in range(count)
    ]
    for n, item in enumerate(items):
        outbox.publish(Kind.POLICY, n, unit, title=f"文件{n}", body="v2", actor="t")
        if n % 3 == 0:
            outbox.withdraw(item, "测试撤回", actor="t")
    errors = []
    workers = [threading.Thread(target=sweep, args=(f"w{n}", 30, errors)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    sweep("w-last", 10, errors)
    assert errors == []
    site = Delivery.objects.filter(target="site")
    assert set(site.values_list("state", flat=True)) == {DeliveryState.DELIVERED}
    events = [pk for _item, _sequence, pk in ARRIVED]
    assert sorted(events) == sorted(site.values_list("event_id", flat=True))  # each once
    for item in items:
        sequences = [sequence for owner, sequence, _pk in ARRIVED if owner == item.pk]
        assert sequences == list(range(1, len(sequences) + 1)), item
