"""Driving the application flow from code: a saved application starts its process (the
portal, the clerk's registration, an import); the demo and tests take steps as the staff
pages do, through the same activations."""

from django.db import transaction
from viewflow.workflow.status import STATUS

from workflows.applications.flows import ApplicationFlow


def start(application):
    """Starts the handling of a saved Application; returns its process."""
    return ApplicationFlow.start.run(application=application)


def open_task(process, step):
    """The open task of `step` (a node name) of the process, or None."""
    return (
        process.task_set.filter(
            flow_task=getattr(ApplicationFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED]
        )
        .order_by("pk")
        .first()
    )


class Acting:
    """What viewflow's activations read from a request: who is acting."""

    def __init__(self, person):
        self.user = person


@transaction.atomic
def do(person, task, act, choice=None):
    """Takes `task` as `person`, runs `act(application)` (a rule from applications.handling),
    keeps `choice` for the flow's switch and completes the task."""
    with task.activation() as activation:
        if activation.task.status == STATUS.NEW:
            activation.assign(person)
        activation.start(Acting(person))
        process = activation.process
        act(process.artifact)
        process.data = {**(process.data or {}), "choice": choice}
        process.save(update_fields=["data"])
        activation.execute()
