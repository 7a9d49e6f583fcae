"""Who may see and do what in the proposal flow.

The proposal office sees every item and does the office's steps (assign, decide
adjustments, enter feedback, decide disclosure). A unit sees the items it has a live share
of, and only its own tasks: each branch task carries its Assignment as the task's seed, so a
task belongs to the unit of that assignment. A withdrawn share is no longer the unit's.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from proposals.models import Assignment, Proposal
from proposals.rules import in_proposal_office, visible_to


def sees_everything(person):
    return person.is_superuser or in_proposal_office(person)


def branch_assignment(task):
    """The unit's share a branch task works on (None for the office's own steps)."""
    return task.seed if isinstance(task.seed, Assignment) else None


def may_take(person, task, holders):
    """The rule of every Step node: the office's steps are the office's; a branch step is for
    the unit of its live share."""
    if holders.across_units:
        return holders.includes(person)
    assignment = branch_assignment(task)
    return (
        assignment is not None
        and assignment.is_live
        and holders.includes(person, unit_id=assignment.unit_id)
    )


def _proposals_of(person, prefix=""):
    return Q(
        **{
            f"{prefix}artifact_content_type": ContentType.objects.get_for_model(Proposal),
            f"{prefix}artifact_object_id__in": visible_to(person, Proposal.objects).values("pk"),
        }
    )


def visible_processes(person, processes, flow_class=None):
    if sees_everything(person):
        return processes
    return processes.filter(_proposals_of(person))


def visible_tasks(person, tasks, flow_class=None):
    """A unit's own branch tasks; the office sees every task."""
    if sees_everything(person):
        return tasks
    return tasks.filter(
        seed_content_type=ContentType.objects.get_for_model(Assignment),
        seed_object_id__in=Assignment.objects.live().filter(unit_id=person.unit_id).values("pk"),
    )


def can_see(person, process, flow_class=None):
    return visible_processes(person, type(process)._default_manager.filter(pk=process.pk)).exists()
