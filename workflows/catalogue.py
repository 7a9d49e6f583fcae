"""The step catalogue: every human step of both processes, read from the flow classes.

For each step: its flow, code (the node's name), title in the active language, position along
the flow, who may take it and its deadline (declared on the node, `workflows.steps`). The
supervision board, reminders, the statistics and 我的待办 ask here instead of naming steps:
a step added to a flow appears everywhere at once.
"""

from dataclasses import dataclass
from functools import cache

from viewflow.workflow.fields import get_task_ref

from workflows.interpretation.flows import InterpretationFlow
from workflows.nodes import Step, human_steps
from workflows.proposals.flows import ProposalFlow
from workflows.steps import Deadline, Holders

FLOWS = (InterpretationFlow, ProposalFlow)


@dataclass(frozen=True)
class StepInfo:
    node: Step
    order: int  # along the flow, breadth first from its start

    @property
    def flow_class(self):
        return self.node.flow_class

    @property
    def code(self):
        return self.node.name

    @property
    def title(self):
        return self.node.task_title

    @property
    def holders(self) -> Holders:
        return self.node.holders

    @property
    def deadline(self) -> Deadline | None:
        return self.node.deadline

    @property
    def working_days(self):
        """The step's own deadline in working days, or None when it is the item's date."""
        return self.deadline.working_days(self.code) if self.deadline else None

    @property
    def reference(self):
        """How viewflow stores the step on a task (`Task.flow_task`)."""
        return get_task_ref(self.node)


def flow_order(flow_class):
    """{node name: position} along the flow, breadth first from its start."""
    flow = flow_class.instance
    pending = [node for node in flow.nodes() if not list(node._incoming())]
    order = {}
    while pending:
        node = pending.pop(0)
        if node.name in order:
            continue
        order[node.name] = len(order)
        pending.extend(edge.dst for edge in node._outgoing())
    return order


@cache
def steps(flow_class=None):
    """The human steps of one flow (or of both, interpretation first), in their order."""
    if flow_class is None:
        return tuple(info for each in FLOWS for info in steps(each))
    order = flow_order(flow_class)
    found = [StepInfo(node, order.get(node.name, len(order))) for node in human_steps(flow_class)]
    return tuple(sorted(found, key=lambda info: info.order))


def step(flow_class, code):
    """The step named `code` of `flow_class`, or None."""
    return next((info for info in steps(flow_class) if info.code == code), None)


@cache
def by_reference():
    """{stored task reference: StepInfo} for every human step."""
    return {info.reference: info for info in steps()}


def within_item(flow_class):
    """The steps that belong to the item's own unit or person (not reviews from outside)."""
    return [info for info in steps(flow_class) if not info.holders.across_units]
