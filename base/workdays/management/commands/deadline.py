from datetime import date

from django.core.management.base import BaseCommand, CommandError

from base.workdays.deadlines import CalendarMissingYear, add_months, add_working_days


def iso_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"日期格式不正确：{value!r}，应为 YYYY-MM-DD，例如 2025-09-26。"
        ) from None


class Command(BaseCommand):
    help = "计算期限：从起算日起加若干工作日或若干个月，并说明计入和跳过的节假日。"

    def add_arguments(self, parser):
        parser.add_argument("start", help="起算日，YYYY-MM-DD；当日不计入")
        period = parser.add_mutually_exclusive_group(required=True)
        period.add_argument("--working-days", type=int, metavar="N", help="N 个工作日")
        period.add_argument("--months", type=int, metavar="N", help="N 个月")

    def handle(self, *args, start, working_days, months, **options):
        start = iso_date(start)
        try:
            if working_days is not None:
                deadline = add_working_days(start, working_days)
            else:
                deadline = add_months(start, months)
        except (ValueError, CalendarMissingYear) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(deadline.due.isoformat())
        for line in deadline.explanation():
            self.stdout.write(line)
