"""Bad input on the proposal flow's pages: a specific message in Chinese, nothing changed,
the task still open."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from proposals.models import Assignment, Disclosure, Feedback
from tests.workflows.proposal_desk import ProposalDesk, problems_on
from tests.workflows.test_proposal_flow import letter

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU, FIN = "湛江市教育局", "湛江市财政局"


@pytest.fixture
def desk(client):
    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=True):
        desk = ProposalDesk(client)
        desk.import_items({"编号": "21"}, {"编号": "22", "同意公开": "否"})
        yield desk


def pk(name):
    return Unit.objects.get(name=name).pk


def refused(desk, process, step, data, message, unit=None, job="clerk"):
    before = AuditRecord.objects.count()
    response = desk.act(process, step, data, unit, job, expect=200)
    assert any(message in problem for problem in problems_on(response)[1]), problems_on(response)
    assert AuditRecord.objects.count() == before
    assert desk.open_tasks(process, step).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"handling": "split", "lead": "EDU"}, "分办须至少交办两个单位"),
        ({"handling": "lead", "lead": "EDU", "co_units": ["EDU"]}, "同一单位不能重复交办"),
        ({"handling": "lead", "lead": "99999"}, "选择一个有效的选项"),
        ({"handling": "maybe", "lead": "EDU"}, "选择一个有效的选项"),
    ],
)
def test_assignment_mistakes(desk, data, message):
    data = {
        k: ([pk(EDU)] if v == ["EDU"] else pk(EDU) if v == "EDU" else v) for k, v in data.items()
    }
    process = desk.process(21)
    refused(desk, process, "assign", data, message)
    assert not Assignment.objects.exists()


def test_assigning_into_a_year_without_a_holiday_schedule_says_so(desk):
    process = desk.process(21)
    # 2026 is the last year entered: 2027 and 2028 are counted provisionally, 2029 is not
    with time_machine.travel(datetime(2028, 11, 29, 10, 0, tzinfo=SHANGHAI)):
        refused(desk, process, "assign", {"handling": "lead", "lead": pk(EDU)}, "2029年的节假日")
    assert not Assignment.objects.exists()


@pytest.fixture
def at_reply(desk):
    process = desk.process(22)
    desk.act(process, "assign", {"handling": "lead", "lead": pk(EDU)})
    desk.act(process, "sign_for", {"decision": "sign"}, EDU)
    return process


def test_reply_steps_refuse_what_is_missing(desk, at_reply):
    process = at_reply
    future = {"method": "phone", "contacted_on": "2026-03-09", "summary": "提前记录"}
    refused(desk, process, "contact", future, "沟通日期不能晚于今天", EDU)
    markup = {"method": "phone", "contacted_on": "2026-03-02", "summary": "<script>x</script>"}
    refused(desk, process, "contact", markup, "", EDU)
    desk.act(process, "contact", {**future, "contacted_on": "2026-03-02"}, EDU)
    refused(
        desk, process, "draft_reply", {**letter(), "body": "", "submit": "1"}, "请填写正文", EDU
    )
    desk.act(process, "draft_reply", {**letter(), "submit": "1"}, EDU)
    refused(desk, process, "check", {"decision": "return", "comment": ""}, "须填写意见", EDU,
            "checker")  # fmt: skip
    for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
        desk.act(process, step, {"decision": "approve"}, EDU, job)
    refused(desk, process, "feedback", {"satisfaction": "dissatisfied", "comment": ""}, "不满意时")
    assert not Feedback.objects.exists()
    desk.act(process, "feedback", {"satisfaction": "satisfied"})
    # the proposer did not consent: full disclosure is refused; partial needs the text
    refused(desk, process, "disclose", {"decision": "full", "reason": "无涉密内容"}, "不同意公开")
    refused(desk, process, "disclose", {"decision": "partial", "reason": "去除个人信息",
                                        "released_body": ""}, "部分公开时须填写")  # fmt: skip
    refused(desk, process, "disclose", {"decision": "none", "reason": ""}, "这个字段是必填项")
    assert not Disclosure.objects.exists()


def test_adjusting_to_a_unit_that_already_handles_it_is_refused(desk):
    process = desk.process(21)
    desk.act(process, "assign", {"handling": "lead", "lead": pk(EDU), "co_units": [pk(FIN)]})
    desk.act(process, "sign_for", {"decision": "adjust", "reason": "不属本单位职责"}, FIN)
    desk.act(process, "sign_for", {"decision": "sign"}, EDU)
    refused(desk, process, "decide_adjustment", {"new_unit": pk(EDU)}, "已承办该件")
    refused(desk, process, "decide_adjustment", {"comment": ""}, "不同意调整时须写明理由")
    assert Assignment.objects.get(unit__name=FIN).state == "adjusting"


def test_a_dissatisfied_proposer_is_told_when_no_second_deadline_can_be_set(desk, at_reply):
    from workflows.proposals.views import feedback_url

    process = at_reply
    desk.act(process, "contact", {"method": "phone", "contacted_on": "2026-03-02",
                                  "summary": "电话沟通"}, EDU)  # fmt: skip
    desk.act(process, "draft_reply", {**letter(), "submit": "1"}, EDU)
    for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
        desk.act(process, step, {"decision": "approve"}, EDU, job)
    desk.client.logout()
    # three months from 29 November 2028 reach into 2029, beyond the provisional years
    with time_machine.travel(datetime(2028, 11, 29, 10, 0, tzinfo=SHANGHAI)):
        link = feedback_url(Assignment.objects.get(unit__name=EDU).letters.get())
        response = desk.client.post(link, {"satisfaction": "dissatisfied", "comment": "没有落实"})
    assert response.status_code == 200 and "暂时无法登记" in response.content.decode()
    assert not Feedback.objects.exists() and desk.open_tasks(process, "feedback").exists()
