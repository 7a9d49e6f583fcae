"""我的期限 in a calendar app: the address is made from 我的待办, opens without a login,
holds the person's dated work with an alarm the working day before, and stops when replaced
or stopped."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from base.organisation.models import Unit
from supervision.models import CalendarFeed
from supervision.worklist import my_work
from tests.workflows.proposal_desk import ProposalDesk

SUBSCRIBE = reverse("calendar_subscription")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def subscribe(client, action="new"):
    response = client.post(SUBSCRIBE, {"action": action})
    assert response.status_code == 302 and response.url == reverse("staff:index")
    said = [str(message) for message in get_messages(response.wsgi_request)]
    found = re.search(r"https?://\S+\.ics", said[-1])
    return found.group(0).split("://", 1)[1].split("/", 1)[1] if found else None


def events(path, language_path=None):
    response = Client().get("/" + (language_path or path))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_leader_subscribes_and_sees_the_sign_off_due_with_an_alarm(desk):
    process = desk.start()
    desk.submit(process)
    desk.login("leader")
    path = subscribe(desk.client)
    assert path.endswith("/zh-hans.ics")

    (event,) = events(path)
    due = my_work(desk.people["leader"])[0].due_on
    assert event.decoded("dtstart") == due
    assert "单位负责人审签" in str(event["summary"]) and "湛府办〔2026〕8号" in str(
        event["summary"]
    )
    assert str(event["url"]).endswith(f"/staff/policy/interpretation/{process.pk}/sign_off/"
                                      f"{desk.open_task(process, 'sign_off').pk}/")  # fmt: skip
    (alarm,) = event.walk("VALARM")
    trigger = alarm.decoded("trigger")
    assert trigger.utcoffset().total_seconds() == 0  # absolute triggers are in UTC
    when = trigger.astimezone(SHANGHAI)
    assert when.time() == time(9, 0) and when.date() < due and when.weekday() < 5

    english = events(path, path.replace("/zh-hans.ics", "/en.ics"))
    assert str(english[0]["summary"]).startswith("Unit leader sign-off: 湛府办〔2026〕8号 ")

    # someone else's feed does not hold the leader's work
    desk.login("drafter")
    assert events(subscribe(desk.client)) == []


def test_only_a_hash_is_kept_and_a_new_address_or_stop_closes_the_old(desk):
    desk.login("leader")
    first = subscribe(desk.client)
    key = first.split("/")[-2]
    stored = CalendarFeed.objects.get(person=desk.people["leader"])
    assert key not in stored.key_hash and len(stored.key_hash) == 64

    second = subscribe(desk.client)
    assert Client().get("/" + first).status_code == 404
    assert Client().get("/" + second).status_code == 200
    assert subscribe(desk.client, "stop") is None
    assert Client().get("/" + second).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_the_subscription_needs_a_login_and_a_post(client, db):
    assert client.post(SUBSCRIBE, {"action": "new"}).status_code == 302  # to the login page
    assert not CalendarFeed.objects.exists()


def test_a_due_date_in_a_year_not_yet_announced_is_marked(client, db):
    from base.organisation.demo import load_units_and_people

    load_units_and_people()
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI), tick=True):
        desk = ProposalDesk(client)
        desk.import_items({"编号": "88"})
        edu = Unit.objects.get(name="湛江市教育局").pk
        desk.act(desk.process(88), "assign", {"handling": "lead", "lead": edu})
        desk.login("handler")
        (event,) = events(subscribe(desk.client))
    assert str(event["summary"]).startswith("（暂定）签收：人大建议第0088号")
    assert event.decoded("dtstart").isoformat() == "2027-03-08"
