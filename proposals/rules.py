"""The rules of handling suggestions and proposals, as plain functions for the flow, the
staff pages, the board and imports alike."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base import audit
from base.organisation.models import UnitKind
from base.organisation.roles import Role
from base.workdays.deadlines import add_months
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    ContactRecord,
    Extension,
    Feedback,
    HandlingDeadline,
    Opinion,
    ReplyLetter,
)
from proposals.replies import again_due


def deadline(kind, assigned_at, calendar_=None, months=None):
    """The reply is due N months after assignment (N per kind, data), moved to a working day.
    `months` saves the look-up when many are counted at once."""
    months = months or HandlingDeadline.objects.get(kind=kind).months
    return add_months(timezone.localdate(assigned_at), months, calendar_)


def ceiling(kind, assigned_at):
    """No extension may pass this date: the kind's maximum months after assignment."""
    rule = HandlingDeadline.objects.get(kind=kind)
    return add_months(timezone.localdate(assigned_at), rule.max_months).nominal_due


def counted_dues(shares, calendar_):
    """{share pk: Deadline} for the shares whose due date the rules set, counted again with
    `calendar_` (after a holiday schedule changed). A share a person extended keeps its
    date; one handled again counts from the dissatisfied feedback (`replies.handle_again`),
    any other from its assignment (`deadline`). A few queries, whatever the number."""
    rows = list(shares.values_list("pk", "proposal__kind", "assigned_at"))
    pks = [pk for pk, _kind, _at in rows]
    extended = set(
        Extension.objects.filter(assignment_id__in=pks).values_list("assignment_id", flat=True)
    )
    again = {}  # share -> the feedback its latest round counts from
    feedback = Feedback.objects.filter(letter__assignment_id__in=pks).order_by("letter__round")
    for share, at in feedback.values_list("letter__assignment_id", "at"):
        again[share] = at
    rounds = set(
        ReplyLetter.objects.filter(assignment_id__in=pks, round__gte=2).values_list(
            "assignment_id", flat=True
        )
    )
    months = dict(HandlingDeadline.objects.values_list("kind", "months"))
    dues = {}
    for pk, kind, assigned_at in rows:
        if pk in extended:
            continue
        if pk in rounds and pk in again:
            dues[pk] = again_due(again[pk], calendar_)
        else:
            dues[pk] = deadline(kind, assigned_at, calendar_, months[kind])
    return dues


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
    if proposal.merged_into_id:  # 并案: answered by its main item's handling
        problems.append(
            _("%(item)s已并入%(main)s，随主办件办理，不能单独交办。")
            % {"item": proposal.label, "main": proposal.merged_into.label}
        )
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


def sign_for(assignment, person):
    """签收: the unit accepts its share; from now on it cannot ask for an adjustment."""
    if assignment.state != AssignmentState.ASSIGNED:
        raise ValidationError(_("该交办已签收或正在调整，不能重复签收。"))
    assignment.state, assignment.signed_at = AssignmentState.SIGNED, timezone.now()
    assignment.save(update_fields=["state", "signed_at"])
    audit.record(person, "proposals.signed_for", assignment)


@transaction.atomic
def decide_adjustment(assignment, person, new_unit=None, comment=""):
    """The office decides an adjustment request: with `new_unit` the share moves there (a
    fresh assignment with its own deadline); without, the unit keeps it and must sign."""
    if assignment.state != AssignmentState.ADJUSTING:
        raise ValidationError(_("该交办没有待处理的调整申请。"))
    if new_unit is None:
        if not comment.strip():
            raise ValidationError(_("不同意调整时须写明理由。"))
        assignment.state = AssignmentState.ASSIGNED
        assignment.save(update_fields=["state"])
        audit.record(person, "proposals.adjustment_refused", assignment, comment=comment)
        return assignment
    live = assignment.proposal.assignments.live()
    if live.filter(unit=new_unit).exists():
        raise ValidationError(_("%(unit)s已承办该件，请选择其他单位。") % {"unit": new_unit})
    assignment.state = AssignmentState.WITHDRAWN
    assignment.save(update_fields=["state"])
    when = timezone.now()
    moved = Assignment.objects.create(
        proposal=assignment.proposal,
        unit=new_unit,
        role=assignment.role,
        assigned_at=when,
        due_on=deadline(assignment.proposal.kind, when).due,
    )
    audit.record(
        person, "proposals.adjusted", assignment.proposal,
        from_unit=str(assignment.unit), to_unit=str(new_unit), comment=comment,
    )  # fmt: skip
    return moved


OPINION_MONTHS = 1


def opinion_due(assignment, calendar_=None):
    """Co-units send their opinion within one month of assignment."""
    return add_months(timezone.localdate(assignment.assigned_at), OPINION_MONTHS, calendar_)


def write_opinion(assignment, text, contact, person):
    if assignment.role != AssignmentRole.CO:
        raise ValidationError(_("只有会办单位提出会办意见。"))
    if not text.strip():
        raise ValidationError(_("会办意见不能为空。"))
    opinion = Opinion.objects.create(
        assignment=assignment, text=text, contact=contact, written_by=person
    )
    audit.record(person, "proposals.opinion_written", assignment)
    return opinion


def record_contact(assignment, person, **contact):
    if contact["contacted_on"] > timezone.localdate():
        raise ValidationError(_("沟通日期不能晚于今天。"))
    record = ContactRecord.objects.create(assignment=assignment, recorded_by=person, **contact)
    audit.record(person, "proposals.contacted", assignment, method=record.method)
    return record


def in_proposal_office(person):
    in_office = person.unit_id is not None and person.unit.kind == UnitKind.PROPOSAL_OFFICE
    return person.has_role(Role.PROPOSAL_CLERK) and in_office


def visible_to(person, proposals):
    """The proposal office sees every item; a unit sees the items it has a live share of."""
    if person.is_superuser or in_proposal_office(person):
        return proposals
    if person.unit_id is None:
        return proposals.none()
    mine = Assignment.objects.live().filter(unit_id=person.unit_id)
    return proposals.filter(pk__in=mine.values("proposal_id"))


def mark_overdue(assignment, actor):
    """The due date passed without a reply: the share is overdue until the reply is sent."""
    late = timezone.localdate() > assignment.due_on
    if assignment.state == AssignmentState.REPLIED or assignment.overdue_since or not late:
        return False
    assignment.overdue_since = timezone.now()
    assignment.save(update_fields=["overdue_since"])
    audit.record(actor, "proposals.overdue", assignment, due=assignment.due_on.isoformat())
    return True
