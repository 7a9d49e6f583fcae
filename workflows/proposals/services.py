"""Driving the proposal flow from code: imports start one process per new item; the demo,
tests and benchmarks take steps as the staff pages do, through the same activations."""

from django.db import transaction
from viewflow.workflow.status import STATUS

from proposals.importing import import_file
from workflows.proposals.flows import ProposalFlow


@transaction.atomic
def import_and_register(name, data, person=None):
    """Imports a batch and starts the handling of each new item: all or nothing."""
    result = import_file(name, data, person)
    if not result.already_imported:
        for proposal in result.batch.proposals.order_by("pk"):
            ProposalFlow.start.run(proposal=proposal)
    return result


class Acting:
    """What viewflow's activations read from a request: who is acting."""

    def __init__(self, person):
        self.user = person


def open_tasks(process, step, **seed):
    tasks = process.task_set.filter(
        flow_task=getattr(ProposalFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )
    if "assignment" in seed:
        tasks = tasks.filter(seed_object_id=seed["assignment"].pk)
    return tasks.order_by("pk")


@transaction.atomic
def do(person, task, act):
    """Takes `task` as `person`, runs `act(task)` (a rule from proposals) and completes it."""
    with task.activation() as activation:
        if activation.task.status == STATUS.NEW:
            activation.assign(person)
        activation.start(Acting(person))
        act(activation.task)
        activation.execute()
