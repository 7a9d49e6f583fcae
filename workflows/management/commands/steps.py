from django.core.management.base import BaseCommand
from django.utils import translation

from workflows import catalogue


class Command(BaseCommand):
    help = "列出两个流程的全部人工步骤：顺序、代码、名称、由谁办理、期限及逾期后果（步骤目录）。"

    def add_arguments(self, parser):
        parser.add_argument("--language", default="zh-hans", help="zh-hans（默认）或 en")

    def handle(self, *args, language, **options):
        with translation.override(language):
            for flow in catalogue.FLOWS:
                self.stdout.write(str(flow.process_title))
                for step in catalogue.steps(flow):
                    deadline = step.deadline
                    due = deadline.describe(step.code) if deadline else "—"
                    overdue = str(deadline.overdue) if deadline else "—"
                    self.stdout.write(
                        f"  {step.order:>2}  {step.code:<18} {step.title}\t"
                        f"{step.holders.describe()}\t{due}\t{overdue}"
                    )
