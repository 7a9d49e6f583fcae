"""Driving the interpretation flow from code: the same activations the staff pages use,
for the demo data, imports and tests that need a package at a given step."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from viewflow.workflow.status import STATUS

from interpretation import services
from interpretation.models import Decision
from workflows.interpretation.flows import InterpretationFlow


class Acting:
    """What viewflow's activations read from a request: who is acting."""

    def __init__(self, person):
        self.user = person


@transaction.atomic
def start(person, document, **interpretation):
    """Registers the document and starts its flow; returns the process, waiting in `draft`."""
    node = InterpretationFlow.start
    activation = node.activation_class.create(node, None, None)
    activation.start(Acting(person))
    services.register(person, document, **interpretation)
    activation.process.artifact = document
    activation.execute()
    return activation.process


@transaction.atomic
def submit(person, process):
    """The drafter submits the package as it stands: a new version goes to sign-off."""
    task = process.task_set.get(flow_task=InterpretationFlow.draft, finished__isnull=True)
    with task.activation() as activation:
        activation.start(Acting(person))
        version = services.submit(person, process.artifact)
        activation.execute()
    return version


@transaction.atomic
def review(person, process, step, decision=Decision.APPROVE, comment="", **openness):
    """`person` takes the open task of `step`, reads the current version and decides, as on
    the review page (only someone the step's holders name may); the openness review's
    approval needs `checklist` (and `note`, `override` when the answers ask for them)."""
    task = process.task_set.get(flow_task=getattr(InterpretationFlow, step), finished__isnull=True)
    if not task.flow_task.allows(person, task):
        raise PermissionDenied
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            activation.assign(person)
        activation.start(Acting(person))
        document = activation.process.artifact
        decided = services.decide(person, document, step, decision, comment, **openness)
        activation.execute()
    return decided
