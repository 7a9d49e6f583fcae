"""督办事项: every open share and package task of a generated year, with its unit, step,
holder, due date and working days left as the oracle counts them; summaries per unit and
per kind; a year the calendar lacks; a fixed number of queries."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.organisation.models import Person, Unit
from base.workdays.counting import WorkdayCounter as Countdown
from interpretation import rules as interpretation_rules
from proposals.models import Assignment
from supervision import board
from supervision.items import open_items
from tests.supervision import world as generated
from tests.supervision.conftest import TODAY
from workflows.interpretation.flows import InterpretationFlow

pytestmark = pytest.mark.django_db


def usernames():
    return dict(Person.objects.values_list("pk", "username"))


def test_every_open_item_is_listed_as_the_oracle_says(world):
    found = open_items(TODAY)
    by_key = {(item.source, item.object_id): item for item in found}
    assert len(by_key) == len(found) == len(world.items)
    assert {"proposal", "interpretation"} == {item.source for item in world.items}
    names, units = usernames(), dict(Unit.objects.values_list("pk", "name"))
    for expected in world.items:
        item = by_key[(expected.source, expected.object_id)]
        assert (item.kind, units[item.unit_id], item.unit_name) == (
            expected.kind, expected.unit, expected.unit
        )  # fmt: skip
        assert item.step == expected.step
        assert names.get(item.owner_id, "") == expected.owner
        assert item.due_on == expected.due_on
        assert item.days_left == world.days_left(expected)
        assert item.overdue == (expected.due_on < TODAY)
        assert item.missing_year is None
        assert item.process_id is not None
    # earliest due date first
    dates = [item.due_on for item in found]
    assert dates == sorted(dates)


def test_the_world_has_every_case_worth_checking(world):
    """The generated year is not a trivial one: each case the board distinguishes occurs."""
    items = world.items
    assert sum(item.due_on < TODAY for item in items) >= 10
    assert sum(0 <= world.days_left(item) <= 1 for item in items) >= 1
    assert sum(1 < world.days_left(item) <= 5 for item in items) >= 3
    assert sum(world.days_left(item) > 5 for item in items) >= 10
    assert any(item.owner for item in items) and any(not item.owner for item in items)
    assert {item.step for item in items if item.source == "interpretation"} == {
        "draft", "sign_off", "openness_review", "legal_review", "issue"
    }  # fmt: skip
    assert "" in {item.step for item in items if item.source == "proposal"}
    assert world.closed_shares > 100  # finished work is stored and left out


@pytest.mark.parametrize("within", [0, 1, 5, 10])
def test_summaries_per_unit_and_per_kind_match_the_oracle(world, within):
    summary = board.summarise(open_items(TODAY), within)
    units, kinds = generated.expected_tallies(world, within)
    assert {
        name: (tally.open, tally.soon, tally.overdue) for _pk, name, tally in summary.by_unit
    } == units
    got_kinds = {kind: (t.open, t.soon, t.overdue) for kind, _label, t in summary.by_kind}
    assert got_kinds == {kind: kinds.get(kind, (0, 0, 0)) for kind in got_kinds}
    assert summary.total.open == len(world.items)
    assert summary.total.overdue == sum(tally[2] for tally in units.values())
    # the most overdue unit first
    overdue = [tally.overdue for _pk, _name, tally in summary.by_unit]
    assert overdue == sorted(overdue, reverse=True)


def test_filters_by_unit_and_kind_narrow_at_the_source(world):
    education = Unit.objects.get(name="湛江市教育局")
    mine = open_items(TODAY, units={education.pk})
    assert mine and {item.unit_id for item in mine} == {education.pk}
    assert len(mine) == sum(item.unit == "湛江市教育局" for item in world.items)
    for kind in ("policy", "npc", "cppcc"):
        found = open_items(TODAY, kinds=[kind])
        assert len(found) == sum(item.kind == kind for item in world.items)


def test_the_interpretation_deadline_is_the_rule_s_deadline(world):
    """Counted with the board's one calendar, the due date is what step_deadline says."""
    for item in open_items(TODAY, kinds=["policy"]):
        task = Task.objects.get(pk=item.object_id)
        deadline = interpretation_rules.step_deadline(task.flow_task.name, task.created)
        assert item.due_on == deadline.due


def test_a_due_date_in_a_year_the_calendar_lacks_is_reported_not_an_error(world):
    share = Assignment.objects.filter(state="signed", role="lead").first()
    # 2027 and 2028 are counted provisionally after the last year entered (2026); 2029 is not
    Assignment.objects.filter(pk=share.pk).update(due_on=date(2029, 1, 15))
    package_task = Task.objects.filter(
        flow_task=InterpretationFlow.issue, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    ).first()
    # created the last working day of 2028: three working days reach into 2029
    Task.objects.filter(pk=package_task.pk).update(
        created=datetime(2028, 12, 29, 9, tzinfo=generated.SHANGHAI)
    )
    found = {(item.source, item.object_id): item for item in open_items(TODAY)}
    late_share = found[("proposal", share.pk)]
    assert late_share.missing_year == 2029 and late_share.days_left is None
    assert not late_share.overdue and not late_share.due_within(60)
    undated = found[("interpretation", package_task.pk)]
    assert undated.due_on is None and undated.missing_year == 2029 and not undated.overdue
    summary = board.summarise(list(found.values()), 5)
    assert summary.total.undated == 2


def test_countdown_counts_each_date_once_with_one_calendar():
    countdown = Countdown(date(2026, 9, 25))
    # across the Mid-Autumn and National Day holidays (tests/proposals/test_board.py)
    assert countdown.left(date(2026, 10, 9)) == (5, None)
    assert countdown.left(date(2026, 10, 12)) == (7, None)
    assert countdown.left(date(2026, 9, 25)) == (0, None)
    assert countdown.left(date(2029, 3, 1)) == (None, 2029)


def test_a_share_between_two_tasks_says_what_it_waits_for(world):
    waiting = [item for item in open_items(TODAY) if item.source == "proposal" and not item.step]
    assert waiting
    assert {item.step_title for item in waiting} <= {
        "已签收，等待其他单位", "申请调整，待交办机构决定", "待签收"
    }  # fmt: skip
    assert all(item.owner_id is None and item.task_id is None for item in waiting)


def test_the_queries_do_not_grow_with_the_number_of_items(db, frozen):
    generated.members.cache_clear()
    generated.build(TODAY, proposals=30, packages=6, seed=1)
    with CaptureQueriesContext(connection) as few:
        small = open_items(TODAY)
    generated.build(TODAY, proposals=300, packages=60, seed=2)
    with CaptureQueriesContext(connection) as many:
        large = open_items(TODAY)
    assert len(large) > 5 * len(small)
    # + 2 at most: who may take a package nobody has taken yet is read once, when there is one
    assert len(many) <= len(few) + 2 <= 14, [query["sql"][:80] for query in many.captured_queries]


def test_a_finished_task_or_a_replied_share_is_not_open(world):
    found = open_items(TODAY)
    some = next(item for item in found if item.source == "interpretation")
    Task.objects.filter(pk=some.object_id).update(status=STATUS.DONE)
    share = next(item for item in found if item.source == "proposal")
    Assignment.objects.filter(pk=share.object_id).update(state="replied")
    keys = {(item.source, item.object_id) for item in open_items(TODAY)}
    assert ("interpretation", some.object_id) not in keys
    assert ("proposal", share.object_id) not in keys
    assert len(keys) == len(found) - 2


def test_a_task_seeded_with_something_else_is_not_a_share(world):
    share = next(item for item in open_items(TODAY) if item.source == "proposal" and item.step)
    Task.objects.filter(pk=share.task_id).update(
        seed_content_type=ContentType.objects.get_for_model(Unit)
    )
    again = {(i.source, i.object_id): i for i in open_items(TODAY)}[("proposal", share.object_id)]
    assert again.task_id is None and again.step == ""
    assert again.due_on == share.due_on


def test_countdown_counts_as_working_days_left_does(db):
    """Each way from today, across holidays and make-up days, and into a missing year."""
    from base.workdays.deadlines import CalendarMissingYear, working_days_left

    today = date(2026, 9, 25)
    countdown = Countdown(today)
    days = [date(2026, 9, 25) + timedelta(days=n) for n in range(-300, 100, 7)]
    for day in [*days, *reversed(days)]:
        try:
            expected = (working_days_left(today, day), None)
        except CalendarMissingYear as missing:
            expected = (None, missing.year)
        assert countdown.left(day) == expected, day
