"""The rules of handling suggestions and proposals, as plain functions for the flow, the
staff pages, the board and imports alike."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base import audit
from base.workdays.deadlines import add_months
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Extension,
    HandlingDeadline,
)


def deadline(kind, assigned_at):
    """The reply is due N months after assignment (N per kind, data), moved to a working day."""
    months = HandlingDeadline.objects.get(kind=kind).months
    return add_months(timezone.localdate(assigned_at), months)


def ceiling(kind, assigned_at):
    """No extension may pass this date: the kind's maximum months after assignment."""
    rule = HandlingDeadline.objects.get(kind=kind)
    return add_months(timezone.localdate(assigned_at), rule.max_months).nominal_due


def assignment_problems(handling, lead, co_units):
    units = [lead, *co_units]
    problems = []
    if lead is None:
        problems.append(_("须指定主办单位（分办时为第一个承办单位）。"))
    if len(set(units)) != len(units):
        problems.append(_("同一单位不能重复交办。"))
    if handling == "split" and len(units) < 2:
        problems.append(_("分办须至少交办两个单位。"))
    return problems


@transaction.atomic
def assign(proposal, lead, co_units, handling, person, when=None):
    """交办: one lead unit and co-units, or every unit its own part (分办)."""
    problems = assignment_problems(handling, lead, co_units)
    if problems:
        raise ValidationError(problems)
    when = when or timezone.now()
    due = deadline(proposal.kind, when).due
    roles = [(lead, AssignmentRole.SPLIT if handling == "split" else AssignmentRole.LEAD)]
    roles += [
        (unit, AssignmentRole.SPLIT if handling == "split" else AssignmentRole.CO)
        for unit in co_units
    ]
    assignments = [
        Assignment.objects.create(
            proposal=proposal, unit=unit, role=role, assigned_at=when, due_on=due
        )
        for unit, role in roles
    ]
    proposal.handling = handling
    proposal.save(update_fields=["handling"])
    audit.record(
        person, "proposals.assigned", proposal,
        units=[f"{a.unit}:{a.role}" for a in assignments], due=due.isoformat(),
    )  # fmt: skip
    return assignments


@transaction.atomic
def extend(assignment, new_due_on, reason, person):
    """延期: later than the current due date, never beyond the ceiling."""
    limit = ceiling(assignment.proposal.kind, assignment.assigned_at)
    if not reason.strip():
        raise ValidationError(_("延期须写明理由。"))
    if new_due_on <= assignment.due_on:
        raise ValidationError(
            _("延期后的期限须晚于当前期限 %(due)s。") % {"due": assignment.due_on}
        )
    if new_due_on > limit:
        raise ValidationError(
            _("延期不得超过交办之日起的最长期限 %(limit)s。") % {"limit": limit.isoformat()}
        )
    Extension.objects.create(
        assignment=assignment, reason=reason, new_due_on=new_due_on, approved_by=person
    )
    before, assignment.due_on = assignment.due_on, new_due_on
    assignment.save(update_fields=["due_on"])
    audit.record(
        person, "proposals.extended", assignment,
        before=before.isoformat(), after=new_due_on.isoformat(), reason=reason,
    )  # fmt: skip
    return assignment


def request_adjustment(assignment, reason, person):
    """申请调整: a unit asks the office to reassign; the reason is required."""
    if not reason.strip():
        raise ValidationError(_("申请调整须写明理由。"))
    if assignment.state not in (AssignmentState.ASSIGNED,):
        raise ValidationError(_("已签收或已答复的交办不能再申请调整。"))
    assignment.state, assignment.adjustment_reason = AssignmentState.ADJUSTING, reason
    assignment.save(update_fields=["state", "adjustment_reason"])
    audit.record(person, "proposals.adjustment_requested", assignment, reason=reason)
