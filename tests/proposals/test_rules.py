from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from base.workdays.deadlines import working_days_left
from proposals import rules
from proposals.models import Assignment, Proposal

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# a fixed moment: a deadline from today would reach 2027, whose schedule is not out yet
WHEN = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)


@pytest.fixture
def office(db):
    load_units_and_people()
    return Person.objects.get(username="clerk")


@pytest.fixture
def proposal(db):
    return Proposal.objects.create(
        kind="npc", term=15, session=5, number=101, title="关于", body="内容"
    )


def unit(name):
    return Unit.objects.get(name=name)


def test_the_reply_is_due_three_months_after_assignment_on_a_working_day(proposal):
    # 2025-11-15 + 3 months = 2026-02-15, inside the Spring Festival holiday (2/15–2/23)
    assigned = datetime(2025, 11, 15, 9, tzinfo=SHANGHAI)
    assert rules.deadline("npc", assigned).due == date(2026, 2, 24)
    assert rules.ceiling("npc", assigned) == date(2026, 5, 15)


def test_lead_and_co_units_get_one_assignment_each_with_the_deadline(office, proposal):
    when = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
    made = rules.assign(
        proposal,
        unit("湛江市教育局"),
        [unit("湛江市财政局"), unit("湛江市民政局")],
        "lead",
        office,
        when,
    )
    assert [(a.unit.name, a.role) for a in made] == [
        ("湛江市教育局", "lead"), ("湛江市财政局", "co"), ("湛江市民政局", "co")
    ]  # fmt: skip
    assert {a.due_on for a in made} == {date(2026, 6, 2)}
    assert AuditRecord.objects.filter(action="proposals.assigned").count() == 1


def test_split_handling_gives_every_unit_its_own_part(office, proposal):
    made = rules.assign(
        proposal,
        unit("湛江市赤坎区人民政府"),
        [unit("湛江市霞山区人民政府")],
        "split",
        office,
        WHEN,
    )
    assert {a.role for a in made} == {"split"}
    proposal.refresh_from_db()
    assert proposal.handling == "split"


@pytest.mark.parametrize(
    ("lead", "co", "handling", "message"),
    [
        ("湛江市教育局", ["湛江市教育局"], "lead", "不能重复交办"),
        ("湛江市教育局", [], "split", "分办须至少交办两个单位"),
        (None, ["湛江市财政局"], "lead", "须指定主办单位"),
    ],
)
def test_impossible_assignments_are_refused(office, proposal, lead, co, handling, message):
    with pytest.raises(ValidationError, match=message):
        rules.assign(proposal, lead and unit(lead), [unit(n) for n in co], handling, office, WHEN)
    assert not Assignment.objects.exists()


def test_the_database_allows_one_live_lead_unit(office, proposal):
    rules.assign(proposal, unit("湛江市教育局"), [], "lead", office, WHEN)
    with pytest.raises(IntegrityError):
        Assignment.objects.create(
            proposal=proposal, unit=unit("湛江市财政局"), role="lead",
            assigned_at=datetime(2026, 3, 2, tzinfo=SHANGHAI), due_on=date(2026, 6, 2),
        )  # fmt: skip


def test_extensions_move_later_but_never_past_six_months(office, proposal):
    when = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
    (lead,) = rules.assign(proposal, unit("湛江市教育局"), [], "lead", office, when)
    with pytest.raises(ValidationError, match="最长期限 2026-09-02"):
        rules.extend(lead, date(2026, 9, 3), "需要更多时间", office)
    with pytest.raises(ValidationError, match="须晚于当前期限"):
        rules.extend(lead, date(2026, 5, 1), "需要更多时间", office)
    with pytest.raises(ValidationError, match="须写明理由"):
        rules.extend(lead, date(2026, 8, 1), " ", office)
    rules.extend(lead, date(2026, 9, 2), "涉及跨年度预算安排", office)
    lead.refresh_from_db()
    assert lead.due_on == date(2026, 9, 2) and lead.extensions.count() == 1


def test_a_unit_asks_for_an_adjustment_with_a_reason(office, proposal):
    (lead,) = rules.assign(proposal, unit("湛江市教育局"), [], "lead", office, WHEN)
    with pytest.raises(ValidationError, match="须写明理由"):
        rules.request_adjustment(lead, "", office)
    rules.request_adjustment(lead, "该事项属市民政局职责", office)
    assert Assignment.objects.get(pk=lead.pk).state == "adjusting"


@pytest.mark.parametrize(
    ("today", "due", "left", "why"),
    [
        (date(2026, 9, 30), date(2026, 10, 9), 2, "National Day 10/1–10/7 does not count"),
        (date(2026, 10, 9), date(2026, 10, 12), 2, "Saturday 10/10 is worked, Sunday is not"),
        (date(2026, 10, 12), date(2026, 10, 8), -3, "overdue: 10/9, 10/10 (worked), 10/12"),
        (date(2026, 11, 27), date(2026, 11, 27), 0, "due today"),
    ],
)
def test_working_days_left_follow_the_calendar(today, due, left, why):
    assert working_days_left(today, due) == left, why
