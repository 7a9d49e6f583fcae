"""Who may see and do what in the interpretation flow.

A unit sees its own packages. The government office's openness reviewers, the legal office's
reviewers and the issuing leaders see, from every unit, the packages that have reached their
step. Everything else is invisible: lists leave it out and direct URLs answer 403.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from interpretation.models import PolicyDocument
from interpretation.rules import can_edit
from workflows.nodes import human_steps
from workflows.steps import Reach


def may_take(person, task, holders):
    """The rule of every Step node: may `person` take this step of this package? The drafter
    drafts only while they may still edit it."""
    document = task.process.coerced.artifact
    if document is None:
        return False
    if holders.reach == Reach.DRAFTER and not can_edit(person, document):
        return False
    return holders.includes(
        person, unit_id=document.drafting_unit_id, drafter_id=document.drafter_id
    )


def _own_unit(person, prefix=""):
    return Q(
        **{
            f"{prefix}artifact_content_type": ContentType.objects.get_for_model(PolicyDocument),
            f"{prefix}artifact_object_id__in": PolicyDocument.objects.filter(
                drafting_unit_id=person.unit_id
            ).values("pk"),
        }
    )


def _steps_reached_by(person, flow_class):
    """The steps of other units' packages that `person` takes (the reviews)."""
    return [
        step
        for step in human_steps(flow_class)
        if step.holders.across_units and step.holders.includes(person)
    ]


def visible_processes(person, processes, flow_class):
    """Narrows a queryset of processes to the packages `person` may see."""
    if person.is_superuser:
        return processes
    visible, reached = _own_unit(person), _steps_reached_by(person, flow_class)
    if reached:
        visible |= Q(task__flow_task__in=reached)
    return processes.filter(pk__in=processes.model._default_manager.filter(visible).values("pk"))


def visible_tasks(person, tasks, flow_class):
    """Narrows tasks to those of the person's unit and those at steps they hold across units.

    Cheaper than going through visible_processes (no scan of every task's history), which
    matters for the inbox and queue counts shown on every staff page.
    """
    if person.is_superuser:
        return tasks
    visible, reached = _own_unit(person, "process__"), _steps_reached_by(person, flow_class)
    if reached:
        visible |= Q(flow_task__in=reached)
    return tasks.filter(visible)


def can_see(person, process, flow_class):
    manager = type(process)._default_manager
    return visible_processes(person, manager.filter(pk=process.pk), flow_class).exists()
