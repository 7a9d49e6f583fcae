"""Who has an item's work next: said to the person who has just done their step.

Read from the item's open tasks and their steps' declarations (`workflows.steps`): a task
someone has taken names that person; an unclaimed one names the holders the step declares,
with the item's own unit where the step belongs to it (湛江市教育局·单位负责人) and the
drafter by name where it is theirs.
"""

from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS

from interpretation.models import PolicyDocument
from workflows.models import OPEN
from workflows.nodes import Step
from workflows.proposals.access import branch_assignment
from workflows.steps import Reach

SHOWN = 3  # a proposal split over many units names the first few


def next_holders(process):
    """[(step title, who)] for the item's open human tasks, oldest first."""
    tasks = Task.objects.filter(process=process, status__in=OPEN).select_related("owner")
    found = []
    for task in tasks.order_by("created", "pk"):
        node = task.flow_task
        if not isinstance(node, Step):
            continue
        who = task.owner.get_full_name() or task.owner.username if task.owner else holders(task)
        found.append((str(node.task_title), who))
    return found


def holders(task):
    declared = task.flow_task.holders
    item = task.process.artifact
    if isinstance(item, PolicyDocument):
        if declared.reach == Reach.DRAFTER:
            return item.drafter.get_full_name() or item.drafter.username
        unit = item.drafting_unit
    else:
        share = branch_assignment(task)
        unit = share.unit if share else None
    if declared.reach == Reach.ITEM_UNIT and unit is not None:
        return f"{unit.name}·{declared.role.label}"
    return declared.describe()


def handover_message(process):
    """下一步：单位负责人审签（湛江市教育局·单位负责人）。 — or where the item stands."""
    found = next_holders(process)
    if not found:
        if process.status == PROCESS.DONE:
            return _("本事项已办结。")
        return _("本事项没有待人办理的步骤，正由系统继续处理。")
    steps = _("；").join(
        _("%(step)s（%(who)s）") % {"step": title, "who": who} for title, who in found[:SHOWN]
    )
    if len(found) > SHOWN:
        steps += _("等%(n)d项") % {"n": len(found)}
    return _("下一步：%(steps)s。") % {"steps": steps}
