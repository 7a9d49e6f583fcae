"""The step catalogue: every human step of both processes, read from the flow classes.

For each step: its flow, code (the node's name), title in the active language, position along
the flow, who may take it and its deadline (declared on the node, `workflows.steps`); and
every node of both flows by the reference viewflow stores on a task. The supervision board,
reminders, the statistics and 我的待办 ask here instead of naming steps: a step added to a
flow appears everywhere at once.
"""

from dataclasses import dataclass
from functools import cache

from viewflow.workflow.fields import get_task_ref

from workflows.applications.flows import ApplicationFlow
from workflows.interpretation.flows import InterpretationFlow
from workflows.nodes import Step, human_steps
from workflows.proposals.flows import ProposalFlow
from workflows.steps import Deadline, Holders

FLOWS = (InterpretationFlow, ProposalFlow, ApplicationFlow)


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


@cache
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
def nodes_by_reference():
    """{stored task reference (`Task.flow_task`): node} for every node of both flows: a
    stored reference is looked up here, never imported."""
    return {get_task_ref(node): node for flow in FLOWS for node in flow.instance.nodes()}


def position(node):
    """Where a node stands: its flow (interpretation first), then its place along the flow."""
    flow = node.flow_class
    return FLOWS.index(flow), flow_order(flow).get(node.name, 0)


def within_item(flow_class):
    """The steps that belong to the item's own unit or person (not reviews from outside)."""
    return [info for info in steps(flow_class) if not info.holders.across_units]
