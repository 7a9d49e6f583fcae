"""Dispatching 10,000 notices from the outbox, against a plain loop over the same sends.

The outbox holds 10,000 messages raised the product's way (`notifications.events
.raise_event`, one event per person and step): 40 % staff-site notices, 40 % e-mails to an
SMTP server on 127.0.0.1 (aiosmtpd, from the test extra) and 20 % posts of a unit's
work-chat robot (the generic JSON webhook) to an HTTP receiver on 127.0.0.1. Then:

- **dispatch**: `notifications.dispatch.sweep()` until the outbox is empty — leases, the
  notices written in batches, each other message marked `sending`, sent through apprise,
  marked `sent`;
- **plain loop**: the same 10,000 sends with no outbox at all — for each message a
  `Notice.objects.create`, or the same apprise call (`notifications.transports`) — the cost
  of the sends themselves.

Printed: seconds, messages a second, SQL queries per notice (counted with an execute
wrapper), and dispatch ÷ loop. Figures only, no goal asserted.

    .venv/bin/python bench/notices.py            # 10,000 messages, ~2 minutes
    .venv/bin/python bench/notices.py --smoke    # 300, a few seconds
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database  # noqa: E402


class Counting:
    def __init__(self):
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def fill(total):
    """Raises events until the outbox holds `total` messages: per event one person (site +
    e-mail) and, every other event, the unit's robot."""
    from django.db import transaction

    from base.organisation.models import Unit, UnitKind
    from notifications.events import raise_event
    from notifications.models import Kind, Message, UnitRobot
    from tests.factories import PersonFactory

    unit = Unit.objects.create(name="市基准局", kind=UnitKind.DEPARTMENT)
    robot_unit = Unit.objects.create(name="市基准二局", kind=UnitKind.DEPARTMENT)
    people = [PersonFactory(username=f"bench{n}", unit=unit, email=f"bench{n}@zhanjiang.gov.cn")
              for n in range(50)]  # fmt: skip
    UnitRobot.objects.create(unit=robot_unit, name="基准群", kind="webhook", token=ROBOT_URL)
    n = 0
    with transaction.atomic():
        while Message.objects.count() < total:
            for _ in range(100):
                person = people[n % len(people)]
                with_robot = n % 2 == 0
                raise_event(f"bench-{n}", Kind.TASK, f"新待办：基准{n}", "请在“我的待办”中办理。",
                            link="/staff/work/mine/", people=[person.pk],
                            unit_id=robot_unit.pk if with_robot else None)  # fmt: skip
                n += 1
    over = Message.objects.count() - total  # the last event's messages beyond `total`
    Message.objects.filter(
        pk__in=list(Message.objects.order_by("-pk")[:over].values_list("pk", flat=True))
    ).delete()
    return Message.objects.count()


ROBOT_URL = ""


def plain_loop(messages):
    """The same sends, one after another, with no outbox bookkeeping."""
    from notifications import transports
    from notifications.dispatch import words
    from notifications.models import Channel
    from supervision.models import Notice

    for message in messages:
        title, text = words(message)
        if message.channel == Channel.SITE:
            Notice.objects.create(recipient_id=message.person_id, title=title, body=text)
        elif message.channel == Channel.EMAIL:
            transports.send_email(message.address, title, text, message.key)
        else:
            transports.send_robot(message.robot, title, text, message.key)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--smoke", action="store_true", help="300 messages")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    total = 300 if args.smoke else args.messages

    with fresh_database(args.keep):
        global ROBOT_URL
        from django.conf import settings
        from django.db import connection
        from django.db.models import Count

        from notifications import dispatch
        from notifications.models import Message, State
        from supervision.models import Notice
        from tests.notifications.fakes import Mailbox, Robots

        mailbox, robots = Mailbox(), Robots()
        mailbox.start()
        robots.start()
        ROBOT_URL = f"{robots.base}/hook"
        settings.NOTICE_EMAIL = {"CONSOLE": False, "HOST": "127.0.0.1", "PORT": mailbox.port,
                                 "USER": "", "PASSWORD": "", "MODE": "insecure",
                                 "FROM": "gongkai@zhanjiang.gov.cn"}  # fmt: skip
        import logging

        logging.getLogger("apprise").setLevel(logging.WARNING)
        try:
            started = time.perf_counter()
            count = fill(total)
            by_channel = dict(Message.objects.values_list("channel").annotate(n=Count("pk")))
            print(f"outbox: {count} messages {by_channel} in {time.perf_counter() - started:.1f} s")
            messages = list(Message.objects.select_related("event", "robot").order_by("pk"))

            counter = Counting()
            started = time.perf_counter()
            with connection.execute_wrapper(counter):
                sweeps = 0
                while True:
                    summary = dispatch.sweep()
                    sweeps += 1
                    if not summary["claimed"]:
                        break
            dispatched = time.perf_counter() - started
            sent = Message.objects.filter(state=State.SENT).count()
            assert sent == count, f"{count - sent} not sent"
            received = len(mailbox.messages), len(robots.stored)

            Notice.objects.all().delete()
            mailbox.messages.clear()
            loop_counter = Counting()
            started = time.perf_counter()
            with connection.execute_wrapper(loop_counter):
                plain_loop(messages)
            looped = time.perf_counter() - started

            print(f"\n{'':14}{'seconds':>9}{'per second':>12}{'queries':>9}{'per notice':>12}")
            rows = [("dispatch", dispatched, counter.queries),
                    ("plain loop", looped, loop_counter.queries)]  # fmt: skip
            for name, seconds, queries in rows:
                print(f"{name:14}{seconds:9.2f}{count / seconds:12.0f}{queries:9d}"
                      f"{queries / count:12.2f}")  # fmt: skip
            print(f"\nratio dispatch ÷ plain loop: {dispatched / looped:.2f} (time), "
                  f"{counter.queries / max(1, loop_counter.queries):.2f} (queries)")  # fmt: skip
            print(f"sweeps: {sweeps}; received by the fakes: {received[0]} e-mails, "
                  f"{received[1]} robot posts")  # fmt: skip
            expected = by_channel.get("email", 0), by_channel.get("robot", 0)
            if received != expected:  # marked sent is not enough: each must have arrived
                raise SystemExit(f"the fakes received {received}, expected {expected}")
        finally:
            mailbox.stop()
            robots.stop()


if __name__ == "__main__":
    main()
