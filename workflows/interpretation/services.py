"""Driving the interpretation flow from code: the same activations the staff pages use,
for the demo data, imports and tests that need a package at a given step."""

from django.db import transaction

from interpretation import services
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
