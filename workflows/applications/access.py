"""Who may see and do what in the application flow.

An application names a person: nobody sees it who does not handle it. The organ's office (its
openness reviewers and the leaders who sign) sees every application made to the organ; the
unit the office assigned sees that application, and only its own step (检索拟办); everyone
else sees nothing.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from applications.models import Application
from base.organisation.roles import Role
from workflows.steps import Reach

OFFICE_ROLES = (Role.OPENNESS_REVIEWER, Role.ISSUING_LEADER, Role.UNIT_LEADER)


def in_office(person):
    """A person of an organ's office, who sees the organ's applications."""
    return person.unit_id is not None and any(person.has_role(role) for role in OFFICE_ROLES)


def handles_for_unit(person):
    """A unit's handling clerk, who searches the applications assigned to the unit."""
    return person.unit_id is not None and person.has_role(Role.HANDLING_CLERK)


def applications_of(person):
    """The applications `person` may read: the organ's, for its office; those assigned to
    the unit, for its handling clerks; none for anybody else in a unit."""
    if person.is_superuser:
        return Application.objects.all()
    if not person.is_authenticated or person.unit_id is None:
        return Application.objects.none()
    mine = Q(pk__in=[])
    if in_office(person):
        mine |= Q(organ_id=person.unit_id)
    if handles_for_unit(person):
        mine |= Q(unit_id=person.unit_id)
    return Application.objects.filter(mine)


def may_take(person, task, holders):
    """A unit's step is for the unit assigned; the office's steps for the organ's office; the
    signature for a 签发领导 of the organ or the head of its office."""
    application = task.process.artifact
    if holders.reach == Reach.ITEM_UNIT:
        return application.unit_id is not None and holders.includes(
            person, unit_id=application.unit_id
        )
    if person.unit_id is None or person.unit_id != application.organ_id:
        return False
    signs = holders.role == Role.ISSUING_LEADER and person.has_role(Role.UNIT_LEADER)
    return signs or holders.includes(person)


def _of(person, prefix=""):
    return Q(
        **{
            f"{prefix}artifact_content_type": ContentType.objects.get_for_model(Application),
            f"{prefix}artifact_object_id__in": applications_of(person).values("pk"),
        }
    )


def visible_processes(person, processes, flow_class=None):
    if person.is_superuser:
        return processes
    return processes.filter(_of(person))


def visible_tasks(person, tasks, flow_class=None):
    """The office sees every task of its organ's applications; a unit its own steps of the
    applications assigned to it."""
    if person.is_superuser:
        return tasks
    organ = Q(
        process__artifact_content_type=ContentType.objects.get_for_model(Application),
        process__artifact_object_id__in=Application.objects.filter(organ_id=person.unit_id).values(
            "pk"
        ),
    )
    unit_steps = [node for node in _steps(flow_class) if node.holders.reach == Reach.ITEM_UNIT]
    unit = Q(
        process__artifact_content_type=ContentType.objects.get_for_model(Application),
        process__artifact_object_id__in=Application.objects.filter(unit_id=person.unit_id).values(
            "pk"
        ),
        flow_task__in=unit_steps,
    )
    if person.unit_id is None:
        return tasks.none()
    wanted = Q(pk__in=[])
    if in_office(person):
        wanted |= organ
    if handles_for_unit(person):
        wanted |= unit
    return tasks.filter(wanted)


def _steps(flow_class):
    from workflows.nodes import human_steps

    return human_steps(flow_class) if flow_class is not None else []


def can_see(person, process, flow_class=None):
    return visible_processes(person, type(process)._default_manager.filter(pk=process.pk)).exists()
