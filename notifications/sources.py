"""Where events come from: the actions themselves, heard without touching the code below.

- **A task arrives**: viewflow saves a new task of a human step (`workflows.nodes.Step`)
  that nobody has yet: it goes to the people the step catalogue names for the item
  (`Holders.candidates`, as `workflows.handover` finds them). A task the flow assigns as it
  makes it (the drafter's draft) is not announced: it follows the drafter's own
  registration, or a return, whose notice carries the comment.
- **Everything else** is in the audit log already, written in the action's transaction
  (`base.audit.record`): a package returned with its comment or approved; a publication on
  the portal, withdrawn or failed at a target; an adjustment asked for or decided; feedback
  received; a reply letter sent (also to the proposer, `notifications.proposers`); a task
  reassigned by the unit leader (改派: its new holder and the one it was taken from).
- **Due dates moved** by the calendar: `supervision.due_dates` already writes each person's
  staff-site notice and sends `dates_moved`; the e-mails and robots follow it here.

Each handler runs inside a savepoint of the action's transaction: the event commits with
the action, and a fault in a handler is logged and costs the notice, never the action.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from base.organisation.models import Person, UnitKind
from base.organisation.roles import Role
from interpretation.models import PolicyDocument
from notifications import proposers
from notifications.events import People, raise_event
from notifications.models import Kind
from proposals.models import Assignment, Proposal, ReplyLetter
from publications.models import Kind as PublicationKind
from publications.models import Publication
from workflows.models import InterpretationProcess, ProposalProcess
from workflows.nodes import Step
from workflows.proposals.access import branch_assignment

log = logging.getLogger(__name__)

MY_WORK = "staff:work:mine:index"


def path(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return "/staff/"


def item_link(item):
    """The item's process page in the staff site (the reader must be allowed to see it)."""
    if isinstance(item, PolicyDocument):
        model, name = InterpretationProcess, "staff:policy:interpretation:process_detail"
    else:
        model, name = ProposalProcess, "staff:proposals:proposal:process_detail"
    process = model.objects.filter(artifact_object_id=item.pk).values_list("pk", flat=True)
    return path(name, process.first()) if process else path(MY_WORK)


def named(item):
    if isinstance(item, PolicyDocument):
        return f"《{item.title}》（{item.number}）" if item.number else f"《{item.title}》"
    return str(item)  # 人大建议第0012号《…》


def guarded(handler):
    """Runs a handler in a savepoint, in the product's language; a fault is logged."""

    def run(*args, **kwargs):
        try:
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                handler(*args, **kwargs)
        except Exception:  # noqa: BLE001 — a notice must never cost the action itself
            log.exception("notice not raised by %s", handler.__name__)

    return run


def leaders(unit_id):
    return People().holders(Role.UNIT_LEADER, unit_id=unit_id)


def clerks(unit_id):
    return People().holders(Role.HANDLING_CLERK, unit_id=unit_id)


def office(role=Role.PROPOSAL_CLERK, kind=UnitKind.PROPOSAL_OFFICE):
    return People().holders(role, unit_kind=kind)


# a task arrives


def on_task_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and isinstance(instance.flow_task, Step):
        guarded(task_arrived)(instance)


def task_arrived(task):
    node = task.flow_task
    item = task.process.artifact
    if isinstance(item, PolicyDocument):
        unit_id, drafter_id = item.drafting_unit_id, item.drafter_id
    else:
        share = branch_assignment(task)
        unit_id, drafter_id = (share.unit_id if share else None), None
    if task.owner_id:
        # a task the flow assigns as it makes it (the drafter's draft) follows the person's
        # own registration, or a return whose notice says so with the comment: no second one
        return
    people = node.holders.candidates(People(), unit_id=unit_id, drafter_id=drafter_id)
    if not people:
        return
    if node.holders.across_units:  # the office's step: its robot, not the item unit's
        unit_id = unit_of(people[0])
    raise_event(
        f"task-{task.pk}",
        Kind.TASK,
        _("新待办：%(step)s %(item)s") % {"step": node.task_title, "item": named(item)},
        _("“%(step)s”已到，请在“我的待办”中办理。") % {"step": node.task_title},
        link=path(MY_WORK),
        unit_id=unit_id,
        people=people,
    )


def unit_of(person_id):
    from base.organisation.models import Person

    return Person.objects.filter(pk=person_id).values_list("unit_id", flat=True).first()


# the audit log


def on_audit_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    action = instance.action
    handler = HANDLERS.get(action)
    if handler is None and action.startswith("interpretation.") and action.endswith(".return"):
        handler = package_returned
    if handler is not None:
        guarded(handler)(instance)


def subject(record, model):
    return model.objects.filter(pk=record.object_id).first() if record.object_id else None


def package_returned(record):
    document = subject(record, PolicyDocument)
    if document is None:
        return
    comment = record.details.get("comment", "")
    raise_event(
        f"audit-{record.pk}",
        Kind.RETURNED,
        _("退回修改：%(item)s") % {"item": named(document)},
        _("%(who)s退回了该文件，意见：%(comment)s")
        % {"who": record.actor_name, "comment": comment},
        link=item_link(document),
        unit_id=document.drafting_unit_id,
        people=[document.drafter_id],
    )


def package_approved(record):
    document = subject(record, PolicyDocument)
    if document is None:
        return
    raise_event(
        f"audit-{record.pk}",
        Kind.APPROVED,
        _("审批通过：%(item)s") % {"item": named(document)},
        _("该文件及其解读已签发，将同步发布。"),
        link=item_link(document),
        unit_id=document.drafting_unit_id,
        people=[document.drafter_id, *leaders(document.drafting_unit_id)],
    )


def publication_people(publication):
    """Who answers for a publication: a policy's drafter and unit leaders; a reply's unit."""
    if publication.kind == PublicationKind.POLICY:
        document = PolicyDocument.objects.filter(pk=publication.source_id).first()
        drafter = [document.drafter_id] if document else []
        return [*drafter, *leaders(publication.unit_id)]
    return [*clerks(publication.unit_id), *leaders(publication.unit_id)]


def publication_title(publication):
    version = publication.versions.order_by("-number").first()
    return version.title if version else str(publication)


def publication_changed(record):
    publication = subject(record, Publication)
    if publication is None or publication.kind == PublicationKind.INTERPRETATION:
        return  # an interpretation goes and comes with its document: one notice for both
    title = publication_title(publication)
    if record.action == "publication.withdrawn":
        kind, heading = Kind.WITHDRAWN, _("已撤回：%(title)s")
        body = _("撤回理由：%(reason)s") % {"reason": record.details.get("reason", "")}
        people = publication_people(publication)
    elif record.action == "publication.failed":
        kind, heading = Kind.DELIVERY_FAILED, _("发布失败：%(title)s")
        body = _("同步到“%(target)s”失败：%(error)s") % {
            "target": record.details.get("target", ""),
            "error": record.details.get("error", ""),
        }
        people = [
            *People().holders(Role.ADMINISTRATOR),
            *office(Role.OPENNESS_REVIEWER, UnitKind.GOVERNMENT_OFFICE),
        ]
    elif record.details.get("target") == "portal" and record.details.get("event") == "publish":
        kind, heading = Kind.PUBLISHED, _("已发布：%(title)s")
        body = _("已在门户网站公开。")
        people = publication_people(publication)
    else:
        return  # delivered to a further target: the portal's notice said it
    raise_event(
        f"audit-{record.pk}",
        kind,
        heading % {"title": title},
        body,
        link=path("staff:publications:desk:index"),
        unit_id=None if kind == Kind.DELIVERY_FAILED else publication.unit_id,
        people=people,
    )


def adjustment_requested(record):
    share = subject(record, Assignment)
    if share is None:
        return
    people = office()
    raise_event(
        f"audit-{record.pk}",
        Kind.ADJUSTMENT_REQUESTED,
        _("申请调整：%(unit)s · %(item)s") % {"unit": share.unit, "item": share.proposal},
        _("理由：%(reason)s") % {"reason": record.details.get("reason", "")},
        link=item_link(share.proposal),
        unit_id=unit_of(people[0]) if people else None,
        people=people,
    )


def adjustment_decided(record):
    if record.action == "proposals.adjustment_refused":
        share = subject(record, Assignment)
        if share is None:
            return
        proposal, unit_id = share.proposal, share.unit_id
        body = _("不同意调整，请签收办理。理由：%(comment)s") % {
            "comment": record.details.get("comment", "")}  # fmt: skip
    else:  # proposals.adjusted: the share moved to another unit
        proposal = subject(record, Proposal)
        if proposal is None:
            return
        share = proposal.assignments.filter(unit__name=record.details.get("from_unit")).first()
        if share is None:
            return
        unit_id = share.unit_id
        body = _("同意调整，已改由%(unit)s办理。") % {"unit": record.details.get("to_unit", "")}
    raise_event(
        f"audit-{record.pk}",
        Kind.ADJUSTMENT_DECIDED,
        _("调整申请已处理：%(item)s") % {"item": proposal},
        body,
        link=item_link(proposal),
        unit_id=unit_id,
        people=[*clerks(unit_id), *leaders(unit_id)],
    )


def feedback_received(record):
    letter = subject(record, ReplyLetter)
    if letter is None:
        return
    share = letter.assignment
    satisfaction = letter.feedbacks.filter(proposal_id=share.proposal_id).first()
    raise_event(
        f"audit-{record.pk}",
        Kind.FEEDBACK,
        _("收到反馈：%(item)s") % {"item": share.proposal},
        _("代表委员的意见：%(satisfaction)s。")
        % {"satisfaction": satisfaction.get_satisfaction_display() if satisfaction else ""},
        link=item_link(share.proposal),
        unit_id=share.unit_id,
        people=[*clerks(share.unit_id), *leaders(share.unit_id), *office()],
    )


def reply_sent(record):
    letter = subject(record, ReplyLetter)
    if letter is not None:
        proposers.reply_sent(letter)


def full_name(person):
    return person.get_full_name() or person.get_username()


def task_reassigned(record):
    """改派: the new holder hears the task is theirs now; the previous one that it moved."""
    details = record.details
    task = Task.objects.filter(pk=details.get("task")).first()
    if task is None or not isinstance(task.flow_task, Step):
        return
    item, step = task.process.artifact, task.flow_task.task_title
    who = full_name(record.actor) if record.actor else record.actor_name
    found = Person.objects.filter(username__in=[details.get("after"), details.get("before")])
    people = {person.username: person for person in found}
    target, before = people.get(details.get("after")), people.get(details.get("before"))
    if target is not None:
        raise_event(
            f"audit-{record.pk}",
            Kind.TASK,
            _("改派给您：%(step)s %(item)s") % {"step": step, "item": named(item)},
            _("%(who)s将“%(step)s”改派给您，请在“我的待办”中办理。") % {"who": who, "step": step},
            link=item_link(item),
            people=[target],  # the person's own: not into the unit's work chat
        )
    if before is not None:
        raise_event(
            f"audit-{record.pk}-before",
            Kind.TASK,
            _("已改派：%(step)s %(item)s") % {"step": step, "item": named(item)},
            _("%(who)s已将“%(step)s”改派给%(name)s，您无需再办理。")
            % {"who": who, "step": step, "name": full_name(target) if target else ""},
            link=item_link(item),
            people=[before],
        )


HANDLERS = {
    "workflows.task_reassigned": task_reassigned,
    "interpretation.approved": package_approved,
    "publication.withdrawn": publication_changed,
    "publication.failed": publication_changed,
    "publication.delivered": publication_changed,
    "proposals.adjustment_requested": adjustment_requested,
    "proposals.adjustment_refused": adjustment_decided,
    "proposals.adjusted": adjustment_decided,
    "proposals.feedback": feedback_received,
    "proposals.replied": reply_sent,
}


# due dates moved by the calendar


def on_dates_moved(sender, told, why, **kwargs):
    """`told`: {person id: [(item, Move)]}, whose staff-site notice supervision wrote."""
    guarded(dates_moved)(told, why)


def dates_moved(told, why):
    from supervision.due_dates import body_of, title_of

    for pk, found in told.items():
        first = found[0][1]
        raise_event(
            f"due-{pk}-{first.source}-{first.object_id}-{first.after.isoformat()}-{len(found)}",
            Kind.DUE_MOVED,
            title_of(found),
            body_of(found, why),
            link=path(MY_WORK),
            people=[pk],
            site=False,
        )
