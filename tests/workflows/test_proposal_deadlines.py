"""The reply deadline of a share: viewflow's timer (`workflow_timers`) marks it overdue the
day after its due date, once; the reminders before it (and the overdue notice) come from
the supervision run (`supervision.reminders.send_due`, the `deadline-reminders`
deployment), once per threshold for the share whatever step it is at; neither once the
reply has been sent. The flow itself has no reminder timer any more."""

import importlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from proposals.models import Assignment
from supervision.models import Reminder
from supervision.reminders import send_due
from tests.workflows.proposal_desk import ProposalDesk
from tests.workflows.test_proposal_flow import letter
from workflows.proposals.flows import ProposalFlow

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU = "湛江市教育局"


def at(*moment):
    return time_machine.travel(datetime(*moment, tzinfo=SHANGHAI), tick=False)


def timers():
    call_command("workflow_timers", stdout=open("/dev/null", "w"))


def remind():
    from django.utils import timezone

    return send_due(timezone.localdate())


def audit(action):
    return AuditRecord.objects.filter(action=action).count()


def reminders(assignment, **lookup):
    return Reminder.objects.filter(source="proposal", object_id=assignment.pk, **lookup)


@pytest.fixture
def share(client):
    load_units_and_people()
    desk = ProposalDesk(client)
    with at(2026, 3, 2, 9, 0):
        desk.import_items({"编号": "12"})
        process = desk.process(12)
        desk.act(process, "assign", {"handling": "lead", "lead": Unit.objects.get(name=EDU).pk})
        desk.act(process, "sign_for", {"decision": "sign"}, EDU)
    return desk, process, Assignment.objects.get(proposal=process.artifact)


def test_reminded_once_per_threshold_then_marked_overdue_once(share):
    desk, process, assignment = share
    assert assignment.due_on.isoformat() == "2026-06-02"
    # 5 working days before Tue 2 June: 1 Jun, 29, 28, 27, 26 May — reminded on 26 May
    with at(2026, 5, 25, 8, 0):
        remind()
        timers()
    assert not reminders(assignment).exists()
    with at(2026, 5, 26, 8, 1):
        remind()
        remind()
        timers()
    assert set(reminders(assignment).values_list("stage", "working_days")) == {("before", 5)}
    told = reminders(assignment).count()
    assert told >= 2  # the unit's handling clerks (nobody has taken the contact task) and leader
    # the unit moves on to drafting: the new step is not reminded a second time
    with at(2026, 5, 27, 9, 0):
        desk.act(process, "contact", {"method": "phone", "contacted_on": "2026-05-27",
                                      "summary": "电话沟通。"}, EDU)  # fmt: skip
        remind()
        timers()
    assert reminders(assignment).count() == told
    with at(2026, 6, 1, 8, 0):
        remind()
    assert reminders(assignment, working_days=1).count() == told  # nobody has taken the draft
    with at(2026, 6, 2, 23, 59):
        timers()
    assert Assignment.objects.get(pk=assignment.pk).overdue_since is None
    with at(2026, 6, 3, 0, 1):
        timers()
        timers()
    assignment.refresh_from_db()
    assert assignment.overdue_since is not None
    assert audit("proposals.overdue") == 1
    with at(2026, 6, 3, 8, 0):
        remind()
        remind()
    overdue = reminders(assignment, stage="overdue")
    assert set(overdue.values_list("audience", flat=True)) == {"candidate", "leader", "office"}
    # the flow's timers never remind
    assert audit("proposals.reminded") == 0


def test_no_reminder_or_overdue_once_replied(share):
    desk, process, assignment = share
    with at(2026, 3, 3, 9, 0):
        desk.act(process, "contact", {"method": "phone", "contacted_on": "2026-03-03",
                                      "summary": "电话沟通。"}, EDU)  # fmt: skip
        desk.act(process, "draft_reply", {**letter(), "submit": "1"}, EDU)
        for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
            desk.act(process, step, {"decision": "approve"}, EDU, job)
    with at(2026, 6, 10, 9, 0):
        timers()
        remind()
    assert audit("proposals.overdue") == 0
    assert not reminders(assignment).exists()


def test_a_branch_step_has_one_timer_the_overdue_mark(share):
    _desk, process, _assignment = share
    assert not hasattr(ProposalFlow, "remind") and not hasattr(ProposalFlow, "reminded")
    contact = ProposalFlow.instance.node("contact__timeout", no_obsolete=True)
    assert contact is not None and contact._next.name == "mark_overdue"
    assert ProposalFlow.instance.node("contact__timeout_2", no_obsolete=True) is None
    waiting = Task.objects.filter(process=process, flow_task_type="TIMER", status=STATUS.SCHEDULED)
    assert [task.flow_task.name for task in waiting] == ["contact__timeout"]
    assert waiting.get().scheduled == datetime(2026, 6, 3, tzinfo=SHANGHAI)


def test_the_migration_moves_stored_timers_to_the_new_names(share):
    """Timers stored before the reminder timer was removed: the waiting reminder is
    cancelled, the overdue timer keeps waiting under its new name."""
    _desk, process, _assignment = share
    flow = "workflows/proposals.flows.ProposalFlow"
    waiting = Task.objects.get(process=process, flow_task_type="TIMER", status=STATUS.SCHEDULED)
    Task.objects.filter(pk=waiting.pk).update(flow_task=f"{flow}.contact__timeout_2")
    old_reminder = Task.objects.create(
        process=process, flow_task=f"{flow}.contact__timeout", flow_task_type="TIMER",
        status=STATUS.SCHEDULED, scheduled=datetime(2026, 5, 26, 8, tzinfo=SHANGHAI),
    )  # fmt: skip
    migration = importlib.import_module("supervision.migrations.0002_proposal_reminder_timers")
    migration.forwards(apps, None)

    old_reminder.refresh_from_db()
    assert old_reminder.status == STATUS.CANCELED
    raw = Task.objects.filter(pk__in=[waiting.pk, old_reminder.pk]).values_list("pk", "flow_task")
    names = dict(raw.values_list("pk", "flow_task"))
    assert names[waiting.pk].name == "contact__timeout"  # fires the overdue mark
    assert names[old_reminder.pk].name == "contact__reminder_timeout"  # obsolete, never fires
    assert Task.objects.get(pk=waiting.pk).status == STATUS.SCHEDULED
