"""Entering 2027's schedule recomputes every open due date counted over it, in one
transaction: the shares' reply dates and the flows' overdue timers, the open policy steps;
each move audited (before, after, why), shown on the supervision board, and told once to
each person who holds the work or leads its unit. Closed and extended work keeps its dates.

The 2027 notice used here is invented (tests/base/notices/2027-example.txt): 春节 5–12
February with 14 February (Sunday) worked. Counted provisionally, only the statutory days
(5 and 8 February) are off."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from base.workdays.models import CalendarYear
from base.workdays.notice import read_notice
from base.workdays.schedule import enter_notice
from proposals import rules
from proposals.models import Assignment, AssignmentState
from supervision.models import MovedDueDate, Notice
from tests.workflows.conftest import Desk
from tests.workflows.proposal_desk import ProposalDesk
from workflows.interpretation.flows import InterpretationFlow

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU = "湛江市教育局"
NOTICE = Path(__file__).parents[1] / "base" / "notices" / "2027-example.txt"


def at(*moment):
    return time_machine.travel(datetime(*moment, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def open_work(client):
    """Three items assigned on 9 November 2026 (due 9 February 2027, provisionally): one
    open, one replied, one extended; and a policy package drafted from 29 January 2027."""
    load_units_and_people()
    office = Person.objects.get(username="clerk")
    desk = ProposalDesk(client)
    with at(2026, 11, 9, 9, 0):
        desk.import_items({"编号": "12"}, {"编号": "13", "标题": "关于b的建议"},
                          {"编号": "14", "标题": "关于c的建议"})  # fmt: skip
        for number in (12, 13, 14):
            desk.act(desk.process(number), "assign",
                     {"handling": "lead", "lead": Unit.objects.get(name=EDU).pk})  # fmt: skip
        desk.act(desk.process(12), "sign_for", {"decision": "sign"}, EDU)
    shares = {s.proposal.number: s for s in Assignment.objects.select_related("proposal")}
    Assignment.objects.filter(pk=shares[13].pk).update(
        state=AssignmentState.REPLIED, replied_at=datetime(2027, 1, 20, tzinfo=SHANGHAI)
    )
    with at(2027, 1, 20, 9, 0):
        rules.extend(shares[14], date(2027, 2, 10), "调研需要更多时间。", office)
    with at(2027, 1, 29, 9, 0):
        policy = Desk(client)
        process = policy.start()
    return shares, process


def draft_task(process):
    return Task.objects.get(
        process=process,
        flow_task=InterpretationFlow.draft,
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    )


def timer_of(task):
    return Task.objects.get(flow_task_type="TIMER", status=STATUS.SCHEDULED, previous=task)


def test_confirming_2027_recomputes_every_open_due_date_counted_over_it(open_work, client):
    shares, process = open_work
    share = Assignment.objects.get(pk=shares[12].pk)
    assert share.due_on == date(2027, 2, 9)  # provisionally a working day
    draft = draft_task(process)
    assert timer_of(draft).scheduled == datetime(2027, 2, 10, tzinfo=SHANGHAI)
    share_timers = Task.objects.filter(
        flow_task_type="TIMER",
        status=STATUS.SCHEDULED,
        process__artifact_object_id=share.proposal_id,
    ).exclude(pk=timer_of(draft).pk)
    assert {t.scheduled for t in share_timers} == {datetime(2027, 2, 10, tzinfo=SHANGHAI)}
    notices_before = Notice.objects.count()

    with at(2027, 1, 29, 10, 0):
        enter_notice(read_notice(NOTICE.read_text(encoding="utf-8")), "admin")

    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕99号"
    # 9 Feb is now 春节: the date rolls past the break to Sunday 14 Feb, a working day
    share.refresh_from_db()
    assert share.due_on == date(2027, 2, 14)
    assert {t.scheduled for t in share_timers.all()} == {datetime(2027, 2, 15, tzinfo=SHANGHAI)}
    # 5 working days from Friday 29 Jan: 1–4 Feb, then Sunday 14 Feb
    assert timer_of(draft).scheduled == datetime(2027, 2, 15, tzinfo=SHANGHAI)
    # closed and extended work keeps its dates
    assert Assignment.objects.get(pk=shares[13].pk).due_on == date(2027, 2, 9)
    assert Assignment.objects.get(pk=shares[14].pk).due_on == date(2027, 2, 10)

    moved = AuditRecord.objects.filter(action="workdays.due_moved")
    assert sorted((r.details["due"], r.details["before"], r.details["after"]) for r in moved) == [
        ("reply", "2027-02-09", "2027-02-14"),
        ("step", "2027-02-09", "2027-02-14"),
    ]
    assert all("2027年节假日安排已录入" in r.details["why"] for r in moved)
    assert MovedDueDate.objects.count() == 2

    notices = Notice.objects.order_by("pk")[notices_before:]
    told = [n.recipient.username for n in notices]
    assert len(told) == len(set(told)), "one notice per person"
    assert {"drafter", "leader", "director"} <= set(told)
    (to_director,) = [n for n in notices if n.recipient.username == "director"]
    assert "人大建议第0012号" in to_director.body
    assert "由2027年2月9日（暂定）改为2027年2月14日" in to_director.body

    # the supervision board shows the moved date beside the item
    with at(2027, 1, 29, 11, 0):
        client.force_login(Person.objects.get(username="clerk"))
        response = client.get("/staff/supervision/board/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "原为2027年2月9日" in page and "2027年2月14日" in page


def test_confirming_changes_nothing_when_no_date_moves(open_work):
    with at(2027, 1, 29, 10, 0):
        text = NOTICE.read_text(encoding="utf-8")
        # a schedule that keeps 9 February a working day moves nothing
        eight_days = (
            "至12日（农历正月初七、周五）放假调休，共8天。2月14日（周日）、2月20日（周六）上班。"
        )
        text = text.replace(eight_days, "至8日（农历正月初三、周一）放假，共4天。")
        enter_notice(read_notice(text), "admin")
    assert not AuditRecord.objects.filter(action="workdays.due_moved").exists()
    assert Assignment.objects.get(proposal__number=12).due_on == date(2027, 2, 9)
