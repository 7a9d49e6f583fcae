from django.core.management.base import BaseCommand

from publications import deliveries, targets
from workflows.pipelines import rendering

WORKER = "manage.py publish_pending"


class Command(BaseCommand):
    help = (
        "在本进程中执行一次发布：渲染待发布版本所需的文件，送达门户及各发布目标"
        "（即发布流水线每分钟做的事，无需 Prefect）。"
    )

    def handle(self, *args, **options):
        summary = publish_pending()
        self.stdout.write(
            f"发布：认领 {summary['claimed']} 项，送达 {summary['delivered']} 项，"
            f"失败 {summary['failed']} 项，待重试 {summary['pending']} 项。"
        )


def publish_pending():
    """One sweep of the publish pipeline's steps (workflows/pipelines/publish.py) in this
    process, one delivery after another: `make setup` runs it after the demo is loaded, so
    the portal shows the demo as soon as the server starts, before the pipelines' server is
    up; an operator may run it while Prefect is down. The same leases keep it from
    delivering anything twice beside a running pipeline; what must wait stays for the
    pipeline's next sweep."""
    claimed = deliveries.claim(WORKER)
    try:
        waiting = set(rendering.render_for(claimed))
        by_target = deliveries.chains([pk for pk in claimed if pk not in waiting])
        order = sorted(
            by_target, key=lambda name: (name != targets.PORTAL, targets.get(name).whole_tree)
        )
        for name in order:
            chains = by_target[name]
            try:
                if targets.get(name).whole_tree:
                    deliveries.update_tree(name, [pk for chain in chains for pk in chain], WORKER)
                else:
                    deliveries.deliver_chains(chains, WORKER)
            except targets.Retry:
                continue  # recorded on the deliveries; the pipeline's next sweep retries
    finally:
        deliveries.release(WORKER)
    return deliveries.summary(claimed)
