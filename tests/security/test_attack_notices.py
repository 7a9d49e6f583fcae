"""Attacks on the notices: a proposer's number or e-mail address must stay out of the
records a service's refusal is kept in (the outbox's last error the administrators list,
and the audit log, which keeps everything forever): the gateway or mail server that names
the address it refused is common."""

import pytest

from base.audit.models import AuditRecord
from notifications import dispatch, sms
from notifications.models import Channel, Message
from proposals import replies
from tests.local_http import free_port
from tests.notifications.test_proposers import letter_to_send

pytestmark = pytest.mark.django_db
PHONE, ADDRESS = "13800138001", "chen.zhiqiang@example.com"


class EchoingGateway:
    """A gateway whose refusal names the number, as many government platforms' do."""

    def __init__(self, **settings):
        pass

    def send(self, phone, text, key):
        raise sms.SendError(f"HTTP 400: 手机号码{phone}不在白名单", permanent=True)


def kept(*records):
    return " ".join(str(record) for record in records)


def test_a_refused_number_is_not_kept_in_the_clear(settings):
    settings.SMS_GATEWAY = {"ENGINE": f"{__name__}.EchoingGateway"}
    replies.send(letter_to_send(phone=PHONE), "test")
    assert dispatch.sweep()["failed"] == 1
    message = Message.objects.get(channel=Channel.SMS)
    audit = AuditRecord.objects.filter(action="notices.failed").values_list("details", flat=True)
    assert "白名单" in message.last_error
    assert PHONE not in kept(message.last_error, *audit)
    assert "138****8001" in message.last_error


def test_an_e_mail_the_server_did_not_take_is_not_kept_in_the_clear(settings):
    settings.SMS_GATEWAY = {"URL": ""}
    settings.NOTICE_MAX_ATTEMPTS = 1
    settings.NOTICE_EMAIL = {
        "CONSOLE": False, "HOST": "127.0.0.1", "PORT": free_port(), "USER": "", "PASSWORD": "",
        "MODE": "insecure", "FROM": "gongkai@zhanjiang.gov.cn",
    }  # fmt: skip
    replies.send(letter_to_send(phone="", email=ADDRESS), "test")
    dispatch.sweep()
    message = Message.objects.get(channel=Channel.EMAIL)
    audit = AuditRecord.objects.filter(action="notices.failed").values_list("details", flat=True)
    assert message.last_error
    assert ADDRESS not in kept(message.last_error, *audit)


@pytest.mark.parametrize("sms", ["{姓名代表：您的建议已答复。{链接}", "{姓名}}代表：{链接}"])
def test_a_proposers_text_with_a_brace_outside_a_field_is_refused(client, sms):
    from django.urls import reverse

    from base.organisation.demo import load_units_and_people
    from base.organisation.models import Person
    from notifications.models import Kind, ProposerText
    from tests.notifications.test_proposer_texts_page import PAGE, form

    load_units_and_people()
    client.force_login(Person.objects.get(username="clerk"))
    before = ProposerText.objects.get(kind=Kind.REPLY_SENT).sms
    response = client.post(reverse(PAGE), form(Kind.REPLY_SENT, sms=sms))
    assert response.status_code == 422 and "花括号" in response.content.decode()
    assert ProposerText.objects.get(kind=Kind.REPLY_SENT).sms == before


def test_a_units_robot_hears_only_of_its_own_work(client):
    """Item 21 is assigned to 教育局 with 民政局 as co-unit: each unit's group hears of its own
    签收, the office's of nothing it does not do, and 财政局's group — no share — of nothing."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from base.organisation.demo import load_units_and_people
    from base.organisation.models import Unit
    from notifications.models import UnitRobot
    from tests.workflows.proposal_desk import ProposalDesk

    load_units_and_people()
    robots = {
        name: UnitRobot.objects.create(unit=Unit.objects.get(name=name), name="工作群",
                                       kind="webhook", token="https://hooks.example/x")
        for name in (
            "湛江市教育局",
            "湛江市民政局",
            "湛江市财政局",
            "湛江市人民政府办公室建议提案办理科",
        )
    }  # fmt: skip
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        desk = ProposalDesk(client)
        desk.import_items({"编号": "21", "标题": "关于增设护学岗的建议"})
        edu, civil = (Unit.objects.get(name=name).pk for name in ("湛江市教育局", "湛江市民政局"))
        shares = {"handling": "lead", "lead": edu, "co_units": [civil]}
        desk.act(desk.process(21), "assign", shares)

    def heard(name):
        found = Message.objects.filter(channel=Channel.ROBOT, robot=robots[name])
        return sorted(found.values_list("event__title", flat=True))

    assert heard("湛江市财政局") == []
    signing = ["新待办：签收 人大建议第0021号《关于增设护学岗的建议》"]
    assert heard("湛江市教育局") == heard("湛江市民政局") == signing
    assert heard("湛江市人民政府办公室建议提案办理科") == [
        "新待办：交办 人大建议第0021号《关于增设护学岗的建议》"
    ]


def test_the_notice_settings_page_shows_ones_own_units_robots_and_takes_no_garbage(client):
    from django.urls import reverse

    from base.organisation.demo import load_units_and_people
    from base.organisation.models import Person, Unit
    from notifications.models import Preference, UnitRobot

    load_units_and_people()
    for name, group in (("湛江市教育局", "教育局办公群"), ("湛江市财政局", "财政局预算群")):
        UnitRobot.objects.create(unit=Unit.objects.get(name=name), name=group, kind="wecom",
                                 token="k-" + group)  # fmt: skip
    client.force_login(Person.objects.get(username="cz-clerk"))
    page = reverse("staff:supervision:notice_settings:index")
    html = client.get(page).content.decode()
    assert "财政局预算群" in html and "教育局办公群" not in html and "k-财政局" not in html
    said = "请选择即时、每日汇总或不发送"
    for junk, problem in (({}, "必填"), ({"email": "x"}, said), ({"email": "😀" * 9_999}, said)):
        response = client.post(page, junk)
        assert response.status_code == 422 and problem in response.content.decode()
    assert not Preference.objects.exists()
