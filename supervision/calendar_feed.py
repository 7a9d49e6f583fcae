"""我的期限 in a calendar app: a person's due dates as an iCalendar feed at a secret address.

The address carries a random key; only its hash is stored (`CalendarFeed`), so a leaked
database does not open anyone's calendar, and the person revokes or replaces it at will. The
feed holds what 我的待办 shows (`worklist.my_work`): each dated task as an all-day event on
its due date, marked 暂定 where the year's holidays are not yet known, with an alarm at
9:00 on the working day before. Nothing else of the person's is in it.
"""

import hashlib
import secrets
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from base.workdays.deadlines import CalendarMissingYear, WorkingCalendar
from supervision.models import CalendarFeed
from supervision.worklist import my_work

ALARM_AT = time(9, 0)


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def new_key(person):
    """A fresh key for the person's feed; the old address stops working at once."""
    key = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(person=person, defaults={"key_hash": digest(key)})
    return key


def revoke(person):
    CalendarFeed.objects.filter(person=person).delete()


def has_feed(person):
    return CalendarFeed.objects.filter(person=person).exists()


def person_for(key):
    """The active person whose feed `key` opens, or None."""
    feed = CalendarFeed.objects.filter(key_hash=digest(key)).select_related("person").first()
    if feed is None or not feed.person.is_active:
        return None
    return feed.person


def working_day_before(day, calendar_):
    """The last working day before `day` (the day before, where the calendar lacks the year)."""
    before = day - timedelta(days=1)
    try:
        while not calendar_.is_working_day(before):
            before -= timedelta(days=1)
    except CalendarMissingYear:
        return day - timedelta(days=1)
    return before


def calendar(person, base_url=None):
    """The feed's text (bytes), in the person's language at the time of asking."""
    base_url = (base_url or settings.PUBLIC_BASE_URL).rstrip("/")
    working = WorkingCalendar()
    feed = Calendar()
    feed.add("prodid", "-//Gongkai//my deadlines//ZH")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", _("我的办理期限"))
    feed.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for item in my_work(person):
        if item.due_on is None:
            continue
        summary = _("%(step)s：%(label)s %(title)s") % {
            "step": item.step_title,
            "label": item.label,
            "title": item.title,
        }
        if item.provisional:
            summary = _("（暂定）%(summary)s") % {"summary": summary}
        event = Event()
        event.add("uid", f"task-{item.task_id}@{host_of(base_url)}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", f"{item.unit_name}\n{base_url}{item.url}")
        event.add("url", f"{base_url}{item.url}")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        when = working_day_before(item.due_on, working)
        at = datetime.combine(when, ALARM_AT, tzinfo=timezone.get_default_timezone())
        alarm.add("trigger", at.astimezone(UTC))  # an absolute trigger is in UTC (RFC 5545)
        event.add_component(alarm)
        feed.add_component(event)
    return feed.to_ical()


def host_of(base_url):
    return urlsplit(base_url).hostname or "gongkai"


def calendar_in(person, language, base_url=None):
    """The feed in `language`: a calendar app asks in its own, the address says the person's."""
    with translation.override(language):
        return calendar(person, base_url)
