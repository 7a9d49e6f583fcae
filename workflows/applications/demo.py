"""Demo applications for disclosure, 2026: eight applications to 湛江市人民政府办公室 by
people, a law firm, a company, a university and an association, received by every channel,
taken through the flow as far as their story goes — answered in several categories (one in
part, after a consultation; one after a completion; one extended), one closed when the
applicant did not complete it, the others still open at their step. Three ask for the same
information, which the office groups under one subject to consider publishing it; the answer
in part was taken to 行政复议, which upheld it (table 四).

Safe to run again: nothing is loaded when the first demo application is there."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from applications import handling
from applications.models import AnswerCategory, Application, Remedy
from applications.receiving import receive
from base.organisation.demo import CIVIL_AFFAIRS, DEVELOPMENT, GOVERNMENT_OFFICE, HOUSING
from base.organisation.models import Person, Unit
from base.organisation.roles import Role, group_name
from workflows.applications import forms, services

SUBSIDY = "湛江市2026年城乡居民最低生活保障资金发放明细"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(first17):
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def person(name, id17, phone, **more):
    return {"applicant_kind": "natural", "name": name, "id_type": "resident",
            "id_number": resident_id(id17), "phone": phone, **more}  # fmt: skip


def organisation(kind, name, code, representative, contact, phone, **more):
    return {"applicant_kind": kind, "name": name, "org_code": code,
            "legal_representative": representative, "contact_name": contact, "phone": phone,
            **more}  # fmt: skip


@dataclass
class Story:
    """One application and how far it goes: `steps` are (step, what happens) in order."""

    applicant: dict
    description: str
    channel: str
    submitted_on: date
    unit: str = ""
    steps: list = field(default_factory=list)
    received: dict = field(default_factory=dict)  # signed_on / confirmed_on
    answered_on: date | None = None
    provision: str = "electronic"
    collection: str = "email"
    remedy: tuple | None = None  # (kind, filed on, result, decided on): table 四's


STORIES = [
    Story(
        person("陈志强", "44080219850312123", "13802561234", email="chenzq@example.com"),
        f"{SUBSIDY}，包括各县（市、区）发放户数、人数和金额。",
        "online", date(2026, 3, 4), CIVIL_AFFAIRS,
        received={"confirmed_on": date(2026, 3, 5)},
        steps=[("search", "consult"), ("consult", "湛江市霞山区社会福利院"),
               ("opinion", (date(2026, 3, 16), "不同意公开受助人姓名和住址。")),
               ("answer", ("partial", "受助人姓名、住址属于个人信息，依条例第十五条不予公开；"
                                      "各县（市、区）汇总数据予以公开。", True)),
               ("sign", "approve")],
        answered_on=date(2026, 3, 30),
        remedy=("review", date(2026, 5, 20), "upheld", date(2026, 7, 15)),
    ),
    Story(
        organisation("legal_service", "广东湛瑞律师事务所", "31440000MD0123456X", "梁国华",
                     "梁国华", "13809876543", email="lgh@example.com"),
        f"{SUBSIDY}（霞山区部分）。",
        "post", date(2026, 4, 7), CIVIL_AFFAIRS,
        received={"signed_on": date(2026, 4, 9)},
        steps=[("search", "answer"), ("answer", ("granted", "", True)), ("sign", "approve")],
        answered_on=date(2026, 4, 24),
        provision="paper", collection="post",
    ),
    Story(
        person("李秀兰", "44080319620708242", "13823456789", address="湛江市霞山区人民大道南52号"),
        "低保资金的发放明细。",
        "in_person", date(2026, 5, 11), CIVIL_AFFAIRS,
        steps=[("search", "completion"),
               ("completion", ("请明确所需信息的年度和区域范围。", date(2026, 5, 25))),
               ("arrived", date(2026, 5, 18)),
               ("answer", ("granted", "", True)), ("sign", "approve")],
        answered_on=date(2026, 6, 5),
        provision="paper", collection="in_person",
    ),
    Story(
        organisation("business", "湛江粤海湾科技有限公司", "91440800MA4W123456", "黄振邦",
                     "苏晓琳", "13811223344", email="sxl@example.com"),
        "湛江市2026年工业企业技术改造专项资金拟扶持项目名单及评审办法。",
        "letter", date(2026, 6, 15), DEVELOPMENT,
        received={"confirmed_on": date(2026, 6, 18)},
        steps=[("search", "answer"),
               ("extend", (15, "王强", "涉及项目较多，需逐项核对评审材料。", date(2026, 7, 14))),
               ("answer", ("granted", "", False)), ("sign", "approve")],
        answered_on=date(2026, 7, 31),
    ),
    Story(
        person("黄伟明", "44080219790115331", "13867891234", email="hwm@example.com"),
        "霞山区那个路段的拆迁补偿。",
        "online", date(2026, 8, 3), HOUSING,
        received={"confirmed_on": date(2026, 8, 3)},
        steps=[("search", "completion"),
               ("completion", ("请写明路段名称、项目名称或文号。", date(2026, 8, 17))),
               ("lapsed", date(2026, 8, 24))],
    ),
    Story(
        organisation("research", "广东海洋大学", "12440000455860123K", "陈锦华", "周海燕",
                     "13826789012", email="zhouhy@example.com"),
        "湛江市2025年近岸海域水质监测原始数据。",
        "online", date(2026, 11, 23), GOVERNMENT_OFFICE,
        received={"confirmed_on": date(2026, 11, 24)},
        steps=[("search", "answer")],
    ),
    Story(
        organisation("public_interest", "湛江市绿色家园环保志愿者协会", "51440800MJ5012345A",
                     "吴海生", "吴海生", "13890123456", email="green@example.com"),
        "湛江市2026年城市建成区黑臭水体整治项目验收报告。",
        "online", date(2026, 11, 30), HOUSING,
        received={"confirmed_on": date(2026, 12, 1)},
    ),
    Story(
        person("吴美玲", "44082319900927452", "13855667788", address="湛江市赤坎区椹川大道中45号"),
        "湛江市教育局2026年秋季学期义务教育学校招生划片范围调整文件。",
        "fax", date(2026, 12, 4),
        provision="paper", collection="post",
    ),
]  # fmt: skip


SEARCH_NOTES = {
    "answer": "经检索，本单位掌握该信息，拟予以公开。",
    "completion": "申请描述不够明确，无法确定所需信息的范围，建议告知申请人补正。",
    "consult": "经检索，本单位掌握该信息，其中涉及受助人个人信息，建议征求第三方意见后部分公开。",
}


class Demo:
    def __init__(self):
        names = ["reviewer", "issuer"]
        self.people = {p.username: p for p in Person.objects.filter(username__in=names)}
        self.reviewer, self.issuer = self.people["reviewer"], self.people["issuer"]
        self.organ = Unit.objects.get(name=GOVERNMENT_OFFICE)

    def clerk_of(self, unit):
        clerk = group_name(Role.HANDLING_CLERK)
        clerks = Person.objects.filter(unit=unit, groups__name=clerk, is_active=True)
        return clerks.order_by("pk").first() or self.reviewer

    def load(self, story):
        data = {**story.applicant, "description": story.description,
                "provision": story.provision, "collection": story.collection,
                "channel": story.channel, "submitted_on": story.submitted_on,
                **story.received}  # fmt: skip
        application, _key = receive(data, self.organ, actor=self.reviewer)
        process = services.start(application)
        received = application.received_on or story.received.get("confirmed_on")
        if received is None:
            return process  # a fax not yet confirmed with the applicant
        self.step(process, "confirm", lambda app: handling.confirm_receipt(app, self.reviewer))
        if not story.unit:
            return process
        unit = Unit.objects.get(name=story.unit)
        self.step(process, "assign", lambda app: handling.assign(app, unit, self.reviewer))
        for what, detail in story.steps:
            self.act(process, unit, what, detail, received)
        if story.answered_on:
            # the demo's answers went out on their planned day, not the day it was loaded
            Application.objects.filter(pk=application.pk).update(answered_on=story.answered_on)
        if story.remedy:  # on its planned days too, as the answer
            kind, filed_on, result, decided_on = story.remedy
            Remedy.objects.create(application=application, kind=kind, filed_on=filed_on,
                                  result=result, decided_on=decided_on)  # fmt: skip
        return process

    def step(self, process, step, act, choice=None, who=None):
        services.do(who or self.reviewer, services.open_task(process, step), act, choice)

    def act(self, process, unit, what, detail, received):
        me = self.reviewer
        if what == "search":
            clerk = self.clerk_of(unit)
            category = AnswerCategory.objects.get(
                code="partial" if detail == "consult" else "granted"
            )
            note = SEARCH_NOTES[detail]
            forms.keep_proposal(process, clerk, category, detail, note)
            process.save(update_fields=["data"])
            self.step(process, "search", lambda app: None, detail, clerk)
        elif what == "consult":
            self.step(process, "decide", lambda app: handling.consult(
                app, me, third_party=detail, sent_on=received), "consult")  # fmt: skip
        elif what == "opinion":
            day, opinion = detail
            self.step(process, "await_opinion", lambda app: handling.record_opinion(
                app, me, answered_on=day, opinion=opinion))  # fmt: skip
        elif what == "completion":
            asked, by = detail
            self.step(process, "decide", lambda app: handling.ask_correction(
                app, me, what=asked, asked_on=received, reply_by=by), "completion")  # fmt: skip
        elif what == "arrived":
            self.step(process, "await_completion", lambda app: handling.record_correction(
                app, me, received_on=detail), "arrived")  # fmt: skip
        elif what == "lapsed":
            self.step(process, "await_completion", lambda app: handling.correction_lapsed(
                app, me, on=detail), "lapsed")  # fmt: skip
        elif what == "extend":
            days, leader, reason, day = detail
            self.step(process, "decide", lambda app: handling.extend(
                app, me, working_days=days, approved_by=leader, approved_on=day,
                reason=reason, notified_on=day), "extend")  # fmt: skip
        elif what == "answer":
            code, grounds, active = detail
            category = AnswerCategory.objects.get(code=code)
            self.step(process, "decide", lambda app: None, "answer")
            self.step(process, "answer", lambda app: handling.draft_answer(
                app, me, category=category, withheld_grounds=grounds, subject=SUBSIDY
                if SUBSIDY in app.description or "低保" in app.description else "",
                propose_active=active))  # fmt: skip
        elif what == "sign":
            self.step(process, "sign", lambda app: handling.sign(
                app, self.issuer, approved=True), "approve", self.issuer)  # fmt: skip


@transaction.atomic
def load_demo_applications():
    """The demo applications' processes, or [] when they were loaded before."""
    first = STORIES[0]
    if Application.objects.filter(name=first.applicant["name"], description=first.description):
        return []
    demo = Demo()
    processes = [demo.load(story) for story in STORIES]
    return [type(p)._default_manager.get(pk=p.pk) for p in processes]  # as they now stand
