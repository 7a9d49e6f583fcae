"""The outbox sent through every channel to fakes on 127.0.0.1: each message once, in the
person's chosen way (at once or in the morning's digest), retried with backoff, and a
message that cannot go is marked failed where administrators look."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from base.audit.models import AuditRecord
from base.organisation.models import Unit, UnitKind
from notifications import dispatch
from notifications.events import raise_event
from notifications.models import Channel, Frequency, Kind, Message, Preference, State, UnitRobot
from supervision.models import Notice
from tests.factories import PersonFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def unit(db):
    return Unit.objects.create(name="市测试局", kind=UnitKind.DEPARTMENT)


def person(unit, username, email=True, frequency=None):
    someone = PersonFactory(username=username, unit=unit,
                            email=f"{username}@zhanjiang.gov.cn" if email else "")  # fmt: skip
    if frequency:
        Preference.objects.create(person=someone, email=frequency)
    return someone


def event(key, unit, people, kind=Kind.TASK):
    return raise_event(key, kind, f"新待办：{key}", "请办理。", link="/staff/work/mine/",
                       unit_id=unit.pk, people=people)  # fmt: skip


def test_a_notice_reaches_the_staff_site_and_the_mailbox_once(unit, mailbox):
    wang = person(unit, "wang")
    li = person(unit, "li", email=False)
    zhao = person(unit, "zhao", frequency=Frequency.OFF)
    assert event("task-1", unit, [wang, li, zhao]) is not None
    assert event("task-1", unit, [wang, li, zhao]) is None  # raised again: nothing more

    assert dispatch.sweep() == {"claimed": 4, "sent": 4, "retrying": 0, "failed": 0}
    assert dispatch.sweep()["claimed"] == 0
    assert sorted(Notice.objects.values_list("recipient__username", flat=True)) == [
        "li", "wang", "zhao"]  # fmt: skip
    notice = Notice.objects.get(recipient=wang)
    assert notice.title == "新待办：task-1"
    assert (notice.body, notice.link) == ("请办理。", "/staff/work/mine/")  # shown as a link
    (mail,) = mailbox.messages
    assert mail[:2] == ("wang@zhanjiang.gov.cn", "新待办：task-1")
    assert "http://127.0.0.1:8000/staff/work/mine/" in mail[2]
    assert mail[3] == f"task-1:email:{wang.pk}"


def test_work_chat_robots_get_their_unit_s_events(unit, robots, settings):
    person(unit, "wang", email=False)
    settings.NOTICE_ROBOT_BASE_URLS = {"dingtalk": robots.base}  # the setting's way
    for kind, token, secret, base in [
        ("wecom", robots.keys["wecom"], "", robots.base),
        ("govwecom", robots.keys["wecom"], "", robots.base),  # 政务微信: its own server
        ("dingtalk", robots.keys["dingtalk"], robots.ding_secret, ""),
        ("feishu", robots.keys["feishu"], "", robots.base),
        ("webhook", f"{robots.base}/hook", "", ""),
    ]:
        UnitRobot.objects.create(unit=unit, name=kind, kind=kind, token=token, secret=secret,
                                 base_url=base)  # fmt: skip
    hook = f"{robots.base}/hook"
    UnitRobot.objects.create(unit=unit, name="只要退回", kind="webhook", token=hook,
                             kinds=[Kind.RETURNED])  # fmt: skip
    other = Unit.objects.create(name="市其他局", kind=UnitKind.DEPARTMENT)
    UnitRobot.objects.create(unit=other, name="他人", kind="webhook", token=f"{robots.base}/hook")

    event("task-2", unit, [])
    summary = dispatch.sweep()
    assert summary["sent"] == 5 and summary["failed"] == 0, Message.objects.values("last_error")
    paths = sorted(path for path, *_rest in robots.requests)
    assert paths == ["/cgi-bin/webhook/send", "/cgi-bin/webhook/send", "/hook",
                     "/open-apis/bot/v2/hook/FEISHU-TOKEN/", "/robot/send"]  # fmt: skip
    hook = next(r for r in robots.requests if r[0] == "/hook")
    assert hook[2]["Idempotency-Key"] == f"task-2:robot:{UnitRobot.objects.get(name='webhook').pk}"
    assert all("新待办：task-2" in text for text in robots.texts())


def test_a_robot_the_service_refuses_is_marked_failed_in_the_admin(unit, robots, admin_client):
    UnitRobot.objects.create(unit=unit, name="错key", kind="wecom", token="WRONG",
                             base_url=robots.base)  # fmt: skip
    event("task-3", unit, [])
    for _attempt in range(6):  # NOTICE_MAX_ATTEMPTS, with the backoff waited out
        with time_machine.travel(datetime.now(SHANGHAI) + timedelta(hours=7 * _attempt)):
            dispatch.sweep()
    message = Message.objects.get()
    assert message.state == State.FAILED and message.attempts == 6
    assert "93000" in message.last_error or "invalid" in message.last_error
    record = AuditRecord.objects.get(action="notices.failed")
    assert record.details["message"] == message.key
    page = admin_client.get(reverse("admin:notifications_message_changelist") + "?state=failed")
    assert page.status_code == 200 and "新待办：task-3" in page.content.decode()


def test_a_failing_mail_server_is_retried_with_growing_waits(unit, mailbox, settings):
    settings.NOTICE_RETRY_SECONDS = 60
    wang = person(unit, "wang")
    mailbox.refuse = True
    start = datetime(2026, 12, 7, 10, 0, tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=False):
        event("task-4", unit, [wang])  # queued at the moment the clock is set to, not today
        dispatch.sweep()
    email = Message.objects.get(channel=Channel.EMAIL)
    assert email.state == State.PENDING and email.attempts == 1
    assert email.not_before == start + timedelta(seconds=60)
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        dispatch.sweep()
    email.refresh_from_db()
    assert email.not_before == start + timedelta(seconds=61 + 120)  # doubled
    mailbox.refuse = False
    with time_machine.travel(start + timedelta(seconds=100), tick=False):
        assert dispatch.sweep()["claimed"] == 0  # not before its time
    with time_machine.travel(start + timedelta(seconds=200), tick=False):
        assert dispatch.sweep()["sent"] == 1
    assert mailbox.keys() == [email.key]


def test_daily_digest_comes_at_eight_in_one_message(unit, mailbox, robots):
    wang = person(unit, "wang", frequency=Frequency.DAILY)
    UnitRobot.objects.create(unit=unit, name="群", kind="webhook", token=f"{robots.base}/hook",
                             frequency=Frequency.DAILY)  # fmt: skip
    with time_machine.travel(datetime(2026, 12, 7, 15, 0, tzinfo=SHANGHAI), tick=False):
        event("task-5", unit, [wang])
        event("task-6", unit, [wang], kind=Kind.FEEDBACK)
        assert dispatch.sweep()["sent"] == 2  # the staff-site notices, at once
    assert Notice.objects.filter(recipient=wang).count() == 2
    assert mailbox.messages == [] and robots.requests == []
    with time_machine.travel(datetime(2026, 12, 8, 7, 59, tzinfo=SHANGHAI), tick=False):
        assert dispatch.sweep()["claimed"] == 0
    with time_machine.travel(datetime(2026, 12, 8, 8, 0, tzinfo=SHANGHAI), tick=False):
        assert dispatch.sweep() == {"claimed": 4, "sent": 4, "retrying": 0, "failed": 0}
    ((to, subject, body, _key),) = mailbox.messages
    assert to == "wang@zhanjiang.gov.cn" and subject == "工作平台通知汇总：2条"
    assert "1. 新待办：task-5" in body and "2. 新待办：task-6" in body
    assert len(robots.requests) == 1 and "task-6" in robots.requests[0][3]["message"]


def test_moved_due_dates_follow_supervision_s_notice_by_e_mail_only(unit, mailbox):
    from types import SimpleNamespace

    from supervision.due_dates import dates_moved
    from supervision.models import Due, Source

    wang = person(unit, "wang")
    item = SimpleNamespace(label="人大建议第0007号", title="关于加强校园周边交通安全的建议",
                           unit_name="市测试局")  # fmt: skip
    move = SimpleNamespace(source=Source.PROPOSAL, object_id=7, due=Due.REPLY,
                           before=datetime(2027, 2, 9).date(), after=datetime(2027, 2, 15).date(),
                           was_provisional=True, provisional=False)  # fmt: skip
    dates_moved.send(sender=Notice, told={wang.pk: [(item, move)]}, why="2027年节假日安排已录入")
    assert dispatch.sweep()["sent"] == 1
    assert not Notice.objects.exists()  # supervision wrote the staff-site notice itself
    ((to, subject, body, _key),) = mailbox.messages
    assert subject.startswith("期限调整：1项工作的期限")
    assert "2027-02-15" in body or "2027年2月15日" in body


def test_the_admin_sends_a_robot_a_test_message_through_the_outbox(unit, robots, admin_client):
    robot = UnitRobot.objects.create(unit=unit, name="群", kind="webhook",
                                     token=f"{robots.base}/hook")  # fmt: skip
    page = reverse("admin:notifications_unitrobot_changelist")
    response = admin_client.post(page, {"action": "send_test", "_selected_action": [robot.pk]})
    assert response.status_code == 302
    assert robots.requests == []  # nothing from the request itself
    assert dispatch.sweep()["sent"] == 1
    assert "测试消息" in robots.requests[0][3]["title"]
