"""A year of openness work, made with the domain's own functions under a travelling clock.

`make_year()` writes the records of `plan()` — suggestions and proposals of 2026 (and a few of
2025 that 2026 must not count), their assignments, replies, feedback, second rounds,
extensions, an adjustment and disclosure decisions; policy documents approved, repealed and
expiring around the turn of the years; and finished, open and automatic flow tasks — and
returns the plan, from which the tests compute every figure on their own.

The clock stands at NOW (Friday 20 November 2026, 10:00 in Zhanjiang) when it is done.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.models import Task

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from interpretation import rules as interpretation_rules
from interpretation.models import Interpretation, PolicyDocument
from proposals import replies, rules
from proposals.models import (
    Assignment,
    Disclosure,
    Proposal,
    ResultClass,
)
from workflows.interpretation.flows import InterpretationFlow
from workflows.models import InterpretationProcess, ProposalProcess
from workflows.proposals.flows import ProposalFlow

YEAR = 2026
NOW_DAY = date(2026, 11, 20)
OFFICE = "湛江市人民政府办公室"
UNITS = [
    "湛江市教育局",
    "湛江市民政局",
    "湛江市住房和城乡建设局",
    "湛江市发展和改革局",
    "湛江市财政局",
    "湛江市赤坎区人民政府",
]
ASSIGNED = {"npc": (2, 10), "cppcc": (3, 3)}


def at(day, hour=10, minute=0):
    """An aware moment in Zhanjiang's time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


NOW = at(NOW_DAY)


@dataclass
class Share:
    unit: str
    role: str  # lead | split | co
    sent: date | None = None  # round 1 sent
    result: str = "A"
    feedback: str | None = None  # satisfied | basically | dissatisfied
    feedback_on: date | None = None
    again_sent: date | None = None  # round 2, after dissatisfaction
    again_feedback: str | None = None
    disclosure: str | None = None  # on the last letter
    extended_to: date | None = None
    moved_from: str | None = None  # assigned first to this unit, which asked for an adjustment
    moved_at: datetime | None = None  # when the office moved the share to `unit`


@dataclass
class Item:
    number: int
    kind: str
    submitted_on: date | None
    registered: datetime  # the moment the record was created
    key_item: bool = False
    assigned: datetime | None = None
    shares: list = field(default_factory=list)
    consent: bool = True


@dataclass
class Document:
    number: str
    doc_type: str
    unit: str
    approved: datetime | None
    disclosure: str = "proactive"
    forms: tuple = ("text",)
    livelihood: bool = False
    later_forms: tuple = ()
    together: bool = True
    repealed_on: date | None = None
    expires_on: date | None = None


@dataclass
class FlowTask:
    step: str  # a node of the flow
    created: datetime
    finished: datetime | None
    item: int | None = None  # a proposal number (kind npc) whose first replying share seeds it
    document: str | None = None  # or a document number
    status: str = "DONE"
    task_type: str = "HUMAN"


@dataclass
class Plan:
    items: list
    documents: list
    tasks: list
    people: dict = field(default_factory=dict)


def plan(seed=2026, count=48):
    """What happens in the year; the same seed gives the same year."""
    rng = random.Random(seed)
    items = []
    for number in range(1, count + 1):
        kind = "npc" if number % 2 else "cppcc"
        month, day_ = ASSIGNED[kind]
        submitted = date(YEAR, 1, 5 + number % 14)
        item = Item(
            number=number,
            kind=kind,
            submitted_on=None if number % 11 == 0 else submitted,
            registered=at(date(YEAR, 1, 20), 9, number % 60),
            key_item=number % 7 == 0,
            assigned=at(date(YEAR, month, day_), 9, 30),
            consent=number % 9 != 0,
        )
        late_batch = number % 13 == 0  # assigned in September: due in December, not late yet
        if late_batch:
            item.assigned = at(date(YEAR, 9, 1), 9, 30)
        units = rng.sample(UNITS, 3)
        if number % 10 == 3:
            item.shares = [Share(units[0], "split"), Share(units[1], "split")]
        elif number % 4 == 0:
            item.shares = [Share(units[0], "lead"), Share(units[1], "co")]
        else:
            item.shares = [Share(units[0], "lead")]
        for share in item.shares:
            if share.role == "co":
                continue
            outcome(share, rng, item, late_batch)
        items.append(item)
    # an adjustment: the first unit asks to be relieved and the office moves the share
    moved = items[5].shares[0]
    others = {s.unit for s in items[5].shares}
    moved.moved_from, moved.unit = moved.unit, next(u for u in UNITS if u not in others)
    moved.moved_at = items[5].assigned + timedelta(days=2)
    # never assigned
    for number in (count + 1, count + 2):
        items.append(Item(number, "npc", date(YEAR, 2, 1), at(date(YEAR, 2, 1)), assigned=None))
    # 2025's items, one of them registered in January 2026 but submitted in December 2025
    items += [
        Item(
            201,
            "npc",
            date(2025, 1, 10),
            at(date(2025, 1, 12)),
            assigned=at(date(2025, 2, 10)),
            shares=[
                Share(
                    "湛江市教育局",
                    "lead",
                    date(2025, 4, 1),
                    "B",
                    "satisfied",
                    date(2025, 4, 20),
                    disclosure="full",
                )
            ],
        ),  # fmt: skip
        Item(202, "cppcc", date(2025, 12, 28), at(date(YEAR, 1, 8)), assigned=None),
        Item(203, "cppcc", None, at(date(2025, 6, 3)), assigned=None),
    ]
    documents = [
        Document("湛府规〔2026〕1号", "regulation", OFFICE, at(date(YEAR, 3, 5)),
                 forms=("text", "qa")),
        Document("湛教规〔2026〕2号", "normative", "湛江市教育局", at(date(YEAR, 4, 10)),
                 forms=("text", "graphic"), livelihood=True, later_forms=("video",)),
        Document("湛民规〔2026〕3号", "normative", "湛江市民政局", at(date(YEAR, 6, 18)),
                 forms=("qa",), together=False),
        Document("湛府办〔2026〕40号", "other", OFFICE, at(date(YEAR, 7, 1)),
                 disclosure="on_request", forms=("text",)),
        Document("湛教规〔2026〕5号", "normative", "湛江市教育局", at(date(YEAR, 9, 9)),
                 forms=("text", "press", "article"), livelihood=True,
                 expires_on=date(YEAR, 12, 31)),
        Document("湛府规〔2026〕6号", "normative", OFFICE, at(date(YEAR, 1, 1), 0, 10),
                 forms=("text", "video")),
        Document("湛民规〔2025〕9号", "normative", "湛江市民政局", at(date(2025, 5, 1)),
                 repealed_on=date(YEAR, 8, 1)),
        Document("湛府规〔2025〕2号", "regulation", OFFICE, at(date(2025, 3, 1))),
        Document("湛教规〔2025〕7号", "normative", "湛江市教育局", at(date(2025, 9, 1)),
                 expires_on=date(YEAR, 6, 30)),
        Document("湛府规〔2025〕12号", "normative", OFFICE, at(date(2025, 12, 31), 23, 50)),
        Document("湛府规〔2026〕7号", "regulation", OFFICE, at(date(YEAR, 5, 5)),
                 repealed_on=date(YEAR, 10, 31)),
        Document("湛教规〔2026〕9号", "normative", "湛江市教育局", None),  # still in review
    ]  # fmt: skip
    tasks = [
        # across the National Day holiday
        FlowTask("contact", at(date(YEAR, 9, 29), 10), at(date(YEAR, 10, 9), 16), item=1),
        # over a weekend: Friday to Monday is one working day
        FlowTask("contact", at(date(YEAR, 3, 6), 17), at(date(YEAR, 3, 9), 9), item=3),
        FlowTask("contact", at(date(YEAR, 4, 2), 9), at(date(YEAR, 4, 2), 17), item=5),
        FlowTask("draft_reply", at(date(YEAR, 4, 1), 9), at(date(YEAR, 4, 15), 11), item=1),
        FlowTask("draft_reply", at(date(YEAR, 2, 11), 9), at(date(YEAR, 3, 2), 11), item=7),
        # finished in 2025: another year's
        FlowTask("draft_reply", at(date(2025, 12, 1), 9), at(date(2025, 12, 30), 9), item=201),
        # opened in 2025, finished in 2026: 2026's, counted over the turn of the year
        FlowTask("sign", at(date(2025, 12, 29), 9), at(date(YEAR, 1, 5), 9), item=201),
        FlowTask("sign", at(date(YEAR, 5, 6), 9), None, item=9, status="NEW"),
        FlowTask("sign", at(date(YEAR, 5, 6), 9), at(date(YEAR, 5, 20), 9), item=9,
                 task_type="TIMER"),
        FlowTask("sign_off", at(date(YEAR, 3, 2), 9), at(date(YEAR, 3, 4), 15),
                 document="湛府规〔2026〕1号"),
        FlowTask("sign_off", at(date(YEAR, 4, 3), 9), at(date(YEAR, 4, 9), 15),
                 document="湛教规〔2026〕2号"),
    ]  # fmt: skip
    return Plan(items, documents, tasks)


def outcome(share, rng, item, late_batch):
    """What becomes of one replying share; dates relative to its deadline."""
    assigned = item.assigned.date()
    roll = rng.random()
    if late_batch:
        if roll < 0.5:
            share.sent, share.result = assigned + timedelta(days=40), "B"
        return
    if roll < 0.12:
        return  # nothing sent yet: overdue by now
    share.result = rng.choice("AAABBC")
    if roll < 0.25:
        share.sent = assigned + timedelta(days=100)  # after the three months
    elif roll < 0.3:
        # an extension, then a reply after the first due date but before the new one
        share.extended_to = assigned + timedelta(days=130)
        share.sent = assigned + timedelta(days=110)
    else:
        share.sent = assigned + timedelta(days=rng.randint(30, 80))
    feedback = rng.random()
    if feedback < 0.1:
        return  # no feedback yet
    share.feedback_on = share.sent + timedelta(days=15)
    if feedback < 0.2:
        share.feedback = "dissatisfied"
        if rng.random() < 0.5:
            share.again_sent = share.feedback_on + timedelta(days=40)
            share.again_feedback = rng.choice(["satisfied", "basically", None])
            if share.again_feedback:
                share.disclosure = "full" if item.consent else "partial"
        return
    share.feedback = "satisfied" if feedback < 0.75 else "basically"
    disclosure = rng.random()
    if disclosure < 0.7:
        share.disclosure = "full" if item.consent else "partial"
    elif disclosure < 0.85:
        share.disclosure = "partial"
    elif disclosure < 0.92:
        share.disclosure = "none"


# ---------------------------------------------------------------------------------------------


def make_year(seed=2026, count=48):
    """Writes `plan(seed, count)` and returns it, with `people` filled in."""
    the_plan = plan(seed, count)
    with time_machine.travel(at(date(2025, 1, 2)), tick=False):
        load_units_and_people()
    units = {unit.name: unit for unit in Unit.objects.all()}
    clerk = Person.objects.get(username="clerk")
    classes = {rc.code: rc for rc in ResultClass.objects.all()}
    the_plan.people = {"clerk": clerk}
    for item in the_plan.items:
        make_item(item, units, clerk, classes)
    for document in the_plan.documents:
        make_document(document, units)
    for task in the_plan.tasks:
        make_task(task)
    return the_plan


def make_item(item, units, clerk, classes):
    with time_machine.travel(item.registered, tick=False):
        proposal = Proposal.objects.create(
            kind=item.kind,
            term=15 if item.kind == "npc" else 13,
            session=5 if item.registered.year == YEAR else 4,
            number=item.number,
            title=f"关于第{item.number}项民生事项的建议",
            body="建议加强有关工作。",
            submitted_on=item.submitted_on,
            key_item=item.key_item,
            consent_to_publish=item.consent,
        )
    if item.assigned is None:
        return
    replying = [s for s in item.shares if s.role != "co"]
    first = [units[s.moved_from or s.unit] for s in replying]
    co = [units[s.unit] for s in item.shares if s.role == "co"]
    handling = "split" if replying[0].role == "split" else "lead"
    with time_machine.travel(item.assigned, tick=False):
        assignments = rules.assign(proposal, first[0], first[1:] + co, handling, clerk)
    by_unit = {a.unit.name: a for a in assignments}
    for share in replying:
        assignment = by_unit[share.moved_from or share.unit]
        if share.moved_from:
            with time_machine.travel(share.moved_at, tick=False):
                rules.request_adjustment(assignment, "不属于本单位职责。", clerk)
                assignment = rules.decide_adjustment(
                    assignment, clerk, new_unit=units[share.unit], comment="同意调整。"
                )
        make_reply(share, assignment, clerk, classes)


def make_reply(share, assignment, clerk, classes):
    if share.extended_to:
        with time_machine.travel(at(assignment.due_on - timedelta(days=5)), tick=False):
            rules.extend(assignment, share.extended_to, "需会同有关部门研究。", clerk)
    if share.sent is None:
        return
    letter = replies.current_letter(assignment)
    number = f"湛函〔{share.sent.year}〕{assignment.pk}号"
    send(letter, number, classes[share.result], "答复正文。", share.sent)
    if share.feedback is None:
        return
    with time_machine.travel(at(share.feedback_on, 11), tick=False):
        replies.record_feedback(letter, share.feedback, "希望加快进度。", clerk)
    if share.feedback == "dissatisfied":
        with time_machine.travel(at(share.feedback_on, 14), tick=False):
            letter = replies.handle_again(letter, "flow:proposals")
        if share.again_sent is None:
            return
        number = f"湛函〔{share.again_sent.year}〕{assignment.pk}-2号"
        send(letter, number, classes[share.result], "第二次答复正文。", share.again_sent)
        if share.again_feedback is None:
            return
        with time_machine.travel(at(share.again_sent + timedelta(days=10), 11), tick=False):
            replies.record_feedback(letter, share.again_feedback, "", clerk)
    if share.disclosure:
        # the decision as the office records it (the decision page's checks are its own tests')
        with time_machine.travel(at(share.feedback_on + timedelta(days=60), 11), tick=False):
            Disclosure.objects.create(
                letter=letter,
                decision=share.disclosure,
                reason="依照规定作出公开决定。",
                released_body="答复正文（节录）。" if share.disclosure == "partial" else "",
                decided_by=clerk,
            )


def send(letter, number, result_class, body, day):
    """The letter completed and sent by the flow at 15:00 on `day`."""
    letter.number = number
    letter.result_class = result_class
    letter.body = body
    letter.save()
    with time_machine.travel(at(day, 15), tick=False):
        replies.send(letter, "flow:proposals")


def make_document(spec, units):
    unit = units[spec.unit]
    drafter = Person.objects.filter(unit=unit).order_by("pk").first()
    with time_machine.travel(at(date(2025, 1, 3)), tick=False):
        document = PolicyDocument.objects.create(
            title=f"关于{spec.number}的通知",
            number=spec.number,
            issuing_body=unit.name,
            doc_type=spec.doc_type,
            drafting_unit=unit,
            drafter=drafter,
            summary="摘要",
            body="正文",
            livelihood=spec.livelihood,
            disclosure=spec.disclosure,
            disclosure_reason="" if spec.disclosure == "proactive" else "涉及内部管理事项。",
            expires_on=spec.expires_on,
            repealed_on=spec.repealed_on,
        )
        Interpretation.objects.create(
            document=document,
            forms=list(spec.forms),
            later_forms=list(spec.later_forms),
            channel="湛江市人民政府网站",
            timing="与文件同步发布",
            interpreter="王强",
            contact="李明 0759-3100000",
            background="依据有关规定。",
            main_content="主要内容。",
        )
    if spec.approved is not None:
        interpretation_rules.approve_for_publication(document, spec.approved)
        if not spec.together:
            Interpretation.objects.filter(document=document).update(
                approved_at=spec.approved + timedelta(days=2)
            )


def make_task(spec):
    if spec.document:
        document = PolicyDocument.objects.get(number=spec.document)
        process = InterpretationProcess.objects.create(
            flow_class=InterpretationFlow,
            artifact_content_type=ContentType.objects.get_for_model(PolicyDocument),
            artifact_object_id=document.pk,
        )
        seed = {}
        node = getattr(InterpretationFlow, spec.step)
    else:
        proposal = Proposal.objects.get(kind="npc" if spec.item % 2 else "cppcc", number=spec.item)
        process = ProposalProcess.objects.create(
            flow_class=ProposalFlow,
            artifact_content_type=ContentType.objects.get_for_model(Proposal),
            artifact_object_id=proposal.pk,
        )
        share = (
            Assignment.objects.filter(proposal=proposal)
            .exclude(role="co")
            .exclude(state="withdrawn")
            .order_by("pk")
            .first()
        )
        seed = {
            "seed_content_type": ContentType.objects.get_for_model(Assignment),
            "seed_object_id": share.pk,
        }
        node = getattr(ProposalFlow, spec.step)
    Task.objects.create(
        process=process,
        flow_task=get_task_ref(node),
        flow_task_type=spec.task_type,
        status=spec.status,
        created=spec.created,
        finished=spec.finished,
        **seed,
    )
