"""A worker killed (SIGKILL) in the middle of sending: the next worker, once the dead one's
lease has run out, sends the rest, and no message arrives twice — the one that was on its
way is sent again under the same key, which the receiver keeps once.

The worker runs the real `notices` Prefect flow in its own process, against a Prefect test
server, as tests/pipelines/test_faults.py runs the publish pipeline."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from base.organisation.models import Unit, UnitKind
from notifications import dispatch
from notifications.events import raise_event
from notifications.models import Channel, Kind, Message, State, UnitRobot
from supervision.models import Notice
from tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("prefect_server")]


def worker_env(server, mailbox, lease):
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
        "PREFECT_API_URL": server,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox.port),
        "NOTICE_LEASE_SECONDS": str(lease),
    }


def test_a_worker_killed_mid_send_leaves_nothing_unsent_and_nothing_twice(
    prefect_server,
    mailbox,
    robots,
):
    unit = Unit.objects.create(name="市测试局", kind=UnitKind.DEPARTMENT)
    people = [
        PersonFactory(username=f"p{n}", unit=unit, email=f"p{n}@zhanjiang.gov.cn") for n in range(5)
    ]
    UnitRobot.objects.create(unit=unit, name="群", kind="webhook", token=f"{robots.base}/hook")
    for n in range(10):
        raise_event(f"task-{n}", Kind.TASK, f"新待办{n}", "请办理。", unit_id=unit.pk,
                    people=people)  # fmt: skip
    expected = Message.objects.count()  # 10 events × (5 notices + 5 e-mails + 1 robot)
    assert expected == 110

    robots.faults = [None, None, "hang"]  # the third robot message: stored, never answered
    worker = subprocess.Popen(
        [sys.executable, "-c", "from notifications.pipeline import notices; notices()"],
        env=worker_env(prefect_server, mailbox, lease=5),
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while len(robots.requests) < 3:
        assert time.monotonic() < deadline, "the worker never reached the third robot message"
        assert worker.poll() is None, "the worker ended before it was killed"
        time.sleep(0.05)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    robots.release.set()

    hanging = Message.objects.get(state=State.SENDING)
    assert hanging.channel == Channel.ROBOT and hanging.claimed_by  # its lease is still there
    unsent = Message.objects.exclude(state=State.SENT).count()
    assert 0 < unsent < expected
    time.sleep(5.5)  # the dead worker's lease runs out
    assert dispatch.sweep() == {"claimed": unsent, "sent": unsent, "retrying": 0, "failed": 0}

    assert set(Message.objects.values_list("state", flat=True)) == {State.SENT}
    assert Notice.objects.count() == 50  # the staff site: exactly once, by construction
    assert sorted(mailbox.keys()) == sorted(set(mailbox.keys()))  # each e-mail once
    assert len(mailbox.keys()) == 50
    assert len(robots.stored) == 10  # each robot message once, by its Idempotency-Key
    assert len(robots.requests) == 11  # the one on its way when the worker died: sent again
    keys = [headers["Idempotency-Key"] for _path, _query, headers, _body in robots.requests]
    assert keys[2] == hanging.key and keys.count(hanging.key) == 2
