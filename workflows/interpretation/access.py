"""Who may see and do what in the interpretation flow.

A unit sees its own packages. The government office's openness reviewers, the legal office's
reviewers and the issuing leaders see, from every unit, the packages that have reached their
step. Everything else is invisible: lists leave it out and direct URLs answer 403.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from base.organisation.models import UnitKind
from base.organisation.roles import Role
from interpretation.models import PolicyDocument
from interpretation.rules import can_edit

# step -> (role, the kind of unit the role must sit in, or None for any unit)
STEP_HOLDERS = {
    "sign_off": (Role.UNIT_LEADER, None),
    "openness_review": (Role.OPENNESS_REVIEWER, UnitKind.GOVERNMENT_OFFICE),
    "legal_review": (Role.LEGAL_REVIEWER, UnitKind.LEGAL_OFFICE),
    "issue": (Role.ISSUING_LEADER, None),
}
CROSS_UNIT_STEPS = ["openness_review", "legal_review", "issue"]
FLOW_ROLES = [Role.DRAFTER, *(role for role, _kind in STEP_HOLDERS.values())]


def holds(person, step):
    role, unit_kind = STEP_HOLDERS[step]
    in_unit = unit_kind is None or (person.unit_id is not None and person.unit.kind == unit_kind)
    return person.has_role(role) and in_unit


def may_take(step):
    """The rule of a Step node: may `person` take this step of `process`?"""

    def rule(person, task):
        document = task.process.coerced.artifact
        if document is None:
            return False
        if step == "draft":
            return person.pk == document.drafter_id and can_edit(person, document)
        if step == "sign_off":
            return holds(person, step) and person.unit_id == document.drafting_unit_id
        return holds(person, step)

    return rule


def uses_flow(person):
    return person.is_superuser or any(person.has_role(role) for role in FLOW_ROLES)


def _own_unit(person, prefix=""):
    return Q(
        **{
            f"{prefix}artifact_content_type": ContentType.objects.get_for_model(PolicyDocument),
            f"{prefix}artifact_object_id__in": PolicyDocument.objects.filter(
                drafting_unit_id=person.unit_id
            ).values("pk"),
        }
    )


def _steps_reached_by(person):
    from workflows.interpretation.flows import InterpretationFlow

    return [getattr(InterpretationFlow, step) for step in CROSS_UNIT_STEPS if holds(person, step)]


def visible_processes(person, processes):
    """Narrows a queryset of processes to the packages `person` may see."""
    if person.is_superuser:
        return processes
    visible, reached = _own_unit(person), _steps_reached_by(person)
    if reached:
        visible |= Q(task__flow_task__in=reached)
    return processes.filter(pk__in=processes.model._default_manager.filter(visible).values("pk"))


def visible_tasks(person, tasks):
    """Narrows tasks to those of the person's unit and those at steps they hold across units.

    Cheaper than going through visible_processes (no scan of every task's history), which
    matters for the inbox and queue counts shown on every staff page.
    """
    if person.is_superuser:
        return tasks
    visible, reached = _own_unit(person, "process__"), _steps_reached_by(person)
    if reached:
        visible |= Q(flow_task__in=reached)
    return tasks.filter(visible)


def can_see(person, process):
    manager = type(process)._default_manager
    return visible_processes(person, manager.filter(pk=process.pk)).exists()
