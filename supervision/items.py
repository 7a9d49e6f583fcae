"""督办事项: every open piece of work of both processes, with its unit, kind, step, holder,
due date and the working days left.

- 建议提案 (人大建议, 政协提案): each unit's live share that still owes its part
  (`proposals.board.owing`: not replied, and for a co-unit no opinion yet). Its due date is
  the share's own; its step and holder are those of the open task of its branch (the task's
  seed is the share) or, between two tasks, what its state says.
- 政策文件及解读: each open human task of the interpretation flow. Its due date is the step's
  working-day deadline counted from the day the task was created
  (`interpretation.rules.step_deadline`); its unit is the one that must act: the holder's,
  or for a task nobody has taken, the unit of the people who may take it.

A fixed handful of queries reads everything, whatever the number of items; working days are
counted once per distinct date with one shared calendar. A date whose year the calendar
lacks is reported on the item (`missing_year`), never guessed and never an error.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from applications.deadlines import answer_due
from applications.models import Application
from base.organisation.models import Unit
from base.workdays.counting import WorkdayCounter
from base.workdays.deadlines import CalendarMissingYear
from interpretation.models import PolicyDocument
from proposals.models import Assignment, AssignmentState, Kind, Proposal
from supervision.models import Source
from supervision.people import Directory
from workflows import catalogue
from workflows.applications.flows import ApplicationFlow
from workflows.interpretation.flows import InterpretationFlow
from workflows.models import open_tasks
from workflows.proposals.flows import ProposalFlow
from workflows.steps import Reach

POLICY = "policy"
APPLICATION = Source.APPLICATION.value  # 依申请公开: a kind, and its items' source
KINDS = [(POLICY, _("政策文件及解读")), (Kind.NPC.value, Kind.NPC.label),
         (Kind.CPPCC.value, Kind.CPPCC.label), (APPLICATION, _("依申请公开"))]  # fmt: skip
KIND_ORDER = {kind: rank for rank, (kind, _label) in enumerate(KINDS)}
# a share between two tasks of its branch: what it waits for
BETWEEN_TASKS = {
    AssignmentState.ASSIGNED: _("待签收"),
    AssignmentState.SIGNED: _("已签收，等待其他单位"),
    AssignmentState.ADJUSTING: _("申请调整，待交办机构决定"),
}


@dataclass(slots=True)
class Item:
    source: str  # Source: a proposal share or an interpretation task
    object_id: int  # the Assignment's or the Task's pk
    kind: str  # POLICY, Kind.NPC or Kind.CPPCC
    label: str  # 人大建议第0012号, 湛府办〔2026〕8号
    title: str
    unit_id: int
    unit_name: str
    step: str  # the flow node's name, "" between two tasks
    step_title: str
    owner_id: int | None  # who has taken the task; None when nobody has
    owner_name: str
    due_on: date | None  # None: the deadline reaches a year the calendar lacks
    days_left: int | None  # working days after today up to the due date; negative when late
    missing_year: int | None  # the year the calendar lacks, when it lacks one
    overdue: bool
    process_id: int | None
    task_id: int | None
    role: str = ""  # a share's role (lead, co, split)
    drafting_unit_id: int | None = None
    drafter_id: int | None = None
    provisional: bool = False  # the due date lies in a year counted provisionally (暂定)
    moved: object = None  # the MovedDueDate that set the due date, where the board shows it

    @property
    def kind_label(self):
        return dict(KINDS)[self.kind]

    @property
    def days_late(self):
        """Working days past the due date (0 when it passed over a weekend or holiday)."""
        return -self.days_left if self.overdue and self.days_left is not None else None

    def due_within(self, days):
        """Not overdue and due within `days` working days (today's date counts as 0)."""
        return not self.overdue and self.days_left is not None and self.days_left <= days


_titles = {}  # (node or share state, language) -> title: a handful of entries


def title_of(node):
    """A step's title in the active language, translated once per node and language."""
    key = (node, translation.get_language())
    if key not in _titles:
        _titles[key] = str(node.task_title or node.name)
    return _titles[key]


def waiting_title(state):
    """What a share between two tasks waits for, in the active language."""
    key = (state, translation.get_language())
    if key not in _titles:
        _titles[key] = str(BETWEEN_TASKS.get(state, AssignmentState(state).label))
    return _titles[key]


def person_name(family, given, username):
    return f"{family or ''}{given or ''}".strip() or (username or "")


def proposal_labels():
    """人大建议第… as `Proposal.label` writes it, the same in every language."""
    with translation.override(None):
        return {kind: str(label) for kind, label in Kind.choices}


def open_items(today=None, *, units=None, kinds=None, countdown=None, directory=None):
    """The open items, earliest due date first; `units` (unit pks) and `kinds` narrow them
    (None: all). `directory` (people.Directory) is read only when needed, unless given."""
    today = today or timezone.localdate()
    countdown = countdown or WorkdayCounter(today)
    kinds = set(kinds) if kinds is not None else {kind for kind, _label in KINDS}
    names = dict(Unit.objects.values_list("pk", "name"))
    items = []
    if kinds & {Kind.NPC, Kind.CPPCC}:
        items += proposal_items(today, units, kinds, countdown, names)
    if POLICY in kinds:
        items += interpretation_items(today, units, countdown, names, directory)
    if APPLICATION in kinds:
        items += application_items(today, units, countdown, names)
    items.sort(
        key=lambda item: (
            item.due_on is None,
            item.due_on or date.max,
            KIND_ORDER[item.kind],
            item.unit_name,
            item.label,
        )
    )
    return items


def proposal_items(today, units, kinds, countdown, names):
    shares = Assignment.objects.live().owing().filter(proposal__kind__in=list(kinds))
    if units is not None:
        shares = shares.filter(unit_id__in=list(units))
    fields = ["pk", "proposal_id", "proposal__kind", "proposal__number", "proposal__title",
              "unit_id", "role", "state", "due_on"]  # fmt: skip
    rows = list(shares.values_list(*fields))
    # The open tasks of the units' steps, each seeded with its share. Selected by status and
    # step only, which the (status, flow_task) index answers from the open tasks alone; the
    # seed is matched here (a filter on it lets the database walk every finished task).
    branch_tasks = open_tasks(catalogue.within_item(ProposalFlow))
    fields = ["seed_content_type_id", "seed_object_id", "process_id", "pk", "flow_task",
              "owner_id", "owner__last_name", "owner__first_name", "owner__username"]  # fmt: skip
    share_type = ContentType.objects.get_for_model(Assignment).pk
    proposal_of = {row[0]: row[1] for row in rows}
    tasks, processes = {}, {}
    for seed_type, seed, process_id, *task in branch_tasks.values_list(*fields).order_by(
        "created", "pk"
    ):
        if seed_type == share_type and seed in proposal_of:
            tasks[seed] = task  # the latest open task of the branch
            processes[proposal_of[seed]] = process_id
    processes.update(process_ids(set(proposal_of.values()) - set(processes)))
    labels = proposal_labels()
    items = []
    for pk, proposal_id, kind, number, title, unit_id, role, state, due_on in rows:
        task = tasks.get(pk)
        if task:
            task_id, node, owner_id, family, given, username = task
            step, step_title = node.name, title_of(node)
            owner_name = person_name(family, given, username) if owner_id else ""
        else:
            task_id, owner_id, owner_name, step = None, None, "", ""
            step_title = waiting_title(state)
        days_left, missing = countdown.left(due_on)
        items.append(
            Item(
                source=Source.PROPOSAL,
                object_id=pk,
                kind=kind,
                label=f"{labels[kind]}第{number:04d}号",
                title=title,
                unit_id=unit_id,
                unit_name=names.get(unit_id, ""),
                step=step,
                step_title=step_title,
                owner_id=owner_id,
                owner_name=owner_name,
                due_on=due_on,
                days_left=days_left,
                missing_year=missing,
                overdue=due_on < today,
                process_id=processes.get(proposal_id),
                task_id=task_id,
                role=role,
                provisional=countdown.calendar.is_provisional(due_on),
            )
        )
    return items


def process_ids(proposal_ids, chunk=1000):
    """proposal pk -> its process pk, for items none of whose shares has an open task."""
    found, wanted = {}, sorted(proposal_ids)
    for start in range(0, len(wanted), chunk):
        found.update(
            Process.objects.filter(
                artifact_content_type=ContentType.objects.get_for_model(Proposal),
                artifact_object_id__in=wanted[start : start + chunk],
                flow_class=ProposalFlow,
            ).values_list("artifact_object_id", "pk")
        )
    return found


def acting_unit(step, owner_unit_id, drafting_unit_id, directory):
    """The unit that must act on an interpretation task: the holder's; for a task nobody has
    taken, the drafting unit at its own steps, else the unit of those who may take it."""
    if owner_unit_id is not None:
        return owner_unit_id
    info = catalogue.step(InterpretationFlow, step)
    if info is None or not info.holders.across_units:
        return drafting_unit_id
    found = {member.unit_id for member in info.holders.candidates(directory())}
    return found.pop() if len(found) == 1 else drafting_unit_id


def step_due(node, created, countdown):
    """(due date, working days left, missing year) of a task at a step with a working-day
    deadline, counted from the day the task was created; (None, None, None) for other steps."""
    info = catalogue.step(node.flow_class, node.name)
    days = info.working_days if info else None
    if days is None:
        return None, None, None
    due_on, missing = countdown.after(timezone.localdate(created), days)
    if due_on is None:
        return None, None, missing
    days_left, missing = countdown.left(due_on)
    return due_on, days_left, missing


def task_item(task, due, today, countdown, names, **fields):
    """The board's line for an open task of an interpretation or an application. `task` is
    (task pk, process pk, node, owner pk, owner's family and given name and username); `due`
    is (due date, working days left, the calendar year missing), with None for a step that
    has no deadline; `fields` name the item (source, kind, label, title, unit_id, …)."""
    task_id, process_id, node, owner_id, *owner = task
    due_on, days_left, missing = due
    return Item(
        object_id=task_id,
        unit_name=names.get(fields["unit_id"], ""),
        step=node.name,
        step_title=title_of(node),
        owner_id=owner_id,
        owner_name=person_name(*owner) if owner_id else "",
        due_on=due_on,
        days_left=days_left,
        missing_year=missing,
        overdue=due_on is not None and due_on < today,
        process_id=process_id,
        task_id=task_id,
        provisional=due_on is not None and countdown.calendar.is_provisional(due_on),
        **fields,
    )


def interpretation_items(today, units, countdown, names, directory):
    tasks = open_tasks(catalogue.steps(InterpretationFlow))
    fields = ["pk", "process_id", "process__artifact_object_id", "flow_task", "created",
              "owner_id", "owner__last_name", "owner__first_name", "owner__username",
              "owner__unit_id"]  # fmt: skip
    rows = list(tasks.values_list(*fields))
    documents = PolicyDocument.objects.filter(pk__in={row[2] for row in rows})
    documents = {
        pk: rest
        for pk, *rest in documents.values_list(
            "pk", "number", "title", "drafting_unit_id", "drafter_id"
        )
    }
    lookup = (lambda: directory) if directory is not None else cache(Directory)
    items = []
    for row in rows:
        task_id, process_id, document_id, node, created, owner_id, *owner, owner_unit = row
        if document_id not in documents or node is None:
            continue
        number, title, drafting_unit_id, drafter_id = documents[document_id]
        unit_id = acting_unit(node.name, owner_unit, drafting_unit_id, lookup)
        if units is not None and unit_id not in units:
            continue
        due_on, days_left, missing = step_due(node, created, countdown)
        items.append(
            task_item(
                (task_id, process_id, node, owner_id, *owner),
                (due_on, days_left, missing),
                today,
                countdown,
                names,
                source=Source.INTERPRETATION,
                kind=POLICY,
                label=number or f"#{document_id}",
                title=title,
                unit_id=unit_id,
                drafting_unit_id=drafting_unit_id,
                drafter_id=drafter_id,
            )
        )
    return items


def application_items(today, units, countdown, names):
    """Each open step of an application: the unit that must act (the assigned unit at its
    search, the organ's office at the others), due on the answer's date, none while the
    applicant or a third party is awaited. The title is the office's subject, never what
    the applicant wrote: the board is read beyond those who handle the application."""
    tasks = open_tasks(catalogue.steps(ApplicationFlow))
    fields = ["pk", "process_id", "process__artifact_object_id", "flow_task",
              "owner_id", "owner__last_name", "owner__first_name", "owner__username"]  # fmt: skip
    rows = list(tasks.values_list(*fields))
    applications = Application.objects.select_related("correction", "extension")
    applications = applications.prefetch_related("consultations").in_bulk({r[2] for r in rows})
    items = []
    for task_id, process_id, application_id, node, owner_id, *owner in rows:
        application = applications.get(application_id)
        if application is None or node is None:
            continue
        at_unit = catalogue.step(ApplicationFlow, node.name).holders.reach == Reach.ITEM_UNIT
        unit_id = application.unit_id if at_unit else application.organ_id
        if units is not None and unit_id not in units:
            continue
        try:
            due_on, missing = answer_due(application, countdown.calendar).due, None
        except CalendarMissingYear as lacking:
            due_on, missing = None, lacking.year
        days_left = None
        if due_on is not None:
            days_left, missing = countdown.left(due_on)
        items.append(
            task_item(
                (task_id, process_id, node, owner_id, *owner),
                (due_on, days_left, missing),
                today,
                countdown,
                names,
                source=APPLICATION,
                kind=APPLICATION,
                label=application.receipt_number,
                title=application.subject or str(_("政府信息公开申请")),
                unit_id=unit_id,
            )
        )
    return items
