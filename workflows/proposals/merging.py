"""并案 and 拆分 in the flow: only the main item's process goes on.

Merging cancels each joined item's process through viewflow's own cancel (its open 交办
task is cancelled and the process reads 已取消): the joined item is answered by the main
item's handling, and nobody is asked to assign it. Splitting before assignment starts the
item's handling again with a new process, waiting for 交办 as an imported item does; the
cancelled one stays as its history. The rules are proposals.merging's.
"""

from contextlib import ExitStack

from django.db import transaction
from viewflow.workflow.status import PROCESS

from proposals import merging
from workflows.models import ProposalProcess
from workflows.proposals.flows import ProposalFlow


def running_process(proposal):
    """The item's process that has not ended (None for a joined item)."""
    return (
        ProposalProcess.objects.filter(flow_class=ProposalFlow, artifact_object_id=proposal.pk)
        .exclude(status__in=[PROCESS.CANCELED, PROCESS.DONE])
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def merge_items(main, others, person):
    """Joins `others` to `main` (proposals.merging.merge) and cancels their processes. The
    items' processes are locked first, as a step's activation locks its process before it
    writes the item: an office assigning one of them at the same moment either wins (and the
    merge is refused: already assigned) or waits for the merge."""
    processes = {item.pk: running_process(item) for item in [main, *others]}
    with ExitStack() as locks:
        for pk in sorted(p.pk for p in processes.values() if p is not None):
            locks.enter_context(ProposalFlow.lock(pk))
        merging.merge(main, others, person)
        for item in others:
            if processes[item.pk] is not None:
                ProposalFlow.instance.cancel(processes[item.pk])
    return main


@transaction.atomic
def split_item(item, person):
    """Handles a joined item on its own again, from 交办."""
    item = merging.split(item, person)
    if running_process(item) is None:
        ProposalFlow.start.run(proposal=item)
    return item
