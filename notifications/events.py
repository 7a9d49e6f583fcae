"""Raising an event: the Event and its outbox Messages, in the caller's transaction.

`raise_event` is called from where things happen (`notifications.sources`), inside the
transaction of the action: the action, its event and every message to send commit or roll
back together, and the event's unique key makes a second raise (a retried request, a
re-run) add nothing. Who hears of it is the caller's business (the step catalogue's
holders, the item's unit…); how each person hears of it is theirs:

- the staff site (我的提醒): always, at once;
- e-mail: at once, in the morning's digest, or not at all (`Preference`, default at once),
  when the person has an address;
- the unit's work-chat robots that take the event's kind, at once or in a digest.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from base.organisation.models import Person
from base.organisation.roles import group_name
from notifications.models import Channel, Event, Frequency, Message, UnitRobot
from notifications.trigger import request_notices_run


def digest_time(now=None):
    """The next morning's digest (NOTICE_DIGEST_HOUR, Beijing time): today's if it is still
    to come, else tomorrow's."""
    now = timezone.localtime(now)
    at = timezone.make_aware(datetime.combine(now.date(), time(settings.NOTICE_DIGEST_HOUR)))
    return at if at > now else at + timedelta(days=1)


class People:
    """The step catalogue's `Holders.candidates` asks a directory for `get(pk)` and
    `holders(role, unit_id=…, unit_kind=…)`; this one asks the database for just those, where
    supervision's Directory reads every person at once for a whole board."""

    def get(self, pk):
        return pk if pk and Person.objects.filter(pk=pk, is_active=True).exists() else None

    def holders(self, role, *, unit_id=None, unit_kind=None):
        found = Person.objects.filter(is_active=True, groups__name=group_name(role))
        if unit_id is not None:
            found = found.filter(unit_id=unit_id)
        if unit_kind is not None:
            found = found.filter(unit__kind=unit_kind)
        return list(found.values_list("pk", flat=True).distinct())


def ids_of(people):
    """Person ids from ids, Persons or supervision's Members, each once, in order."""
    seen = {}
    for person in people:
        pk = person if isinstance(person, int) else getattr(person, "pk", None)
        if pk is not None:
            seen.setdefault(pk, None)
    return list(seen)


def test_robot(robot, person):
    """A test message to one robot, through the outbox like any other (the admin's action):
    the next `notices` run sends it, and 通知消息 shows how it went."""
    from django.utils.translation import gettext as _

    from notifications.models import Kind

    event = Event.objects.create(
        key=f"robot-test-{robot.pk}-{timezone.now():%Y%m%d%H%M%S%f}",
        kind=Kind.TEST,
        title=_("测试消息：%(robot)s") % {"robot": robot},
        body=_("这是工作平台发送的测试消息，由%(person)s发起。") % {"person": person},
        unit_id=robot.unit_id,
    )
    return Message.objects.create(
        event=event, key=f"{event.key}:robot:{robot.pk}", channel=Channel.ROBOT, robot=robot,
        not_before=timezone.now(),
    )  # fmt: skip


def raise_event(key, kind, title, body="", *, link="", unit_id=None, people=(), site=True,
                extra=()):  # fmt: skip
    """Records the event and its messages; returns the Event, or None when `key` was raised
    before. `site=False` when the staff-site notice is written elsewhere already (the
    calendar's moved due dates); `extra` are further unsaved Messages (a proposer's)."""
    try:
        with transaction.atomic():
            event = Event.objects.create(
                key=key[:120], kind=kind, title=title[:200], body=body, link=link[:500],
                unit_id=unit_id,
            )  # fmt: skip
    except IntegrityError:
        return None
    now = timezone.now()
    morning = None
    messages = []

    def add(channel, suffix, digest=False, **fields):
        nonlocal morning
        if digest and morning is None:
            morning = digest_time(now)
        messages.append(
            Message(event=event, key=f"{event.key}:{suffix}"[:200], channel=channel,
                    digest=digest, not_before=morning if digest else now, **fields)
        )  # fmt: skip

    ids = ids_of(people)
    if ids:
        rows = Person.objects.filter(pk__in=ids, is_active=True).values_list(
            "pk", "email", "notice_preference__email"
        )
        for pk, email, frequency in sorted(rows):
            if site:
                add(Channel.SITE, f"site:{pk}", person_id=pk)
            frequency = frequency or Frequency.INSTANT
            if email and frequency != Frequency.OFF:
                add(Channel.EMAIL, f"email:{pk}", frequency == Frequency.DAILY, person_id=pk,
                    address=email)  # fmt: skip
    if unit_id is not None:
        for robot in UnitRobot.objects.filter(unit_id=unit_id, active=True):
            if robot.wants(kind):
                add(Channel.ROBOT, f"robot:{robot.pk}", robot.frequency == Frequency.DAILY,
                    robot=robot)  # fmt: skip
    for message in extra:
        message.event, message.not_before = event, message.not_before or now
        messages.append(message)
    Message.objects.bulk_create(messages)
    if any(not message.digest for message in messages):
        ask_for_a_run()
    return event


def ask_for_a_run():
    """A `notices` run at once after the commit (notifications.trigger), asked once per
    transaction however many events it raises."""
    waiting = getattr(transaction.get_connection(), "run_on_commit", [])
    if not any(entry[1] is request_notices_run for entry in waiting):
        transaction.on_commit(request_notices_run, robust=True)
