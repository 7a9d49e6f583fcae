"""A generated year of open and finished work, bulk-created, and what it should look like
computed without the code under test.

Suggestions and proposals are assigned on working days from January to September 2026
(due three months later, all within 2026, the last year the calendar holds); most of the
early ones are replied, the others wait at every kind of step, some taken by a person and
some not, some co-units have given their opinion. Policy packages wait at each review step,
created in the weeks before `today`. The oracle counts working days with the
`chinese-calendar` package directly, not with `base.workdays`.

The benchmark (bench/supervision.py) builds its 15,000 items with the same code.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import chinese_calendar
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit, UnitKind
from base.organisation.roles import Role, group_for, group_name
from interpretation.models import PolicyDocument
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Kind,
    Opinion,
    Proposal,
)
from workflows import catalogue
from workflows.interpretation.flows import InterpretationFlow
from workflows.models import InterpretationProcess, ProposalProcess
from workflows.proposals.flows import ProposalFlow

SHANGHAI = ZoneInfo("Asia/Shanghai")
GOVERNMENT_OFFICE = "湛江市人民政府办公室"
LEGAL_OFFICE = "湛江市司法局"
HANDLING = ["湛江市财政局", "湛江市发展和改革局", "湛江市人民政府行政服务中心", "湛江市教育局",
            "湛江市民政局", "湛江市住房和城乡建设局", "湛江市赤坎区人民政府",
            "湛江市霞山区人民政府", GOVERNMENT_OFFICE]  # fmt: skip
DRAFTING = [GOVERNMENT_OFFICE, "湛江市教育局", "湛江市民政局", "湛江市财政局"]
# the role that takes each step in the unit, as the flow declares it
SHARE_STEPS = {step.code: step.holders.role for step in catalogue.within_item(ProposalFlow)}
PACKAGE_DAYS = {"draft": 5, "sign_off": 3, "openness_review": 5, "legal_review": 5, "issue": 3}
NO_EMAIL = {"mz-deputy", "xs-clerk"}  # people without an e-mail address: notices only


def is_workday(day):
    return chinese_calendar.is_workday(day)


def days_left(today, due):
    """Working days after today up to and including `due`; negative when it has passed."""
    step = 1 if due >= today else -1
    lo, hi = (today, due) if step > 0 else (due, today)
    count = sum(is_workday(lo + timedelta(days=n)) for n in range(1, (hi - lo).days + 1))
    return step * count


def add_workdays(start, count):
    day = start
    while count:
        day += timedelta(days=1)
        count -= is_workday(day)
    return day


def add_three_months(start):
    month = start.month + 3
    year, month = start.year + (month - 1) // 12, (month - 1) % 12 + 1
    for day in range(start.day, 27, -1):
        try:
            due = date(year, month, day)
            break
        except ValueError:
            continue
    else:
        due = date(year, month, start.day)
    while not is_workday(due):
        due += timedelta(days=1)
    return due


@dataclass
class OpenItem:
    """What the board must show for one open item, by the oracle."""

    source: str
    object_id: int
    kind: str
    unit: str
    step: str  # "" between two tasks
    owner: str  # username, "" when nobody has taken it
    due_on: date
    drafting_unit: str = ""  # packages
    drafter: str = ""


@dataclass
class World:
    today: date
    items: list = field(default_factory=list)  # OpenItem
    proposals: int = 0
    packages: int = 0
    closed_shares: int = 0

    def days_left(self, item):
        return days_left(self.today, item.due_on)


def staff():
    """The demo people, a drafter in every drafting unit, and e-mail addresses."""
    load_units_and_people()
    units = {unit.name: unit for unit in Unit.objects.all()}
    drafter = group_for(Role.DRAFTER)
    for name in DRAFTING:
        if name == GOVERNMENT_OFFICE:
            continue  # the demo's `drafter`
        username = f"u{units[name].pk}-drafter"
        person, _created = Person.objects.get_or_create(
            username=username, defaults={"unit": units[name], "last_name": "起", "first_name": "草"}
        )
        person.groups.add(drafter)
    for person in Person.objects.all():
        person.email = "" if person.username in NO_EMAIL else f"{person.username}@zj.gov.cn"
        person.save(update_fields=["email"])
    people = {}
    for person in Person.objects.prefetch_related("groups").select_related("unit"):
        for group in person.groups.all():
            people.setdefault((group.name, person.unit.name if person.unit else ""), person)
    return units, people


def holder(people, role, unit):
    return people.get((group_name(role), unit))


def working_days_between(first, last, rng):
    while True:
        day = first + timedelta(days=rng.randrange((last - first).days + 1))
        if is_workday(day):
            return day


@transaction.atomic
def build(today, proposals=300, packages=60, seed=2026, closed=None, history=0):
    """Creates the data; returns the World with every open item the oracle expects.

    `closed`: the share of items finished whatever their dates (None: by their due date);
    `history`: done tasks stored for each finished item, as a finished flow leaves them."""
    rng = random.Random(seed)
    units, people = staff()
    world = World(today=today, proposals=proposals, packages=packages)
    make_proposals(world, rng, units, people, proposals, closed, history)
    make_packages(world, rng, units, people, packages, closed)
    return world


def make_proposals(world, rng, units, people, count, closed, history):
    today = world.today
    first, last = date(2026, 1, 5), min(date(2026, 9, 30), today)
    # numbered after what is stored, so that a world can grow
    numbers = {kind: Proposal.objects.filter(kind=kind).count() for kind in (Kind.NPC, Kind.CPPCC)}
    items = []
    for _n in range(count):
        kind = Kind.NPC if rng.random() < 0.55 else Kind.CPPCC
        numbers[kind] += 1
        term, session = (15, 5) if kind == Kind.NPC else (13, 5)
        items.append(
            Proposal(
                kind=kind,
                term=term,
                session=session,
                number=numbers[kind],
                title=f"关于第{numbers[kind]}项民生实事的{'建议' if kind == Kind.NPC else '提案'}",
                body="内容",
            )  # fmt: skip
        )
    items = Proposal.objects.bulk_create(items, batch_size=1000)
    shares, finished = [], set()
    for proposal in items:
        assigned = working_days_between(first, last, rng)
        at = datetime.combine(assigned, time(10), tzinfo=SHANGHAI)
        due = add_three_months(assigned)
        names = rng.sample(HANDLING, 3)
        shape = rng.random()
        if shape < 0.7:
            roles = [(names[0], AssignmentRole.LEAD)]
        elif shape < 0.9:
            roles = [(names[0], AssignmentRole.LEAD), (names[1], AssignmentRole.CO)]
            if shape > 0.85:
                roles.append((names[2], AssignmentRole.CO))
        else:
            roles = [(names[0], AssignmentRole.SPLIT), (names[1], AssignmentRole.SPLIT)]
        if closed is not None:
            done = rng.random() < closed
        else:
            done = due < today - timedelta(days=20) and rng.random() < 0.9
        if done:
            finished.add(proposal.pk)
        for name, role in roles:
            if done:
                state = AssignmentState.SIGNED if role == AssignmentRole.CO else "replied"
            else:
                state = rng.choice(
                    [AssignmentState.ASSIGNED] + [AssignmentState.SIGNED] * 6
                    + ([AssignmentState.ADJUSTING] if role != AssignmentRole.CO else [])
                    + ([AssignmentState.REPLIED] * 2 if role != AssignmentRole.CO else [])
                )  # fmt: skip
            shares.append(
                Assignment(
                    proposal=proposal,
                    unit=units[name],
                    role=role,
                    state=state,
                    assigned_at=at,
                    due_on=due,
                    replied_at=at + timedelta(days=60) if state == "replied" else None,
                )  # fmt: skip
            )
    shares = Assignment.objects.bulk_create(shares, batch_size=1000)
    clerk = holder(people, Role.HANDLING_CLERK, "湛江市教育局")
    opinions, open_shares = [], []
    for share in shares:
        gave_opinion = share.role == AssignmentRole.CO and (
            share.proposal_id in finished or (share.state == "signed" and rng.random() < 0.4)
        )
        if gave_opinion:
            opinion = Opinion(assignment=share, text="同意。", contact="张三", written_by=clerk)
            opinions.append(opinion)
        elif share.state != AssignmentState.REPLIED:
            open_shares.append(share)
        else:
            world.closed_shares += 1
    Opinion.objects.bulk_create(opinions, batch_size=1000)
    world.closed_shares += len(opinions)
    processes = ProposalProcess.objects.bulk_create(
        [
            ProposalProcess(
                flow_class=ProposalFlow,
                status=PROCESS.DONE if proposal.pk in finished else PROCESS.NEW,
                artifact_content_type=ContentType.objects.get_for_model(Proposal),
                artifact_object_id=proposal.pk,
            )
            for proposal in items
        ],
        batch_size=1000,
    )
    process_of = {process.artifact_object_id: process for process in processes}
    seed_type = ContentType.objects.get_for_model(Assignment)
    tasks = []
    for share in open_shares:
        unit = share.unit.name
        if share.state == AssignmentState.ASSIGNED:
            step = "sign_for"
        elif share.state == AssignmentState.ADJUSTING:
            step = ""  # the office decides; the share has no task of its own
        elif share.role == AssignmentRole.CO:
            step = "opinion"
        else:
            step = rng.choice(["contact", "draft_reply", "check", "leader", "sign", ""])
        owner = None
        if step:
            if rng.random() < 0.5:
                owner = holder(people, SHARE_STEPS[step], unit)
            tasks.append(
                Task(
                    process=process_of[share.proposal_id],
                    flow_task=getattr(ProposalFlow, step),
                    flow_task_type="HUMAN",
                    status=STATUS.ASSIGNED if owner else STATUS.NEW,
                    owner=owner,
                    created=share.assigned_at,
                    seed_content_type=seed_type,
                    seed_object_id=share.pk,
                )  # fmt: skip
            )
        world.items.append(
            OpenItem(
                "proposal",
                share.pk,
                share.proposal.kind,
                unit,
                step,
                owner.username if owner else "",
                share.due_on,
            )  # fmt: skip
        )
    # a finished flow's branch tasks, each seeded with its share as the flow seeds them
    first_share = {}
    for share in shares:
        first_share.setdefault(share.proposal_id, share.pk)
    steps = list(SHARE_STEPS)
    for proposal_id in finished if history else ():
        for n in range(history):
            tasks.append(
                Task(
                    process=process_of[proposal_id],
                    flow_task=getattr(ProposalFlow, steps[n % len(steps)]),
                    flow_task_type="HUMAN",
                    status=STATUS.DONE,
                    created=datetime(2026, 3, 1, tzinfo=SHANGHAI),
                    finished=datetime(2026, 3, 2, tzinfo=SHANGHAI),
                    seed_content_type=seed_type,
                    seed_object_id=first_share[proposal_id],
                )
            )
    Task.objects.bulk_create(tasks, batch_size=2000)


def make_packages(world, rng, units, people, count, closed=None):
    drafters = {name: holder(people, Role.DRAFTER, name) for name in DRAFTING}
    stored = PolicyDocument.objects.count()
    documents = PolicyDocument.objects.bulk_create(
        [
            PolicyDocument(
                title=f"关于做好第{n}项民生工作的通知",
                number=f"湛府办〔2026〕{n}号",
                issuing_body="湛江市人民政府办公室",
                doc_type="normative",
                drafting_unit=units[name],
                drafter=drafters[name],
                summary="摘要",
                body="正文",
            )  # fmt: skip
            for n, name in (
                (n, rng.choice(DRAFTING)) for n in range(stored + 1, stored + count + 1)
            )
        ]
    )
    processes = InterpretationProcess.objects.bulk_create(
        [
            InterpretationProcess(
                flow_class=InterpretationFlow,
                status=PROCESS.NEW,
                artifact_content_type=ContentType.objects.get_for_model(PolicyDocument),
                artifact_object_id=document.pk,
            )
            for document in documents
        ]
    )
    reviewer = holder(people, Role.OPENNESS_REVIEWER, GOVERNMENT_OFFICE)
    legal = holder(people, Role.LEGAL_REVIEWER, LEGAL_OFFICE)
    issuer = holder(people, Role.ISSUING_LEADER, GOVERNMENT_OFFICE)
    tasks, specs = [], []
    for document, process in zip(documents, processes, strict=True):
        drafting = document.drafting_unit.name
        steps = ["draft", "sign_off", "openness_review", "legal_review", "issue"]
        if closed is None:
            step = rng.choice([*steps, "done"])
        else:
            step = "done" if rng.random() < closed else rng.choice(steps)
        if step == "done":
            earlier = world.today - timedelta(days=40)
            tasks.append(task(process, "sign_off", STATUS.DONE, None, earlier))
            continue
        created = world.today - timedelta(days=rng.randrange(0, 21))
        taken = rng.random() < 0.5
        owner, unit = None, drafting
        if step == "draft":
            owner = document.drafter  # the flow assigns the draft to its drafter
        elif step == "sign_off":
            owner = holder(people, Role.UNIT_LEADER, drafting) if taken else None
        else:
            who = {"openness_review": reviewer, "legal_review": legal, "issue": issuer}[step]
            owner = who if taken else None
            unit = who.unit.name
        status = STATUS.ASSIGNED if owner else STATUS.NEW
        tasks.append(task(process, step, status, owner, created))
        specs.append((step, owner, unit, created, drafting, document.drafter.username))
    tasks = Task.objects.bulk_create(tasks)
    open_tasks = [t for t in tasks if t.status != STATUS.DONE]
    for created_task, (step, owner, unit, created, drafting, drafter) in zip(
        open_tasks, specs, strict=True
    ):
        world.items.append(
            OpenItem(
                "interpretation",
                created_task.pk,
                "policy",
                unit,
                step,
                owner.username if owner else "",
                add_workdays(created, PACKAGE_DAYS[step]),
                drafting,
                drafter,
            )  # fmt: skip
        )


def task(process, step, status, owner, day):
    at = datetime.combine(day, time(9), tzinfo=SHANGHAI)
    return Task(
        process=process, flow_task=getattr(InterpretationFlow, step), flow_task_type="HUMAN",
        status=status, owner=owner, created=at,
        finished=at + timedelta(hours=2) if status == STATUS.DONE else None,
    )  # fmt: skip


# the oracle: what the board and the reminders must come to, from the specification


@cache
def members(role, unit=None, unit_kind=None):
    """Usernames of the active people holding `role` (in `unit`, or in units of a kind)."""
    people = Person.objects.filter(is_active=True, groups__name=group_name(role))
    if unit is not None:
        people = people.filter(unit__name=unit)
    if unit_kind is not None:
        people = people.filter(unit__kind=unit_kind)
    return tuple(sorted(people.values_list("username", flat=True)))


def expected_stage(world, item, thresholds=(5, 1)):
    if item.due_on < world.today:
        return "overdue", 0
    left = world.days_left(item)
    reached = [days for days in thresholds if left <= days]
    return ("before", min(reached)) if reached else None


def may_take(item):
    if item.source == "proposal":
        return members(SHARE_STEPS.get(item.step, Role.HANDLING_CLERK), unit=item.unit)
    return {
        "draft": (item.drafter,),
        "sign_off": members(Role.UNIT_LEADER, unit=item.drafting_unit),
        "openness_review": members(Role.OPENNESS_REVIEWER, unit_kind=UnitKind.GOVERNMENT_OFFICE),
        "legal_review": members(Role.LEGAL_REVIEWER, unit_kind=UnitKind.LEGAL_OFFICE),
        "issue": members(Role.ISSUING_LEADER),
    }[item.step]


def expected_recipients(item, stage):
    """{username: audience}: the holder or those who may take it, the unit leader, and when
    overdue the office supervising the process; each person once."""
    chosen = {}
    if item.owner:
        chosen[item.owner] = "assignee"
    for username in () if item.owner else may_take(item):
        chosen.setdefault(username, "candidate")
    for username in members(Role.UNIT_LEADER, unit=item.unit):
        chosen.setdefault(username, "leader")
    if stage == "overdue":
        office = (
            members(Role.PROPOSAL_CLERK, unit_kind=UnitKind.PROPOSAL_OFFICE)
            if item.source == "proposal"
            else members(Role.OPENNESS_REVIEWER, unit_kind=UnitKind.GOVERNMENT_OFFICE)
        )
        for username in office:
            chosen.setdefault(username, "office")
    return chosen


def expected_reminders(world, thresholds=(5, 1)):
    """{(source, object id, due date, stage, threshold, username): audience}."""
    wanted = {}
    for item in world.items:
        stage = expected_stage(world, item, thresholds)
        if stage is None:
            continue
        for username, audience in expected_recipients(item, stage[0]).items():
            wanted[(item.source, item.object_id, item.due_on, *stage, username)] = audience
    return wanted


def expected_tallies(world, within):
    """{unit name: (open, soon, overdue)} and {kind: (open, soon, overdue)}."""
    units, kinds = {}, {}
    for item in world.items:
        late = item.due_on < world.today
        soon = not late and world.days_left(item) <= within
        for table, key in ((units, item.unit), (kinds, item.kind)):
            open_, soon_, late_ = table.get(key, (0, 0, 0))
            table[key] = (open_ + 1, soon_ + soon, late_ + late)
    return units, kinds
