"""The demo suggestions and proposals (demo/proposals-2026.csv) taken through the flow as the
city would have them at the end of November 2026.

The items of 市十五届人大五次会议 were assigned on 10 February 2026 and those of 市政协十四届
五次会议 on 3 March, so every due date falls in 2026, the last year the holiday calendar holds.
What happens to each item is written down in PLAN, by its number: most are replied, with the
proposer's feedback and a disclosure decision; some wait at a step in the middle; one unit's
adjustment request waits for the office; one dissatisfied proposer's item is being handled
again. Every step is taken by a person of the unit with the step's role, through the
activations the staff pages use (services.do); the times the domain records (signing,
opinions, versions, reviews, sending, feedback, disclosure) are then set to working days that
follow the item's pace. The audit log and viewflow's tasks keep the real time of loading.

An item whose process is past "assign" is left alone, so loading again changes nothing. When
items were moved on, viewflow's timer dispatcher runs once at the end, as `workflow_timers`
does: the shares still owed after their due date are marked overdue.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone, translation
from viewflow.workflow.status import STATUS
from viewflow.workflow.timers import fire_due_timers

from base.organisation.models import Person
from base.organisation.roles import Role
from base.privacy.confidentiality import Checklist
from base.privacy.redaction import decide_all
from base.workdays.deadlines import WorkingCalendar
from proposals import replies, reply_defaults, rules
from proposals.models import (
    Assignment,
    AssignmentRole,
    ContactMethod,
    Disclosure,
    DisclosureDecision,
    Extension,
    Feedback,
    Kind,
    LetterReview,
    LetterVersion,
    Opinion,
    Proposal,
    ReplyLetter,
    ResultClass,
    Satisfaction,
)
from proposals.sittings import sitting
from workflows import catalogue
from workflows.models import ProposalProcess
from workflows.proposals import services
from workflows.proposals.demo_texts import (
    ADJUSTMENTS,
    ANSWERS,
    CHIKAN,
    CIVIL,
    CONTACTS,
    DEV,
    EDU,
    FIN,
    FIRST_DRAFTS,
    HOUSING,
    OFFICE,
    OPINIONS,
    SECOND_ROUND,
    SERVICE,
    XIASHAN,
)
from workflows.proposals.flows import ProposalFlow

SESSIONS = {Kind.NPC: (15, 5), Kind.CPPCC: (14, 5)}
ASSIGNED = {Kind.NPC: datetime(2026, 2, 10, 9, 30), Kind.CPPCC: datetime(2026, 3, 3, 9, 30)}
OFFICE_CLERK = "clerk"
# the plan's last action (a draft saved on 12 November): on a machine whose clock is not past
# it, the items are left waiting to be assigned
LAST_ACTION = date(2026, 11, 12)

# unit: letter number prefix, the number its letters of the year start from, office phone, and
# what the proposer is thanked for caring about
LETTERHEAD = {
    EDU: ("湛教函", 18, "0759-3183520", "教育工作"),
    CIVIL: ("湛民函", 21, "0759-3226471", "民政工作"),
    HOUSING: ("湛建函", 35, "0759-3361285", "住房城乡建设工作"),
    DEV: ("湛发改函", 42, "0759-3338062", "发展改革工作"),
    FIN: ("湛财函", 27, "0759-3210937", "财政工作"),
    SERVICE: ("湛行服函", 9, "0759-3380126", "政务服务工作"),
    OFFICE: ("湛府办函", 15, "0759-3332104", "政务公开工作"),
    CHIKAN: ("赤府函", 12, "0759-3352618", "我区工作"),
    XIASHAN: ("霞府函", 16, "0759-2283947", "我区工作"),
}

# where a share stops: the step it waits at, or
DONE = "done"  # replied, feedback entered, disclosure decided
AGAIN = "again"  # the proposer was dissatisfied: handled again, the new letter in draft

# days from one action on a share to its next, at pace 1
DAYS = {
    "sign_for": 2,
    "opinion": 20,
    "contact": 12,
    "draft_reply": 18,
    "redraft": 4,
    "check": 3,
    "leader": 3,
    "sign": 3,
    "feedback": 20,
    "disclose": 7,
}
# the letter's reviews in order, each with the role the flow gives it
REVIEWERS = [
    (code, catalogue.step(ProposalFlow, code).holders.role) for code in ("check", "leader", "sign")
]

SATISFIED, BASICALLY = Satisfaction.SATISFIED, Satisfaction.BASICALLY
FULL, PARTIAL = DisclosureDecision.FULL, DisclosureDecision.PARTIAL
FULL_REASON = "答复内容不涉及国家秘密、商业秘密和个人隐私，提出人同意公开，予以全文公开。"
NO_CONSENT_REASON = "提出人不同意公开个人信息，删去提出人姓名后公开办理结果。"
WITHHELD_REASON = "答复中的项目投资数额尚待审批，暂不公开，其余内容公开。"


@dataclass(frozen=True)
class Reply:
    """One replying unit's share: where it stops and how it ends."""

    unit: str
    result: str = "A"
    until: str = DONE
    satisfaction: str = SATISFIED
    comment: str = ""
    disclosure: str = FULL
    withheld: str = ""  # partial disclosure leaves this out (by default the proposer's name)
    extension: tuple = ()  # (approved on, new due date, reason)
    feedback_on: date | None = None
    pace: float | None = None  # this share's own pace, if not the item's


@dataclass(frozen=True)
class Item:
    number: int
    pace: float
    replies: tuple

    @property
    def kind(self):
        return Kind.NPC if self.number < 200 else Kind.CPPCC


def item(number, pace, *shares):
    return Item(number, pace, shares)


# fmt: off
PLAN = [
    # number, pace (1: replied within about two months), each replying unit's share
    item(101, 1.1, Reply(EDU)),
    item(102, 1.2, Reply(CIVIL, "B", satisfaction=BASICALLY,
                         comment="希望加快街道综合养老服务中心建设进度。")),
    item(103, 1.0, Reply(HOUSING, "B")),
    item(104, 1.3, Reply(HOUSING, "B"), Reply(CHIKAN),
         Reply(XIASHAN, satisfaction=BASICALLY, comment="希望尽快完成公交站点改造。")),
    item(105, 1.3, Reply(DEV, "B", until="feedback")),
    item(106, 1.1, Reply(DEV, "B", disclosure=PARTIAL,
                         withheld="，码头改造和游客服务中心项目估算总投资1.8亿元，"
                                  "正在办理前期手续")),
    item(107, 7.0, Reply(DEV, "B", until="leader")),
    item(108, 1.0, Reply(SERVICE)),
    item(109, 1.2, Reply(OFFICE)),
    item(110, 1.0, Reply(DEV, until="sign_for")),  # ADJUSTMENTS
    item(111, 2.3, Reply(EDU, "B", until=AGAIN, satisfaction=Satisfaction.DISSATISFIED,
                         comment="答复较原则，没有明确周转宿舍的建设数量、资金安排和完成时间，"
                                 "希望细化落实。",
                         extension=(date(2026, 5, 6), date(2026, 8, 10),
                                    "周转宿舍建设涉及用地和资金安排，需会同住建、财政部门研究，"
                                    "申请延期答复。"),
                         feedback_on=date(2026, 9, 15))),
    item(112, 1.3, Reply(FIN, "C", satisfaction=BASICALLY, comment="希望今后逐步提高补助标准。")),
    item(113, 1.0, Reply(HOUSING, until="opinion")),  # 霞山区 has not given its opinion
    item(114, 1.1, Reply(CIVIL, disclosure=PARTIAL)),
    item(115, 5.0, Reply(HOUSING, "B", until="check")),
    item(116, 1.0, Reply(SERVICE)),
    item(201, 1.2, Reply(DEV, "B")),
    item(202, 4.2, Reply(EDU, until="draft_reply")),  # FIRST_DRAFTS: returned by the checker
    item(203, 1.3, Reply(DEV, "C", satisfaction=BASICALLY, comment="希望进一步加大执法力度。")),
    item(204, 1.0, Reply(DEV, "B")),
    item(205, 1.3, Reply(EDU, until="disclose")),
    item(206, 1.2, Reply(HOUSING, "B", until="sign", pace=6.0), Reply(CHIKAN)),
    item(207, 1.2, Reply(CIVIL, "B", satisfaction=BASICALLY, disclosure=PARTIAL,
                         comment="希望扩大智能监护设备的覆盖面。")),
    item(208, 1.0, Reply(FIN)),
    item(209, 1.1, Reply(SERVICE)),
    item(210, 1.3, Reply(XIASHAN, until="feedback"), Reply(HOUSING, "B")),
    item(211, 3.0, Reply(DEV, until="contact")),
    item(212, 1.3, Reply(HOUSING, "B", disclosure=PARTIAL)),
    item(213, 1.0, Reply(OFFICE)),
    item(214, 4.4, Reply(EDU, until="leader")),
]
# fmt: on


class Clock:
    """When one share's actions happened: working days at the item's pace, each after the
    one before, all before today."""

    def __init__(self, start, pace, seed):
        self.now, self.pace, self.seed, self.count = start, pace, seed, 0
        self.calendar = WorkingCalendar()

    def after(self, step, on=None, days=None):
        self.count += 1
        days = DAYS[step] if days is None else days
        day = on or self.now.date() + timedelta(days=round(days * self.pace))
        while day < timezone.localdate() and not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        hour, minute = 9 + (self.seed + 3 * self.count) % 8, (7 * self.seed + 13 * self.count) % 60
        moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        moment = max(moment, self.now + timedelta(minutes=40))
        if moment.date() >= timezone.localdate():
            raise ValueError(f"第{self.seed}号演示件的日期 {moment:%Y-%m-%d} 不在今天之前。")
        self.now = moment
        return moment

    def fork(self, pace=None):
        clock = Clock(self.now, pace or self.pace, self.seed)
        clock.count = self.count
        return clock


class Demo:
    """Takes the planned items through the flow, each step by the right person."""

    def __init__(self):
        self.office = Person.objects.get(username=OFFICE_CLERK)
        self.teams = {}
        self.numbers = defaultdict(set)
        self.classes = {c.code: c for c in ResultClass.objects.all()}

    def team(self, unit):
        """{role: person} of a handling unit: its first person with each role."""
        if unit not in self.teams:
            people = list(Person.objects.filter(unit__name=unit).order_by("pk"))
            team = {}
            for role in [Role.HANDLING_CLERK, *(role for _step, role in REVIEWERS)]:
                found = [person for person in people if person.has_role(role)]
                if not found:
                    raise LookupError(f"{unit}没有{role.label}，请先载入演示人员。")
                team[role] = found[0]
            self.teams[unit] = team
        return self.teams[unit]

    def clerk(self, unit):
        return self.team(unit)[Role.HANDLING_CLERK]

    def number(self, unit, day):
        """The unit's letter number for a letter drafted on `day`: its letters of the year are
        numbered in about the order they were written (湛教函〔2026〕33号)."""
        prefix, first = LETTERHEAD[unit][:2]
        number = first + (day - date(2026, 1, 1)).days // 6
        while number in self.numbers[unit]:
            number += 1
        self.numbers[unit].add(number)
        return f"{prefix}〔2026〕{number}号"

    @staticmethod
    def do(process, step, person, act, share=None):
        seed = {} if share is None else {"assignment": share}
        services.do(person, services.open_tasks(process, step, **seed).get(), act)

    # the item: assignment, signing for it, the co-units' opinions

    def advance(self, item, proposal, process):
        start = timezone.make_aware(ASSIGNED[item.kind])
        clock = Clock(start, item.pace, item.number)
        lead, co_units = proposal.suggested_lead_unit, list(proposal.suggested_co_units.all())

        def assign(task):
            rules.assign(proposal, lead, co_units, proposal.handling, self.office, when=start)

        self.do(process, "assign", self.office, assign)
        shares = list(proposal.assignments.order_by("pk"))
        replying = {share.unit.name for share in shares if share.role != AssignmentRole.CO}
        if replying != {reply.unit for reply in item.replies}:
            raise ValueError(f"{proposal.label}：演示计划的答复单位与交办单位不一致。")

        adjustment = ADJUSTMENTS.get(item.number)
        for index, share in enumerate(shares):
            at = clock.after("sign_for", days=None if index == 0 else 1)
            clerk = self.clerk(share.unit.name)
            if index == 0 and adjustment:

                def adjust(task, clerk=clerk):
                    rules.request_adjustment(task.seed, adjustment, clerk)

                self.do(process, "sign_for", clerk, adjust, share)
                continue

            def sign(task, clerk=clerk, at=at):
                rules.sign_for(task.seed, clerk)
                Assignment.objects.filter(pk=task.seed.pk).update(signed_at=at)

            self.do(process, "sign_for", clerk, sign, share)
        if adjustment:
            return  # the office has not decided yet

        co_shares = [share for share in shares if share.role == AssignmentRole.CO]
        for index, share in enumerate(co_shares):
            text = OPINIONS.get((item.number, share.unit.name))
            if text is None:
                continue
            at = clock.after("opinion", days=None if index == 0 else 3)
            clerk = self.clerk(share.unit.name)
            contact = f"{clerk.get_full_name()} {LETTERHEAD[share.unit.name][2]}"

            def opinion(task, clerk=clerk, text=text, contact=contact, at=at):
                written = rules.write_opinion(task.seed, text, contact, clerk)
                Opinion.objects.filter(pk=written.pk).update(written_at=at)

            self.do(process, "opinion", clerk, opinion, share)
        if any((item.number, share.unit.name) not in OPINIONS for share in co_shares):
            return  # a co-unit's opinion is still owed

        by_unit = {share.unit.name: share for share in shares}
        for reply in item.replies:
            Branch(
                self, process, proposal, by_unit[reply.unit], reply, clock.fork(reply.pace)
            ).run()


class Branch:
    """One replying unit's share, from contacting the proposer to the disclosure decision."""

    def __init__(self, demo, process, proposal, share, reply, clock):
        self.demo, self.process, self.proposal, self.share = demo, process, proposal, share
        self.reply, self.clock = reply, clock
        self.key = (proposal.number, share.unit.name)
        self.team = demo.team(share.unit.name)
        self.clerk = self.team[Role.HANDLING_CLERK]

    def do(self, step, person, act):
        self.demo.do(self.process, step, person, act, self.share)

    def run(self):
        reply, office = self.reply, self.demo.office
        if reply.until == "contact":
            return
        if reply.extension:
            approved_on, new_due, reason = reply.extension
            rules.extend(self.share, new_due, reason, office)
            at = self.clock.after("contact", on=approved_on)
            Extension.objects.filter(assignment=self.share).update(approved_at=at)
        self.contact(first=True)
        if not self.draft_and_review():
            return
        # signed: the flow has sent the letter
        sent = self.clock.now + timedelta(hours=1)
        ReplyLetter.objects.filter(assignment=self.share, sent_at__isnull=False).update(
            sent_at=sent
        )
        Assignment.objects.filter(pk=self.share.pk).update(replied_at=sent)
        if reply.until == "feedback":
            return

        letter = replies.current_letter(self.share)
        at = self.clock.after("feedback", on=reply.feedback_on)

        def feedback(task):
            given = replies.record_feedback(letter, reply.satisfaction, reply.comment, office)
            # before the task completes: handling again is due three months from this day
            Feedback.objects.filter(pk=given.pk).update(at=at)

        self.do("feedback", office, feedback)
        if reply.until == AGAIN:
            self.contact(first=False)
            at = self.clock.after("redraft")
            number = self.demo.number(self.share.unit.name, at.date())
            self.save_draft(
                SECOND_ROUND[self.key], number=number, result_class=self.demo.classes["A"]
            )
            return
        if reply.until == "disclose":
            return

        at = self.clock.after("disclose")
        released, reason = "", FULL_REASON
        if reply.disclosure == PARTIAL and reply.withheld:
            released, reason = letter.body.replace(reply.withheld, ""), WITHHELD_REASON
        elif reply.disclosure == PARTIAL:
            name = self.proposal.lead_proposer.name
            released, reason = letter.body.replace(name, "×××"), NO_CONSENT_REASON

        # 保密审查: withheld figures are 过程性信息, a name left out is 个人隐私
        checklist = Checklist(
            state_secret=False,
            trade_secret=False,
            personal_privacy=reply.disclosure == PARTIAL and not reply.withheld,
            process_info=bool(reply.withheld),
        )

        def disclose(task):
            if self.proposal.consent_to_publish:  # the proposers agreed: their names stay
                texts = replies.published_texts(letter, released or None)
                for name in replies.proposer_names(self.proposal):
                    decide_all(office, texts, "name", name, "keep")
            decided = replies.disclose(
                letter, reply.disclosure, reason, released, office, checklist=checklist
            )
            Disclosure.objects.filter(pk=decided.pk).update(decided_at=at)

        self.do("disclose", office, disclose)

    def draft_and_review(self):
        """Drafts and takes the letter through the unit's review (a planned return sends it
        back once); True when it was signed, False when the share waits on the way."""
        reply, team = self.reply, self.team
        returned = FIRST_DRAFTS.get(self.key)
        head = team[Role.UNIT_LEADER]
        at = self.clock.after("draft_reply")
        self.submit(
            returned[2] if returned else ANSWERS[self.key],
            at,
            number=self.demo.number(self.share.unit.name, at.date()),
            result_class=self.demo.classes[reply.result],
            signer=head.get_full_name(),
            contact_person=self.clerk.get_full_name(),
            contact_phone=LETTERHEAD[self.share.unit.name][2],
            copy_to=copy_to(self.proposal, self.share.unit.name),
        )
        while True:
            for step, role in REVIEWERS:
                if reply.until == step:
                    return False
                returns = returned is not None and returned[0] == step
                self.review(step, team[role], not returns, returned[1] if returns else "")
                if returns:
                    returned = None
                    at = self.clock.after("redraft")
                    if reply.until == "draft_reply":
                        self.save_draft(ANSWERS[self.key])
                        return False
                    self.submit(ANSWERS[self.key], at)
                    break
            else:
                return True

    def contact(self, first):
        at = self.clock.after("contact")
        who = addressee(self.proposal)
        method = METHODS[(self.proposal.number + self.share.unit_id + first) % len(METHODS)]
        summary = CONTACTS[method].format(who=who)

        def act(task):
            rules.record_contact(
                task.seed, self.clerk, method=method, contacted_on=at.date(), summary=summary
            )

        self.do("contact", self.clerk, act)

    def write(self, answer, **fields):
        letter = replies.current_letter(Assignment.objects.get(pk=self.share.pk))
        for name, value in fields.items():
            setattr(letter, name, value)
        letter.body = letter_body(self.proposal, self.share.unit.name, answer, letter.round)
        letter.full_clean()
        letter.save()
        return letter

    def submit(self, answer, at, **fields):
        def act(task):
            version = replies.submit(self.write(answer, **fields), self.clerk)
            LetterVersion.objects.filter(pk=version.pk).update(saved_at=at)

        self.do("draft_reply", self.clerk, act)

    def save_draft(self, answer, **fields):
        """The clerk has taken the task and saved a draft, not yet submitted."""
        task = services.open_tasks(self.process, "draft_reply", assignment=self.share).get()
        with task.activation() as activation:
            if activation.task.status == STATUS.NEW:
                activation.assign(self.clerk)
        self.write(answer, **fields)

    def review(self, step, person, approved, comment):
        at = self.clock.after(step)

        def act(task):
            entry = replies.review(
                replies.current_letter(task.seed), step, approved, comment, person
            )
            LetterReview.objects.filter(pk=entry.pk).update(at=at)

        self.do(step, person, act)


METHODS = [ContactMethod.PHONE, ContactMethod.MEETING, ContactMethod.VISIT]


def addressee(proposal):
    return f"{proposal.lead_proposer.name}{'代表' if proposal.kind == Kind.NPC else '委员'}"


def letter_body(proposal, unit, answer, round_=1):
    with translation.override("zh-hans"):  # a letter is Chinese whatever the caller's language
        meeting = sitting(proposal.term, proposal.session, proposal.kind)
    item = f"《{proposal.title}》（第{proposal.number:04d}号）"
    if round_ == 1:
        opening = f"您在{meeting}上提出的{item}收悉。经认真研究，现答复如下："
    else:
        opening = (
            f"您对{unit}就{item}所作答复提出的意见收悉。经会同有关单位进一步研究，现再次答复如下："
        )
    return (
        f"{addressee(proposal)}：\n{opening}\n{answer}\n感谢您对{LETTERHEAD[unit][3]}的关心和支持。"
    )


def copy_to(proposal, unit):
    """As a new letter of the unit's share is copied: the city's offices for the kind and the
    co-units (proposals/reply_defaults.py)."""
    return reply_defaults.copy_to(proposal.assignments.live().get(unit__name=unit))


def waiting_items():
    """(plan item, proposal, process) of each demo item still waiting to be assigned."""
    for item in PLAN:
        term, session = SESSIONS[item.kind]
        proposal = Proposal.objects.filter(
            kind=item.kind, term=term, session=session, number=item.number
        ).first()
        if proposal is None:
            continue
        process = ProposalProcess.objects.filter(
            flow_class=ProposalFlow, artifact_object_id=proposal.pk
        ).first()
        if process is not None and services.open_tasks(process, "assign").exists():
            yield item, proposal, process


@dataclass
class Progress:
    moved: int  # items moved on by this load
    steps: Counter  # step title -> processes waiting there; 办结 for finished ones
    overdue: int  # shares marked overdue


@transaction.atomic
def load_demo_proposals():
    """Moves the demo items still waiting at "assign" to their planned step, then fires the
    due timers once; None when no item was waiting (loaded before) or it is too early."""
    waiting = list(waiting_items())
    if not waiting or timezone.localdate() <= LAST_ACTION:
        return None
    demo = Demo()
    for item, proposal, process in waiting:
        demo.advance(item, proposal, process)
    fire_due_timers()
    return progress(len(waiting))


STEPS = ["decide_adjustment", "sign_for", "opinion", "contact", "draft_reply", "check", "leader",
         "sign", "feedback", "disclose"]  # fmt: skip


def progress(moved):
    finished, waiting = 0, Counter()
    for process in ProposalProcess.objects.filter(flow_class=ProposalFlow):
        finished += process.finished is not None
        open_tasks = process.task_set.filter(
            flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
        )
        waiting.update({task.flow_task.name for task in open_tasks})
    steps = Counter({"办结": finished} if finished else {})
    for name in sorted(waiting, key=STEPS.index):
        steps[str(getattr(ProposalFlow, name).task_title)] = waiting[name]
    overdue = Assignment.objects.filter(overdue_since__isnull=False).count()
    return Progress(moved, steps, overdue)
