"""The reply deadline watched by viewflow's timers (`workflow_timers`): a reminder five
working days before the due date, once; the overdue mark the day after it, once; neither
after the reply has been sent."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from proposals.models import Assignment
from tests.workflows.proposal_desk import ProposalDesk
from tests.workflows.test_proposal_flow import letter

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU = "市教育局"


def at(*moment):
    return time_machine.travel(datetime(*moment, tzinfo=SHANGHAI), tick=False)


def timers():
    call_command("workflow_timers", stdout=open("/dev/null", "w"))


def audit(action):
    return AuditRecord.objects.filter(action=action).count()


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


def test_reminded_once_then_marked_overdue_once(share):
    desk, process, assignment = share
    assert assignment.due_on.isoformat() == "2026-06-02"
    # 5 working days before Tue 2 June: 1 Jun, 29, 28, 27, 26 May — reminded on 26 May
    with at(2026, 5, 26, 7, 59):
        timers()
    assert audit("proposals.reminded") == 0
    with at(2026, 5, 26, 8, 1):
        timers()
        timers()
    assignment.refresh_from_db()
    assert assignment.reminded_for.isoformat() == "2026-06-02"
    assert audit("proposals.reminded") == 1
    # the unit moves on to drafting: the new step's timers do not remind a second time
    with at(2026, 5, 27, 9, 0):
        desk.act(process, "contact", {"method": "phone", "contacted_on": "2026-05-27",
                                      "summary": "电话沟通。"}, EDU)  # fmt: skip
        timers()
    assert audit("proposals.reminded") == 1
    with at(2026, 6, 2, 23, 59):
        timers()
    assert Assignment.objects.get(pk=assignment.pk).overdue_since is None
    with at(2026, 6, 3, 0, 1):
        timers()
        timers()
    assignment.refresh_from_db()
    assert assignment.overdue_since is not None
    assert audit("proposals.overdue") == 1


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
    assert audit("proposals.reminded") == 0 and audit("proposals.overdue") == 0
