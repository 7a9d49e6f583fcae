"""Who has an item's work next: said to the person who has just done their step.

Read from the item's open tasks and their steps' declarations (`workflows.steps`): a task
someone has taken names that person; an unclaimed one names the holders the step declares,
with the item's own unit where the step belongs to it (湛江市教育局·单位负责人) and the
drafter by name where it is theirs.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS

from base.organisation.models import Person, Unit
from interpretation.models import PolicyDocument
from proposals.models import Assignment
from workflows.models import OPEN
from workflows.nodes import Step
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
    document = task.process.artifact
    if declared.reach == Reach.DRAFTER and isinstance(document, PolicyDocument):
        drafter = Person.objects.filter(pk=document.drafter_id).first()
        return drafter.get_full_name() if drafter else str(declared.reach.label)
    if declared.reach == Reach.ITEM_UNIT:
        unit = item_unit(task, document)
        if unit is not None:
            return f"{unit.name}·{declared.role.label}"
    return declared.describe()


def item_unit(task, document):
    if isinstance(document, PolicyDocument):
        return Unit.objects.filter(pk=document.drafting_unit_id).first()
    if task.seed_content_type_id == ContentType.objects.get_for_model(Assignment).pk:
        share = Assignment.objects.filter(pk=task.seed_object_id).select_related("unit").first()
        return share.unit if share else None
    return None


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
