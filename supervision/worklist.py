"""我的待办: the open tasks of both processes that a person holds, or may take, in one list.

Who may take a task is not decided here: the steps' own declarations (`workflows.catalogue`)
say which steps could be the person's at all, the flow's `visible_tasks` narrows them to what
the person sees, and each unclaimed task is asked the step's own rule `node.may_take(person,
task)` — which, with delegation, makes up `node.allows`, the rule that lets the person open it.
So the list never offers a task that answers 403, nor hides one that the person could do.

A person standing in for a colleague (委托办理, `workflows.delegation`) also finds the tasks
the colleague holds and those the colleague could take (asked as the colleague), each marked
代某某办理, unless the person may take it in their own right; the colleague keeps seeing what
the stand-in took for them (李四代办中), to take it back when they return.

Due dates are the ones the supervision board shows: a package step's working-day deadline
(`items.step_due`), a proposal share's own date, an application's answer date
(applications.deadlines); the proposal office's own steps have none.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.status import STATUS

from applications.deadlines import answer_due
from applications.models import Application
from base.workdays.counting import WorkdayCounter
from base.workdays.deadlines import CalendarMissingYear
from interpretation.models import PolicyDocument
from proposals.models import Assignment, Proposal
from supervision.items import step_due, title_of
from workflows import catalogue, delegation
from workflows.applications.flows import ApplicationFlow
from workflows.models import open_tasks
from workflows.proposals.flows import ProposalFlow
from workflows.steps import Reach


@dataclass(slots=True)
class Work:
    task_id: int
    process_id: int
    node: object  # the flow node of the task's step
    label: str  # 湛府办〔2018〕22号, 政协提案第0213号
    title: str
    unit_name: str  # whose work the item is: the drafting unit, the share's unit
    held: bool  # the person has taken the task; otherwise they may take it
    created: datetime
    due_on: date | None = None
    days_left: int | None = None
    missing_year: int | None = None
    provisional: bool = False  # the due date lies in a year counted provisionally (暂定)
    on_behalf: str = ""  # whom the person does it for (委托办理): 张三 in 代张三办理
    stand_in: str = ""  # who holds it for the person (李四代办中), which they may take back

    @property
    def step_title(self):
        return title_of(self.node)

    @property
    def overdue(self):
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self):
        return -self.days_left if self.overdue else None

    @property
    def url(self):
        """The task's own page, which opens the form or offers to take the task."""
        return self.node.reverse("index", args=[self.process_id, self.task_id])


def could_hold(person, info):
    """A step the person might hold somewhere: their own drafts, or a role they have."""
    return info.holders.reach == Reach.DRAFTER or person.has_role(info.holders.role)


def takes_share_date(node):
    """A step due by its share's date (the unit's reply), not by working days nor undated
    (the proposal office's own steps on a share, such as entering the feedback)."""
    info = catalogue.step(node.flow_class, node.name)
    return info is not None and info.deadline is not None and info.working_days is None


def open_for(holder, may_take):
    """The open tasks `holder` holds, and those untaken that `may_take(task)` admits, each flow
    narrowed by its own rules."""
    candidates = [info.node for info in catalogue.steps() if could_hold(holder, info)]
    theirs = Q(owner=holder) | Q(status=STATUS.NEW, flow_task__in=candidates)
    for flow_class in catalogue.FLOWS:
        tasks = open_tasks(catalogue.steps(flow_class)).filter(theirs)
        tasks = flow_class.visible_tasks(holder, tasks).select_related("process")
        for task in tasks.order_by("created", "pk"):
            if task.owner_id == holder.pk or may_take(task):
                yield task


def may_take_as(person, task):
    return task.flow_task.may_take(person, task)


def my_tasks(person):
    """The open tasks the person holds or may take; those a stand-in holds for them (each
    given `stand_in`, the stand-in's name); then those of whom they stand in for (each given
    `on_behalf`, the colleague's name), unless the person's own already."""
    found = list(open_for(person, partial(may_take_as, person)))
    for task in found:
        task.on_behalf = delegation.on_behalf_of(task) if task.owner_id == person.pk else ""
    for task in found:
        task.stand_in = ""
    seen = {task.pk for task in found}
    lent = delegation.lent(person, open_tasks(catalogue.steps()).select_related("owner"))
    for task in lent.select_related("process").order_by("created", "pk"):
        task.on_behalf, task.stand_in = "", delegation.name_of(task.owner)
        seen.add(task.pk)
        found.append(task)
    for delegator in delegation.delegators_of(person):
        name = delegation.name_of(delegator)
        for task in open_for(delegator, partial(may_take_as, delegator)):
            if task.pk not in seen:
                task.on_behalf, task.stand_in = name, ""
                seen.add(task.pk)
                found.append(task)
    return found


def my_work(person, today=None):
    """The person's work, the earliest due first; undated work after, oldest first."""
    today = today or timezone.localdate()
    countdown = WorkdayCounter(today)
    tasks = my_tasks(person)
    described = describe(tasks)
    work = []
    for task in tasks:
        label, title, unit_name, share_due = described[task.pk]
        item = Work(
            task_id=task.pk,
            process_id=task.process_id,
            node=task.flow_task,
            label=label,
            title=title,
            unit_name=unit_name,
            held=task.owner_id == person.pk,
            created=task.created,
            on_behalf=task.on_behalf,
            stand_in=task.stand_in,
        )
        if share_due is not None and takes_share_date(task.flow_task):
            item.due_on = share_due
            item.days_left, item.missing_year = countdown.left(share_due)
        else:
            item.due_on, item.days_left, item.missing_year = step_due(
                task.flow_task, task.created, countdown
            )
        item.provisional = item.due_on is not None and countdown.calendar.is_provisional(
            item.due_on
        )
        work.append(item)
    work.sort(key=lambda item: (item.due_on is None, item.due_on or date.max, item.created))
    return work


def describe(tasks):
    """task pk -> (label, title, unit name, the share's due date or None), a query per kind."""
    documents = PolicyDocument.objects.select_related("drafting_unit").in_bulk(
        {task.process.artifact_object_id for task in tasks if is_document(task)}
    )
    applications = (
        Application.objects.select_related("organ", "unit", "correction", "extension")
        .prefetch_related("consultations")
        .in_bulk({task.process.artifact_object_id for task in tasks if is_application(task)})
    )
    proposals = Proposal.objects.in_bulk(
        {task.process.artifact_object_id for task in tasks if is_proposal(task)}
    )
    share_type = ContentType.objects.get_for_model(Assignment).pk
    shares = Assignment.objects.select_related("unit").in_bulk(
        {task.seed_object_id for task in tasks if task.seed_content_type_id == share_type}
    )
    described = {}
    for task in tasks:
        if is_proposal(task):
            proposal = proposals.get(task.process.artifact_object_id)
            share = (
                shares.get(task.seed_object_id) if task.seed_content_type_id == share_type else None
            )
            described[task.pk] = (
                proposal.label if proposal else "",
                proposal.title if proposal else "",
                share.unit.name if share else "",
                share.due_on if share else None,
            )
        elif is_application(task):
            described[task.pk] = describe_application(
                task, applications.get(task.process.artifact_object_id)
            )
        else:
            document = documents.get(task.process.artifact_object_id)
            described[task.pk] = (
                document.number if document else "",
                document.title if document else "",
                document.drafting_unit.name if document else "",
                None,
            )
    return described


def is_proposal(task):
    return task.flow_task.flow_class is ProposalFlow


def is_application(task):
    return task.flow_task.flow_class is ApplicationFlow


def is_document(task):
    return not (is_proposal(task) or is_application(task))


def describe_application(task, application):
    """An application's step: its receipt number, the office's subject (never what the
    applicant wrote), the unit at work and the answer's due date (None while it waits)."""
    if application is None:
        return "", "", "", None
    at_unit = task.flow_task.holders.reach == Reach.ITEM_UNIT
    unit = application.unit if at_unit else application.organ
    try:
        due = answer_due(application).due
    except CalendarMissingYear:
        due = None
    title = application.subject or str(_("政府信息公开申请"))
    return application.receipt_number, title, unit.name if unit else "", due
