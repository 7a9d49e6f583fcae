"""Working days per step: for each human step of both flows, the tasks finished in the year
(the ``tasks`` source) and the working days each took (``base.workdays``): the day a task
opened is not counted, the day it was done is. Each step is a figure of its own
(``step:<viewflow task reference>``), whose items figures.py lists.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count
from django.db.models.functions import Cast
from django.utils import timezone

from base.workdays.counting import WorkdayCounter
from base.workdays.deadlines import CalendarMissingYear
from reports.sources import LocalDays, task_source
from workflows import catalogue

STEP = "step:"  # a tasks figure: step:<viewflow task reference>


def working_days(counter, task):
    """The working days a task took (a WorkdayCounter shared by the list), or None when the
    calendar lacks a year it spans."""
    try:
        return counter.between(timezone.localdate(task.created), timezone.localdate(task.finished))
    except CalendarMissingYear:
        return None


@dataclass(frozen=True)
class Step:
    key: str  # step:<reference>
    flow: str
    title: str
    tasks: int
    average: float | None  # None: the calendar lacks a year some task touches
    longest: int | None
    missing_years: tuple = ()


def step_node(reference):
    """The flow node of a stored task reference, or None (a step renamed since: the figure
    keeps its raw name)."""
    return catalogue.nodes_by_reference().get(reference)


def grouped_by_hour(tasks, local):
    """(reference, opened, done, count): the tasks grouped by step and by the UTC hour they
    were opened and done (`LocalDays.text`): one scan of the task table, no time zone function
    per row, and far fewer groups than tasks."""
    return (
        tasks.order_by()
        .annotate(
            reference=Cast("flow_task", output_field=CharField()),
            opened=local.text("created"),
            done=local.text("finished"),
        )
        .values_list("reference", "opened", "done")
        .annotate(n=Count("pk"))
    )


def steps(scope):
    """Per human step of both flows: the tasks finished in the year, their average and longest
    working days, in the order of the flows."""
    counter, local_day = WorkdayCounter(), LocalDays(scope.year)
    counted, totals, longest = defaultdict(int), defaultdict(int), {}
    missing = defaultdict(set)
    for reference, opened, done, n in grouped_by_hour(task_source(scope), local_day):
        first, last = local_day(opened), local_day(done)
        counted[reference] += n
        try:
            spent = counter.between(first, last)
        except CalendarMissingYear:
            years = range(first.year, last.year + 1)
            missing[reference].update(year for year in years if not counter.has_year(year))
            continue
        totals[reference] += n * spent
        longest[reference] = max(longest.get(reference, 0), spent)
    nodes = {reference: step_node(reference) for reference in counted}

    def position(reference):
        node = nodes[reference]
        return (0, *catalogue.position(node), reference) if node else (1, 0, 0, reference)

    result = []
    for reference in sorted(counted, key=position):
        node = nodes[reference]
        result.append(
            Step(
                key=STEP + reference,
                flow=str(node.flow_class.process_title) if node else "",
                title=str(node.task_title) if node else reference,
                tasks=counted[reference],
                average=None if missing[reference] else totals[reference] / counted[reference],
                longest=None if missing[reference] else longest[reference],
                missing_years=tuple(sorted(missing[reference])),
            )
        )
    return result
