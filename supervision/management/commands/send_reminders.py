"""Today's deadline reminders and overdue notices, as the daily `deadline-reminders`
deployment sends them; running it again the same day sends nothing twice."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from supervision.reminders import send_due


class Command(BaseCommand):
    help = "发送今天的到期提醒和逾期督办（每项每个提醒节点每人一次，重复运行不会重发）。"

    def handle(self, *args, **options):
        summary = send_due(timezone.localdate())
        self.stdout.write(
            f"在办事项 {summary['items']} 项；新提醒 {summary['created']} 条；"
            f"邮件 {summary['emails']} 封（失败 {summary['mail_failed']} 封，"
            f"补发 {summary['retried']} 条）；"
            f"期限落入日历缺失年份 {summary['calendar_missing']} 项；"
            f"无人可提醒 {summary['unreachable']} 项。"
        )
