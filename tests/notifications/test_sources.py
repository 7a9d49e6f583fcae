"""Events raised where things happen, to the people the step catalogue names: driven over
HTTP through both flows as the demo people, then sent by the dispatcher to the fakes."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from base.organisation.models import Person, Unit
from notifications import dispatch
from notifications.models import Channel, Event, Kind
from proposals.models import ResultClass
from supervision.models import Notice
from tests.workflows.conftest import Desk
from tests.workflows.proposal_desk import LETTER, ProposalDesk

SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU, FIN, HOUSING = "湛江市教育局", "湛江市财政局", "湛江市住房和城乡建设局"


def told(kind):
    """{event key: sorted usernames of the people told} of the events of `kind`."""
    return {
        event.key: sorted(
            event.messages.filter(channel=Channel.SITE).values_list("person__username", flat=True)
        )
        for event in Event.objects.filter(kind=kind)
    }


@pytest.fixture
def people(db):
    from base.organisation.demo import load_units_and_people

    load_units_and_people()


def test_a_package_s_steps_tell_the_next_holders_and_a_return_tells_the_drafter(
    people, client, mailbox
):
    for username in ("leader", "drafter"):
        Person.objects.filter(username=username).update(email=f"{username}@zhanjiang.gov.cn")
    desk = Desk(client)
    process = desk.start()
    assert desk.submit(process).status_code == 302
    # sign-off is nobody's yet: the unit leaders the step declares hear of it
    (sign_off,) = Event.objects.filter(kind=Kind.TASK, title__startswith="新待办：单位负责人审签")
    assert sorted(sign_off.messages.values_list("person__username", "channel")) == [
        ("leader", "email"), ("leader", "site")]  # fmt: skip
    desk.login("leader")
    desk.review(process, "sign_off", decision="return", comment="请补充政策背景。")
    (returned,) = Event.objects.filter(kind=Kind.RETURNED)
    assert returned.messages.filter(channel=Channel.SITE).get().person.username == "drafter"
    assert "请补充政策背景。" in returned.body
    # the draft, at registration and again after the return, is the drafter's own: no
    # "new task" besides the return's notice
    assert not Event.objects.filter(kind=Kind.TASK, messages__person__username="drafter")

    dispatch.sweep()
    notice = Notice.objects.get(recipient__username="drafter", title__startswith="退回修改")
    assert "请补充政策背景。" in notice.body and notice.link.startswith("/staff/policy/")
    assert notice.link not in notice.body  # a link to the package, not its address as text
    desk.login("drafter")
    for where in ("staff:supervision:notices:index", "staff:work:mine:index"):
        html = client.get(reverse(where)).content.decode()
        assert f'<a href="{notice.link}">{notice.title}</a>' in html, where
    assert client.get(notice.link).status_code == 200
    assert any("退回修改" in subject for _to, subject, *_rest in mailbox.messages)


@pytest.fixture
def proposal_desk(people, client):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=True):
        yield ProposalDesk(client)


def unit(name):
    return Unit.objects.get(name=name).pk


def test_a_proposal_s_adjustment_reply_and_feedback_are_told_and_the_proposer_gets_a_link(
    proposal_desk, mailbox, gateway, settings
):
    desk = proposal_desk
    desk.import_items({"编号": "7", "建议会办单位": "湛江市财政局", "联系电话": "13800138001"})
    process = desk.process(7)
    process.artifact.proposers.filter(is_lead=True).update(email="chen@example.cn")
    fin_clerk = desk.staff(FIN, "clerk").username
    desk.act(process, "assign", {"handling": "lead", "lead": unit(EDU), "co_units": [unit(FIN)]})
    sign_for = told(Kind.TASK)
    assert ["handler"] in sign_for.values()  # each unit's clerks, once the share is theirs
    assert ["cz-clerk", fin_clerk] in sign_for.values()

    desk.act(process, "sign_for", {"decision": "sign"}, EDU)
    desk.act(process, "sign_for", {"decision": "adjust", "reason": "属住建部门职责。"}, FIN)
    assert list(told(Kind.ADJUSTMENT_REQUESTED).values()) == [["clerk"]]
    desk.act(process, "decide_adjustment", {"new_unit": unit(HOUSING), "comment": "同意"})
    (decided,) = Event.objects.filter(kind=Kind.ADJUSTMENT_DECIDED)
    assert HOUSING in decided.body
    assert fin_clerk in told(Kind.ADJUSTMENT_DECIDED)[decided.key]

    desk.act(process, "sign_for", {"decision": "sign"}, HOUSING)
    desk.act(process, "opinion", {"text": "会办意见。", "contact": "王五 3100000"}, HOUSING)
    desk.act(process, "contact", {"method": "phone", "contacted_on": "2026-03-02",
                                  "summary": "电话听取代表意见。"}, EDU)  # fmt: skip
    letter = {**LETTER, "result_class": ResultClass.objects.get(code="A").pk}
    desk.act(process, "draft_reply", {**letter, "submit": "1"}, EDU)
    for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
        desk.act(process, step, {"decision": "approve"}, EDU, job)

    # the letter is out: the lead proposer's SMS and e-mail wait in the outbox
    (reply,) = Event.objects.filter(kind=Kind.REPLY_SENT)
    assert sorted(reply.messages.values_list("channel", flat=True)) == ["email", "sms"]
    dispatch.sweep()
    ((_path, _query, headers, sms),) = gateway.requests
    assert sms["phone"] == "13800138001" and sms["sign"] == "湛江市政府"
    assert sms["text"].startswith("尊敬的陈志强代表：您领衔提出的人大建议第0007号")
    assert "/feedback/" in sms["text"] and headers["Idempotency-Key"] == sms["id"]
    to_proposer = [m for m in mailbox.messages if m[0] == "chen@example.cn"]
    assert len(to_proposer) == 1 and "/feedback/" in to_proposer[0][2]

    # the proposer answers through the link: the unit and the office hear of it
    link = sms["text"].rsplit("：", 1)[1].removeprefix(settings.PUBLIC_BASE_URL)
    desk.client.logout()
    assert desk.client.post(link, {"satisfaction": "satisfied", "comment": ""}).status_code == 302
    (feedback,) = told(Kind.FEEDBACK).values()
    assert "clerk" in feedback and desk.staff(EDU, "clerk").username in feedback


def test_a_publication_its_withdrawal_and_a_target_that_refuses_it_are_told(
    people, robots, settings, tmp_path
):
    from django.core.management import call_command

    from publications import outbox
    from publications.models import Kind as PublicationKind

    settings.MEDIA_ROOT = tmp_path
    settings.PUBLICATION_TARGETS = {"site": {
        "ENGINE": "publications.targets.http.Push", "URL": f"{robots.base}/nowhere",
        "SECRET": "s", "TIMEOUT": 2}}  # fmt: skip
    version = outbox.publish(PublicationKind.POLICY, 990, Unit.objects.get(name=EDU),
                             title="湛江市教育局测试文件", body="正文", actor="test")  # fmt: skip
    call_command("publish_pending")
    published = told(Kind.PUBLISHED)
    assert list(published.values()) == [["director"]]  # the unit's leader
    (failed,) = Event.objects.filter(kind=Kind.DELIVERY_FAILED)
    assert "HTTP 404" in failed.body and "admin" in told(Kind.DELIVERY_FAILED)[failed.key]
    assert failed.unit is None  # not into the unit's work chat

    outbox.withdraw(version.publication, "内容有误", actor="test")
    call_command("publish_pending")
    assert list(told(Kind.WITHDRAWN).values()) == [["director"]]
    assert Event.objects.filter(kind=Kind.PUBLISHED).count() == 1  # the withdrawal is not one
    assert "内容有误" in Event.objects.get(kind=Kind.WITHDRAWN).body
