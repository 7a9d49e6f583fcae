"""Every figure of a year computed from the plan alone (tests/reports/year.py), without the
ORM and without `base.workdays`: working days come from the `chinese_calendar` package, due
dates from a month counted by hand. A figure is the set of things it counts (items by kind and
number, shares by kind, number and unit, documents by number), so a test compares both the
count and the list behind it.
"""

import calendar
from datetime import date, timedelta
from statistics import mean

import chinese_calendar
from django.utils import timezone

from tests.reports.year import NOW_DAY

MONTHS = 3  # the default handling deadline of both kinds
FORMS = ["text", "graphic", "qa", "video", "press", "article"]
SATISFACTION = ["satisfied", "basically", "dissatisfied"]
DECISIONS = ["full", "partial", "none"]


def workday(day):
    return chinese_calendar.is_workday(day)


def months_later(day, count):
    index = day.month - 1 + count
    year, month = day.year + index // 12, index % 12 + 1
    due = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    while not workday(due):
        due += timedelta(days=1)
    return due


def working_days(first, last):
    return sum(workday(first + timedelta(days=n)) for n in range(1, (last - first).days + 1))


def local_day(moment):
    return timezone.localtime(moment).date()


def in_year(item, year):
    if item.submitted_on is not None:
        return item.submitted_on.year == year
    return local_day(item.registered).year == year


def share_state(item, share):
    """(due date, reply day or None, latest satisfaction, handled again)."""
    start = share.moved_at or item.assigned
    due = share.extended_to or months_later(local_day(start), MONTHS)
    replied = share.sent
    satisfaction = share.feedback
    again = share.feedback == "dissatisfied"
    if again:
        due = months_later(share.feedback_on, MONTHS)
        replied = share.again_sent
        satisfaction = share.again_feedback or share.feedback
    return due, replied, satisfaction, again


def figures(plan, year, unit=None, today=NOW_DAY):
    """{figure key: set of what it counts}."""
    found = {}

    def put(key, what):
        found.setdefault(key, set()).add(what)

    keys = [
        "proposals.received", "proposals.npc", "proposals.cppcc", "proposals.key",
        "shares.all", "shares.replied", "shares.on_time", "shares.late", "shares.open",
        "shares.overdue", "shares.due", "shares.result_none", "shares.no_feedback",
        "shares.again", "shares.undecided",
        "documents.approved", "documents.proactive", "documents.together",
        "documents.not_together", "documents.livelihood", "documents.livelihood_graphic",
        "documents.later_forms",
    ]  # fmt: skip
    keys += ["proposals.unassigned"] if unit is None else ["proposals.leading", "proposals.co"]
    keys += [f"shares.result_{code}" for code in "ABCD"]
    keys += [f"shares.{value}" for value in SATISFACTION]
    keys += [f"shares.disclosed_{value}" for value in DECISIONS]
    keys += [f"documents.{value}" for value in ("regulation", "normative", "other")]
    keys += [f"documents.form_{value}" for value in FORMS]
    keys += [
        f"register.{kind}_{what}"
        for kind in ("regulation", "normative")
        for what in ("issued", "repealed", "in_force")
    ]
    for key in keys:
        found[key] = set()

    for item in plan.items:
        if not in_year(item, year):
            continue
        label = (item.kind, item.number)
        units = {share.unit for share in item.shares} if item.assigned else set()
        if unit is not None and unit not in units:
            continue
        put("proposals.received", label)
        put(f"proposals.{item.kind}", label)
        if item.key_item:
            put("proposals.key", label)
        if unit is None and item.assigned is None:
            put("proposals.unassigned", label)
        if unit is not None:
            roles = {share.role for share in item.shares if share.unit == unit}
            if roles - {"co"}:
                put("proposals.leading", label)
            if "co" in roles:
                put("proposals.co", label)
        for share in item.shares if item.assigned else []:
            if share.role == "co" or (unit is not None and share.unit != unit):
                continue
            what = (*label, share.unit)
            due, replied, satisfaction, again = share_state(item, share)
            put("shares.all", what)
            if replied is None:
                put("shares.open", what)
                if due < today:
                    put("shares.overdue", what)
                    put("shares.due", what)
            else:
                put("shares.replied", what)
                put("shares.due", what)
                put("shares.on_time" if replied <= due else "shares.late", what)
                # a share counts in the class of its latest letter, once it is replied
                put(f"shares.result_{share.result}", what)
            if share.sent is not None:
                if satisfaction is None:
                    put("shares.no_feedback", what)
                if share.disclosure is None:
                    put("shares.undecided", what)
            if satisfaction:
                put(f"shares.{satisfaction}", what)
            if again:
                put("shares.again", what)
            if share.disclosure:
                put(f"shares.disclosed_{share.disclosure}", what)

    last = date(year, 12, 31)
    for document in plan.documents:
        if document.approved is None or (unit is not None and document.unit != unit):
            continue
        approved = local_day(document.approved)
        if document.doc_type in ("regulation", "normative"):
            kind = document.doc_type
            if approved.year == year:
                put(f"register.{kind}_issued", document.number)
            if document.repealed_on and document.repealed_on.year == year:
                put(f"register.{kind}_repealed", document.number)
            repealed = document.repealed_on is not None and document.repealed_on <= last
            expired = document.expires_on is not None and document.expires_on < last
            if approved <= last and not repealed and not expired:
                put(f"register.{kind}_in_force", document.number)
        if approved.year != year:
            continue
        number = document.number
        put("documents.approved", number)
        put(f"documents.{document.doc_type}", number)
        for form in document.forms:
            put(f"documents.form_{form}", number)
        if document.disclosure == "proactive":
            put("documents.proactive", number)
            put("documents.together" if document.together else "documents.not_together", number)
        if document.livelihood:
            put("documents.livelihood", number)
            if "graphic" in document.forms:
                put("documents.livelihood_graphic", number)
        if document.later_forms:
            put("documents.later_forms", number)
    return found


def counts(plan, year, unit=None, today=NOW_DAY):
    return {key: len(value) for key, value in figures(plan, year, unit, today).items()}


def steps(plan, year, unit=None):
    """{step name: (tasks, average, longest working days)} of the year's finished human
    tasks."""
    spent = {}
    for task in plan.tasks:
        if task.status != "DONE" or task.task_type != "HUMAN":
            continue
        if local_day(task.finished).year != year:
            continue
        if unit is not None and task_unit(plan, task) != unit:
            continue
        days = working_days(local_day(task.created), local_day(task.finished))
        spent.setdefault(task.step, []).append(days)
    return {step: (len(days), mean(days), max(days)) for step, days in spent.items()}


def task_unit(plan, task):
    if task.document:
        return next(d.unit for d in plan.documents if d.number == task.document)
    item = next(i for i in plan.items if i.number == task.item and i.kind == kind_of(task.item))
    return next(share.unit for share in item.shares if share.role != "co")


def kind_of(number):
    return "npc" if number % 2 else "cppcc"
