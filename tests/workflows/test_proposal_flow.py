"""The proposal flow over HTTP, as the office and the units' people use it: one item with a
lead unit and two co-units through an adjustment, a dissatisfied proposer and a second
reply; one split item with three units, each replying for its part."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from base.audit.models import AuditRecord
from base.organisation.models import Unit
from proposals.models import Assignment, ResultClass
from tests.workflows.conftest import CHECKLIST
from tests.workflows.proposal_desk import LETTER, ProposalDesk
from workflows.proposals.views import feedback_url

SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU, FIN, CIVIL, HOUSING = "湛江市教育局", "湛江市财政局", "湛江市民政局", "湛江市住房和城乡建设局"


@pytest.fixture
def desk(client, db):
    from base.organisation.demo import load_units_and_people

    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=True):
        yield ProposalDesk(client)


def unit(name):
    return Unit.objects.get(name=name).pk


def letter(**changes):
    return {**LETTER, "result_class": ResultClass.objects.get(code="A").pk, **changes}


def reply(desk, process, unit_name, **changes):
    """Contact the proposer, draft, and pass the unit's three reviews."""
    today = timezone.localdate().isoformat()
    desk.act(process, "contact", {"method": "meeting", "contacted_on": today,
                                  "summary": "与代表当面沟通办理思路。"}, unit_name)  # fmt: skip
    desk.act(process, "draft_reply", {**letter(**changes), "submit": "1"}, unit_name)
    for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
        desk.act(process, step, {"decision": "approve"}, unit_name, job)


def test_lead_and_co_units_through_adjustment_dissatisfaction_and_a_second_reply(desk):
    desk.import_items({"编号": "7", "建议会办单位": "市财政局、市民政局"})
    process = desk.process(7)
    proposal = process.artifact

    desk.act(process, "assign", {"handling": "lead", "lead": unit(EDU),
                                 "co_units": [unit(FIN), unit(CIVIL)]})  # fmt: skip
    shares = {a.unit.name: a for a in proposal.assignments.all()}
    assert {name: a.role for name, a in shares.items()} == {EDU: "lead", FIN: "co", CIVIL: "co"}
    assert shares[EDU].due_on.isoformat() == "2026-06-02"  # 3 months, a Tuesday

    desk.act(process, "sign_for", {"decision": "sign"}, EDU)
    desk.act(process, "sign_for", {"decision": "sign"}, CIVIL)
    # asking for an adjustment needs a reason: nothing changes without one
    desk.act(process, "sign_for", {"decision": "adjust", "reason": ""}, FIN, expect=200)
    assert Assignment.objects.get(pk=shares[FIN].pk).state == "assigned"
    desk.act(process, "sign_for", {"decision": "adjust",
                                   "reason": "校园周边道路建设属住建部门职责。"}, FIN)  # fmt: skip
    desk.act(process, "decide_adjustment", {"new_unit": unit(HOUSING), "comment": "同意"})
    assert Assignment.objects.get(pk=shares[FIN].pk).state == "withdrawn"
    # the newly assigned unit gets its own sign-for task
    desk.act(process, "sign_for", {"decision": "sign"}, HOUSING)

    assert desk.open_tasks(process, "opinion").count() == 2
    for name in (CIVIL, HOUSING):
        desk.act(
            process, "opinion", {"text": f"{name}的会办意见。", "contact": "王五 3100000"}, name
        )

    # the lead unit drafts with both opinions beside the editor
    desk.act(process, "contact", {"method": "phone", "contacted_on": "2026-03-02",
                                  "summary": "电话听取代表意见。"}, EDU)  # fmt: skip
    editor = desk.client.get(desk.url(desk.take(process, "draft_reply", EDU), "execute"))
    assert f"{CIVIL}的会办意见" in editor.content.decode()
    assert f"{HOUSING}的会办意见" in editor.content.decode()
    assert "关于市十五届人大五次会议第0007号建议的答复" in editor.content.decode()
    # submitting an incomplete letter is refused and lists what is missing
    response = desk.act(process, "draft_reply", {"title": "答复", "submit": "1"}, EDU, expect=200)
    assert "请填写文号" in response.content.decode()
    desk.act(process, "draft_reply", {**letter(), "submit": "1"}, EDU)
    desk.act(process, "check", {"decision": "return", "comment": "请逐条答复。"}, EDU, "checker")
    desk.act(process, "draft_reply", {**letter(body="逐条答复如下：一、……"), "submit": "1"}, EDU)
    for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
        desk.act(process, step, {"decision": "approve"}, EDU, job)
    lead = proposal.assignments.get(unit__name=EDU)
    assert lead.state == "replied" and lead.letters.get().sent_at is not None

    # the proposer is not satisfied: the lead unit handles it again, due 3 months later
    desk.act(process, "feedback", {"satisfaction": "dissatisfied", "comment": "没有时间表。"})
    lead.refresh_from_db()
    assert lead.state == "signed" and lead.due_on.isoformat() == "2026-06-02"
    assert lead.letters.count() == 2
    reply(desk, process, EDU, body="补充答复：2026年秋季学期前完成。")

    # this time the proposer answers through their personal link, without logging in
    desk.client.logout()
    link = feedback_url(lead.letters.get(round=2))
    page = desk.client.get(link)
    assert page.status_code == 200 and "补充答复" in page.content.decode()
    assert desk.client.post(link, {"satisfaction": "satisfied", "comment": ""}).status_code == 302
    assert "已收到" in desk.client.get(link).content.decode()

    desk.act(process, "disclose", {"decision": "partial", "reason": "删去涉及个人的内容。",
                                   "released_body": "补充答复：……", **CHECKLIST,
                                   "personal_privacy": "yes", "override": "on",
                                   "override_reason": "代表姓名公开时遮盖。"})  # fmt: skip
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    actions = list(AuditRecord.objects.filter(action__startswith="proposals.")
                   .values_list("action", flat=True))  # fmt: skip
    for expected in ["proposals.adjustment_requested", "proposals.adjusted",
                     "proposals.opinion_written", "proposals.replied", "proposals.handled_again",
                     "proposals.feedback", "proposals.disclosure"]:  # fmt: skip
        assert expected in actions


def test_split_item_with_three_units_each_replies_for_its_part(desk):
    desk.import_items({"编号": "8", "办理方式": "分办", "建议会办单位": "市财政局、市民政局"})
    process = desk.process(8)
    desk.act(process, "assign", {"handling": "split", "lead": unit(EDU),
                                 "co_units": [unit(FIN), unit(CIVIL)]})  # fmt: skip
    for name in (EDU, FIN, CIVIL):
        desk.act(process, "sign_for", {"decision": "sign"}, name)
    assert not desk.open_tasks(process, "opinion").exists()
    assert desk.open_tasks(process, "contact").count() == 3
    for name in (EDU, FIN, CIVIL):
        reply(desk, process, name, body=f"{name}就职责范围内事项答复如下：……")
        desk.act(process, "feedback", {"satisfaction": "basically", "comment": ""})
        process.refresh_from_db()
        assert process.status != PROCESS.DONE
        desk.act(process, "disclose", {"decision": "full", "reason": "不涉及保密和个人信息。",
                                       "released_body": "", **CHECKLIST, "override": "on",
                                       "override_reason": "代表姓名公开时遮盖。"})  # fmt: skip
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert set(process.artifact.assignments.values_list("state", flat=True)) == {"replied"}
