"""委托办理 and 改派: who may act for whom, in one place.

A person away for a while hands their work to a colleague of the same unit who holds the same
roles (`check`, `create`, `revoke`). While the delegation is in force — its dates are
Asia/Shanghai dates, both ends included, and it is not revoked — the delegate acts for the
delegator (`delegators_of`): they see in 我的待办 the tasks the delegator holds and those the
delegator could take, and take and do them with the delegator's rights for that step, but only
while both still work in that unit and the delegate still holds the delegator's roles. What
they take so is marked 代某某办理 on the task (its data, which the process page shows), in
the audit log, and again when the step is done.

A unit leader may hand an open task of their unit to a colleague who may take that step in
their own right (改派, `reassign`). Both move the task with viewflow's own transitions (assign
for an untaken task, reassign for a taken one), never by writing its owner.

`Step.allows` (workflows.nodes), 我的待办 (supervision.worklist), the reminders and the pages
ask here, so the rule cannot differ between the list and the task.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base import audit
from base.organisation.models import Person
from base.organisation.roles import Role
from interpretation.models import PolicyDocument
from workflows.models import Delegation
from workflows.proposals.access import branch_assignment

ON_BEHALF = "on_behalf_of"  # the key of a task's data naming whom its holder acts for
LONGEST = timedelta(days=366)
CACHE = "_delegators"  # on the person object: {day: [delegators]}, for one request


def today():
    return timezone.localdate()


def name_of(person):
    return person.get_full_name() or person.get_username()


def on_behalf_text(name):
    return _("代%(name)s办理") % {"name": name}


def roles_of(person):
    """The roles a person works in; administering the system is not handed on."""
    return {role for role in Role if role != Role.ADMINISTRATOR and person.has_role(role)}


def covers(delegate, delegator):
    """Whether `delegate` could stand in for `delegator`: the same unit, every role of theirs."""
    return (
        delegate.is_active
        and delegate.pk != delegator.pk
        and delegate.unit_id is not None
        and delegate.unit_id == delegator.unit_id
        and roles_of(delegator) <= roles_of(delegate)
    )


def colleagues(delegator):
    """The people a delegator may choose: active colleagues of the unit with their roles."""
    if delegator.unit_id is None or not roles_of(delegator):
        return []
    people = Person.objects.filter(unit_id=delegator.unit_id, is_active=True)
    people = people.exclude(pk=delegator.pk)
    return [person for person in people if covers(person, delegator)]


def _period(delegation):
    """Its dates as people read them in the active language (2026年12月7日, 7 December 2026)."""
    return {
        "name": name_of(delegation.delegate),
        "start": date_format(delegation.starts_on),
        "end": date_format(delegation.ends_on),
    }


def check(delegator, delegate, starts_on, ends_on, day=None):
    """Raises ValidationError (by field) unless `delegator` may hand their work to `delegate`
    from `starts_on` to `ends_on`."""
    day = day or today()
    if delegator.unit_id is None:
        raise ValidationError(_("您不属于任何单位，不能委托他人办理。"))
    if not roles_of(delegator):
        raise ValidationError(_("您没有办理角色，无需委托他人办理。"))
    errors = {}
    if delegate.pk == delegator.pk:
        errors["delegate"] = _("不能委托给自己。")
    elif not delegate.is_active or delegate.unit_id != delegator.unit_id:
        errors["delegate"] = _("只能委托给本单位（%(unit)s）的同事。") % {"unit": delegator.unit}
    else:
        missing = roles_of(delegator) - roles_of(delegate)
        if missing:
            errors["delegate"] = _(
                "%(name)s没有与您相同的角色（缺少：%(roles)s），不能代您办理。"
            ) % {
                "name": name_of(delegate),
                "roles": _("、").join(str(role.label) for role in sorted(missing)),
            }
    if starts_on < day:
        errors["starts_on"] = _("开始日期不能早于今天。")
    if ends_on < starts_on:
        errors["ends_on"] = _("结束日期不能早于开始日期。")
    elif ends_on - starts_on > LONGEST:
        errors["ends_on"] = _("委托期限不能超过一年。")
    if errors:
        raise ValidationError(errors)
    overlapping = Delegation.objects.filter(
        revoked_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).select_related("delegate")
    mine = overlapping.filter(delegator=delegator).first()
    if mine is not None:
        raise ValidationError(
            _("您已委托%(name)s在%(start)s至%(end)s办理，与所选期间重叠；请先撤销原委托。")
            % _period(mine)
        )
    away = overlapping.filter(delegator=delegate).first()
    if away is not None:
        raise ValidationError(
            {
                "delegate": _("%(name)s在%(start)s至%(end)s也委托了他人办理，请选择其他同事。")
                % {**_period(away), "name": name_of(delegate)}
            }
        )


def forget(*people):
    for person in people:
        person.__dict__.pop(CACHE, None)


@transaction.atomic
def create(delegator, delegate, starts_on, ends_on, reason, *, by=None):
    check(delegator, delegate, starts_on, ends_on)
    delegation = Delegation(
        delegator=delegator,
        delegate=delegate,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        created_by=by or delegator,
    )
    delegation.full_clean()
    delegation.save()
    audit.record(
        by or delegator,
        "workflows.delegation_created",
        delegation,
        delegator=delegator.username,
        delegate=delegate.username,
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    forget(delegator, delegate)
    return delegation


@transaction.atomic
def revoke(delegation, by):
    """Ends a delegation at once; what the delegate has already taken stays theirs."""
    if delegation.revoked_at is not None:
        raise ValidationError(_("该委托已撤销。"))
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at"])
    audit.record(
        by, "workflows.delegation_revoked", delegation, delegate=delegation.delegate.username
    )
    forget(delegation.delegator, delegation.delegate, by)


def delegators_of(person, day=None):
    """The people `person` acts for on `day`: whose delegation to them is in force, and whom
    they still cover (the same unit, the same roles). Remembered on the person object, which
    is new each request."""
    if not person.is_authenticated or person.unit_id is None:
        return []
    day = day or today()
    remembered = person.__dict__.setdefault(CACHE, {})
    if day not in remembered:
        given = Delegation.objects.on(day).filter(delegate=person).values("delegator_id")
        found = Person.objects.filter(pk__in=given, is_active=True, unit_id=person.unit_id)
        remembered[day] = [each for each in found if covers(person, each)]
    return remembered[day]


def may_act_for(person, holder, day=None):
    return holder is not None and any(each.pk == holder.pk for each in delegators_of(person, day))


def delegates_by_delegator(day=None):
    """{delegator pk: [delegate pk, …]} of every delegation in force on `day` (for the
    reminders, which tell the delegate of an absent holder too)."""
    found = {}
    pairs = Delegation.objects.on(day or today()).values_list("delegator_id", "delegate_id")
    for delegator_id, delegate_id in pairs:
        found.setdefault(delegator_id, []).append(delegate_id)
    return found


def may_take_for_someone(person, task, may_take):
    """Step.allows' second half: whether someone `person` acts for may take this step."""
    return any(may_take(each, task) for each in delegators_of(person))


def acting_for(person, task):
    """The person `person` acts for in taking `task`: its holder, when that is a delegator of
    theirs; for an untaken task they may not take in their own right, a delegator who may.
    None when the task is theirs (or not theirs to take at all)."""
    if task.owner_id is not None:
        if task.owner_id == person.pk:
            return None
        return next((each for each in delegators_of(person) if each.pk == task.owner_id), None)
    node = task.flow_task
    if node.may_take(person, task):
        return None
    return next((each for each in delegators_of(person) if node.may_take(each, task)), None)


def lent(person, tasks):
    """Of open `tasks`, those someone else took for `person` and holds (代其办理)."""
    mine = {f"data__{ON_BEHALF}__id": person.pk}
    return tasks.filter(status=STATUS.ASSIGNED, **mine).exclude(owner=person)


def on_behalf_of(task):
    """The name of whom the task's holder took it for, or ""."""
    data = task.data if isinstance(task.data, dict) else {}
    return (data.get(ON_BEHALF) or {}).get("name", "")


def _mark(task, delegator):
    data = task.data if isinstance(task.data, dict) else {}
    if delegator is None:
        data.pop(ON_BEHALF, None)
    else:
        data[ON_BEHALF] = {
            "id": delegator.pk,
            "username": delegator.username,
            "name": name_of(delegator),
        }
    task.data = data
    task.save(update_fields=["data"])


def _move(activation, person):
    """viewflow's own transition: assign an untaken task, reassign a taken one."""
    if activation.task.status == STATUS.NEW:
        activation.assign(person)
    else:
        activation.reassign(user=person)


def take_on_behalf(person, activation):
    """The delegate takes the task their delegator holds (代某某办理); audited."""
    task = activation.task
    delegator = acting_for(person, task)
    if delegator is None or not task.flow_task.allows(person, task):
        raise PermissionDenied
    _move(activation, person)
    mark_if_on_behalf(person, task, delegator)
    return delegator


def mark_if_on_behalf(person, task, delegator):
    """Marks a task `person` has just taken for `delegator` (None: for themselves)."""
    if delegator is not None:
        _mark(task, delegator)
        audit.record(
            person,
            "workflows.taken_on_behalf",
            task.process.artifact,
            task=task.pk,
            step=task.flow_task.name,
            on_behalf_of=delegator.username,
            note=logged(name_of(delegator)),
        )


def may_take_back(person, task):
    """A delegator takes back a task someone took for them (收回), in their own right."""
    data = task.data if isinstance(task.data, dict) else {}
    return (
        task.status == STATUS.ASSIGNED
        and task.owner_id not in (None, person.pk)
        and (data.get(ON_BEHALF) or {}).get("id") == person.pk
        and task.flow_task.may_take(person, task)
    )


def take_back(person, activation):
    task = activation.task
    if not may_take_back(person, task):
        raise PermissionDenied
    before = task.owner.username
    _move(activation, person)
    _mark(task, None)
    audit.record(
        person,
        "workflows.taken_back",
        task.process.artifact,
        task=task.pk,
        step=task.flow_task.name,
        before=before,
    )


def unmark_put_back(sender, instance, raw=False, **kwargs):
    """pre_save of a task: one nobody holds (put back with 取消认领, alone or in bulk) is no
    longer taken for anyone; whoever takes it next is marked afresh, or not at all."""
    data = instance.data
    if not raw and instance.owner_id is None and isinstance(data, dict) and ON_BEHALF in data:
        data.pop(ON_BEHALF)


def logged(name):
    """代某某办理 as the audit log keeps it: in the site's language, whatever the reader's."""
    with translation.override(settings.LANGUAGE_CODE):
        return on_behalf_text(name)


def record_done(sender, process, task, **kwargs):
    """task_finished receiver: a step done for someone else is audited as such."""
    name = on_behalf_of(task)
    if name and task.owner_id is not None:
        audit.record(
            task.owner,
            "workflows.done_on_behalf",
            process.artifact,
            task=task.pk,
            step=task.flow_task.name,
            on_behalf_of=task.data[ON_BEHALF].get("username", ""),
            note=logged(name),
        )


# --- 改派: a unit leader reassigns an open task of the unit ------------------------------


def item_unit_id(task):
    """The unit whose item the task works on: a package's drafting unit, a share's unit."""
    item = task.process.artifact
    if isinstance(item, PolicyDocument):
        return item.drafting_unit_id
    share = branch_assignment(task)
    return share.unit_id if share is not None else None


def unit_of(task):
    """Whose work an open task is: its holder's unit; an untaken step of the item's own, the
    item's unit; an untaken review from outside (anyone of an office may take it), nobody's."""
    if task.owner_id is not None:
        return task.owner.unit_id
    if task.flow_task.holders.across_units:
        return None
    return item_unit_id(task)


def may_reassign(person, task):
    """A unit leader, for an open human task of their unit that they may see."""
    node = task.flow_task
    return (
        person.is_authenticated
        and person.unit_id is not None
        and person.has_role(Role.UNIT_LEADER)
        and task.status in (STATUS.NEW, STATUS.ASSIGNED)
        and hasattr(node, "holders")
        and unit_of(task) == person.unit_id
        and node.flow_class.visible_tasks(person, Task.objects.filter(pk=task.pk)).exists()
    )


def reassign_candidates(person, task):
    """The leader's colleagues who may take the step in their own right, its holder aside."""
    people = Person.objects.filter(unit_id=person.unit_id, is_active=True)
    if task.owner_id is not None:
        people = people.exclude(pk=task.owner_id)
    people = people.order_by("last_name", "first_name", "username")
    return [each for each in people if task.flow_task.may_take(each, task)]


def reassign(person, activation, target):
    """改派: `person` (a unit leader) gives the task to `target`; audited with both holders."""
    task = activation.task
    if not may_reassign(person, task):
        raise PermissionDenied
    if target.pk not in {each.pk for each in reassign_candidates(person, task)}:
        raise ValidationError({"target": _("%(name)s不能办理此步骤。") % {"name": name_of(target)}})
    before = task.owner.username if task.owner_id is not None else ""
    _move(activation, target)
    _mark(task, None)
    audit.record(
        person,
        "workflows.task_reassigned",
        task.process.artifact,
        task=task.pk,
        step=task.flow_task.name,
        before=before,
        after=target.username,
    )


def given_from(person, day=None):
    """The delegator's delegations in force on `day` or still to come, the earliest first."""
    found = Delegation.objects.filter(delegator=person, revoked_at__isnull=True)
    found = found.filter(ends_on__gte=day or today()).select_related("delegate")
    return found.order_by("starts_on")
