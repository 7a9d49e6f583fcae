"""One demo-like world for the URL enumeration: the demo units and people, and four items of
ONE unit, 市教育局 — a policy package in review and one published, a suggestion in the unit's
office check and one closed after a second round — with every kind of task the two flows
make (timers fired, an adjustment, co-units' opinions, a dissatisfied proposer, feedback by
the proposer's link), the published items delivered to the portal.

Built over HTTP where the flows have pages (the same helpers as tests/workflows), once per
module: the security tests only read it (each test's writes are rolled back)."""

import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from base.organisation.roles import Role
from interpretation.models import PolicyDocument
from proposals.models import Assignment, ResultClass
from publications import targets
from publications.models import Event, Publication
from tests.factories import AttachmentFactory, PersonFactory
from tests.workflows.proposal_desk import LETTER, ProposalDesk, problems_on
from workflows.interpretation import services
from workflows.interpretation.flows import InterpretationFlow
from workflows.models import InterpretationProcess
from workflows.proposals.views import feedback_url

SHANGHAI = ZoneInfo("Asia/Shanghai")
UNIT = "湛江市教育局"
OTHER_UNIT = "湛江市民政局"
FIN, DEV, HOUSING = "湛江市财政局", "湛江市发展和改革局", "湛江市住房和城乡建设局"

TITLES = {
    "package_in_review": "湛江市教育局关于规范中小学课后服务收费的通知",
    "package_published": "湛江市教育局关于做好2026年义务教育招生工作的通知",
    "item_in_progress": "关于增设学校周边交通护学岗的建议",
    "item_closed": "关于加快建设乡村学校教师周转房的建议",
}
# what else names an item: the titles of its reply letters
LETTER_TITLES = {
    "item_in_progress": "关于市十五届人大五次会议第0031号建议的答复",
    "item_closed": "关于市十五届人大五次会议第0032号建议的答复",
}
# 依申请公开: applications to the government office assigned to 市教育局, one awaiting its
# handling clerk's search, one answered after every detour of the flow, one closed when the
# applicant did not complete it; each named by its applicant and what they asked, which only
# its handlers may read
APPLICANTS = {
    "application_open": ("欧阳明轩", "湛江市教育局2026年校园安全专项经费分配明细"),
    "application_answered": ("司徒慧敏", "湛江市2026年中小学教师招聘笔试成绩统计表"),
    "application_lapsed": ("上官文杰", "湛江市教育局2026年第一季度公务接待清单"),
}
MARKERS = {
    **{
        key: (title, LETTER_TITLES[key]) if key in LETTER_TITLES else (title,)
        for key, title in TITLES.items()
    },
    **APPLICANTS,
}
# the interpretation material: enough to submit
MATERIAL = {
    "forms": ["text"],
    "channel": "湛江市人民政府网站",
    "timing": "与文件同步发布",
    "interpreter": "何平",
    "interpreter_title": "市教育局局长",
    "contact": "市教育局办公室 0759-3333333",
    "background": "依据国务院办公厅有关要求。",
    "main_content": "规范收费项目和标准。",
}


# the confidentiality checklist (保密审查) of the decisions that publish: nothing to withhold
CHECKLIST = {
    "state_secret": "no",
    "trade_secret": "no",
    "personal_privacy": "no",
    "process_info": "no",
}


@dataclass
class World:
    people: dict
    items: dict  # key -> the item's viewflow process
    documents: dict  # package key -> PolicyDocument
    attachments: dict  # package key -> Attachment
    letters: dict  # item key -> its latest ReplyLetter
    feedback_token: str
    publications: dict  # key -> Publication (delivered to the portal)


def at(*moment):
    return time_machine.travel(datetime(*moment, tzinfo=SHANGHAI), tick=True)


def review(client, person, process, step, decision="approve"):
    client.force_login(person)
    task = Task.objects.get(
        process=process, flow_task=getattr(InterpretationFlow, step), status__in=["NEW"]
    )
    base = f"staff:policy:interpretation:{step}"
    assert client.post(reverse(f"{base}:assign", args=[process.pk, task.pk])).status_code == 302
    response = client.post(
        reverse(f"{base}:execute", args=[process.pk, task.pk]),
        {
            "decision": decision,
            "comment": "请补充新旧政策差异。" if decision == "return" else "",
            **CHECKLIST,
        },
    )
    assert response.status_code == 302, (step, problems_on(response))


def package(drafter, key, number):
    document = PolicyDocument(
        title=TITLES[key],
        number=number,
        issuing_body="湛江市教育局",
        doc_type="normative",
        disclosure="proactive",
        summary="规范有关工作。",
        body="各县（市、区）教育局：……",
    )
    process = services.start(drafter, document, **MATERIAL)
    attachment = AttachmentFactory(document=document, name="依据.pdf", uploaded_by=drafter)
    services.submit(drafter, process)
    return InterpretationProcess.objects.get(pk=process.pk), document, attachment


def build_packages(client, people):
    drafter = people["edu-drafter"]
    with at(2026, 3, 2, 9, 0):
        in_review, in_review_doc, in_review_file = package(
            drafter, "package_in_review", "湛教〔2026〕11号"
        )
        published, published_doc, published_file = package(
            drafter, "package_published", "湛教〔2026〕12号"
        )
        # one return to the drafter, then the whole chain
        review(client, people["director"], published, "sign_off", "return")
        services.submit(drafter, published)
        for person, step in [
            ("director", "sign_off"),
            ("reviewer", "openness_review"),
            ("legal", "legal_review"),
            ("issuer", "issue"),
        ]:
            review(client, people[person], published, step)
        published.refresh_from_db()
        assert published.status == PROCESS.DONE
        review(client, people["director"], in_review, "sign_off")
    # the openness review is not done in time: the timer marks the package overdue
    with at(2026, 3, 20, 9, 0):
        call_command("workflow_timers", stdout=io.StringIO())
    in_review_doc.refresh_from_db()
    assert in_review_doc.overdue_since is not None
    return (
        {"package_in_review": in_review, "package_published": published},
        {"package_in_review": in_review_doc, "package_published": published_doc},
        {"package_in_review": in_review_file, "package_published": published_file},
    )


def letter(**changes):
    return {**LETTER, "result_class": ResultClass.objects.get(code="A").pk, **changes}


def reply(desk, process, body, key="item_closed"):
    desk.act(process, "contact", {"method": "meeting", "contacted_on": "2026-03-02",
                                  "summary": "与代表当面沟通办理思路。"}, UNIT)  # fmt: skip
    title = LETTER_TITLES[key]
    desk.act(process, "draft_reply", {**letter(body=body, title=title), "submit": "1"}, UNIT)
    for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
        desk.act(process, step, {"decision": "approve"}, UNIT, job)


def build_items(client):
    desk = ProposalDesk(client)
    unit = {name: Unit.objects.get(name=name).pk for name in (UNIT, FIN, DEV, HOUSING)}
    with at(2026, 3, 2, 9, 0):
        desk.import_items(
            {"编号": "31", "标题": TITLES["item_in_progress"]},
            {"编号": "32", "标题": TITLES["item_closed"], "建议会办单位": f"{FIN}、{DEV}"},
        )
        in_progress, closed = desk.process(31), desk.process(32)

        desk.act(closed, "assign", {"handling": "lead", "lead": unit[UNIT],
                                    "co_units": [unit[FIN], unit[DEV]]})  # fmt: skip
        desk.act(closed, "sign_for", {"decision": "sign"}, UNIT)
        desk.act(closed, "sign_for", {"decision": "sign"}, DEV)
        desk.act(closed, "sign_for", {"decision": "adjust", "reason": "非本单位职责"}, FIN)
        desk.act(closed, "decide_adjustment", {"new_unit": unit[HOUSING], "comment": "同意"})
        desk.act(closed, "sign_for", {"decision": "sign"}, HOUSING)
        for name in (DEV, HOUSING):
            desk.act(closed, "opinion", {"text": f"{name}的会办意见。", "contact": "王五"}, name)
        reply(desk, closed, "逐条答复如下：一、……")
        desk.act(closed, "feedback", {"satisfaction": "dissatisfied", "comment": "没有时间表。"})
        reply(desk, closed, "补充答复：2026年秋季学期前完成。")
        lead = Assignment.objects.get(proposal=closed.artifact, unit_id=unit[UNIT])
        client.logout()
        answer = client.post(
            feedback_url(lead.letters.get(round=2)), {"satisfaction": "satisfied", "comment": ""}
        )
        assert answer.status_code == 302, answer.status_code
        desk.act(closed, "disclose", {"decision": "full", "reason": "不涉及保密和个人信息。",
                                      "released_body": "", **CHECKLIST, "override": "on",
                                      "override_reason": "代表同意公开姓名。"})  # fmt: skip
        closed.refresh_from_db()
        assert closed.status == PROCESS.DONE

        desk.act(in_progress, "assign", {"handling": "lead", "lead": unit[UNIT]})
        desk.act(in_progress, "sign_for", {"decision": "sign"}, UNIT)
        desk.act(in_progress, "contact", {"method": "phone", "contacted_on": "2026-03-02",
                                          "summary": "电话沟通。"}, UNIT)  # fmt: skip
        title = LETTER_TITLES["item_in_progress"]
        desk.act(in_progress, "draft_reply", {**letter(title=title), "submit": "1"}, UNIT)
    # the office check waits past the due date: the timer marks the share overdue
    with at(2026, 6, 3, 0, 1):
        call_command("workflow_timers", stdout=io.StringIO())
    letters = {
        "item_in_progress": Assignment.objects.get(proposal=in_progress.artifact).letters.get(),
        "item_closed": lead.letters.get(round=2),
    }
    # the proposer's link as the office gives it today (links expire after 90 days)
    token_url = feedback_url(letters["item_closed"])
    return {"item_in_progress": in_progress, "item_closed": closed}, letters, token_url


def login_records(client):
    """One of each record the login throttle keeps, so that its admin pages have an object."""
    from axes.models import AccessFailureLog, AccessLog

    client.logout()
    response = client.post("/staff/accounts/login/", {"username": "drafter", "password": "x"})
    assert response.status_code == 200 and AccessAttempt.objects.exists()
    moment = {"ip_address": "127.0.0.1", "user_agent": "", "http_accept": "", "path_info": "/"}
    AccessLog.objects.create(username="drafter", **moment)
    AccessFailureLog.objects.create(username="drafter", locked_out=False, **moment)


def deliver_everything():
    portal = targets.get(targets.PORTAL)
    for event in Event.objects.order_by("pk"):
        portal.deliver(event)


def build_applications(people):
    """Each application registered in person and taken through its steps as the demo does."""
    from datetime import date

    from applications import handling
    from applications.models import AnswerCategory
    from applications.receiving import receive
    from workflows.applications import services as flow

    office, unit = Unit.objects.get(name="湛江市人民政府办公室"), Unit.objects.get(name=UNIT)
    reviewer, handler, issuer = people["reviewer"], people["handler"], people["issuer"]
    partial = AnswerCategory.objects.get(code="partial")
    day = date(2026, 3, 3)
    front = [
        (reviewer, "confirm", lambda app: handling.confirm_receipt(app, reviewer), None),
        (reviewer, "assign", lambda app: handling.assign(app, unit, reviewer), None),
    ]
    completion = [
        (handler, "search", lambda app: None, "completion"),
        (reviewer, "decide", lambda app: handling.ask_correction(
            app, reviewer, what="请明确年度。", asked_on=day, reply_by=date(2026, 3, 10)
        ), "completion"),
    ]  # fmt: skip
    answered = completion + [
        (reviewer, "await_completion", lambda app: handling.record_correction(
            app, reviewer, received_on=day), "arrived"),
        (reviewer, "decide", lambda app: handling.consult(
            app, reviewer, third_party="第三方", sent_on=day), "consult"),
        (reviewer, "await_opinion", lambda app: handling.record_opinion(
            app, reviewer, answered_on=day, opinion="同意公开。"), None),
        (reviewer, "decide", lambda app: handling.extend(
            app, reviewer, working_days=5, approved_by="王强", approved_on=day,
            reason="数据量大。", notified_on=day), "extend"),
        (reviewer, "decide", lambda app: None, "answer"),
        (reviewer, "answer", lambda app: handling.draft_answer(
            app, reviewer, category=partial, withheld_grounds="涉及个人信息。"), None),
        (issuer, "sign", lambda app: handling.sign(
            app, issuer, approved=False, comment="请补充理由。"), "return"),
        (reviewer, "answer", lambda app: None, None),
        (issuer, "sign", lambda app: handling.sign(app, issuer, approved=True), "approve"),
    ]  # fmt: skip

    def lapse(app):
        with at(2026, 3, 11, 10, 0):  # the day after the time to complete ran out
            handling.correction_lapsed(app, reviewer, on=date(2026, 3, 11))

    lapsed = completion + [(reviewer, "await_completion", lapse, "lapsed")]
    found = {}
    with at(2026, 3, 3, 10, 0):
        for key, steps in [("application_open", front), ("application_answered", front + answered),
                           ("application_lapsed", front + lapsed)]:  # fmt: skip
            name, description = APPLICANTS[key]
            data = {
                "applicant_kind": "natural", "name": name, "id_type": "resident",
                "id_number": "11010519491231002X", "phone": "13812345678",
                "description": description, "provision": "electronic", "collection": "email",
                "email": "applicant@example.com", "channel": "in_person",
            }  # fmt: skip
            application, _key = receive(data, office, actor=reviewer)
            process = flow.start(application)
            for person, step, act, choice in steps:
                flow.do(person, flow.open_task(process, step), act, choice)
            found[key] = type(process)._default_manager.get(pk=process.pk)
    return found


def build():
    load_units_and_people()
    PersonFactory(username="edu-drafter", unit=Unit.objects.get(name=UNIT), roles=[Role.DRAFTER])
    PersonFactory(
        username="mz-drafter", unit=Unit.objects.get(name=OTHER_UNIT), roles=[Role.DRAFTER]
    )
    people = {person.username: person for person in Person.objects.all()}
    client = Client()
    packages, documents, attachments = build_packages(client, people)
    items, letters, token_url = build_items(client)
    items.update(build_applications(people))
    login_records(client)
    deliver_everything()
    publications = {
        "package_published": Publication.objects.get(
            kind="policy", source_id=documents["package_published"].pk
        ),
        "interpretation_published": Publication.objects.get(
            kind="interpretation", source_id=documents["package_published"].pk
        ),
        "item_closed": Publication.objects.get(kind="reply"),
    }
    return World(
        people={person.username: person for person in Person.objects.all()},
        items={**packages, **items},
        documents=documents,
        attachments=attachments,
        letters=letters,
        feedback_token=token_url.rstrip("/").rsplit("/", 1)[-1],
        publications=publications,
    )
